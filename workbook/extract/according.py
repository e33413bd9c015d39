""""according to X" cues."""
from __future__ import annotations

import re
from itertools import islice

from . import cues, sources
from .doc import _Doc, _MAX_MATCHES, _MAX_ROWS, _row, _SCAN, _strip_end, _trim


_ACCORDING_SOURCE_END = re.compile(r"[,;:!?“\"]|\.(?=\s*$)|\s+(?:that|who|which)\s|\s[—–]\s")


def _according_rows(doc: _Doc, ss: int, se: int) -> list[dict]:
    text = doc.text
    rows = []
    for m in islice(cues.ACCORDING_TO.finditer(text, ss, se), _MAX_MATCHES):
        if len(rows) >= _MAX_ROWS:
            break  # a real sentence has a few; a pasted list is cut here
        if doc.quote_at(m.start()) is not None:
            continue
        s = m.end()
        st = _ACCORDING_SOURCE_END.search(text, s, min(se, s + _SCAN))
        e = st.start() if st else se
        s, e = _trim(text, s, e)
        if e <= s or len(text[s:e].split()) > 20:
            continue
        cue = (m.start(), m.start() + len(m.group(0).rstrip()))
        before = _strip_end(text, ss, m.start())
        after = _strip_end(text, e, se)
        claim = before if before[1] - before[0] >= after[1] - after[0] else after
        r = _row(doc, claim, (s, e), cue, "according_to", (ss, se))
        r["via"] = sources.outlet_of(text[s:e], doc.registry)
        rows.append(r)
    return rows
