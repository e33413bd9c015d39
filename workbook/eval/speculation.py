"""Sentence-level scoring of :func:`workbook.extract.hedges.is_speculative` on a ``text,label``
CSV (label 1 = uncertain or weasel), like the CoNLL-2010 Wikipedia sentences."""
from __future__ import annotations

import csv

from ..extract.hedges import is_speculative


def evaluate(csv_path, fold: tuple[int, int] | None = None) -> dict:
    """Precision, recall and F1 of the speculative class. ``fold=(k, i)`` keeps rows whose index
    is ``i`` mod ``k``; ``(k, -i)`` keeps the others (a tuning/held-out split)."""
    tp = fp = fn = tn = 0
    with open(csv_path, newline="", encoding="utf-8") as f:
        for index, row in enumerate(csv.DictReader(f)):
            if fold is not None:
                k, i = fold
                if i >= 0 and index % k != i or i < 0 and index % k == -i:
                    continue
            gold = str(row.get("label", "")).strip() == "1"
            pred = is_speculative(row.get("text") or "")
            tp += pred and gold
            fp += pred and not gold
            fn += gold and not pred
            tn += not pred and not gold
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"sentences": tp + fp + fn + tn, "positives": tp + fn, "tp": tp, "fp": fp, "fn": fn,
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)}


def format_report(result: dict) -> str:
    return (f"sentences: {result['sentences']} (speculative: {result['positives']})\n"
            f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
            f"F1 {result['f1']:.3f}  (tp {result['tp']}, fp {result['fp']}, fn {result['fn']})")
