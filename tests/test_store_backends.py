"""One store, two backends: the PostgreSQL schema matches SQLite's, the SQL translation is
right, and a loaded and reviewed story reads back the same from either."""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import DATA
from workbook.pipeline import load_into
from workbook.review import db
from workbook.store import IntegrityError, Store, is_url
from workbook.store.errors import StoreError
from workbook.store.pg_schema import PG_BASELINE_VERSION, PG_MIGRATIONS
from workbook.store.postgres import redacted, translate
from workbook.store.schema import MIGRATIONS

TABLES = ("articles", "propagation", "claims", "tag_events", "tags", "final_tags", "span_events",
          "span_overrides", "group_events", "group_links", "assignments")


def test_both_backends_reach_the_same_schema_version():
    assert PG_BASELINE_VERSION + len(PG_MIGRATIONS) == len(MIGRATIONS)


def test_translation_leaves_quoted_question_marks_and_doubles_percent_signs():
    assert translate("SELECT ? WHERE note = 'why?' AND \"a?\" = ?") == \
        "SELECT %s WHERE note = 'why?' AND \"a?\" = %s"
    assert translate("SELECT '100%' LIKE ?") == "SELECT '100%%' LIKE %s"


def test_url_or_path():
    assert is_url("postgresql://u@h/db") and is_url("postgres://h/db")
    assert not is_url("out/workbook.db") and not is_url(None)
    assert redacted("postgresql://ann:s3cret@db.example:5433/story") == "postgresql://ann:***@db.example:5433/story"


@pytest.mark.postgres
def test_postgres_tables_have_the_sqlite_columns(tmp_path, pg_url):
    with Store(tmp_path / "x.db") as lite, Store(pg_url) as pg:
        assert pg.schema_version == lite.schema_version == len(MIGRATIONS)
        for table in TABLES:
            assert pg.columns(table) == lite.columns(table), table


@pytest.mark.postgres
def test_an_empty_postgres_database_is_not_opened_for_reading(pg_url):
    with pytest.raises(StoreError, match="no workbook database at postgresql://"):
        Store(pg_url, create=False)
    Store(pg_url).close()  # a load creates the schema
    with Store(pg_url, create=False) as store:
        assert store.backend == "postgresql"


@pytest.mark.postgres
def test_the_password_never_reaches_a_message(pg_url):
    bad = pg_url.replace("postgresql://", "postgresql://nobody:hunter2@").rsplit(":", 1)[0] + ":1/none"
    with pytest.raises(StoreError) as caught:
        Store(bad)
    assert "hunter2" not in str(caught.value) and "cannot connect to" in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.postgres
def test_the_logs_are_append_only_in_postgres_too(pg_url):
    with Store(pg_url) as store:
        load_into(store, [str(DATA)])
        claim = db.claim_ids(store)[0]
        db.tag(store, claim, "ann", "named")
        for statement in ("UPDATE tag_events SET new_tag = 'outlet'", "DELETE FROM tag_events",
                          "TRUNCATE tag_events CASCADE"):
            with pytest.raises(IntegrityError):
                with store.transaction():
                    store.db.execute(statement)
        assert store.tag_events()["new_tag"].tolist() == ["named"]


def _review(store) -> None:
    load_into(store, [str(DATA)])
    ids = db.claim_ids(store)
    db.tag(store, ids[0], "ann", "named", note="50% sure? she hedges")
    db.tag(store, ids[1], "ann", "anonymous")
    db.tag(store, ids[1], "bob", "outlet")
    db.flag(store, ids[2], "bob", True)
    db.undo(store, "ann")


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    stamps = [c for c in frame.columns if c in ("at", "loaded_at", "extracted_at", "first_seen", "last_seen", "batch")]
    return frame.drop(columns=stamps).reset_index(drop=True)


