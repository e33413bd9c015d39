"""Highlighted sentences as plain segments: ``[(kind, text), ...]``.

Highlighting is never done by inserting markup into article text: a sentence is cut into
segments at the claim, source and cue boundaries, and each segment is escaped on its own (by
Jinja's autoescape on the server, by ``textContent`` in the browser).
"""
from __future__ import annotations

# Kind codes, short because they repeat in the JSON data island: "" plain, "c" claim,
# "s" source, "q" cue. Where spans overlap the narrower, more specific one wins.
PRIORITY = {"q": 3, "s": 2, "c": 1}
KIND_NAMES = {"": "text", "c": "claim", "s": "source", "q": "cue"}


def _int(value):
    try:
        if value is None or value != value:  # None or NaN
            return None
        return int(value)
    except (TypeError, ValueError):
        return None


def segments(sentence: str, offset: int, spans: dict[str, tuple | None]) -> list[list[str]]:
    """Cut ``sentence`` (which starts at article offset ``offset``) into ``[kind, text]`` parts.

    ``spans`` maps a kind code to an article-offset (start, end) or None. Spans outside the
    sentence are clipped; an empty or inverted span is ignored.
    """
    n = len(sentence)
    clipped = []
    for kind, span in spans.items():
        if not span:
            continue
        start, end = _int(span[0]), _int(span[1])
        if start is None or end is None:
            continue
        start, end = max(0, start - offset), min(n, end - offset)
        if end > start:
            clipped.append((kind, start, end))
    if not clipped:
        return [["", sentence]] if sentence else []
    cuts = sorted({0, n, *[s for _, s, _ in clipped], *[e for _, _, e in clipped]})
    out: list[list[str]] = []
    for a, b in zip(cuts, cuts[1:]):
        if b <= a:
            continue
        kind = ""
        best = 0
        for k, s, e in clipped:
            if s <= a and b <= e and PRIORITY[k] > best:
                kind, best = k, PRIORITY[k]
        if out and out[-1][0] == kind:
            out[-1][1] += sentence[a:b]
        else:
            out.append([kind, sentence[a:b]])
    return out
