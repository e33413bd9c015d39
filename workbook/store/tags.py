"""Tags in the store: a reviewer's two answers per claim, their log, final tags, assignments.

A reviewer's answer on a claim has four parts: the sourcing ``tag``, the ``speculative`` flag
(None: not answered), a ``status`` ("unsure" or "skipped") and a ``note``. Every change is an
event in the append-only ``tag_events`` log holding the whole answer before it (``old_*``) and
after it (``new_*``), and the ``tags`` row (the current answer) is updated in the same
transaction. Every row of ``tag_events`` is written by :func:`_insert_event`: the reviewers'
answers through :func:`write_event`, reconciled final tags through :func:`write_final`.

Functions take a :class:`workbook.store.Store` and run inside the caller's transaction unless
they say otherwise.
"""
from __future__ import annotations

import pandas as pd

KEEP = object()  # "not passed": keep the current value
ANSWER_FIELDS = ("tag", "speculative", "status", "note")
STATUSES = ("unsure", "skipped")
# A reviewer's own events (the undo history); 'reconcile' is the final tag, not the reviewer's.
OWN_ACTIONS = ("tag", "clear", "note", "reattach", "undo", "flag", "mark", "accept", "migrate")
OLD_SPECULATIVE_TAG = "speculative"  # before schema 4 speculation was a sourcing tag


def _now() -> str:
    from . import now

    return now()


def _flag(value) -> bool | None:
    return None if value is None else bool(value)


def current(store, claim_id: str, reviewer: str) -> dict | None:
    """The reviewer's current answer on a claim (tag, speculative, status, note, at, event_id,
    derived), or None when they have given none."""
    row = store.db.execute(
        "SELECT tag, speculative, status, note, at, event_id, derived FROM tags WHERE claim_id = ? AND reviewer = ?",
        (claim_id, reviewer)).fetchone()
    if row is None or all(row[f] is None for f in ANSWER_FIELDS):
        return None
    out = dict(row)
    out["speculative"] = _flag(out["speculative"])
    return out


def _claim_snapshot(store, claim_id: str):
    return store.db.execute("SELECT claim, article_id, suggested, speculative FROM claims WHERE claim_id = ?",
                            (claim_id,)).fetchone()


def _insert_event(store, claim_id, reviewer, action, old: dict, new: dict, claim, batch, derived, stamp) -> int:
    cursor = store.db.execute(
        """INSERT INTO tag_events (claim_id, reviewer, action, old_tag, new_tag, old_speculative, new_speculative,
               old_status, new_status, note, at, claim_text, article_id, batch, derived)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING event_id""",
        (claim_id, reviewer, action, old.get("tag"), new["tag"], _db_flag(old.get("speculative")),
         _db_flag(new["speculative"]), old.get("status"), new["status"], new["note"], stamp,
         claim["claim"] if claim else None, claim["article_id"] if claim else None, batch, derived))
    return cursor.fetchone()[0]


def _db_flag(value):
    return None if value is None else int(bool(value))


def write_event(store, claim_id: str, reviewer: str, action: str, *, tag=KEEP, speculative=KEEP, status=KEEP,
                note=KEEP, batch: str | None = None, derived: str | None = None) -> int:
    """Change a reviewer's answer: one event and the current ``tags`` row. Parts not passed keep
    their current value. A new answer needs an existing claim (an undo or re-attach may touch an
    orphan). Returns the event id."""
    if not reviewer or not str(reviewer).strip():
        raise ValueError("a tag needs a reviewer name")
    if status is not KEEP and status is not None and status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; one of {STATUSES} or None")
    claim = _claim_snapshot(store, claim_id)
    if claim is None and action in ("tag", "flag", "mark", "accept", "note"):
        raise ValueError(f"no claim {claim_id!r} in {store.path}: a tag needs a claim to hang on")
    old = current(store, claim_id, reviewer) or {f: None for f in ANSWER_FIELDS}
    given = {"tag": tag, "speculative": speculative, "status": status, "note": note}
    new = {f: (old[f] if v is KEEP else v) for f, v in given.items()}
    new["speculative"] = _flag(new["speculative"])
    stamp = _now()
    event_id = _insert_event(store, claim_id, reviewer, action, old, new, claim, batch, derived, stamp)
    store.db.execute(
        """INSERT INTO tags (claim_id, reviewer, tag, speculative, status, note, at, event_id, derived)
           VALUES (?,?,?,?,?,?,?,?,?)
           ON CONFLICT(claim_id, reviewer) DO UPDATE SET tag=excluded.tag, speculative=excluded.speculative,
               status=excluded.status, note=excluded.note, at=excluded.at, event_id=excluded.event_id,
               derived=excluded.derived""",
        (claim_id, reviewer, new["tag"], _db_flag(new["speculative"]), new["status"], new["note"], stamp,
         event_id, derived))
    return event_id


