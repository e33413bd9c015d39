"""Line-shaped attributions: "—Name" after a paragraph, "NAME: words" and "From X:" lead-ins."""
from __future__ import annotations

import re

from .doc import _Doc, _row, _strip_end, _trim
from .unsourced import is_time_stamp


_DASH_LINE = re.compile(r"^[ \t]*(?:—|–|--|-)\s*([A-Z][^\n]{1,80}?)\s*$", re.MULTILINE)


# "Marco Rubio: I'm Not Interested ..." (a headline) and "TAPPER: Do you think ..." (a
# transcript): a short capitalised name at the start of a line, then a colon and the words.
_COLON_LINE = re.compile(r"^[ \t]*((?:[A-Z][\w’'.&-]*)(?:[ \t]+(?:[A-Z][\w’'.&-]*|of|on|to|at|"
                         r"camp|de|van|von|al))" r"{0,4})[ \t]*:[ \t]*(\S[^\n]*)$", re.MULTILINE)


_HEADLINE_TOPIC = re.compile(r"\s+(?:[Oo]n|to|at)\s")


_COLON_STOP = frozenset("""the latest|still to come|editor's note|news guide|update|delegate update|
pledged|superdelegates|the ninth circle|correction|clarification|related|watch|video|photo|photos|
source|sources|note|exclusive|breaking|breaking news|read more|see also|full disclosure|warning|
background|context|bottom line|disclaimer|advertisement|credit|image|getty|transcript|tags|topics|
contact|email|follow|subscribe|share|example|answer|question|summary|analysis|opinion|commentary|
live|latest|more|also|plus|and|but|so|then|now|here|today|yesterday|tonight|why|what|how|when|
where|who|which|this|that|it|he|she|they|we|i|you|first|second|third|finally|
monday|tuesday|wednesday|thursday|friday|saturday|sunday|q|a|contributing|contributors|
reporting|additional reporting|editing|edited by|written by|reporting by|photos|photo credit|
graphics|produced by|compiled by|posted|updated|last updated|published|filed|date|by|posted on|updated on|published on|notes""".replace("\n", "").split("|"))


_FROM_LINE = re.compile(r"^[ \t]*From\s+([^\n:]{2,80}):[ \t]*$", re.MULTILINE)


_SMALL = frozenset("of the and for at in de van von al".split())


def _names_someone(credit: str) -> bool:
    """"—Mike Hale, the harbour master": a capitalised name before any comma; not a list item
    ("- The old crane must be replaced")."""
    words = credit.split(",")[0].split()
    return 1 <= len(words) <= 5 and all(w[:1].isupper() or w in _SMALL for w in words)


def _lead_in_rows(doc: _Doc, regions, all_rows: list[dict]) -> list[dict]:
    """"—Name" after a paragraph and "From X:" before one."""
    text = doc.text
    rows = []
    for s, e in regions:
        for m in _DASH_LINE.finditer(text, s, e):
            prev_end = text.rfind("\n", s, m.start())
            prev_start = text.rfind("\n", s, max(s, prev_end - 1)) + 1 if prev_end > s else s
            while prev_end > s and not text[prev_start:prev_end].strip():
                prev_end = text.rfind("\n", s, prev_start - 1)
                prev_start = text.rfind("\n", s, max(s, prev_end - 1)) + 1
            claim = _strip_end(text, prev_start, max(prev_start, prev_end))
            claim = _trim(text, claim[0], claim[1], " \t\n“”\"")
            if claim[1] > claim[0] and len(text[m.start(1):m.end(1)].split()) <= 12 and \
                    _names_someone(text[m.start(1):m.end(1)]):
                rows.append(_row(doc, claim, m.span(1), (m.start(), m.start(1)), "dash", None))
        for m in _COLON_LINE.finditer(text, s, e):
            name = m.group(1)
            cut = _HEADLINE_TOPIC.search(name)
            src_end = m.start(1) + (cut.start() if cut else len(name))
            key = text[m.start(1):src_end].strip().lower().replace("’", "'")
            if key in _COLON_STOP or len(text[m.start(2):m.end(2)].split()) < 3 or \
                    is_time_stamp(text[m.start(2):m.end(2)]):
                continue  # a label ("Note:"), a few words, or a date ("POSTED: December 08, 2010")
            if all(w.isupper() for w in key.split()) and len(key) > 12:
                continue
            rows.append(_row(doc, _trim(text, m.start(2), m.end(2), " \t“”\"'‘’"),
                             (m.start(1), src_end), (m.end(1), m.end(1) + 1), "colon", None))
        for m in _FROM_LINE.finditer(text, s, e):
            nxt = _next_paragraph(text, m.end(), e)
            if nxt:
                rows.append(_row(doc, nxt, m.span(1), (m.start(), m.start(1)), "colon", None))
    return rows


def _next_paragraph(text: str, pos: int, limit: int) -> tuple[int, int] | None:
    s = pos
    while s < limit and text[s].isspace():
        s += 1
    if s >= limit:
        return None
    e = text.find("\n", s, limit)
    e = limit if e < 0 else e
    s, e = _trim(text, s, e, " \t\n“”\"")
    return (s, e) if e > s else None
