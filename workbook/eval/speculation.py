"""Sentence-level scoring of :func:`workbook.extract.hedges.is_speculative` on a ``text,label``
CSV (label 1 = uncertain or weasel), like the CoNLL-2010 Wikipedia sentences.

The shipped model (``workbook/extract/hedge_model.json``) was trained on the sentences of
``wikiweasel_train.csv`` whose index % 5 != 4, so on that file only ``fold=(5, 4)`` is a held-out
score; the report says so when another part of that file is scored."""
from __future__ import annotations

import csv
from pathlib import Path

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
    result = {"sentences": tp + fp + fn + tn, "positives": tp + fn, "tp": tp, "fp": fp, "fn": fn,
              "precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)}
    note = _training_overlap(csv_path, fold)
    if note:
        result["note"] = note
    return result


def _training_overlap(csv_path, fold) -> str | None:
    """A warning when the scored sentences include the model's own training sentences."""
    from ..extract.hedge_model import load_model

    model = load_model()
    if model is None or Path(csv_path).name not in str(model.get("trained_on", "")):
        return None
    held_out_only = "index % 5 != 4" in str(model.get("trained_on", "")) and fold == (5, 4)
    if held_out_only:
        return None
    return (f"the speculation model was trained on {model.get('trained_on')}: only fold=(5, 4) "
            f"of this file is held out (5-fold cross-validated F1 "
            f"{model.get('scores', {}).get('cv5', {}).get('f1', '?')}, held-out fifth "
            f"{model.get('scores', {}).get('heldout_fifth', {}).get('f1', '?')})")


def format_report(result: dict) -> str:
    text = (f"sentences: {result['sentences']} (speculative: {result['positives']})\n"
            f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
            f"F1 {result['f1']:.3f}  (tp {result['tp']}, fp {result['fp']}, fn {result['fn']})")
    if result.get("note"):
        text += f"\nnote: {result['note']}"
    return text
