"""SQL of the claim-group log: ``group_events`` (append-only, one row per reviewer decision) and
``group_links`` (the current must/cannot link per claim pair, derived from the log).

The rules (which pairs a decision links, what undo takes back) live in
:mod:`workbook.graph.db`; this module only reads and writes the two tables, in SQL that runs on
SQLite and PostgreSQL alike (``RETURNING`` for new ids, ``ON CONFLICT`` upserts). Writers run
inside the caller's ``store.transaction()``.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

EVENT_COLUMNS = ("action", "reviewer", "at", "group_id", "claim_ids", "other_ids", "note")


def insert_event(store, action: str, reviewer: str, at: str, group_id: str | None, claim_ids: str,
                 other_ids: str, note: str | None) -> int:
    """Append one decision (``claim_ids`` / ``other_ids``: JSON lists); returns its event id."""
    row = store.db.execute(
        f"INSERT INTO group_events ({', '.join(EVENT_COLUMNS)}) VALUES (?,?,?,?,?,?,?) RETURNING event_id",
        (action, reviewer, at, group_id, claim_ids, other_ids, note)).fetchone()
    return int(row[0])


def upsert_links(store, rows: Iterable[Sequence]) -> None:
    """Write (claim_a, claim_b, link, reviewer, at, event_id) rows; a pair already linked takes
    the new link (the latest decision on a pair wins)."""
    store.db.executemany(
        """INSERT INTO group_links (claim_a, claim_b, link, reviewer, at, event_id) VALUES (?,?,?,?,?,?)
           ON CONFLICT (claim_a, claim_b) DO UPDATE SET link = excluded.link, reviewer = excluded.reviewer,
               at = excluded.at, event_id = excluded.event_id""",
        [tuple(r) for r in rows])


def clear_links(store) -> None:
    """Forget every derived link (before replaying the log); the log itself is untouched."""
    store.db.execute("DELETE FROM group_links")


def count_links(store) -> int:
    return int(store.db.execute("SELECT COUNT(*) FROM group_links").fetchone()[0])


def notes_of(store, action: str) -> list[str]:
    """The notes of every event of one action (an undo's note names the event it takes back)."""
    return [r[0] for r in store.db.execute("SELECT note FROM group_events WHERE action = ?", (action,))]


def events_oldest_first(store) -> list:
    """(event_id, action, reviewer, at, claim_ids, other_ids) of every event, oldest first."""
    return store.db.execute(
        "SELECT event_id, action, reviewer, at, claim_ids, other_ids FROM group_events ORDER BY event_id"
    ).fetchall()


def decisions_newest_first(store, reviewer: str, actions: Sequence[str]) -> list:
    """(event_id, group_id, claim_ids, other_ids) of a reviewer's decisions of ``actions``, newest first."""
    marks = ",".join("?" * len(actions))
    return store.db.execute(
        f"""SELECT event_id, group_id, claim_ids, other_ids FROM group_events
            WHERE reviewer = ? AND action IN ({marks}) ORDER BY event_id DESC""",
        (reviewer, *actions)).fetchall()


def link_pairs(store) -> list:
    """(claim_a, claim_b, link) of every current link, in decision order."""
    return store.db.execute(
        "SELECT claim_a, claim_b, link FROM group_links ORDER BY event_id, claim_a, claim_b").fetchall()


def links_frame(store) -> pd.DataFrame:
    return store.frame("SELECT * FROM group_links ORDER BY event_id, claim_a, claim_b")


def events_frame(store) -> pd.DataFrame:
    return store.frame("SELECT * FROM group_events ORDER BY event_id")
