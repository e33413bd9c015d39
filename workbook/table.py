"""The claim-and-source table: one row per claim and its attributed source.

``rows_for`` (from :mod:`workbook.rows`, which needs no pandas) turns one article's attributions
into plain dict rows, what the store saves; ``claims_table`` reads the store back as the DataFrame users work with, joined with the tags.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .models import Article, Attribution
from .rows import COLUMNS, claim_id_for, rows_for  # noqa: F401 (the table's public names)

OFFSETS = ["claim_start", "claim_end", "source_start", "source_end", "cue_start", "cue_end"]


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Offsets as nullable integers, so a missing source span is <NA>, not a float NaN."""
    for col in OFFSETS:
        if col in frame:
            frame[col] = frame[col].astype("Int64")
    return frame


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