@pytest.mark.postgres
def test_one_review_reads_back_the_same_from_either_backend(tmp_path, pg_url):
    with Store(tmp_path / "x.db") as lite, Store(pg_url) as pg:
        _review(lite)
        _review(pg)
        for read in (Store.claims, Store.articles, Store.tags, Store.tag_events, Store.sources, Store.propagation):
            pd.testing.assert_frame_equal(_comparable(read(pg)), _comparable(read(lite)), check_dtype=False)
        answer = {k: v for k, v in db.current_tag(pg, db.claim_ids(pg)[0], "ann").items() if k != "at"}
        assert answer == {k: v for k, v in db.current_tag(lite, db.claim_ids(lite)[0], "ann").items() if k != "at"}
        assert answer["note"] == "50% sure? she hedges"


@pytest.mark.postgres
def test_a_writer_that_times_out_waiting_can_write_again(pg_url):
    with Store(pg_url) as holder, Store(pg_url, timeout=0.5) as waiter:
        load_into(holder, [str(DATA)])
        claim = db.claim_ids(holder)[0]
        with holder.transaction():
            with pytest.raises(StoreError, match="busy"):
                db.tag(waiter, claim, "bob", "named")
        assert not waiter.db.in_transaction  # the failed BEGIN left nothing open
        db.tag(waiter, claim, "bob", "outlet")  # and the next tag saves
        assert db.current_tag(holder, claim, "bob")["tag"] == "outlet"


@pytest.mark.postgres
def test_a_failed_statement_inside_a_transaction_is_never_a_silent_commit(pg_url):
    import psycopg

    with Store(pg_url) as store:
        with pytest.raises(StoreError, match="none of it was saved"):
            with store.transaction():
                store.db.execute("INSERT INTO assignments VALUES ('c1', 'ann', 0, 'now')")
                try:
                    store.db.execute("SELECT no_such_column FROM claims")
                except psycopg.errors.UndefinedColumn:
                    pass  # a caller that swallows the error must still learn the write is lost
        assert store.db.execute("SELECT COUNT(*) FROM assignments").fetchone()[0] == 0
        with store.transaction():  # and the store goes on working
            store.db.execute("INSERT INTO assignments VALUES ('c1', 'ann', 0, 'now')")
        assert store.db.execute("SELECT COUNT(*) FROM assignments").fetchone()[0] == 1


@pytest.mark.parametrize("url", [
    "postgresql://ann@127.0.0.1:1/story?password=sekrit",
    "postgresql://ann:se/kr?it@127.0.0.1:1/story",
    "postgresql://ann:se%zzkrit@127.0.0.1:1/story",
])
def test_no_password_in_a_connection_error(url):
    with pytest.raises(StoreError) as caught:
        Store(url)
    message = str(caught.value)
    assert "sekrit" not in message and "kr?it" not in message and "zzkrit" not in message
    assert message.startswith("cannot connect to postgresql://") and "\n" not in message


@pytest.mark.postgres
def test_text_sorts_as_in_sqlite_whatever_the_server_locale(pg_url):
    with Store(pg_url) as store:
        loose = store.db.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND data_type = 'text' AND collation_name IS DISTINCT FROM 'C'").fetchall()
        assert loose == [] or all(t == "sources" for t, _ in loose)  # the view's columns inherit


def test_a_nul_character_is_kept_as_a_replacement_of_the_same_length(db_target, tmp_path):
    from workbook.models import Article

    text = "Officials said the bridge\x00 will reopen in May."
    article = Article(id="nul1", source="nul.txt", text=text, title="A\x00title")
    assert len(article.text) == len(text) and "\x00" not in article.text + article.title
    with Store(db_target) as store:
        store.save_article(article, [])
        assert store.article("nul1").text == text.replace("\x00", "\ufffd")


@pytest.mark.postgres
def test_the_command_line_never_prints_the_password(pg_url, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from workbook.cli import main

    url = pg_url.replace("postgresql://postgres@", "postgresql://postgres:sekrit@")  # trust: ignored
    monkeypatch.chdir(tmp_path)
    for args in (["load", str(DATA), "--no-progress", "--workers", "1"], ["report"], ["groups"],
                 ["review", "agreement"]):
        result = CliRunner().invoke(main, [*args, "--db", url])
        assert result.exit_code == 0, (args, result.output)
        assert "sekrit" not in result.output, args
    assert "postgresql://postgres:***@" in CliRunner().invoke(main, ["load", str(DATA), "--db", url]).output
