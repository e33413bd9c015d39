"""Passive cues with a "by" agent ("was denied by officials")."""
from __future__ import annotations

import re
from itertools import islice

from .doc import _Doc, _MAX_MATCHES, _MAX_ROWS, _row, _SCAN, _trim


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
    for m in islice(_PASSIVE_BY.finditer(text, ss, se), _MAX_MATCHES):
        if len(rows) >= _MAX_ROWS:
            break  # a real sentence has a few; a pasted list is cut here
        if doc.quote_at(m.start()) is not None:
            continue
        s = m.end()
        st = _PASSIVE_SOURCE_END.search(text, s, min(se, s + _SCAN))
        e = st.start() if st else se
        s, e = _trim(text, s, e)
        if e <= s or len(text[s:e].split()) > 12:
            continue
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
