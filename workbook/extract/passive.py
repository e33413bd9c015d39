"""Passive cues with a "by" agent ("was denied by officials")."""
from __future__ import annotations

import re

from .doc import _Doc, _row, _trim, cue_sources


_PASSIVE_BY = re.compile(
    r"\b(?:(?:was|were|is|are|been|being|has\s+been|have\s+been)\s+|(?<=\s)and\s+)(?:\w+\s+)?"
    r"(denied|dismissed|rejected|confirmed|disputed|criticized|criticised|derided|questioned|"
    r"reported|described|praised|condemned|announced|quoted|cited|challenged|contradicted|"
    r"ridiculed|mocked|endorsed|revealed|disclosed|debunked|refuted|asked|told)\s+by\s+")


_PASSIVE_SOURCE_END = re.compile(r"[,;:!?“\"]|\.(?=\s*$)|\s+and\s+(?:\w+ly\s+)?\w+ed\s+by\b|\s+(?:as|for|"
                                 r"after|before|because|when|while|but)\s")


def _passive_rows(doc: _Doc, ss: int, se: int) -> list[dict]:
    text = doc.text
    rows: list[dict] = []
    last_claim = None
    for m, s, e in cue_sources(doc, _PASSIVE_BY, _PASSIVE_SOURCE_END, ss, se, 12, rows):
        if m.group(0).startswith("and"):
            claim = last_claim
        else:
            clause_start = max(ss, text.rfind(",", ss, m.start()) + 1)
            claim = _trim(text, clause_start, m.start())
        if not claim or claim[1] <= claim[0]:
            continue
        last_claim = claim
        cue = (m.start(1), m.end() - 1)
        rows.append(_row(doc, claim, (s, e), cue, "passive", (ss, se)))
    return rows
