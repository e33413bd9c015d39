"""The claim-and-source table: one row per claim and its attributed source.

``rows_for`` turns one article's attributions into plain dict rows (what the store saves);
``claims_table`` reads the store back as the DataFrame users work with, joined with the tags.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pandas as pd

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


OFFSETS = ["claim_start", "claim_end", "source_start", "source_end", "cue_start", "cue_end"]


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Offsets as nullable integers, so a missing source span is <NA>, not a float NaN."""
    for col in OFFSETS:
        if col in frame:
            frame[col] = frame[col].astype("Int64")
    return frame


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


def frame_for(article: Article, attributions: Iterable[Attribution]) -> pd.DataFrame:
    """The table of one article without a database (for quick looks in a notebook)."""
    frame = pd.DataFrame(rows_for(article, attributions))
    for col, value in (("outlet", article.outlet), ("original_outlet", article.original_outlet),
                       ("published", article.published), ("title", article.title)):
        frame[col] = value
    return _typed(frame.reindex(columns=COLUMNS))


def claims_table(store, active_only: bool = True) -> pd.DataFrame:
    """The main object: every claim row with its article's outlet and date, and the tags given
    so far (one column per reviewer is left to the review; here ``tags`` lists them)."""
    frame = _typed(store.claims(active_only=active_only))
    tags = store.tags()
    by_claim: dict[str, dict[str, str]] = {}
    for claim_id, reviewer, tag in zip(tags["claim_id"], tags["reviewer"], tags["tag"]):
        by_claim.setdefault(claim_id, {})[reviewer] = tag
    frame["tags"] = [by_claim.get(c, {}) for c in frame["claim_id"]]
    rest = [c for c in frame.columns if c not in COLUMNS]
    return frame[COLUMNS + rest]


def articles_table(store, with_text: bool = False) -> pd.DataFrame:
    """One row per article: id, source, outlets, title, author, date, words, propagation."""
    frame = store.articles(with_text=with_text)
    prop = store.propagation()
    records = {aid: g.drop(columns=["article_id"]).to_dict("records") for aid, g in prop.groupby("article_id")}
    frame["propagation"] = [records.get(aid, []) for aid in frame["id"]]
    if with_text:
        frame = frame.drop(columns=["body", "comments"], errors="ignore")
    return frame


# A spreadsheet evaluates a cell that starts with one of these (OWASP's CSV-injection rule);
# a leading space or newline does not stop it.
_FORMULA_START = ("=", "+", "-", "@")
_CONTROL_START = ("\t", "\r")


def neutralise_cell(value):
    """A text cell a spreadsheet would run as a formula, prefixed with ' so it shows as text."""
    if isinstance(value, str) and (value.startswith(_CONTROL_START) or value.lstrip().startswith(_FORMULA_START)):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` for CSV export: every text cell neutralised, numbers untouched."""
    out = frame.copy()
    for col in out.select_dtypes(include=["object", "string"]).columns:
        out[col] = out[col].map(neutralise_cell, na_action="ignore")
    out.columns = [neutralise_cell(c) for c in out.columns]  # a reviewer's name can head a column
    return out