def own_events(store, reviewer: str) -> list[dict]:
    """The reviewer's own events (not reconciliations), oldest first: the undo history."""
    marks = ",".join("?" * len(OWN_ACTIONS))
    return [dict(r) for r in store.db.execute(
        f"SELECT event_id, claim_id, action, old_tag, new_tag, note, batch FROM tag_events "
        f"WHERE reviewer = ? AND action IN ({marks}) ORDER BY event_id", (reviewer, *OWN_ACTIONS))]


def answer_before(store, claim_id: str, reviewer: str, event_id: int) -> dict:
    """The reviewer's own answer on a claim just before event ``event_id`` (all None when there
    was none). An event from before schema 4 that gave the old "speculative" tag reads as the
    flag with the claim's suggested sourcing, as the migration turned it."""
    marks = ",".join("?" * len(OWN_ACTIONS))
    row = store.db.execute(
        f"""SELECT new_tag AS tag, new_speculative AS speculative, new_status AS status, note, derived
            FROM tag_events WHERE claim_id = ? AND reviewer = ? AND event_id < ? AND action IN ({marks})
            ORDER BY event_id DESC LIMIT 1""", (claim_id, reviewer, event_id, *OWN_ACTIONS)).fetchone()
    if row is None:
        return {f: None for f in ANSWER_FIELDS}
    out = {f: row[f] for f in ANSWER_FIELDS}
    out["speculative"] = _flag(out["speculative"])
    if out["tag"] == OLD_SPECULATIVE_TAG and out["speculative"] is None:
        claim = _claim_snapshot(store, claim_id)
        out["tag"], out["speculative"] = (claim["suggested"] if claim else "unsourced"), True
    return out


def of_claim(store, claim_id: str) -> dict[str, dict]:
    """{reviewer: {tag, speculative, status, note, at}} of every answer given on one claim."""
    out = {}
    for r in store.db.execute(
            "SELECT reviewer, tag, speculative, status, note, at FROM tags WHERE claim_id = ? AND "
            "(tag IS NOT NULL OR speculative IS NOT NULL OR status IS NOT NULL OR note IS NOT NULL) "
            "ORDER BY reviewer", (claim_id,)):
        out[r["reviewer"]] = dict(r) | {"speculative": _flag(r["speculative"])}
    return out


def answers(store, active_only: bool = True) -> pd.DataFrame:
    """Every reviewer's current answer with a sourcing tag or a flag: claim_id, reviewer, tag,
    speculative (True/False/None), status, note; on active claims unless ``active_only=False``."""
    join = "JOIN claims c ON c.claim_id = t.claim_id AND c.active = 1" if active_only else ""
    frame = store.frame(
        f"""SELECT t.claim_id, t.reviewer, t.tag, t.speculative, t.status, t.note FROM tags t {join}
            WHERE t.tag IS NOT NULL OR t.speculative IS NOT NULL ORDER BY t.claim_id, t.reviewer""")
    frame["speculative"] = pd.Series([_flag(v) if v == v else None for v in frame["speculative"]],
                                     index=frame.index, dtype=object)
    for col in ("tag", "status", "note"):
        frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame


def orphaned(store, reviewer: str | None = None) -> list[dict]:
    """Current answers (a tag or a flag) on claims that are inactive or missing, with the claim's
    text and article as they were when answered: claim_id, reviewer, tag, speculative, note,
    at, reason ('inactive' | 'missing'), claim_text, article_id."""
    where = "(t.tag IS NOT NULL OR t.speculative IS NOT NULL) AND (c.claim_id IS NULL OR c.active = 0)"
    params = []
    if reviewer:
        where += " AND t.reviewer = ?"
        params.append(reviewer)
    rows = store.db.execute(
        f"""SELECT t.claim_id, t.reviewer, t.tag, t.speculative, t.note, t.at,
                   CASE WHEN c.claim_id IS NULL THEN 'missing' ELSE 'inactive' END AS reason,
                   COALESCE(c.claim, (SELECT e.claim_text FROM tag_events e WHERE e.claim_id = t.claim_id
                       AND e.claim_text IS NOT NULL ORDER BY e.event_id DESC LIMIT 1)) AS claim_text,
                   COALESCE(c.article_id, (SELECT e.article_id FROM tag_events e WHERE e.claim_id = t.claim_id
                       AND e.article_id IS NOT NULL ORDER BY e.event_id DESC LIMIT 1)) AS article_id
            FROM tags t LEFT JOIN claims c ON c.claim_id = t.claim_id WHERE {where}
            ORDER BY 9 IS NOT NULL, 9, t.claim_id, t.reviewer""", params).fetchall()
    return [dict(r) | {"speculative": _flag(r["speculative"])} for r in rows]


