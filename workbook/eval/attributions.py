"""Scoring extracted attributions against brat (PolNeAR-style) gold annotations.

Sources and cues are scored as sets of unique spans per document (PolNeAR's univocal
annotation puts a source span in several attributions; so may we), both exactly and at 0.3
token overlap (shared tokens / tokens of the longer span, matched one-to-one greedily).
The speech-and-report subset keeps the gold attributions whose cue contains a speech or report
verb (:data:`workbook.extract.cues.SPEECH_REPORT_WORDS`, "according to", or a colon) and the
predictions whose cue does; a prediction in it counts as right if it matches any gold source.
Claims are scored against gold Content spans by :mod:`.content` (rows suggested ``unsourced``
are not attributions and are left out), over all attributions and the same subset.
"""
from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict

from ..extract import extract_text
from ..extract.cues import is_speech_report_cue
from . import content
from .brat import iter_documents

TYPES = ("named", "anonymous", "outlet", "document", "other")
_TOKEN = re.compile(r"\w+|[^\w\s]")


def _token_set(text: str, span) -> set[int]:
    """Token start offsets inside a span (tokens are identified by where they start)."""
    s, e = span
    return {m.start() + s for m in _TOKEN.finditer(text[s:e])}


def overlap(text: str, a, b) -> float:
    ta, tb = _token_set(text, a), _token_set(text, b)
    if not ta or not tb:
        return 1.0 if a == b else 0.0
    return len(ta & tb) / max(len(ta), len(tb))


def _match(text: str, predicted: list, gold: list, threshold: float | None) -> tuple[set, set]:
    """One-to-one greedy matching; returns (indices of matched predictions, of matched gold)."""
    pairs = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            if p[1] <= g[0] or g[1] <= p[0]:
                continue
            score = 1.0 if p == g else (0.0 if threshold is None else overlap(text, p, g))
            if (threshold is None and score == 1.0) or (threshold is not None and score >= threshold):
                pairs.append((score, i, j))
    pairs.sort(reverse=True)
    mp, mg = set(), set()
    for _, i, j in pairs:
        if i not in mp and j not in mg:
            mp.add(i)
            mg.add(j)
    return mp, mg


class _Counts:
    def __init__(self):
        self.tp_p = self.n_p = self.tp_g = self.n_g = 0

    def add(self, tp_p, n_p, tp_g, n_g):
        self.tp_p += tp_p
        self.n_p += n_p
        self.tp_g += tp_g
        self.n_g += n_g

    def result(self) -> dict:
        p = self.tp_p / self.n_p if self.n_p else 0.0
        r = self.tp_g / self.n_g if self.n_g else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "predicted": self.n_p, "gold": self.n_g}


def _score_doc(text, predicted, gold, pred_subset, gold_subset, counts, prefix):
    for label, threshold in (("exact", None), ("overlap", 0.3)):
        mp, mg = _match(text, predicted, gold, threshold)
        counts[f"{prefix}/all/{label}"].add(len(mp), len(predicted), len(mg), len(gold))
        tp_p = sum(1 for i in mp if predicted[i] in pred_subset)
        tp_g = sum(1 for j in mg if gold[j] in gold_subset)
        counts[f"{prefix}/speech_report/{label}"].add(tp_p, len(pred_subset), tp_g, len(gold_subset))


def _is_subset_cue(text: str, cue) -> bool:
    return bool(cue) and is_speech_report_cue(text[cue[0]:cue[1]])


def _score_content(text, extracted, gold, content_counts) -> None:
    rows = [a for a in extracted if a.suggested != "unsourced"]
    content.score_document(text, rows, gold, lambda a: _is_subset_cue(text, a.cue),
                           lambda g: _is_subset_cue(text, g.cue), content_counts)


def _type_of(suggested: str) -> str:
    return "other" if suggested == "unsourced" else suggested


