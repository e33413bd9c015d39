"""Reviewer decisions on claim groups, kept in the store (migration: group_events, group_links).

Each decision is one committed transaction: an append-only ``group_events`` row (who, when,
what) and, derived from it in the same transaction, the current ``must``/``cannot`` link of
every claim pair it touches (``group_links``; the latest decision on a pair wins). Matching
(:func:`workbook.graph.match.group_claims`) reads the links on every run, so a confirmed pair
stays together and a split pair never re-merges.

- ``confirm(store, claim_ids, reviewer)``: these claims are one group (must-links from the
  group's anchor, its first claim, to every other member).
- ``split(store, part, rest, reviewer)``: ``part`` is not the same claim as ``rest`` (a cannot-
  link for every pair across, replacing any must-link between them).
- ``merge(store, claim_ids_a, claim_ids_b, reviewer)``: two groups are one (confirm of the union).
"""
from __future__ import annotations

import json
from collections.abc import Iterable

import pandas as pd

from ..store import Store, now

ACTIONS = ("confirm", "split", "merge", "unlink")


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _ids(ids: Iterable[str]) -> list[str]:
    out, seen = [], set()
    for claim_id in ids:
        if claim_id and claim_id not in seen:
            seen.add(claim_id)
            out.append(str(claim_id))
    return out


def record_group_event(store: Store, action: str, reviewer: str, claim_ids: Iterable[str],
                       other_ids: Iterable[str] = (), group_id: str | None = None,
                       note: str | None = None) -> int:
    """Append one decision and update the pair links it implies, in one transaction.
    Returns the event id."""
    if action not in ACTIONS:
        raise ValueError(f"unknown group action {action!r} (expected one of {', '.join(ACTIONS)})")
    if not reviewer or not reviewer.strip():
        raise ValueError("a group decision needs a reviewer name")
    claim_ids, other_ids = _ids(claim_ids), _ids(other_ids)
    if action in ("confirm", "merge") and len(claim_ids) + len(other_ids) < 2:
        raise ValueError(f"{action} needs at least two claims")
    if action in ("split", "unlink") and (not claim_ids or not other_ids):
        raise ValueError(f"{action} needs claims on both sides")
    if set(claim_ids) & set(other_ids):
        raise ValueError("a claim cannot be on both sides of a decision")
    if action in ("confirm", "merge"):
        members = claim_ids + other_ids
        anchor = members[0]
        links = [(_pair(anchor, m), "must") for m in members[1:]]
    else:
        links = [(_pair(a, b), "cannot") for a in claim_ids for b in other_ids]
    with store.transaction():
        stamp = now()
        cursor = store.db.execute(
            """INSERT INTO group_events (action, reviewer, at, group_id, claim_ids, other_ids, note)
               VALUES (?,?,?,?,?,?,?)""",
            (action, reviewer.strip(), stamp, group_id, json.dumps(claim_ids), json.dumps(other_ids), note))
        event_id = cursor.lastrowid
        store.db.executemany(
            """INSERT INTO group_links (claim_a, claim_b, link, reviewer, at, event_id) VALUES (?,?,?,?,?,?)
               ON CONFLICT(claim_a, claim_b) DO UPDATE SET link=excluded.link, reviewer=excluded.reviewer,
                   at=excluded.at, event_id=excluded.event_id""",
            [(a, b, link, reviewer.strip(), stamp, event_id) for (a, b), link in links])
    return event_id


def confirm(store: Store, claim_ids: Iterable[str], reviewer: str, group_id: str | None = None,
            note: str | None = None) -> int:
    return record_group_event(store, "confirm", reviewer, claim_ids, group_id=group_id, note=note)


def split(store: Store, part: Iterable[str], rest: Iterable[str], reviewer: str,
          group_id: str | None = None, note: str | None = None) -> int:
    return record_group_event(store, "split", reviewer, part, rest, group_id=group_id, note=note)


def merge(store: Store, claim_ids_a: Iterable[str], claim_ids_b: Iterable[str], reviewer: str,
          group_id: str | None = None, note: str | None = None) -> int:
    return record_group_event(store, "merge", reviewer, claim_ids_a, claim_ids_b, group_id=group_id, note=note)


def group_links(store: Store) -> pd.DataFrame:
    """The current link per claim pair: claim_a, claim_b, link (must|cannot), reviewer, at."""
    return pd.read_sql_query("SELECT * FROM group_links ORDER BY event_id, claim_a, claim_b", store.db)


def group_events(store: Store) -> pd.DataFrame:
    frame = pd.read_sql_query("SELECT * FROM group_events ORDER BY event_id", store.db)
    frame["claim_ids"] = [json.loads(v) for v in frame["claim_ids"]]
    frame["other_ids"] = [json.loads(v) for v in frame["other_ids"]]
    return frame


def links_for_matching(store: Store) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(must pairs, cannot pairs), must pairs in decision order."""
    links = group_links(store)
    must = [(a, b) for a, b, link in zip(links["claim_a"], links["claim_b"], links["link"]) if link == "must"]
    cannot = [(a, b) for a, b, link in zip(links["claim_a"], links["claim_b"], links["link"]) if link == "cannot"]
    return must, cannot