_ORDER = "ORDER BY a.loaded_at, a.id, c.position, c.claim_start, c.claim_id"
_MINE = "EXISTS (SELECT 1 FROM tags t WHERE t.claim_id = c.claim_id AND t.reviewer = ?{})"
_BY_REVIEWER = {
    "untagged": "NOT " + _MINE.format(" AND t.tag IS NOT NULL"),
    "tagged": _MINE.format(" AND t.tag IS NOT NULL"),
    "differs": _MINE.format(" AND t.tag IS NOT NULL AND t.tag <> c.suggested"),
    "unsure": _MINE.format(" AND t.status = 'unsure'"),
    "skipped": _MINE.format(" AND t.status = 'skipped'"),
    "mine": "EXISTS (SELECT 1 FROM assignments s WHERE s.claim_id = c.claim_id AND s.reviewer = ?)",
}
_FOR_ALL = {
    "disagreements": "c.claim_id IN (SELECT claim_id FROM tags GROUP BY claim_id HAVING COUNT(DISTINCT tag) > 1 "
                     "OR COUNT(DISTINCT speculative) > 1)",
    "reconciled": "c.claim_id IN (SELECT claim_id FROM final_tags WHERE tag IS NOT NULL OR speculative IS NOT NULL)",
    "all": "1 = 1",
}


def claim_rows(store, reviewer: str | None = None, status: str = "all", outlet: str | None = None,
               article_id: str | None = None, suggested: str | None = None) -> list:
    """(claim_id, source, source_name, resolved_source) of the active claims matching the
    filters, in reading order. ``status``: one of _BY_REVIEWER (for ``reviewer``) or _FOR_ALL."""
    where, params = ["c.active = 1"], []
    for column, value in (("a.outlet", outlet), ("c.article_id", article_id), ("c.suggested", suggested)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if status in _BY_REVIEWER:
        where.append(_BY_REVIEWER[status])
        params.append(reviewer)
    else:
        where.append(_FOR_ALL[status])
    return store.db.execute(
        f"SELECT c.claim_id, c.source, c.source_name, c.resolved_source FROM claims c "
        f"JOIN articles a ON a.id = c.article_id WHERE {' AND '.join(where)} {_ORDER}", params).fetchall()


def notes(store, active_only: bool = True) -> dict[str, dict[str, str]]:
    """{claim_id: {reviewer: note}} of every current note, with or without a tag."""
    join = "JOIN claims c ON c.claim_id = t.claim_id AND c.active = 1" if active_only else ""
    out: dict[str, dict[str, str]] = {}
    for cid, reviewer, note in store.db.execute(
            f"SELECT t.claim_id, t.reviewer, t.note FROM tags t {join} WHERE t.note IS NOT NULL "
            f"ORDER BY t.claim_id, t.reviewer"):
        out.setdefault(cid, {})[reviewer] = note
    return out


# -- reconciled final tags --------------------------------------------------------------------
def final(store, claim_id: str) -> dict | None:
    row = store.db.execute("SELECT tag, speculative, note, reviewer FROM final_tags WHERE claim_id = ?",
                           (claim_id,)).fetchone()
    return None if row is None else dict(row) | {"speculative": _flag(row["speculative"])}


def write_final(store, claim_id: str, reviewer: str, tag: str | None, speculative: bool | None = None,
                note: str | None = None) -> int:
    """The reconciled answer of a claim: an event (action='reconcile', reviewer = who reconciled)
    and the ``final_tags`` row. ``tag=None`` and ``speculative=None`` withdraw it."""
    old = final(store, claim_id) or {}
    new = {"tag": tag, "speculative": _flag(speculative), "status": None, "note": note}
    stamp = _now()
    event_id = _insert_event(store, claim_id, reviewer, "reconcile", old, new, _claim_snapshot(store, claim_id),
                             None, None, stamp)
    store.db.execute(
        """INSERT INTO final_tags (claim_id, tag, speculative, note, reviewer, at, event_id, derived)
           VALUES (?,?,?,?,?,?,?,NULL)
           ON CONFLICT(claim_id) DO UPDATE SET tag=excluded.tag, speculative=excluded.speculative,
               note=excluded.note, reviewer=excluded.reviewer, at=excluded.at, event_id=excluded.event_id,
               derived=NULL""",
        (claim_id, tag, _db_flag(speculative), note, reviewer, stamp, event_id))
    return event_id


def finals(store) -> pd.DataFrame:
    """Reconciled answers: claim_id, tag, speculative, note, reviewer, at (withdrawn ones left out)."""
    frame = store.frame("SELECT claim_id, tag, speculative, note, reviewer, at FROM final_tags "
                        "WHERE tag IS NOT NULL OR speculative IS NOT NULL ORDER BY claim_id")
    frame["speculative"] = pd.Series([_flag(v) if v == v else None for v in frame["speculative"]],
                                     index=frame.index, dtype=object)
    return frame


# -- assignments ------------------------------------------------------------------------------
def save_assignments(store, rows: list[tuple[str, str, bool]]) -> None:
    """Replace the assignment of claims to reviewers with ``rows`` of (claim_id, reviewer, overlap)."""
    stamp = _now()
    store.db.execute("DELETE FROM assignments")
    store.db.executemany("INSERT INTO assignments (claim_id, reviewer, overlap, assigned_at) VALUES (?,?,?,?)",
                         [(c, r, int(o), stamp) for c, r, o in rows])


def assigned(store, reviewer: str) -> set[str]:
    return {r[0] for r in store.db.execute("SELECT claim_id FROM assignments WHERE reviewer = ?", (reviewer,))}
