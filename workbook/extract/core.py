"""The extraction pipeline: sentences -> quotes -> cues -> sources -> coreference -> typing.

Everything is regexes, word lists and small heuristics so that it runs at >100k words/s.
Spans always index into the text passed in; odd input gives fewer rows, never an error, and the
only error raised on purpose is ExtractionError (over the time budget).
"""
from __future__ import annotations

from ..models import Article, Attribution
from ..outlets import default_registry
from .according import _according_rows
from .continued import _attach_quotes
from .doc import _Doc, _trim
from .errors import DEFAULT_BUDGET, Deadline
from .lines import _lead_in_rows
from .passive import _passive_rows
from .reports import _document_rows, _outlet_rows, _title_rows
from .sentences import soften, split_sentences
from .source_types import _finish
from .speech import _asked_rows, _speech_rows
from .unsourced import _unsourced


def extract_text(text: str, regions=None, registry=None,
                 budget: float | None = DEFAULT_BUDGET) -> list[Attribution]:
    """Attributions in ``text`` (only inside ``regions``, default the whole text). Raises
    :class:`ExtractionError` when it takes longer than ``budget`` seconds (None: no limit)."""
    if not isinstance(text, str) or not text:
        return []
    n = len(text)
    spans = []
    for region in (regions or [(0, n)]):
        try:
            s, e = int(region[0]), int(region[1])
        except (TypeError, ValueError, IndexError):
            continue
        s, e = max(0, min(s, n)), max(0, min(e, n))
        if e > s:
            spans.append((s, e))
    spans.sort()
    registry = registry or default_registry()
    return _extract(text, spans, registry, Deadline(budget))


def extract(article: Article, registry=None, budget: float | None = DEFAULT_BUDGET) -> list[Attribution]:
    """Attributions in the body regions of an article; offsets index ``article.text``.
    An article detected as not English gets none (the rules are English; unknown counts as English)."""
    if getattr(article, "language", None) not in (None, "en"):
        return []
    return extract_text(article.text, article.body or None, registry, budget)


def _outside_source(claim: tuple[int, int], source) -> tuple[int, int]:
    """A claim never starts inside its own source ("said 00": no claim "00"): it starts after it."""
    if source and source[0] <= claim[0] < source[1]:
        return (min(source[1], claim[1]), claim[1])
    return claim


def _extract(text: str, regions, registry, deadline: Deadline | None = None) -> list[Attribution]:
    deadline = deadline or Deadline(None)
    # Soft newlines (wraps inside a paragraph) become spaces: every step below sees a re-wrapped
    # paragraph as one line. Same length, so all spans still index the original text.
    text = soften(text, regions)
    doc = _Doc(text, regions, registry)
    rows: list[dict] = []
    sentences: list[tuple[int, int]] = []
    for s, e in regions:
        sentences.extend(split_sentences(text, s, e, soft=False))
    doc.sentence_starts = [s for s, _ in sentences]
    doc.sentence_ends = [e for _, e in sentences]
    for ss, se in sentences:
        deadline.check()
        found = _speech_rows(doc, ss, se)
        found += _according_rows(doc, ss, se)
        if not found:
            found += _title_rows(doc, ss, se)
        found += _asked_rows(doc, ss, se, found)
        found += _passive_rows(doc, ss, se)
        found += _outlet_rows(doc, ss, se, found)
        found += _document_rows(doc, ss, se, found)
        rows.extend(found)
    rows = _attach_quotes(doc, sentences, rows)
    rows.extend(_lead_in_rows(doc, regions, rows))
    for r in rows:
        r["claim"] = _trim(text, *_outside_source(r["claim"], r["source"]), chars=" \t\n\r\u00a0")
    rows = [r for r in rows if r["claim"][1] > r["claim"][0]]
    rows.sort(key=lambda r: (r["claim"][0], r["source"][0] if r["source"] else -1))
    out = _finish(doc, rows)
    out.extend(_unsourced(doc, sentences, rows))
    out.sort(key=lambda a: (a.claim[0], a.claim[1]))
    return out
