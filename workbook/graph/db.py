"""Reviewer decisions on claim groups, kept in the store (migration: group_events, group_links).

The rules live here, the SQL in :mod:`workbook.store.groups`. Each decision is one committed
transaction: an append-only ``group_events`` row (who, when, what) and, derived from it in the
same transaction, the current ``must``/``cannot`` link of every claim pair it touches
(``group_links``; the latest decision on a pair wins). Matching
(:func:`workbook.graph.match.claim_groups`) reads the links on every run, so a confirmed pair stays
together and a split pair never re-merges.

- ``confirm(store, claim_ids, reviewer)``: these claims are one group (a must-link for every
  pair of members, see :func:`must_pairs`).
- ``split(store, part, rest, reviewer)``: ``part`` is not the same claim as ``rest`` (a cannot-
  link for every pair across, replacing any must-link between them; links inside ``part`` and
  inside ``rest`` are untouched, so ``split([A], [B, C])`` after ``confirm([A, B, C])`` leaves
  B-C a must-link).
- ``merge(store, claim_ids_a, claim_ids_b, reviewer)``: two groups are one (confirm of the union).

No single claim holds a confirmed group together: the must-links are not a star from one
member, so a member going inactive (a re-extraction orphaned it) or being split off leaves the
other members linked. A group of n claims costs n*(n-1)/2 link rows, which is nothing for
review-sized groups; above :data:`MAX_ALL_PAIRS` members each member is instead linked to the
next :data:`RING_WIDTH` members in the decision's order, wrapping around (a circulant ring:
``RING_WIDTH * n`` rows, and the group stays connected whatever ``2 * RING_WIDTH - 1`` members
drop out or are split off).

:func:`undo` takes back a reviewer's latest decision with a new ``undo`` event; the links are
then replayed from the log without the undone decision.

Databases written before this rule hold star-shaped links; :func:`rebuild_group_links` replays
``group_events`` (the append-only record) into ``group_links`` with the current rule.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable

import pandas as pd

from ..store import Store, now
from ..store import groups as store_groups

ACTIONS = ("confirm", "split", "merge", "unlink")
UNDO = "undo"  # an event that takes back an earlier decision; its note is "undoes event <id>"
_UNDOES = re.compile(r"^undoes event (\d+)$")
MAX_ALL_PAIRS = 200  # a confirmed group up to this size gets a must-link for every pair
RING_WIDTH = 10  # above it: each member linked to the next RING_WIDTH members (circulant ring)


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _ids(ids: Iterable[str]) -> list[str]:
    out, seen = [], set()
    for claim_id in ids:
        if claim_id and claim_id not in seen:
            seen.add(claim_id)
            out.append(str(claim_id))
    return out


def must_pairs(members: list[str]) -> list[tuple[str, str]]:
    """The must-link pairs (sorted pairs, no repeats) that make ``members`` one group: every
    pair up to :data:`MAX_ALL_PAIRS` members, a circulant ring of width :data:`RING_WIDTH`
    above that (each member to the next ``RING_WIDTH`` members, wrapping around)."""
    n = len(members)
    if n <= MAX_ALL_PAIRS:
        return [_pair(members[i], members[j]) for i in range(n) for j in range(i + 1, n)]
    pairs = dict.fromkeys(_pair(members[i], members[(i + k) % n])
                          for i in range(n) for k in range(1, RING_WIDTH + 1))
    return list(pairs)


def _links(action: str, claim_ids: list[str], other_ids: list[str]) -> list[tuple[tuple[str, str], str]]:
    if action in ("confirm", "merge"):
        return [(pair, "must") for pair in must_pairs(claim_ids + other_ids)]
    return [(_pair(a, b), "cannot") for a in claim_ids for b in other_ids]


def _write_links(store: Store, links, reviewer: str, stamp: str, event_id: int) -> None:
    store_groups.upsert_links(store, [(a, b, link, reviewer, stamp, event_id) for (a, b), link in links])


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
    links = _links(action, claim_ids, other_ids)
    with store.transaction():
        stamp = now()
        event_id = store_groups.insert_event(store, action, reviewer.strip(), stamp, group_id,
                                             json.dumps(claim_ids), json.dumps(other_ids), note)
        _write_links(store, links, reviewer.strip(), stamp, event_id)
    return event_id


def rebuild_group_links(store: Store) -> int:
    """Derive ``group_links`` afresh from ``group_events`` (oldest first, so the latest decision
    on a pair wins), in one transaction. Upgrades links written under an older rule (a star from
    the group's first claim). The event log is not touched. Returns the number of links."""
    with store.transaction():
        return _rebuild_links(store)


def _undone(store: Store) -> set[int]:
    return {int(m.group(1)) for note in store_groups.notes_of(store, UNDO) if (m := _UNDOES.match(note or ""))}


def _rebuild_links(store: Store) -> int:
    """``group_links`` replayed from the log, inside the caller's transaction; decisions that
    were undone are left out."""
    undone = _undone(store)
    events = store_groups.events_oldest_first(store)
    store_groups.clear_links(store)
    for event_id, action, reviewer, stamp, claim_ids, other_ids in events:
        if action not in ACTIONS or event_id in undone:
            continue
        _write_links(store, _links(action, _ids(json.loads(claim_ids)), _ids(json.loads(other_ids))),
                     reviewer, stamp, event_id)
    return store_groups.count_links(store)


def _undo_target(store: Store, reviewer: str):
    """(event_id, group_id, claim_ids, other_ids) of the reviewer's latest decision not undone yet."""
    undone = _undone(store)
    rows = store_groups.decisions_newest_first(store, reviewer.strip(), ACTIONS)
    return next((r for r in rows if r[0] not in undone), None)


def undoable(store: Store, reviewer: str) -> int | None:
    """The event id :func:`undo` would take back for ``reviewer`` (None: nothing to undo)."""
    target = _undo_target(store, reviewer)
    return None if target is None else int(target[0])


def undo(store: Store, reviewer: str) -> int | None:
    """Take back ``reviewer``'s latest decision that is not undone yet: a new ``undo`` event
    (the log keeps both) and the links derived again without it, in one transaction. Returns
    the undo event's id, or None when there is nothing to undo."""
    if not reviewer or not reviewer.strip():
        raise ValueError("a group decision needs a reviewer name")
    with store.transaction():
        target = _undo_target(store, reviewer)
        if target is None:
            return None
        event_id = store_groups.insert_event(store, UNDO, reviewer.strip(), now(), target[1], target[2],
                                             target[3], f"undoes event {target[0]}")
        _rebuild_links(store)
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
    return store_groups.links_frame(store)


def group_events(store: Store) -> pd.DataFrame:
    frame = store_groups.events_frame(store)
    frame["claim_ids"] = [json.loads(v) for v in frame["claim_ids"]]
    frame["other_ids"] = [json.loads(v) for v in frame["other_ids"]]
    return frame


def links_for_matching(store: Store) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(must pairs, cannot pairs), must pairs in decision order."""
    links = store_groups.link_pairs(store)
    must = [(a, b) for a, b, link in links if link == "must"]
    cannot = [(a, b) for a, b, link in links if link == "cannot"]
    return must, cannot
