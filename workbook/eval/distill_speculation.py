"""Distil a fine-tuned teacher into the fast speculation model (hedge_model.json).

    .venv/bin/python -m workbook.eval.distill_speculation CSV --teacher /tmp/spec [--write]

The teacher (all-MiniLM-L6-v2 fine-tuned by ``scripts/train_speculation_teacher.py`` in a
separate venv) is never imported here: this module reads its probabilities from JSON files and
needs only scikit-learn and numpy (training time). The student is today's model, the logistic
regression over :func:`workbook.extract.hedge_model.features`, fitted on soft labels: each
sentence counts once as speculative with weight ``w * p`` and once as not with ``w * (1 - p)``.

Protocol (the split of :mod:`.train_speculation`; the held-out fifth, index % 5 == 4, is read
only by :func:`heldout_score`, once, with ``--write``):
- the tuning rows (index % 5 != 4) are cut into 4 inner folds by position (as ``tuning_cv``);
  the teacher was fine-tuned with one or more of these folds held out (``teacher["folds"]``);
- for an inner fold ``i`` the teacher held out, the student learns the gold labels of the other
  tuning rows plus the unlabelled sentences as labelled by the teacher that never saw fold ``i``,
  and is scored on fold ``i``; C, the weight of the unlabelled sentences and the threshold are
  chosen there (weight 0 is today's model on the same folds, the baseline);
- the shipped student is fitted on every tuning row plus the unlabelled sentences labelled by
  the mean of the teacher models.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from ..extract.hedge_model import MODEL_PATH, features
from .train_speculation import MIN_COUNT, THRESHOLDS, _prf, _prob, read

FOLDS = 4


def fit_soft(feats, targets, weights=None, C=0.1, balanced=True, min_count=MIN_COUNT):
    """A logistic regression on binary features and soft targets in [0, 1]; returns
    (bias, {feature: weight}). Each row is used twice, as 1 with weight ``w * t`` and as 0 with
    weight ``w * (1 - t)``; ``balanced`` scales the two classes' total weight to be equal."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    n = len(feats)
    weights = [1.0] * n if weights is None else list(weights)
    counts = Counter(k for f in feats for k in f)
    keep = [{k: 1 for k in f if counts[k] >= min_count} for f in feats]
    vec = DictVectorizer()
    X = vec.fit_transform(keep)
    t = np.clip(np.asarray(targets, dtype=float), 0.0, 1.0)
    w = np.asarray(weights, dtype=float)
    wp, wn = w * t, w * (1.0 - t)
    if balanced:
        total = wp.sum() + wn.sum()
        wp = wp * (total / (2 * max(wp.sum(), 1e-9)))
        wn = wn * (total / (2 * max(wn.sum(), 1e-9)))
    from scipy.sparse import vstack

    Xd = vstack([X, X]).tocsr()
    y = np.r_[np.ones(n), np.zeros(n)]
    sw = np.r_[wp, wn]
    nz = sw > 0
    model = LogisticRegression(C=C, max_iter=5000).fit(Xd[nz], y[nz], sample_weight=sw[nz])
    out = {name: float(v) for name, v in zip(vec.get_feature_names_out(), model.coef_[0])
           if abs(v) >= 1e-4}
    return float(model.intercept_[0]), out


def load_teacher(teacher_dir):
    """The teacher's file (``teacher_unlabelled.json``): chosen epoch, the inner folds whose
    model exists (``folds``), the inner score, out-of-fold probabilities on the tuning rows (None
    where no model held the row out) and the unlabelled sentences with one probability per model."""
    return json.loads((Path(teacher_dir) / "teacher_unlabelled.json").read_text())


def _tuning(csv_path):
    texts, labels = read(csv_path)
    tune = [j for j in range(len(texts)) if j % 5 != 4]
    return [texts[j] for j in tune], [labels[j] for j in tune]


def _unl_rows(teacher, sources, fold, feature_fn, cache):
    """Features and probabilities of the unlabelled sentences from ``sources``; ``fold`` picks
    the teacher model that held that inner fold out (None: the mean of all of them)."""
    key = id(feature_fn)
    if key not in cache:
        cache[key] = [feature_fn(t) for t in teacher["texts"]]
    feats = cache[key]
    rows = [j for j, s in enumerate(teacher["sources"]) if sources is None or s in sources]
    col = None if fold is None else teacher["folds"].index(fold)
    probs = [(teacher["probs"][j][col] if col is not None
              else sum(teacher["probs"][j]) / len(teacher["probs"][j])) for j in rows]
    return [feats[j] for j in rows], probs


