"""Quotes that go on after their cue: in the same paragraph they extend the claim, in a new
paragraph they are the same speaker's next claim; colon lead-ins take the next paragraph."""
from __future__ import annotations

import bisect
import re

from .doc import _Doc, _trim
from .lines import _next_paragraph


def _attach_quotes(doc: _Doc, sentences, rows: list[dict]) -> list[dict]:
    """Multi-paragraph quotes, quote-only sentences continuing the last speaker, and colon
    lead-ins ("their sources are Azerbaijani and Russian:" + the next paragraph)."""
    text = doc.text
    claimed = {r["claim"] for r in rows}
    spans = sorted(claimed)  # claims by start, to find one that already holds a quote piece
    starts = [c[0] for c in spans]
    by_sentence: dict[tuple[int, int], list[dict]] = {}
    for r in rows:
        if r["sent"]:
            by_sentence.setdefault(r["sent"], []).append(r)
    extra: list[dict] = []
    last_direct: dict | None = None
    last_end = -1
    for i, (ss, se) in enumerate(sentences):
        own = by_sentence.get((ss, se), [])
        if own:
            # A quoted statement, or a reported one holding a partial quote ("Yet he is a
            # “change agent,” Cole said."): a quote-only sentence after it goes on with it.
            directs = [r for r in own if r["kind"] == "direct" or _holds_quote(doc, r["claim"])]
            last_direct = directs[-1] if directs else None
            last_end = se
            # Colon lead-in: the sentence ends with ":" and the next paragraph has no cue.
            if text[ss:se].rstrip().endswith(":") and i + 1 < len(sentences):
                nxt = _next_paragraph(text, se, len(text))
                if nxt and not any(r["kind"] == "direct" for r in own) and \
                        not _has_direct_rows_in(rows, nxt):
                    base = own[-1]
                    items = _list_items(text, nxt)
                    # "Reuters has come out with ...:" + the story; "In an interview, Obama also
                    # said:" + what he said (the words before the cue were only the occasion).
                    if base["kind"] == "outlet" or base["claim"][1] <= base["cue"][0] and \
                            _OCCASION.match(text, base["claim"][0]):
                        base["claim"], base["kind"] = items[0], "colon"
                        items = items[1:]
                    extra.extend(dict(base, claim=item, kind="colon", sent=None) for item in items)
            continue
        # A sentence made of a quote, continuing the previous direct speaker.
        if last_direct is None or ss - last_end > 400:
            last_direct = None
            continue
        qs = doc.quotes_in(ss, se)
        inside = sum(max(0, min(e, se) - max(s, ss)) for q in qs for s, e in q.pieces)
        if qs and inside >= 0.6 * (se - ss):
            for q in qs:
                for piece in q.pieces:
                    if piece[0] < ss - 1 or piece[0] >= se or piece in claimed or \
                            _inside_claim(piece, last_direct) or _covered(piece, spans, starts):
                        continue
                    if "\n" not in text[last_direct["claim"][1]:piece[0]]:
                        _extend_claim(rows + extra, last_direct, piece[1])  # same paragraph
                    else:
                        r = dict(last_direct, claim=piece, kind="direct", sent=(ss, se),
                                 warnings=last_direct["warnings"] + ("continued quote",))
                        extra.append(r)
                        last_direct = r
                    claimed.add(piece)
            last_end = se
        else:
            last_direct = None
    return rows + extra


# What opens the words before "X said:" when they are only the occasion, not a statement.
_OCCASION = re.compile(r"(?:In|On|At|During|After|Before|Speaking|Asked|Later|Earlier|Writing|Answering|"
                       r"Responding|Addressing|Meanwhile|Separately|Elsewhere|Then|Also)\b")


_BULLET = re.compile(r"[ \t]*(?:[-–—•*·]|\d{1,2}[.)])[ \t]+")


def _list_items(text: str, first: tuple[int, int]) -> list[tuple[int, int]]:
    """The paragraph after a colon, or, when it is a list item ("- The UK must stay ..."), it
    and the items that follow it, each without its bullet: one claim each."""
    if not _BULLET.match(text, first[0]):
        return [first]
    items, pos = [], first[0]
    while len(items) < 30:
        bullet = _BULLET.match(text, pos)
        if bullet is None:
            break
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        item = _trim(text, bullet.end(), end, " \t\n“”\"")
        if item[1] > item[0]:
            items.append(item)
        pos = end + 1
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1  # blank lines between items
    return items or [first]


def _holds_quote(doc: _Doc, claim: tuple[int, int]) -> bool:
    return any(claim[0] <= s and e <= claim[1] for q in doc.quotes_in(*claim) for s, e in q.pieces)


def _covered(piece: tuple[int, int], spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether one of the (last 20 starting before it) claim spans holds ``piece``."""
    i = bisect.bisect_right(starts, piece[0])
    return any(e >= piece[1] for _, e in spans[max(0, i - 20):i])


def _inside_claim(piece: tuple[int, int], row: dict) -> bool:
    return row["claim"][0] <= piece[0] and piece[1] <= row["claim"][1]


def _extend_claim(rows: list[dict], last: dict, end: int) -> None:
    """A quote continued after its cue in the same paragraph ("“A,” she said. “B.”") is one
    statement: the claim of ``last`` (and of its twins with another source) runs on to ``end``."""
    old = last["claim"]
    for r in rows:
        if r["claim"] == old and r["cue"] == last["cue"]:
            r["claim"] = (old[0], end)
            r["warnings"] = r["warnings"] + ("continued quote",)


def _has_direct_rows_in(rows, span) -> bool:
    s, e = span
    return any(r["kind"] == "direct" and s <= r["claim"][0] < e for r in rows)
