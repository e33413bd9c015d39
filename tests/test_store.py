"""The store on both backends (SQLite, PostgreSQL): schema versions, idempotent loads, claims
never deleted, append-only log."""
from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings, strategies as st

from workbook.load import load_text
from workbook.models import Attribution
from workbook.store import IntegrityError, Store
from workbook.store.schema import MIGRATIONS
from workbook.table import claims_table, rows_for

TEXT = ("Harbour\n\nOfficials in the port city said the harbour would stay closed. "
        "\u201cWe have no choice,\u201d the harbour master told Reuters. The city may reopen it in May.")


def attributions(text):
    said = text.index("said")
    quote = text.index("\u201cWe")
    return [
        Attribution(claim=(said + 5, text.index(". \u201c")), source=(text.index("Officials"), said - 1),
                    cue=(said, said + 4), kind="indirect", suggested="anonymous"),
        Attribution(claim=(quote + 1, text.index(",\u201d")), source=(text.index("the harbour master"), text.index(" told")),
                    cue=(text.index("told"), text.index("told") + 12), kind="direct", via_outlet="Reuters",
                    suggested="anonymous"),
        Attribution(claim=(text.index("The city"), len(text)), kind="unsourced", suggested="unsourced",
                    hedges=("may",), speculative=True),
    ]


def save(store, text=TEXT, atts=None):
    article = load_text(text, "harbour.txt")
    return article, store.save_article(article, rows_for(article, atts if atts is not None else attributions(text)))


def test_fresh_database_is_at_latest_schema(store):
    assert store.schema_version == len(MIGRATIONS)
    for table in ("articles", "claims", "propagation", "tags", "tag_events", "final_tags", "span_events",
                  "span_overrides", "group_events", "group_links", "assignments"):
        assert store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
    assert store.columns("articles")[-1] == "language"  # the last migration's column
    assert "batch" in store.columns("tag_events") and "derived" in store.columns("tags")


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.db"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(RuntimeError, match="newer than this workbook"):
        Store(path)


@pytest.mark.postgres
def test_newer_schema_is_refused_on_postgresql(pg_url):
    with Store(pg_url) as s:
        s.db.execute("UPDATE workbook_schema SET version = ?", (len(MIGRATIONS) + 1,))
    with pytest.raises(RuntimeError, match="newer than this workbook"):
        Store(pg_url)


def test_reopening_keeps_everything(db_target):
    path = db_target
    with Store(path) as s:
        article, _ = save(s)
        claim_id = s.claims()["claim_id"][0]
        s.record_tag(claim_id, "ana", "anonymous", "two officials")
    with Store(path) as s:
        assert s.schema_version == len(MIGRATIONS)
        assert len(s.claims()) == 3
        assert s.tags().loc[0, "tag"] == "anonymous"


def test_loading_same_article_twice_changes_nothing(store):
    _, first = save(store)
    before = store.claims()
    _, second = save(store)
    after = store.claims()
    assert first["new"] == 3 and second["new"] == 0 and second["gone"] == 0
    assert list(before["claim_id"]) == list(after["claim_id"])
    assert len(store.articles()) == 1


def test_claims_a_new_extraction_misses_are_kept_inactive_with_their_tags(store):
    article, _ = save(store)
    dropped = store.claims().iloc[2]
    store.record_tag(dropped["claim_id"], "ana", "speculative")
    _, counts = save(store, atts=attributions(TEXT)[:2])
    assert counts["gone"] == 1
    assert dropped["claim_id"] not in set(store.claims()["claim_id"])
    everything = store.claims(active_only=False)
    assert dropped["claim_id"] in set(everything["claim_id"])
    assert store.tags()["claim_id"].tolist() == [dropped["claim_id"]]
    _, counts = save(store)
    assert dropped["claim_id"] in set(store.claims()["claim_id"])  # found again: active, tag still on it
    assert store.tags()["claim_id"].tolist() == [dropped["claim_id"]]


def test_tag_log_is_append_only(store):
    save(store)
    claim_id = store.claims()["claim_id"][0]
    store.record_tag(claim_id, "ana", "named")
    store.record_tag(claim_id, "ana", "anonymous", "the officials are not named")
    events = store.tag_events()
    assert list(events["old_tag"].fillna("-")) == ["-", "named"]
    assert list(events["new_tag"]) == ["named", "anonymous"]
    assert events["claim_text"][0] == store.claims()["claim"][0]
    with pytest.raises(IntegrityError, match="append-only"):
        store.db.execute("DELETE FROM tag_events")
    with pytest.raises(IntegrityError, match="append-only"):
        store.db.execute("UPDATE tag_events SET new_tag = 'named'")
    assert len(store.tag_events()) == 2


def test_tag_needs_a_reviewer(store):
    with pytest.raises(ValueError):
        store.record_tag("x", " ", "named")


def test_failed_transaction_rolls_back(store):
    article, _ = save(store)
    bad_rows = rows_for(article, attributions(TEXT)) + [{"claim_id": None}]
    with pytest.raises(IntegrityError):
        store.save_article(article, bad_rows)
    assert len(store.claims()) == 3


def test_claims_table_columns_and_tags(store):
    save(store)
    frame = claims_table(store)
    required = ["article_id", "outlet", "original_outlet", "published", "claim_id", "claim", "claim_start",
                "claim_end", "source", "source_start", "source_end", "source_name", "source_role", "cue",
                "via_outlet", "suggested", "speculative", "hedges"]
    assert set(required) <= set(frame.columns)
    store.record_tag(frame["claim_id"][1], "ana", "anonymous")
    store.record_tag(frame["claim_id"][1], "ben", "named")
    frame = claims_table(store)
    assert frame["tags"][1] == {"ana": "anonymous", "ben": "named"}
    assert frame["tags"][0] == {}
    assert frame["via_outlet"][1] == "Reuters" and frame["speculative"][2]


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=300), st.data())
def test_any_spans_round_trip_through_the_store(tmp_path_factory, text, data):
    n = len(text)
    starts = data.draw(st.lists(st.integers(0, n), min_size=1, max_size=4))
    atts = [Attribution(claim=(s, data.draw(st.integers(s, n))), source=None) for s in starts]
    with Store(":memory:") as s:
        article = load_text(text, "any.txt")
        s.save_article(article, rows_for(article, atts))
        for row in claims_table(s).itertuples():
            assert article.text[row.claim_start:row.claim_end] == row.claim


def test_sources_view_counts_claims_per_source(store):
    save(store)
    sources = store.sources()
    assert set(sources["source"]) == {"Officials in the port city", "the harbour master"}
    assert set(sources["suggested"]) == {"anonymous"}
    assert sources["claims"].sum() == 2