def read_types(types_file) -> dict[str, list[tuple[int, int, str]]]:
    rows: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    with open(types_file, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            rows[row["doc"]].append((int(row["source_start"]), int(row["source_end"]), row["label"]))
    return rows


def evaluate(directory, types_file=None, limit=None, fold: tuple[int, int] | None = None) -> dict:
    """Precision/recall/F1 for sources and cues over a brat directory.

    ``fold=(k, i)`` keeps only documents whose index (sorted by name) is ``i`` mod ``k``;
    ``fold=(k, -i)`` keeps the others (for holding out part of a training set while tuning).
    """
    counts: dict[str, _Counts] = defaultdict(_Counts)
    content_counts = {"all": content.ContentCounts(), "speech_report": content.ContentCounts()}
    types = read_types(types_file) if types_file else {}
    type_hits: Counter = Counter()
    type_total: Counter = Counter()
    type_matched: Counter = Counter()
    confusion: Counter = Counter()
    docs = 0
    for index, (name, text, gold, _ann) in enumerate(iter_documents(directory, limit)):
        if fold is not None:
            k, i = fold
            if i >= 0 and index % k != i or i < 0 and index % k == -i:
                continue
        docs += 1
        extracted = extract_text(text)
        rows = [a for a in extracted if a.source is not None]
        pred_sources = sorted({a.source for a in rows})
        pred_cues = sorted({a.cue for a in rows if a.cue})
        subset_cues = {a.cue for a in rows if a.cue and is_speech_report_cue(text[a.cue[0]:a.cue[1]])}
        pred_src_subset = {a.source for a in rows if a.cue in subset_cues}
        gold_sources = sorted({g.source for g in gold if g.source})
        gold_cues = sorted({g.cue for g in gold if g.cue})
        gold_subset = [g for g in gold if g.cue and is_speech_report_cue(text[g.cue[0]:g.cue[1]])]
        _score_doc(text, pred_sources, gold_sources, pred_src_subset,
                   {g.source for g in gold_subset if g.source}, counts, "source")
        _score_doc(text, pred_cues, gold_cues, subset_cues, {g.cue for g in gold_subset}, counts, "cue")
        _score_content(text, extracted, gold, content_counts)
        for s, e, label in types.get(name, []):
            type_total[label] += 1
            best, best_score = None, 0.0
            for a in rows:
                if a.source[1] <= s or e <= a.source[0]:
                    continue
                sc = overlap(text, a.source, (s, e))
                if sc > best_score:
                    best, best_score = a, sc
            if best is None:
                confusion[(label, "missed")] += 1
                continue
            type_matched[label] += 1
            predicted = _type_of(best.suggested)
            confusion[(label, predicted)] += 1
            if predicted == label:
                type_hits[label] += 1
    result = {"documents": docs, "scores": {k: v.result() for k, v in sorted(counts.items())}}
    for subset, c in content_counts.items():
        for label, v in c.result().items():
            result["scores"][f"content/{subset}/{label}"] = v
    if types:
        per_type = {}
        for label in TYPES:
            n, m, h = type_total[label], type_matched[label], type_hits[label]
            per_type[label] = {"gold": n, "matched": m, "correct": h,
                               "recall_matched": round(h / m, 4) if m else None,
                               "recall_all": round(h / n, 4) if n else None}
        core = ("named", "anonymous", "outlet", "document")
        # Mean recall over the types that occur: a type with no gold rows (no outlet in a small
        # fold) has no recall, and counting it as 0 would punish the extractor for the sample.
        rec_m = [per_type[t]["recall_matched"] for t in core if per_type[t]["recall_matched"] is not None]
        rec_a = [per_type[t]["recall_all"] for t in core if per_type[t]["recall_all"] is not None]
        result["types"] = {
            "per_type": per_type,
            "balanced_accuracy_matched": round(sum(rec_m) / len(rec_m), 4) if rec_m else None,
            "balanced_accuracy_all": round(sum(rec_a) / len(rec_a), 4) if rec_a else None,
            "confusion": {f"{g}->{p}": c for (g, p), c in sorted(confusion.items())},
        }
    return result


def format_report(result: dict) -> str:
    lines = [f"documents: {result['documents']}",
             f"{'span':8} {'subset':14} {'match':8} {'P':>7} {'R':>7} {'F1':>7} {'pred':>7} {'gold':>7}"]
    for key, v in result["scores"].items():
        span, subset, match = key.split("/")
        lines.append(f"{span:8} {subset:14} {match:8} {v['precision']:7.3f} {v['recall']:7.3f} "
                     f"{v['f1']:7.3f} {v['predicted']:7d} {v['gold']:7d}")
    misses = [(k, v["misses"]) for k, v in result["scores"].items() if "misses" in v]
    if misses:
        lines.append("")
        lines.append("gold contents not matched, by kind: " + ", ".join(content.MISS_KINDS))
        for key, m in misses:
            lines.append(f"  {key:32} " + "  ".join(f"{kind} {m[kind]}" for kind in content.MISS_KINDS))
    types = result.get("types")
    if types:
        lines.append("")
        lines.append("source type (gold rows; recall over sources we found / over all gold rows)")
        for label, v in types["per_type"].items():
            rm = "-" if v["recall_matched"] is None else f"{v['recall_matched']:.3f}"
            ra = "-" if v["recall_all"] is None else f"{v['recall_all']:.3f}"
            lines.append(f"  {label:10} gold {v['gold']:4d} matched {v['matched']:4d} "
                         f"recall {rm} (all {ra})")
        fmt = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
        lines.append(f"  balanced accuracy (mean recall over named/anonymous/outlet/document present): "
                     f"{fmt(types['balanced_accuracy_matched'])} over found sources, "
                     f"{fmt(types['balanced_accuracy_all'])} over all gold rows")
    return "\n".join(lines)
