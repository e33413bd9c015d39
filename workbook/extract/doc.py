"""Per-article lookups the cue finders share (quotes by position, names) and span helpers."""
from __future__ import annotations

import bisect
import re
from itertools import islice

from .coref import NameIndex
from .quotes import Quote, find_quotes


_WORD = re.compile(r"[A-Za-z0-9’'-]+")


# How far a source noun phrase may reach from its cue, in characters: the cap that keeps every
# search around a cue independent of the sentence's length.
_SCAN = 400


# Rows one finder may take from one sentence, and cue matches it may look at: bounds the work
# per sentence on repetitive input (a real sentence has a few of each).
_MAX_ROWS = 12
_MAX_MATCHES = 40


class _Doc:
    """Per-text lookups shared by the steps: quotes by position, names, registry."""

    def __init__(self, text: str, regions: list[tuple[int, int]], registry):
        self.text = text
        self.registry = registry
        self.quotes: list[Quote] = []
        for s, e in regions:
            self.quotes.extend(find_quotes(text, s, e))
        self.quotes.sort(key=lambda q: q.open_mark)
        # Quote pieces never overlap, so sorted by start they are sorted by end too: a lookup
        # by position is a bisection, whatever the number of quotes.
        self.pieces = sorted(((ps, pe, q) for q in self.quotes for ps, pe in q.pieces if pe > ps),
                             key=lambda piece: piece[:2])
        self.piece_ends = [pe for _, pe, _ in self.pieces]
        self.names = NameIndex(text)
        self.sentence_starts: list[int] = []  # set by the pipeline once sentences are split
        self.sentence_ends: list[int] = []

    def quote_at(self, pos: int) -> Quote | None:
        """The quote whose inside contains ``pos``."""
        i = bisect.bisect_right(self.piece_ends, pos)
        if i < len(self.pieces) and self.pieces[i][0] <= pos:
            return self.pieces[i][2]
        return None

    def quote_ending_at(self, pos: int) -> tuple[int, int] | None:
        """The quote piece that ends right before ``pos`` (only closing marks and spaces
        between, same paragraph)."""
        i = bisect.bisect_right(self.piece_ends, pos) - 1
        if i < 0:
            return None
        ps, pe, _ = self.pieces[i]
        gap = self.text[pe:pos]
        return (ps, pe) if len(gap) <= 4 and "\n" not in gap and not any(c.isalnum() for c in gap) else None

    def quotes_in(self, s: int, e: int) -> list[Quote]:
        """Quotes with a piece inside the sentence [s, e), in order."""
        out: list[Quote] = []
        for i in range(bisect.bisect_right(self.piece_ends, s), len(self.pieces)):
            ps, _, q = self.pieces[i]
            if ps >= e:
                break
            if q.end > q.start and (not out or out[-1] is not q):
                out.append(q)
        return out


def _trim(text: str, s: int, e: int, chars: str = " \t\n,;:") -> tuple[int, int]:
    while s < e and text[s] in chars:
        s += 1
    while e > s and text[e - 1] in chars:
        e -= 1
    return s, e


def _strip_end(text: str, s: int, e: int) -> tuple[int, int]:
    return _trim(text, s, e, " \t\n,;:.!?")


def cue_sources(doc: _Doc, cue: re.Pattern, source_end: re.Pattern, ss: int, se: int, max_words: int,
                rows: list):
    """(cue match, source start, source end) for each cue outside a quote in the sentence
    [ss, se), the source running from the cue to ``source_end`` (at most ``_SCAN`` characters and
    ``max_words`` words). Stops when ``rows`` (the caller's, filled as it goes) holds
    ``_MAX_ROWS``: the bounds that keep a cue family linear on repetitive input."""
    text = doc.text
    for m in islice(cue.finditer(text, ss, se), _MAX_MATCHES):
        if len(rows) >= _MAX_ROWS:
            break  # a real sentence has a few; a pasted list is cut here
        if doc.quote_at(m.start()) is not None:
            continue
        st = source_end.search(text, m.end(), min(se, m.end() + _SCAN))
        s, e = _trim(text, m.end(), st.start() if st else se)
        if s < e and len(text[s:e].split()) <= max_words:
            yield m, s, e


def _row(doc: _Doc, claim, source, cue, kind, sent, warnings=()) -> dict:
    return {"claim": claim, "source": source, "cue": cue, "kind": kind, "sent": sent,
            "warnings": tuple(warnings), "via": None}
