"""Sources that report without a speech verb: headlines ("X Says ..."), documents ("a poll
found"), outlets ("Reuters has come out with ...")."""
from __future__ import annotations

import re
from itertools import islice

from . import cues, sources
from .doc import _Doc, _MAX_MATCHES, _MAX_ROWS, _row, _strip_end, _WORD
from .speech import indirect_claim
from .subjects import subject_before


_TITLE_CUE = re.compile(r"(?<=[a-z.)])\s+(Says|Said|Tells|Told|Warns|Admits|Insists|Vows|Denies|"
                        r"Claims|Argues|Explains|Reveals|Confirms|Predicts|Tweets|Writes)\b(?=\s+\S|[.!?]?\s*$)")


_TITLE_NAME = re.compile(r"(?:^|(?<=[\s(“\"‘—–|:]))((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'.-]*)$")


_TITLE_NOT_SOURCE = frozenset("why how what when where who which here this that report study poll "
                              "video watch exclusive breaking".split())


def _title_rows(doc: _Doc, ss: int, se: int) -> list[dict]:
    """Title Case headlines: "Bernie Sanders Says He's Already Started Writing His Address",
    "Donald Trump Is Like A Lawyer's Dumbest Client Ever, Trevor Noah Says"."""
    text = doc.text
    if not _TITLE_CUE.search(text, ss, se):
        return []
    words = _WORD.findall(text[ss:se])
    if sum(1 for w in words if w[:1].isupper()) < 0.6 * len(words):
        return []  # only in a headline
    rows = []
    for m in islice(_TITLE_CUE.finditer(text, ss, se), _MAX_MATCHES):
        if len(rows) >= _MAX_ROWS:
            break  # a real sentence has a few; a pasted list is cut here
        before = text[max(ss, m.start() - 60):m.start()]
        nm = _TITLE_NAME.search(before)
        if not nm:
            continue
        s = m.start() - len(before) + nm.start(1)
        e = m.start()
        first = text[s:e].split()[0].lower()
        if first in _TITLE_NOT_SOURCE:
            continue
        after = _strip_end(text, m.end(), se)
        claim = after if after[1] - after[0] >= 3 else _strip_end(text, ss, s)
        if claim[1] <= claim[0]:
            continue
        rows.append(_row(doc, claim, (s, e), m.span(1), "indirect", (ss, se)))
    return rows


_DOC_VERB = re.compile(r"\b(?:(?:also|consistently|still|now)\s+|(?:has|have|had)\s+(?:also\s+)?|"
                       r"continues?\s+to\s+)*(found|finds|show|shows|showed|shown|indicates|"
                       r"indicated)\b")


_IN_POLL = re.compile(r"\W*([Ii]n)\s+((?:an?|the)\s+[^,;:“\"]{0,80}?\b(?:poll|polls|survey|surveys|study|"
                      r"report|analysis)(?:\s+(?:released|conducted|published|taken|out)\b[^,;:“\"]{0,40})?)"
                      r",\s+")


def _document_rows(doc: _Doc, ss: int, se: int, taken: list[dict]) -> list[dict]:
    """Documents as sources: "A Washington Post-ABC News poll last week found that ...",
    "Polls show ...", "In a national CNN/ORC poll released Monday, 31% of Republicans said ..."."""
    text = doc.text
    rows = []
    m = _IN_POLL.match(text, ss, se)
    if m and not any(r["source"] and r["source"][0] <= m.start(2) < r["source"][1] for r in taken):
        claim = _strip_end(text, m.end(), se)
        if claim[1] - claim[0] > 10:
            rows.append(_row(doc, claim, m.span(2), m.span(1), "indirect", (ss, se)))
    for m in islice(_DOC_VERB.finditer(text, ss, se), _MAX_MATCHES):
        if len(rows) >= _MAX_ROWS:
            break  # a real sentence has a few; a pasted list is cut here
        vs = m.start()
        if doc.quote_at(vs) is not None:
            continue
        lo = max([ss] + [r["cue"][1] for r in taken + rows if r["cue"][1] <= vs])
        srcs = subject_before(text, lo, vs)
        if not srcs:
            continue
        phrase = text[srcs[0][0]:srcs[0][1]]
        head = sources.head_phrase(phrase).split()
        if not head or head[-1].lower().strip("’'s") not in sources.DOCUMENT_HEADS and \
                head[-1].lower() not in sources.DOCUMENT_HEADS:
            continue
        claim = indirect_claim(text, m.end(), ss, se, srcs[0][0])
        rows.append(_row(doc, claim, srcs[0], m.span(), "indirect", (ss, se)))
    return rows


def _outlet_rows(doc: _Doc, ss: int, se: int, taken: list[dict]) -> list[dict]:
    """"Reuters has come out with the same story": an outlet as reporter without a speech verb."""
    text = doc.text
    rows = []
    for s, e, name in doc.registry.find_in(text, ss, se)[:_MAX_MATCHES]:
        if len(rows) >= _MAX_ROWS:
            break  # a real sentence has a few; a pasted list is cut here
        m = cues.OUTLET_REPORT.match(text, e, se)
        if not m or doc.quote_at(s) is not None:
            continue
        if any(r["source"] and r["source"][0] <= s < r["source"][1] for r in taken):
            continue
        cs, ce = _strip_end(text, m.end(), se)
        r = _row(doc, (cs, ce), (s, e), (e + 1, m.end()), "outlet", (ss, se))
        r["via"] = name
        rows.append(r)
    return rows
