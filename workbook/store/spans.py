"""Span corrections and reviewer-added claims in the store (inside the caller's transaction).

Every correction is an event in the append-only ``span_events`` log and the current correction
per claim and field in ``span_overrides``, which a trigger re-applies when a re-extraction
rewrites the claim row.
"""
from __future__ import annotations

import pandas as pd

SPAN_FIELDS = ("claim", "source", "cue")


def _now() -> str:
    from . import now

    return now()


def span_of(store, claim_id: str, field: str):
    """(article_id, text, start, end_, article) of a claim's span, or None for no such claim."""
    if field not in SPAN_FIELDS:
        raise ValueError(f"field must be one of {SPAN_FIELDS}")
    return store.db.execute(
        f"SELECT c.article_id, c.{field} AS text, c.{field}_start AS start, c.{field}_end AS end_, a.text AS article "
        f"FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.claim_id = ?", (claim_id,)).fetchone()


def write_correction(store, claim_id: str, article_id: str, field: str, reviewer: str, old: tuple, new: tuple,
                     note: str | None, action: str, batch: str | None) -> int:
    """Log a correction (``old``/``new``: (start, end, text)), keep it as the override, apply it
    to the claim row and widen the sentence to hold it. Returns the span event id."""
    if field not in SPAN_FIELDS:
        raise ValueError(f"field must be one of {SPAN_FIELDS}")
    (old_start, old_end, old_text), (start, end, text) = old, new
    event_id = store.db.execute(
        """INSERT INTO span_events (claim_id, article_id, reviewer, action, field, old_start, old_end,
               new_start, new_end, old_text, new_text, note, at, batch) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
           RETURNING event_id""",
        (claim_id, article_id, reviewer, action, field, old_start, old_end, start, end, old_text, text, note,
         _now(), batch)).fetchone()[0]
    store.db.execute(
        """INSERT INTO span_overrides (claim_id, field, start, "end", text, event_id) VALUES (?,?,?,?,?,?)
           ON CONFLICT(claim_id, field) DO UPDATE SET start=excluded.start, "end"=excluded."end",
               text=excluded.text, event_id=excluded.event_id""",
        (claim_id, field, start, end, text, event_id))
    store.db.execute(f"UPDATE claims SET {field} = ?, {field}_start = ?, {field}_end = ? WHERE claim_id = ?",
                     (text, start, end, claim_id))
    widen_sentences(store, "claim_id = ?", (claim_id,))
    return event_id


def widen_sentences(store, where: str, params: tuple) -> None:
    """Make each claim's sentence hold its claim, source and cue spans (a corrected span may lie
    outside the sentence the extractor saw). Done here rather than in SQL: SQLite's MIN(a, b)
    is PostgreSQL's LEAST(a, b), and neither backend knows the other's."""
    rows = store.db.execute(
        f"""SELECT claim_id, sentence_start, sentence_end, claim_start, claim_end, source_start, source_end,
                   cue_start, cue_end FROM claims WHERE {where}""", params).fetchall()
    changed = []
    for cid, s_start, s_end, c_start, c_end, src_start, src_end, cue_start, cue_end in rows:
        start = min(v for v in (s_start, c_start, src_start, cue_start) if v is not None)
        end = max(v for v in (s_end, c_end, src_end, cue_end) if v is not None)
        if (start, end) != (s_start, s_end):
            changed.append((start, end, cid))
    store.db.executemany("UPDATE claims SET sentence_start = ?, sentence_end = ? WHERE claim_id = ?", changed)


def claim_at(store, claim_id: str):
    """(claim_start, claim_end, active) of a claim id, or None when the id is free."""
    return store.db.execute("SELECT claim_start, claim_end, active FROM claims WHERE claim_id = ?",
                            (claim_id,)).fetchone()


def insert_added_claim(store, cid: str, article_id: str, reviewer: str, spans: dict, suggested: str,
                       note: str | None, batch: str) -> None:
    """A claim a reviewer added (origin='reviewer'), placed after the claims before it, and its
    spans logged (action='add_claim'). ``spans``: {field: (text, start, end)}; claim required."""
    claim_text, cs, ce = spans["claim"]
    source, ss, se = spans.get("source") or (None, None, None)
    cue, us, ue = spans.get("cue") or (None, None, None)
    prev = store.db.execute("SELECT MAX(position) FROM claims WHERE article_id = ? AND claim_start <= ?",
                            (article_id, cs)).fetchone()[0]
    stamp = _now()
    starts = [s for s in (cs, ss, us) if s is not None]
    ends = [e for e in (ce, se, ue) if e is not None]
    store.db.execute(
        """INSERT INTO claims (claim_id, article_id, claim, claim_start, claim_end, source, source_start,
               source_end, cue, cue_start, cue_end, kind, suggested, speculative, hedges, sentence_start,
               sentence_end, position, origin, active, first_seen, last_seen)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
        (cid, article_id, claim_text, cs, ce, source, ss, se, cue, us, ue, "reviewer", suggested, 0, "[]",
         min(starts), max(ends), prev if prev is not None else -1, "reviewer", 1, stamp, stamp))
    for field in SPAN_FIELDS:
        t, s, e = spans.get(field) or (None, None, None)
        if field == "claim" or s is not None:
            store.db.execute(
                """INSERT INTO span_events (claim_id, article_id, reviewer, action, field, new_start, new_end,
                       new_text, note, at, batch) VALUES (?,?,?,?,?,?,?,?,?,?,?)""",
                (cid, article_id, reviewer, "add_claim", field, s, e, t, note, stamp, batch))


def span_events(store) -> pd.DataFrame:
    return store.frame("SELECT * FROM span_events ORDER BY event_id")
