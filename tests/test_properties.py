"""Property tests over the whole load -> extract -> table path: any text loads without an
exception, and every span in the table satisfies text[start:end] == value."""
from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings, strategies as st

from workbook.extract import extract
from workbook.load import load_text
from workbook.outlets import default_registry
from workbook.table import frame_for, rows_for

NEWSY = st.sampled_from([
    "“", "”", '"', "'", "‘", "’", "''", " said ", " told Reuters ", "according to ", " officials ",
    "By Jane Roe | Reuters | May 1, 2020\n", "Mr. ", "U.S. ", ": ", "\n\n", ". ", "? ", "he ", "may ",
    "Posted by ", "1. Reblogged this on X.\n", "Pingback by a | B | June 2, 2019\n", "—", "…", "(",
    "Foreign Policy magazine reported that ", "what if ", "\u00a0", "\r\n", "\t",
])
TEXTS = st.one_of(st.text(max_size=400),
                  st.lists(st.one_of(NEWSY, st.text(max_size=20)), max_size=60).map("".join))


def check_spans(text, rows):
    for row in rows:
        for name in ("claim", "source", "cue"):
            start, end, value = row[f"{name}_start"], row[f"{name}_end"], row[name]
            if value is None or value is pd.NA or (isinstance(value, float) and value != value):
                assert pd.isna(start) and pd.isna(end)
            else:
                assert 0 <= start <= end <= len(text)
                assert text[start:end] == value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_loads_extracts_and_spans_hold(text):
    article = load_text(text, "any.txt")
    # Kept as given, but for NUL: U+FFFD stands in (same length: offsets hold; PostgreSQL refuses NUL).
    assert article.text == text.replace("\x00", "\ufffd")
    text = article.text
    for start, end in article.body:
        assert 0 <= start <= end <= len(text)
    rows = rows_for(article, extract(article, default_registry()))
    check_spans(text, rows)
    ids = [r["claim_id"] for r in rows]
    assert len(ids) == len(set(ids))


def test_seed_table_spans_hold(seed_article):
    frame = frame_for(seed_article, extract(seed_article))
    assert len(frame) > 10
    check_spans(seed_article.text, frame.to_dict("records"))
