""""according to X" cues."""
from __future__ import annotations

import re

from . import cues, sources
from .doc import _Doc, _row, _strip_end, cue_sources


_ACCORDING_SOURCE_END = re.compile(r"[,;:!?“\"]|\.(?=\s*$)|\s+(?:that|who|which)\s|\s[—–]\s")


def _according_rows(doc: _Doc, ss: int, se: int) -> list[dict]:
    text = doc.text
    rows = []
    for m, s, e in cue_sources(doc, cues.ACCORDING_TO, _ACCORDING_SOURCE_END, ss, se, 20, rows):
        cue = (m.start(), m.start() + len(m.group(0).rstrip()))
        before = _strip_end(text, ss, m.start())
        after = _strip_end(text, e, se)
        claim = before if before[1] - before[0] >= after[1] - after[0] else after
        r = _row(doc, claim, (s, e), cue, "according_to", (ss, se))
        r["via"] = sources.outlet_of(text[s:e], doc.registry)
        rows.append(r)
    return rows