def student_cv(csv_path, teacher, Cs=(0.05, 0.1, 0.2), unl_weights=(0.0, 0.3, 1.0),
               sources=None, feature_fn=features, out=sys.stdout) -> dict:
    """Inner CV of the student on the tuning rows only, over the inner folds the teacher held
    out (``teacher["folds"]``): for fold ``i`` the student learns the gold labels of the other
    tuning rows plus the unlabelled sentences as labelled by the teacher that never saw fold
    ``i``, and is scored on fold ``i``'s gold labels. ``unlabelled_weight`` 0 is today's model
    on the same folds (the baseline). Returns the best setting and all results."""
    texts, labels = _tuning(csv_path)
    if len(teacher["oof"]) != len(texts):
        raise ValueError("the teacher's out-of-fold probabilities do not match the tuning rows")
    feats = [feature_fn(t) for t in texts]
    folds = [j % FOLDS for j in range(len(texts))]
    scored = [j for j in range(len(texts)) if folds[j] in teacher["folds"]]
    cache: dict = {}
    results = []
    for C in Cs:
        for uw in unl_weights:
            probs = {}
            for i in teacher["folds"]:
                tr = [j for j in range(len(texts)) if folds[j] != i]
                fx, tgt, w = [feats[j] for j in tr], [float(labels[j]) for j in tr], [1.0] * len(tr)
                if uw > 0:
                    uf, up = _unl_rows(teacher, sources, i, feature_fn, cache)
                    fx, tgt, w = fx + uf, tgt + up, w + [uw] * len(uf)
                bias, wts = fit_soft(fx, tgt, w, C)
                for j in range(len(texts)):
                    if folds[j] == i:
                        probs[j] = _prob(bias, wts, feats[j])
            gold = [labels[j] for j in scored]
            best = max((_prf(gold, [probs[j] >= t for j in scored])["f1"], t) for t in THRESHOLDS)
            results.append({"inner_cv_f1": best[0], "threshold": best[1], "C": C,
                            "unlabelled_weight": uw, "folds": teacher["folds"]})
            print(json.dumps(results[-1]), file=out, flush=True)
    return {"best": max(results, key=lambda r: r["inner_cv_f1"]), "results": results}


def fit_student(csv_path, teacher, C, unlabelled_weight, sources=None, feature_fn=features):
    """The shipped student: the gold labels of every tuning row plus the unlabelled sentences
    (the mean of the teacher models)."""
    texts, labels = _tuning(csv_path)
    feats = [feature_fn(t) for t in texts]
    tgt, w = [float(g) for g in labels], [1.0] * len(texts)
    if unlabelled_weight > 0:
        uf, up = _unl_rows(teacher, sources, None, feature_fn, {})
        feats, tgt, w = feats + uf, tgt + up, w + [unlabelled_weight] * len(uf)
    return fit_soft(feats, tgt, w, C)


def heldout_score(csv_path, bias, weights, threshold, feature_fn=features) -> dict:
    """The student on the held-out fifth (index % 5 == 4): read once, at the end."""
    texts, labels = read(csv_path)
    held = [j for j in range(len(texts)) if j % 5 == 4]
    return _prf([labels[j] for j in held],
                [_prob(bias, weights, feature_fn(texts[j])) >= threshold for j in held])


def write_model(bias, weights, threshold, scores, sources, path=MODEL_PATH):
    """Save a student in the format of hedge_model.json (``path``: the shipped file by default)."""
    model = {
        "about": "Logistic regression for sentence-level speculation (weasel/hedge), features in "
                 "workbook/extract/hedge_model.py; distilled from a fine-tuned all-MiniLM-L6-v2 "
                 "teacher by workbook/eval/distill_speculation.py (teacher: "
                 "scripts/train_speculation_teacher.py, training time only)",
        "trained_on": "sentences with index % 5 != 4 of wikiweasel_train.csv (CoNLL-2010 Wikipedia "
                      "training data), gold labels mixed with the teacher's out-of-fold "
                      "probabilities, plus unlabelled sentences labelled by the teacher from "
                      + ", ".join(sources),
        "trained": date.today().isoformat(),
        "scores": scores,
        "bias": round(bias, 6),
        "threshold": threshold,
        "weights": {k: round(v, 5) for k, v in sorted(weights.items())},
    }
    Path(path).write_text(json.dumps(model, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("--teacher", default="/tmp/spec", help="folder of teacher_unlabelled.json")
    ap.add_argument("--final", action="store_true",
                    help="fit the chosen student, score the held-out fifth once and save it")
    ap.add_argument("--model-out", default=None,
                    help="where --final saves the model (default: the shipped hedge_model.json)")
    args = ap.parse_args(argv)
    teacher = load_teacher(args.teacher)
    best = student_cv(args.csv, teacher)["best"]
    print("best:", json.dumps(best))
    if args.final:
        sources = sorted({s for s in teacher["sources"] if s})
        bias, weights = fit_student(args.csv, teacher, best["C"], best["unlabelled_weight"])
        held = heldout_score(args.csv, bias, weights, best["threshold"])
        scores = dict(best, heldout_fifth=held, teacher_epoch=teacher["epoch"],
                      teacher_inner_f1=teacher["inner_cv_f1"],
                      unlabelled_sentences=len(teacher["texts"]))
        write_model(bias, weights, best["threshold"], scores, sources, args.model_out or MODEL_PATH)
        print(json.dumps(scores, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
