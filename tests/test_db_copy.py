"""`workbook db copy SRC DST`: a whole review, with its history, between SQLite and PostgreSQL."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from workbook.cli import main
from workbook.graph import db as groups
from workbook.review import db
from workbook.models import Propagation
from workbook.review.synthetic import synthetic_article, synthetic_store
from workbook.store import Store
from workbook.store.copy import TABLES, CountMismatch, copy_review, row_counts, verify
from workbook.table import rows_for


def seeded_review(path: str) -> str:
    """A SQLite review with something in every table: tags, an undo, a bulk batch, final tags,
    span corrections, an added claim, group decisions and assignments."""
    with synthetic_store(path, articles=3, claims_per_article=6) as store:
        repost, atts = synthetic_article(7, claims=2)
        repost.propagation = [Propagation("republishes", "Aletho News", "Eurasianet", "2012-03-04",
                                          "originally published by Eurasianet", "https://eurasianet.org/x")]
        store.save_article(repost, rows_for(repost, atts))
        ids = db.claim_ids(store)
        db.tag(store, ids[0], "ana", "named", note="the minister")
        db.flag(store, ids[0], "ana", True)
        db.tag(store, ids[1], "ana", "anonymous")
        db.undo(store, "ana")
        db.tag(store, ids[0], "ben", "anonymous")
        db.bulk_tag(store, ids[2:6], "ben", tag="outlet")
        db.mark(store, ids[6], "ana", "unsure", note="check the date")
        db.reconcile(store, ids[0], "named", "lead", note="checked the video")
        row = db.claim(store, ids[3])
        db.correct_span(store, ids[3], "claim", row["claim_start"], row["claim_end"] - 1, "ana")
        db.correct_span(store, ids[4], "source", None, None, "ben")
        article_id = row["article_id"]
        db.add_claim(store, article_id, (0, 10), "ana", note="the headline claims it")
        groups.confirm(store, ids[7:10], "ana")
        groups.split(store, [ids[7]], ids[8:10], "ben")
        db.assign(store, ["ana", "ben", "cy"], overlap=0.2)
        assert all(row_counts(store).values()), row_counts(store)
    return path


def table_rows(store, table: str) -> list[tuple]:
    """Every row of a table as (column, value) pairs, in an order that ignores row order."""
    rows = [tuple(sorted(dict(zip(r.keys(), tuple(r))).items())) for r in store.db.execute(f"SELECT * FROM {table}")]
    return sorted(rows, key=repr)


def copy(src: str, dst: str):
    return CliRunner().invoke(main, ["db", "copy", src, dst])


def test_copy_there_and_back_keeps_every_row_and_id(tmp_path, db_target):
    source = seeded_review(str(tmp_path / "source.db"))
    back = str(tmp_path / "back.db")
    there = copy(source, db_target)
    assert there.exit_code == 0, there.output
    assert "tag_events" in there.output and "copied" in there.output
    assert copy(db_target, back).exit_code == 0
    with Store(source) as a, Store(db_target) as b, Store(back) as c:
        counts = row_counts(a)
        assert f"tag_events {counts['tag_events']}" in there.output
        for table in TABLES:
            assert table_rows(b, table) == table_rows(a, table), table
            assert table_rows(c, table) == table_rows(a, table), table
        # the copy is a working review: undo, agreement and the final tags read as before
        assert db.final_tags(b)["tag"].tolist() == db.final_tags(a)["tag"].tolist() == ["named"]
        assert db.last_undoable(b, "ben") == db.last_undoable(a, "ben")


def test_new_events_after_the_copy_get_ids_above_the_copied_ones(tmp_path, db_target):
    source = seeded_review(str(tmp_path / "source.db"))
    with Store(source) as src, Store(db_target) as dst:
        copy_review(src, dst)
        top = {t: max(r["event_id"] for r in dst.db.execute(f"SELECT event_id FROM {t}"))
               for t in ("tag_events", "span_events", "group_events")}
        ids = db.claim_ids(dst)
        assert db.tag(dst, ids[1], "cy", "document") > top["tag_events"]
        row = db.claim(dst, ids[2])
        assert db.correct_span(dst, ids[2], "claim", row["claim_start"] + 1, row["claim_end"], "cy") > top["span_events"]
        assert db.undo(dst, "ben")  # undoing a copied bulk batch is a new event too
        assert min(r[0] for r in dst.db.execute("SELECT event_id FROM tag_events WHERE reviewer = 'ben' "
                                                "AND action = 'undo'")) > top["tag_events"]


def test_a_destination_that_is_not_empty_is_refused_and_left_alone(tmp_path, db_target):
    source = seeded_review(str(tmp_path / "source.db"))
    with Store(db_target) as dst:
        dst.db.execute("INSERT INTO assignments VALUES ('c1', 'ana', 0, '2026-01-01')")
    result = copy(source, db_target)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "not empty" in result.output and "1 in assignments" in result.output
    with Store(db_target) as dst:
        assert sum(row_counts(dst).values()) == 1


def test_counts_that_disagree_are_a_mismatch(tmp_path):
    source = seeded_review(str(tmp_path / "source.db"))
    with Store(source) as src, Store(str(tmp_path / "dst.db")) as dst:
        written = copy_review(src, dst)
        assert verify(src, dst, written) == row_counts(src)
        with pytest.raises(CountMismatch, match=r"tags: \d+ in the source, \d+ copied"):
            verify(src, dst, {**written, "tags": written["tags"] - 1})


def test_a_missing_source_is_one_line_and_creates_nothing(tmp_path):
    result = copy(str(tmp_path / "none.db"), str(tmp_path / "dst.db"))
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "no database at" in result.output
    assert not (tmp_path / "none.db").exists() and not (tmp_path / "dst.db").exists()


def test_every_table_of_the_schema_is_copied(tmp_path):
    """A migration that adds a table must add it to copy.TABLES too, or a copy would drop it."""
    with Store(str(tmp_path / "s.db")) as store:
        names = {r[0] for r in store.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    assert names == set(TABLES)
