"""A database made by the schema before two answers (version 3, one tag per claim, with
"speculative" as a tag) migrates with nothing lost: an old speculative tag becomes the flag with
the claim's suggested sourcing, marked derived='migration'; the log keeps every old event."""
from __future__ import annotations

import sqlite3

import pytest

from workbook.review import db, reviewed_table
from workbook.store import Store, _statements
from workbook.store.schema import MIGRATIONS

OLD_VERSION = 3
AT = "2026-11-30T10:00:00.000000+00:00"


def _old_database(path) -> None:
    """Schema version 3 and data written with that version's SQL (as review/db.py wrote it)."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("BEGIN")
    for script in MIGRATIONS[:OLD_VERSION]:
        for statement in _statements(script):
            con.execute(statement)
    con.execute(f"PRAGMA user_version = {OLD_VERSION}")
    text = "Officials said the bases were ready. The minister said he may resign. An old line."
    con.execute("INSERT INTO articles (id, source, format, outlet, text, body, content_hash, words, loaded_at) "
                "VALUES ('art', 'a.txt', 'txt', 'Example News', ?, '[[0, 80]]', 'h', 14, ?)", (text, AT))
    claims = [("c-anon", "the bases were ready", "anonymous", 0, 1),
              ("c-named", "he may resign", "named", 1, 1),
              ("c-gone", "An old line", "unsourced", 0, 0)]  # inactive: its tags are orphans
    for pos, (cid, claim, suggested, spec, active) in enumerate(claims):
        con.execute("INSERT INTO claims (claim_id, article_id, claim, claim_start, claim_end, kind, suggested, "
                    "speculative, sentence_start, sentence_end, position, active, first_seen, last_seen) "
                    "VALUES (?, 'art', ?, 0, 10, 'direct', ?, ?, 0, 10, ?, ?, ?, ?)",
                    (cid, claim, suggested, spec, pos, active, AT, AT))
    events = [  # (claim, reviewer, action, old, new, note)
        ("c-anon", "alice", "tag", None, "anonymous", None),
        ("c-anon", "alice", "tag", "anonymous", "speculative", "sounds like a guess"),
        ("c-anon", "bob", "tag", None, "anonymous", None),
        ("c-named", "alice", "tag", None, "speculative", None),
        ("c-named", "bob", "tag", None, "named", "on record"),
        ("c-gone", "carol", "tag", None, "speculative", None),
    ]
    current = {}
    for i, (cid, reviewer, action, old, new, note) in enumerate(events, 1):
        con.execute("INSERT INTO tag_events (claim_id, reviewer, action, old_tag, new_tag, note, at, claim_text, "
                    "article_id, batch) VALUES (?,?,?,?,?,?,?,?,?,NULL)",
                    (cid, reviewer, action, old, new, note, AT, cid, "art"))
        current[(cid, reviewer)] = (new, note, i)
    for (cid, reviewer), (tag, note, event_id) in current.items():
        con.execute("INSERT INTO tags (claim_id, reviewer, tag, note, at, event_id) VALUES (?,?,?,?,?,?)",
                    (cid, reviewer, tag, note, AT, event_id))
    con.execute("INSERT INTO tag_events (claim_id, reviewer, action, old_tag, new_tag, note, at) "
                "VALUES ('c-named', 'dana', 'reconcile', NULL, 'speculative', 'agreed in the meeting', ?)", (AT,))
    con.execute("INSERT INTO final_tags (claim_id, tag, note, reviewer, at, event_id) "
                "VALUES ('c-named', 'speculative', 'agreed in the meeting', 'dana', ?, 7)", (AT,))
    con.execute("COMMIT")
    con.close()


@pytest.fixture
def migrated(tmp_path):
    path = str(tmp_path / "old.db")
    _old_database(path)
    before = sqlite3.connect(path)
    old_events = before.execute("SELECT * FROM tag_events ORDER BY event_id").fetchall()
    before.close()
    store = Store(path)
    yield store, old_events
    store.close()


def test_every_tag_survives_and_speculative_becomes_the_flag(migrated):
    store, _ = migrated
    assert store.schema_version == len(MIGRATIONS)
    got = {(r["claim_id"], r["reviewer"]): (r["tag"], r["speculative"], r["note"], r["derived"])
           for r in store.db.execute("SELECT * FROM tags")}
    assert got == {
        ("c-anon", "alice"): ("anonymous", 1, "sounds like a guess", "migration"),
        ("c-anon", "bob"): ("anonymous", None, None, None),
        ("c-named", "alice"): ("named", 1, None, "migration"),
        ("c-named", "bob"): ("named", None, "on record", None),
        ("c-gone", "carol"): ("unsourced", 1, None, "migration"),
    }
    final = store.db.execute("SELECT tag, speculative, reviewer, note, derived FROM final_tags").fetchall()
    assert [tuple(r) for r in final] == [("named", 1, "dana", "agreed in the meeting", "migration")]


def test_the_log_keeps_every_old_event_and_records_the_change(migrated):
    store, old_events = migrated
    columns = [c[1] for c in store.db.execute("PRAGMA table_info(tag_events)")][:len(old_events[0])]
    now = store.db.execute(f"SELECT {', '.join(columns)} FROM tag_events ORDER BY event_id").fetchall()
    assert [tuple(r) for r in now[:len(old_events)]] == old_events
    added = store.db.execute("SELECT claim_id, reviewer, action, old_tag, new_tag, new_speculative, derived "
                             "FROM tag_events WHERE event_id > ? ORDER BY event_id", (len(old_events),)).fetchall()
    assert sorted(tuple(r) for r in added) == sorted([
        ("c-anon", "alice", "migrate", "speculative", "anonymous", 1, "migration"),
        ("c-gone", "carol", "migrate", "speculative", "unsourced", 1, "migration"),
        ("c-named", "alice", "migrate", "speculative", "named", 1, "migration"),
        ("c-named", "dana", "reconcile", "speculative", "named", 1, "migration"),
    ])
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("DELETE FROM tag_events")
    # each current row points at the event that made it
    for event_id, new_tag in store.db.execute(
            "SELECT t.event_id, e.new_tag FROM tags t JOIN tag_events e ON e.event_id = t.event_id "
            "WHERE t.tag IS NOT e.new_tag"):
        pytest.fail(f"tags row points at event {event_id} ({new_tag})")


def test_orphans_undo_and_review_read_the_migrated_answers(migrated):
    store, _ = migrated
    orphans = db.orphans(store)
    assert list(zip(orphans["claim_id"], orphans["reviewer"], orphans["speculative"])) == [("c-gone", "carol", True)]
    # alice's last own action was the old "speculative" tag: undo brings back her earlier tag
    db.undo(store, "alice")
    assert db.current_tag(store, "c-named", "alice") is None
    db.undo(store, "alice")
    answer = db.current_tag(store, "c-anon", "alice")
    assert (answer["tag"], answer["speculative"]) == ("anonymous", None)
    db.undo(store, "alice")
    assert db.current_tag(store, "c-anon", "alice") is None
    table = reviewed_table(store).set_index("claim_id")
    assert table.loc["c-named", "final_tag"] == "named" and table.loc["c-named", "final_speculative"] is True


def test_migrating_twice_changes_nothing(tmp_path):
    path = str(tmp_path / "old.db")
    _old_database(path)
    Store(path).close()
    first = sqlite3.connect(path).execute("SELECT COUNT(*), MAX(event_id) FROM tag_events").fetchone()
    Store(path).close()
    assert sqlite3.connect(path).execute("SELECT COUNT(*), MAX(event_id) FROM tag_events").fetchone() == first
