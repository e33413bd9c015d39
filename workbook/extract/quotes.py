"""Pairing quotation marks into quote spans, robust to the mess of real text.

Handles curly (“ ”) and straight (") double quotes, doubled apostrophes ('') as used by some
newspapers, guillemets, and quotes that run over paragraphs: a paragraph that opens a quote
without closing it continues when the next paragraph opens with a quote mark (the print
convention). Anything unbalanced is closed at the paragraph end with a warning, never an error.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_MARK = re.compile(r"“|”|\"|''|«|»|„")
_OPENING = {"“", "«", "„"}
_CLOSING = {"”", "»"}
_PARAGRAPH_END = re.compile(r"\n")


@dataclass
class Quote:
    start: int  # first character inside the marks
    end: int  # just after the last character inside the marks
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset just after the closing mark; None when unclosed
    pieces: list[tuple[int, int]]  # inside spans, one per paragraph the quote runs over
    warnings: tuple[str, ...] = ()


def _direction(text: str, pos: int, length: int) -> str:
    """'open' or 'close' for an ambiguous straight mark, from the characters around it."""
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + length] if pos + length < len(text) else " "
    if before.isspace() or before in "([{—–-/" or pos == 0:
        return "open"
    if after.isspace() or after in ".,;:!?)]}—–-":
        return "close"
    return "open" if not before.isalnum() else "close"


def find_quotes(text: str, start: int = 0, end: int | None = None) -> list[Quote]:
    """Quote spans in ``text[start:end]``, in order."""
    end = len(text) if end is None else min(end, len(text))
    quotes: list[Quote] = []
    open_at: int | None = None  # offset of the current opening mark
    open_len = 0
    pieces: list[tuple[int, int]] = []
    piece_start = 0
    warnings: list[str] = []
    line_end = _next_line_end(text, start, end)

    def close(at_inner_end: int, mark_end: int | None, warn: str | None = None):
        nonlocal open_at, pieces, warnings
        pieces.append((piece_start, at_inner_end))
        if warn:
            warnings.append(warn)
        quotes.append(Quote(pieces[0][0], at_inner_end, open_at, mark_end, pieces, tuple(warnings)))
        open_at, pieces, warnings = None, [], []

    for m in _MARK.finditer(text, start, end):
        pos, mark = m.start(), m.group(0)
        if open_at is not None and pos >= line_end:
            # The quote ran to the end of its paragraph: continue only if this paragraph
            # starts with an opening mark right away.
            para_start = _skip_space(text, line_end, end)
            continues = pos == para_start and (mark in _OPENING or
                                               _direction(text, pos, len(mark)) == "open")
            if continues and mark not in _CLOSING:
                pieces.append((piece_start, _trim_end(text, piece_start, line_end)))
                piece_start = m.end()
                line_end = _next_line_end(text, pos, end)
                continue
            close(_trim_end(text, piece_start, line_end), None, "unbalanced quote")
        if pos >= line_end:
            line_end = _next_line_end(text, pos, end)
        if mark in _OPENING:
            role = "open"
            if open_at is not None and pos > 0 and text[pos - 1] in ",.?!" and \
                    (pos + 1 >= len(text) or text[pos + 1].isspace()):
                role = "close"  # a typo'd closing mark: 'here,“ said'

        elif mark in _CLOSING:
            role = "close"
        else:
            role = "close" if open_at is not None and open_len == len(mark) and \
                _direction(text, pos, len(mark)) == "close" else "open"
            if open_at is not None and open_len == len(mark) and role == "open":
                role = "close"  # a straight mark while one is open closes it
        if role == "open":
            if open_at is not None:
                if len(mark) != open_len and mark != "“":
                    continue  # a different kind of mark nested inside: leave it
                close(_trim_end(text, piece_start, pos), None, "unbalanced quote")
            open_at, open_len, piece_start = pos, len(mark), m.end()
        else:
            if open_at is None:
                if mark in _CLOSING:
                    quotes.append(Quote(pos, pos, pos, m.end(), [], ("unbalanced quote",)))
                continue
            close(pos, m.end())
    if open_at is not None:
        close(_trim_end(text, piece_start, min(line_end, end)), None, "unbalanced quote")
    return [q for q in quotes if q.end > q.start or q.warnings]


def _next_line_end(text: str, pos: int, end: int) -> int:
    i = text.find("\n", pos, end)
    return end if i < 0 else i


def _skip_space(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _trim_end(text: str, s: int, e: int) -> int:
    while e > s and text[e - 1].isspace():
        e -= 1
    return e
