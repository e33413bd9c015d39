"""One article's attributions as plain claim rows (dicts): what the store saves.

Kept apart from :mod:`workbook.table` (which reads the store back into pandas) so that a
worker process makes the rows without importing pandas.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .models import Article, Attribution, normalize_for_id, short_hash

# The columns every user of the table can rely on, in display order.
COLUMNS = ["article_id", "outlet", "original_outlet", "published", "claim_id", "claim", "claim_start",
           "claim_end", "source", "source_start", "source_end", "source_name", "source_role",
           "resolved_source", "cue", "cue_start", "cue_end", "kind", "via_outlet", "suggested",
           "speculative", "hedges", "title"]


def claim_id_for(article_id: str, claim_text: str, source_text: str = "", occurrence: int = 0) -> str:
    """Derived from the article and the claim's content only (normalised), so re-running a
    better extractor, or re-wrapping the article, gives the same id and tags stay attached.
    The source and an occurrence number only break ties inside one article."""
    parts = [article_id, normalize_for_id(claim_text)]
    if source_text:
        parts.append(normalize_for_id(source_text))
    if occurrence:
        parts.append(str(occurrence))
    return short_hash(*parts)


def _span(text: str, span: tuple[int, int] | None) -> tuple[str | None, int | None, int | None]:
    if span is None:
        return None, None, None
    start, end = span
    return text[start:end], start, end


def rows_for(article: Article, attributions: Iterable[Attribution]) -> list[dict]:
    attributions = list(attributions)
    text = article.text
    spans = [(_span(text, a.claim), _span(text, a.source), _span(text, a.cue)) for a in attributions]
    # A claim whose wording is unique in the article gets the plain id. A wording that occurs more
    # than once is told apart by its source, and only then by its rank among identical pairs, so
    # that removing one copy never hands its id (and its tags) to a different claim.
    wording = Counter(normalize_for_id(c[0]) for c, _, _ in spans)
    pair_rank: Counter = Counter()
    rows = []
    for position, (att, ((claim, claim_start, claim_end), (source, source_start, source_end),
                         (cue, cue_start, cue_end))) in enumerate(zip(attributions, spans)):
        if wording[normalize_for_id(claim)] == 1:
            claim_id = claim_id_for(article.id, claim)
        else:
            pair = (normalize_for_id(claim), normalize_for_id(source or ""))
            claim_id = claim_id_for(article.id, claim, source or "-", pair_rank[pair])
            pair_rank[pair] += 1
        starts = [s for s in (claim_start, source_start, cue_start) if s is not None]
        ends = [e for e in (claim_end, source_end, cue_end) if e is not None]
        rows.append({
            "article_id": article.id, "claim_id": claim_id, "claim": claim, "claim_start": claim_start,
            "claim_end": claim_end, "source": source, "source_start": source_start, "source_end": source_end,
            "source_name": att.source_name, "source_role": att.source_role,
            "resolved_source": att.resolved_source, "cue": cue, "cue_start": cue_start, "cue_end": cue_end,
            "kind": att.kind, "via_outlet": att.via_outlet, "suggested": att.suggested,
            "speculative": bool(att.speculative), "hedges": list(att.hedges),
            "sentence_start": min(starts), "sentence_end": max(ends), "position": position,
            "origin": "extractor",
        })
    return rows
