"""Scoring claim (content) spans against gold Content spans.

At 0.3 overlap (the team's shared definition, so that figures compare):
- a gold Content is *found* when one row's claim covers at least 30% of its characters;
- a row is *right* when at least 30% of its claim's characters lie inside one gold Content.
Exact: the spans are equal once whitespace, quote marks and punctuation at either end are
trimmed (PolNeAR keeps a direct quote's quote marks inside the Content; the extractor does not).
Only attributions count: rows suggested ``unsourced`` are left out by the caller.

A gold Content not matched is put in one of four kinds (see :func:`miss_kind`).
"""
from __future__ import annotations

import unicodedata

MISS_KINDS = ("too_short", "too_long", "wrong_sentence", "missed")
THRESHOLD = 0.3


def _is_edge(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def trim(text: str, span) -> tuple[int, int]:
    """The span without whitespace and punctuation at either end."""
    s, e = span
    while s < e and _is_edge(text[s]):
        s += 1
    while e > s and _is_edge(text[e - 1]):
        e -= 1
    return s, e


def _shared(a, b) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def covers(claim, gold, threshold: float = THRESHOLD) -> bool:
    """The claim covers at least ``threshold`` of the gold Content's characters."""
    return gold[1] > gold[0] and _shared(claim, gold) >= threshold * (gold[1] - gold[0])


def lies_inside(claim, gold, threshold: float = THRESHOLD) -> bool:
    """At least ``threshold`` of the claim's characters lie inside the gold Content."""
    return claim[1] > claim[0] and _shared(claim, gold) >= threshold * (claim[1] - claim[0])


def miss_kind(gold, claims, gold_cue_or_source, row_cues_and_sources) -> str:
    """Why a gold Content was not matched by any claim:

    - ``too_short`` / ``too_long``: the claim overlapping it most misses more of the gold
      than it adds outside it (too short), or the other way round (too long);
    - ``wrong_sentence``: no claim overlaps it, but a row's cue or source overlaps the gold
      attribution's cue or source (the attribution was found, its claim put elsewhere);
    - ``missed``: neither.
    """
    best = max(claims, key=lambda c: _shared(c, gold), default=None)
    if best is not None and _shared(best, gold) > 0:
        shared = _shared(best, gold)
        left_out = (gold[1] - gold[0]) - shared
        added = (best[1] - best[0]) - shared
        return "too_long" if added > left_out else "too_short"
    for span in gold_cue_or_source:
        if any(_shared(span, other) > 0 for other in row_cues_and_sources):
            return "wrong_sentence"
    return "missed"


class ContentCounts:
    """Running totals for one subset (all attributions, or speech-and-report)."""

    def __init__(self):
        self.n_rows = self.n_gold = 0
        self.right = {"exact": 0, "overlap": 0}
        self.found = {"exact": 0, "overlap": 0}
        self.misses = {"exact": dict.fromkeys(MISS_KINDS, 0), "overlap": dict.fromkeys(MISS_KINDS, 0)}

    def result(self) -> dict:
        out = {}
        for label in ("exact", "overlap"):
            p = self.right[label] / self.n_rows if self.n_rows else 0.0
            r = self.found[label] / self.n_gold if self.n_gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            out[label] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                          "predicted": self.n_rows, "gold": self.n_gold,
                          "misses": dict(self.misses[label])}
        return out


def score_document(text, rows, gold, in_row_subset, in_gold_subset, counts: dict) -> None:
    """Add one document's rows (Attributions, unsourced ones already left out) and gold
    attributions to ``counts["all"]`` and ``counts["speech_report"]`` (ContentCounts)."""
    claims = [trim(text, a.claim) for a in rows]
    golds = [(g, trim(text, g.content)) for g in gold if g.content]
    row_spans = [s for a in rows for s in (a.cue, a.source) if s]
    for subset, keep_row, keep_gold in (("all", lambda a: True, lambda g: True),
                                        ("speech_report", in_row_subset, in_gold_subset)):
        c = counts[subset]
        for a, claim in zip(rows, claims):
            if not keep_row(a):
                continue
            c.n_rows += 1
            c.right["exact"] += any(claim == g for _, g in golds)
            c.right["overlap"] += any(lies_inside(claim, g) for _, g in golds)
        for g, span in golds:
            if not keep_gold(g):
                continue
            c.n_gold += 1
            exact = span in claims
            found = any(covers(claim, span) for claim in claims)
            c.found["exact"] += exact
            c.found["overlap"] += found
            if exact and found:
                continue
            kind = miss_kind(span, claims, [s for s in (g.cue, g.source) if s], row_spans)
            if not exact:
                c.misses["exact"][kind] += 1
            if not found:
                c.misses["overlap"][kind] += 1
