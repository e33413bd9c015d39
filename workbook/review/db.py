"""The review's reads and writes over a :class:`workbook.store.Store`.

Every decision is committed when it is made, in its own transaction, into the append-only
``tag_events`` log (who, when, old, new, note) and the ``tags`` table (current tag per claim and
reviewer). Undo, bulk tags, re-attaching orphans and reconciling are new events, never deletions.
Span corrections and claims a reviewer adds are logged in ``span_events``; corrections live in
``span_overrides`` and a trigger puts them back whenever a re-extraction rewrites the claim.

The panel (``workbook.review.panel``) only calls these functions, so everything it does can be
done (and tested) from plain Python.
"""
from __future__ import annotations

import difflib
import getpass
import json
import os
import uuid

import pandas as pd

from ..models import normalize_for_id
from ..store import Store, now
from ..table import claim_id_for

TAG_ACTIONS = ("tag", "clear", "note", "reattach")  # what a reviewer's undo can take back
STATUSES = ("all", "untagged", "tagged", "disagreements", "differs", "reconciled")
SPAN_FIELDS = ("claim", "source", "cue")


def default_reviewer() -> str:
    """$WORKBOOK_REVIEWER, else the OS user name."""
    name = os.environ.get("WORKBOOK_REVIEWER")
    if name and name.strip():
        return name.strip()
    try:
        return getpass.getuser()
    except Exception:  # no user database entry (some containers)
        return "reviewer"


def _check_reviewer(reviewer: str) -> str:
    if not reviewer or not str(reviewer).strip():
        raise ValueError("a tag needs a reviewer name")
    return str(reviewer).strip()


# -- writing tag events -------------------------------------------------------------------------
def _write_tag_event(store: Store, claim_id: str, reviewer: str, action: str, tag: str | None,
                     note: str | None, batch: str | None) -> int:
    """One event + the current tag, inside the caller's transaction (Store.write_tag_event)."""
    return store.write_tag_event(claim_id, reviewer, tag, note, action, batch)


def tag(store: Store, claim_id: str, reviewer: str, tag: str | None, note: str | None = None) -> int:
    """Tag one claim (``tag=None`` clears it): one committed transaction (Store.record_tag)."""
    reviewer = _check_reviewer(reviewer)
    note = note if note and note.strip() else None
    return store.record_tag(claim_id, reviewer, tag, note=note, action="tag" if tag is not None else "clear")


def set_note(store: Store, claim_id: str, reviewer: str, note: str | None) -> int | None:
    """Change the note on the reviewer's current tag (an event with action='note')."""
    reviewer = _check_reviewer(reviewer)
    current = current_tag(store, claim_id, reviewer)
    if current is None:
        return None
    note = note if note and note.strip() else None
    return store.record_tag(claim_id, reviewer, current["tag"], note=note, action="note")


def current_tag(store: Store, claim_id: str, reviewer: str) -> dict | None:
    row = store.db.execute("SELECT tag, note, at, event_id FROM tags WHERE claim_id = ? AND reviewer = ? "
                           "AND tag IS NOT NULL", (claim_id, reviewer)).fetchone()
    return dict(row) if row else None


def tags_of_claim(store: Store, claim_id: str) -> dict[str, dict]:
    """{reviewer: {tag, note, at}} of every reviewer's current tag on one claim."""
    return {r["reviewer"]: dict(r) for r in store.db.execute(
        "SELECT reviewer, tag, note, at FROM tags WHERE claim_id = ? AND tag IS NOT NULL ORDER BY reviewer",
        (claim_id,))}


def bulk_tag(store: Store, claim_ids: list[str], reviewer: str, tag: str | None, note: str | None = None,
             overwrite: bool = False) -> dict:
    """Tag many claims at once, in one transaction and one batch (one undo takes it back).
    Claims the reviewer already tagged differently are kept unless ``overwrite``."""
    reviewer = _check_reviewer(reviewer)
    note = note if note and note.strip() else None
    batch = "bulk-" + uuid.uuid4().hex[:12]
    done, kept, same = [], [], []
    with store.transaction():
        for cid in dict.fromkeys(claim_ids):
            current = store.db.execute("SELECT tag FROM tags WHERE claim_id = ? AND reviewer = ?",
                                       (cid, reviewer)).fetchone()
            old = current["tag"] if current else None
            if old == tag:
                same.append(cid)
                continue
            if old is not None and not overwrite:
                kept.append(cid)
                continue
            _write_tag_event(store, cid, reviewer, "tag" if tag is not None else "clear", tag, note, batch)
            done.append(cid)
    return {"tagged": done, "kept": kept, "unchanged": same, "batch": batch}


def _undo_stack(store: Store, reviewer: str) -> list[list[dict]]:
    """The reviewer's not-yet-undone actions, oldest first; an action is one event or a batch."""
    rows = store.db.execute(
        "SELECT event_id, claim_id, action, old_tag, new_tag, note, batch FROM tag_events "
        "WHERE reviewer = ? AND action IN ('tag', 'clear', 'note', 'reattach', 'undo') ORDER BY event_id",
        (reviewer,)).fetchall()
    groups: list[list[dict]] = []
    for row in rows:
        row = dict(row)
        if groups and row["batch"] and groups[-1][0]["batch"] == row["batch"]:
            groups[-1].append(row)
        else:
            groups.append([row])
    stack: list[list[dict]] = []
    for group in groups:
        if group[0]["action"] == "undo":
            if stack:
                stack.pop()
        else:
            stack.append(group)
    return stack


def undo(store: Store, reviewer: str) -> list[int]:
    """Take back the reviewer's last action (a tag, a clear, a note, a bulk tag, a re-attach) by
    writing new events (action='undo') that restore the tag and note as they were. Repeated
    undos walk further back. Returns the new event ids (empty when there is nothing to undo)."""
    reviewer = _check_reviewer(reviewer)
    with store.transaction():
        stack = _undo_stack(store, reviewer)
        if not stack:
            return []
        group = stack[-1]
        batch = "undo-" + uuid.uuid4().hex[:12]
        ids = []
        for event in reversed(group):
            before = store.db.execute(
                # The reviewer's own tag before this event: a reconcile event by the same person
                # is the final tag, not theirs, and must not come back on undo.
                "SELECT new_tag, note FROM tag_events WHERE claim_id = ? AND reviewer = ? AND event_id < ? "
                "AND action IN ('tag', 'clear', 'note', 'reattach', 'undo') "
                "ORDER BY event_id DESC LIMIT 1", (event["claim_id"], reviewer, event["event_id"])).fetchone()
            old_tag = before["new_tag"] if before else None
            old_note = before["note"] if before else None
            ids.append(_write_tag_event(store, event["claim_id"], reviewer, "undo", old_tag, old_note, batch))
    return ids


def last_undoable(store: Store, reviewer: str) -> list[dict]:
    stack = _undo_stack(store, reviewer)
    return stack[-1] if stack else []


# -- reading claims for the panel -----------------------------------------------------------------
_ORDER = "ORDER BY a.loaded_at, a.id, c.position, c.claim_start, c.claim_id"


def claim_ids(store: Store, reviewer: str | None = None, status: str = "all", outlet: str | None = None,
              article_id: str | None = None, suggested: str | None = None, source_key: str | None = None) -> list[str]:
    """The ids of the active claims matching the filters, in reading order (articles as loaded,
    claims by position). Only ids: the panel fetches one claim at a time."""
    where, params = ["c.active = 1"], []
    if outlet:
        where.append("a.outlet = ?")
        params.append(outlet)
    if article_id:
        where.append("c.article_id = ?")
        params.append(article_id)
    if suggested:
        where.append("c.suggested = ?")
        params.append(suggested)
    mine = "EXISTS (SELECT 1 FROM tags t WHERE t.claim_id = c.claim_id AND t.reviewer = ? AND t.tag IS NOT NULL{})"
    by_reviewer = {"untagged": "NOT " + mine.format(""), "tagged": mine.format(""),
                   "differs": mine.format(" AND t.tag <> c.suggested")}
    if status in by_reviewer:
        where.append(by_reviewer[status])
        params.append(reviewer)
    elif status == "disagreements":
        where.append("c.claim_id IN (SELECT claim_id FROM tags WHERE tag IS NOT NULL GROUP BY claim_id "
                     "HAVING COUNT(DISTINCT tag) > 1)")
    elif status == "reconciled":
        where.append("c.claim_id IN (SELECT claim_id FROM final_tags WHERE tag IS NOT NULL)")
    elif status != "all":
        raise ValueError(f"unknown status {status!r}; one of {STATUSES}")
    sql = (f"SELECT c.claim_id, c.source, c.source_name, c.resolved_source FROM claims c "
           f"JOIN articles a ON a.id = c.article_id WHERE {' AND '.join(where)} {_ORDER}")
    rows = store.db.execute(sql, params).fetchall()
    if source_key:
        return [r[0] for r in rows if source_key_of(r["source"], r["source_name"], r["resolved_source"]) == source_key]
    return [r[0] for r in rows]


def source_key_of(source: str | None, source_name: str | None = None, resolved: str | None = None) -> str | None:
    """What "the same source" means for bulk tagging: the resolved name, the name, or the source
    text, normalised."""
    for value in (resolved, source_name, source):
        if value and normalize_for_id(value):
            return normalize_for_id(value)
    return None


def claim(store: Store, claim_id: str) -> dict | None:
    """One claim row with its article's outlet, date, title and text."""
    row = store.db.execute(
        """SELECT c.*, a.outlet, a.original_outlet, a.published, a.title, a.url, a.author, a.text AS article_text
           FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.claim_id = ?""", (claim_id,)).fetchone()
    if row is None:
        return None
    out = dict(row)
    out["hedges"] = json.loads(out["hedges"] or "[]")
    out["speculative"] = bool(out["speculative"])
    return out


def progress(store: Store, reviewer: str) -> tuple[int, int]:
    """(claims this reviewer has tagged, active claims), over the whole database."""
    total = store.db.execute("SELECT COUNT(*) FROM claims WHERE active = 1").fetchone()[0]
    done = store.db.execute(
        "SELECT COUNT(*) FROM tags t JOIN claims c ON c.claim_id = t.claim_id "
        "WHERE t.reviewer = ? AND t.tag IS NOT NULL AND c.active = 1", (reviewer,)).fetchone()[0]
    return done, total


def first_untagged(store: Store, reviewer: str, ids: list[str] | None = None) -> int:
    """Index (into ``ids``, default all active claims) of the first claim the reviewer has not tagged."""
    ids = claim_ids(store) if ids is None else ids
    tagged = {r[0] for r in store.db.execute(
        "SELECT claim_id FROM tags WHERE reviewer = ? AND tag IS NOT NULL", (reviewer,))}
    for i, cid in enumerate(ids):
        if cid not in tagged:
            return i
    return max(len(ids) - 1, 0)


def filter_options(store: Store) -> dict:
    outlets = [r[0] for r in store.db.execute(
        "SELECT DISTINCT a.outlet FROM articles a JOIN claims c ON c.article_id = a.id "
        "WHERE c.active = 1 AND a.outlet IS NOT NULL ORDER BY a.outlet")]
    articles = [(r[0], r[1]) for r in store.db.execute(
        "SELECT a.id, COALESCE(a.title, a.source) FROM articles a WHERE EXISTS "
        "(SELECT 1 FROM claims c WHERE c.article_id = a.id AND c.active = 1) ORDER BY a.loaded_at, a.id")]
    suggested = [r[0] for r in store.db.execute(
        "SELECT DISTINCT suggested FROM claims WHERE active = 1 ORDER BY suggested")]
    return {"outlets": outlets, "articles": articles, "suggested": suggested}


# -- spans: corrections and added claims ----------------------------------------------------------
def correct_span(store: Store, claim_id: str, field: str, start: int | None, end: int | None, reviewer: str,
                 note: str | None = None, action: str = "correct", batch: str | None = None) -> int:
    """Correct the claim, source or cue span of a claim (offsets into the article text; for
    source and cue, ``start=None`` removes the span). Logged in span_events; kept in
    span_overrides, which a trigger re-applies when a re-extraction rewrites the claim, so the
    correction survives. The claim_id does not change: tags stay on the claim."""
    reviewer = _check_reviewer(reviewer)
    if field not in SPAN_FIELDS:
        raise ValueError(f"field must be one of {SPAN_FIELDS}")
    with store.transaction():
        row = store.db.execute(
            f"SELECT c.article_id, c.{field} AS text, c.{field}_start AS start, c.{field}_end AS end_, a.text AS article "
            f"FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.claim_id = ?", (claim_id,)).fetchone()
        if row is None:
            raise KeyError(f"no claim {claim_id}")
        article = row["article"]
        if start is None or end is None:
            if field == "claim":
                raise ValueError("a claim span cannot be removed")
            start = end = None
            text = None
        else:
            start, end = int(start), int(end)
            if not (0 <= start < end <= len(article)):
                raise ValueError(f"span {start}-{end} is outside the article (0-{len(article)}) or empty")
            text = article[start:end]
        cursor = store.db.execute(
            """INSERT INTO span_events (claim_id, article_id, reviewer, action, field, old_start, old_end,
                   new_start, new_end, old_text, new_text, note, at, batch) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (claim_id, row["article_id"], reviewer, action, field, row["start"], row["end_"], start, end,
             row["text"], text, note, now(), batch))
        event_id = cursor.lastrowid
        store.db.execute(
            """INSERT INTO span_overrides (claim_id, field, start, "end", text, event_id) VALUES (?,?,?,?,?,?)
               ON CONFLICT(claim_id, field) DO UPDATE SET start=excluded.start, "end"=excluded."end",
                   text=excluded.text, event_id=excluded.event_id""",
            (claim_id, field, start, end, text, event_id))
        store.db.execute(f"UPDATE claims SET {field} = ?, {field}_start = ?, {field}_end = ? WHERE claim_id = ?",
                         (text, start, end, claim_id))
        _widen_sentence(store, claim_id)
    return event_id


def _widen_sentence(store: Store, claim_id: str) -> None:
    store.db.execute(
        """UPDATE claims SET
               sentence_start = MIN(sentence_start, claim_start, COALESCE(source_start, claim_start), COALESCE(cue_start, claim_start)),
               sentence_end = MAX(sentence_end, claim_end, COALESCE(source_end, claim_end), COALESCE(cue_end, claim_end))
           WHERE claim_id = ?""", (claim_id,))


def find_in_article(text: str, needle: str, near: int = 0) -> tuple[int, int] | None:
    """Offsets of ``needle`` in ``text``, the occurrence nearest to ``near`` (selecting text)."""
    needle = needle.strip()
    if not needle:
        return None
    hits, i = [], text.find(needle)
    while i >= 0:
        hits.append(i)
        i = text.find(needle, i + 1)
    if not hits:
        return None
    best = min(hits, key=lambda h: abs(h - near))
    return best, best + len(needle)


def correct_span_text(store: Store, claim_id: str, field: str, selected: str, reviewer: str,
                      note: str | None = None) -> int:
    """Correct a span by the text the reviewer selected (the occurrence nearest the claim)."""
    row = claim(store, claim_id)
    if row is None:
        raise KeyError(f"no claim {claim_id}")
    span = find_in_article(row["article_text"], selected, near=row["claim_start"])
    if span is None:
        raise ValueError(f"{selected!r} is not in the article text")
    return correct_span(store, claim_id, field, span[0], span[1], reviewer, note=note)


def add_claim(store: Store, article_id: str, claim_span: tuple[int, int], reviewer: str,
              source_span: tuple[int, int] | None = None, cue_span: tuple[int, int] | None = None,
              suggested: str = "unsourced", note: str | None = None) -> str:
    """Add a claim the extractor missed (origin='reviewer'; a re-extraction never deactivates it).
    Its id comes from table.claim_id_for like any claim, so if a better extractor later finds the
    same claim it updates this row and the tags stay. Logged in span_events (action='add_claim')."""
    reviewer = _check_reviewer(reviewer)
    with store.transaction():
        art = store.db.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        if art is None:
            raise KeyError(f"no article {article_id}")
        text = art["text"]

        def piece(span):
            if span is None:
                return None, None, None
            s, e = int(span[0]), int(span[1])
            if not (0 <= s < e <= len(text)):
                raise ValueError(f"span {s}-{e} is outside the article or empty")
            return text[s:e], s, e

        claim_text, cs, ce = piece(claim_span)
        source, ss, se = piece(source_span)
        cue, us, ue = piece(cue_span)
        cid = claim_id_for(article_id, claim_text)
        occurrence = 1
        while store.db.execute("SELECT 1 FROM claims WHERE claim_id = ?", (cid,)).fetchone():
            row = store.db.execute("SELECT claim_start, claim_end, active FROM claims WHERE claim_id = ?", (cid,)).fetchone()
            if row["claim_start"] == cs and row["claim_end"] == ce and row["active"]:
                raise ValueError(f"this claim is already in the table ({cid})")
            cid = claim_id_for(article_id, claim_text, source or "", occurrence)
            occurrence += 1
        prev = store.db.execute("SELECT MAX(position) FROM claims WHERE article_id = ? AND claim_start <= ?",
                                (article_id, cs)).fetchone()[0]
        stamp = now()
        starts = [s for s in (cs, ss, us) if s is not None]
        ends = [e for e in (ce, se, ue) if e is not None]
        store.db.execute(
            """INSERT INTO claims (claim_id, article_id, claim, claim_start, claim_end, source, source_start,
                   source_end, cue, cue_start, cue_end, kind, suggested, speculative, hedges, sentence_start,
                   sentence_end, position, origin, active, first_seen, last_seen)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (cid, article_id, claim_text, cs, ce, source, ss, se, cue, us, ue, "reviewer", suggested, 0, "[]",
             min(starts), max(ends), prev if prev is not None else -1, "reviewer", 1, stamp, stamp))
        batch = "add-" + uuid.uuid4().hex[:12]
        for field, (t, s, e) in (("claim", (claim_text, cs, ce)), ("source", (source, ss, se)), ("cue", (cue, us, ue))):
            if field == "claim" or s is not None:
                store.db.execute(
                    """INSERT INTO span_events (claim_id, article_id, reviewer, action, field, new_start, new_end,
                           new_text, note, at, batch) VALUES (?,?,?,?,?,?,?,?,?,?,?)""",
                    (cid, article_id, reviewer, "add_claim", field, s, e, t, note, stamp, batch))
    return cid


def span_events(store: Store) -> pd.DataFrame:
    return pd.read_sql_query("SELECT * FROM span_events ORDER BY event_id", store.db)


# -- orphans ----------------------------------------------------------------------------------------
def orphans(store: Store, reviewer: str | None = None, suggest: bool = True) -> pd.DataFrame:
    """Current tags whose claim is gone (inactive after a re-extraction, or missing): never
    dropped, listed with the claim's text as it was when tagged, and the most similar active
    claim in the same article to re-attach to."""
    params = []
    where = "t.tag IS NOT NULL AND (c.claim_id IS NULL OR c.active = 0)"
    if reviewer:
        where += " AND t.reviewer = ?"
        params.append(reviewer)
    rows = store.db.execute(
        f"""SELECT t.claim_id, t.reviewer, t.tag, t.note, t.at,
                   CASE WHEN c.claim_id IS NULL THEN 'missing' ELSE 'inactive' END AS reason,
                   COALESCE(c.claim, (SELECT e.claim_text FROM tag_events e WHERE e.claim_id = t.claim_id
                       AND e.claim_text IS NOT NULL ORDER BY e.event_id DESC LIMIT 1)) AS claim_text,
                   COALESCE(c.article_id, (SELECT e.article_id FROM tag_events e WHERE e.claim_id = t.claim_id
                       AND e.article_id IS NOT NULL ORDER BY e.event_id DESC LIMIT 1)) AS article_id
            FROM tags t LEFT JOIN claims c ON c.claim_id = t.claim_id WHERE {where}
            ORDER BY article_id, t.claim_id, t.reviewer""", params).fetchall()
    frame = pd.DataFrame([dict(r) for r in rows], columns=["claim_id", "reviewer", "tag", "note", "at", "reason",
                                                           "claim_text", "article_id"])
    if suggest:
        best = [best_match(store, r["article_id"], r["claim_text"]) for r in rows]
        frame["match_id"] = [b[0] if b else None for b in best]
        frame["match_text"] = [b[1] if b else None for b in best]
        frame["similarity"] = [b[2] if b else None for b in best]
    return frame


def best_match(store: Store, article_id: str | None, text: str | None) -> tuple[str, str, float] | None:
    """The active claim in the article most similar to ``text`` (difflib ratio on normalised text)."""
    if not article_id or not text:
        return None
    target = normalize_for_id(text)
    best = None
    for row in store.db.execute("SELECT claim_id, claim FROM claims WHERE article_id = ? AND active = 1",
                                (article_id,)):
        cand = normalize_for_id(row["claim"])
        matcher = difflib.SequenceMatcher(None, target, cand, autojunk=False)
        if best is not None and matcher.real_quick_ratio() <= best[2]:
            continue
        score = matcher.ratio()
        if best is None or score > best[2]:
            best = (row["claim_id"], row["claim"], round(score, 3))
    return best


def reattach(store: Store, orphan_claim_id: str, reviewer: str, to_claim_id: str | None = None,
             by: str | None = None, overwrite: bool = False) -> dict:
    """Move ``reviewer``'s tag (and note) from an orphaned claim to an active claim (default: the
    most similar one in the same article). Two events in one batch: the tag on the new claim and
    the orphan's tag cleared, both action='reattach' with a note saying from/to and by whom.
    Refuses to replace a different tag the reviewer already gave the target unless ``overwrite``."""
    reviewer = _check_reviewer(reviewer)
    with store.transaction():
        frame = orphans(store, reviewer=reviewer, suggest=False)
        frame = frame[frame["claim_id"] == orphan_claim_id]
        if frame.empty:
            raise KeyError(f"{reviewer} has no orphaned tag on {orphan_claim_id}")
        orphan = frame.iloc[0]
        if to_claim_id is None:
            match = best_match(store, orphan["article_id"], orphan["claim_text"])
            if match is None:
                raise ValueError("no active claim in the same article to re-attach to")
            to_claim_id = match[0]
        target = store.db.execute("SELECT active FROM claims WHERE claim_id = ?", (to_claim_id,)).fetchone()
        if target is None or not target["active"]:
            raise ValueError(f"{to_claim_id} is not an active claim")
        existing = current_tag(store, to_claim_id, reviewer)
        if existing and existing["tag"] != orphan["tag"] and not overwrite:
            raise ValueError(f"{reviewer} already tagged {to_claim_id} as {existing['tag']!r}")
        who = f" by {by}" if by and by != reviewer else ""
        note = orphan["note"] if isinstance(orphan["note"], str) else None
        batch = "reattach-" + uuid.uuid4().hex[:12]
        moved = _write_tag_event(store, to_claim_id, reviewer, "reattach", orphan["tag"],
                                 note, batch)
        cleared = _write_tag_event(store, orphan_claim_id, reviewer, "reattach", None,
                                   f"re-attached to {to_claim_id}{who}", batch)
    return {"to_claim_id": to_claim_id, "events": [moved, cleared]}


def reattach_identical(store: Store, article_id: str) -> list[dict]:
    """After a re-extraction: move each orphaned tag of the article to the active claim with the
    very same wording and source, when there is exactly one and the reviewer has not tagged it.
    (This happens when a duplicate wording disappears and its twin changes id.) Anything less
    certain stays an orphan for the reviewer to decide. Logged as re-attach events."""
    def key(claim, source):
        return normalize_for_id(claim or ""), normalize_for_id(source or "")

    active: dict[tuple[str, str], list[str]] = {}
    for row in store.db.execute("SELECT claim_id, claim, source FROM claims WHERE article_id = ? AND active = 1",
                                (article_id,)):
        active.setdefault(key(row["claim"], row["source"]), []).append(row["claim_id"])
    moved = []
    orphaned = store.db.execute(
        """SELECT t.claim_id, t.reviewer, c.claim, c.source FROM tags t JOIN claims c ON c.claim_id = t.claim_id
           WHERE c.article_id = ? AND c.active = 0 AND t.tag IS NOT NULL""", (article_id,)).fetchall()
    for row in orphaned:
        candidates = active.get(key(row["claim"], row["source"]), [])
        if len(candidates) == 1 and current_tag(store, candidates[0], row["reviewer"]) is None:
            moved.append(reattach(store, row["claim_id"], row["reviewer"], to_claim_id=candidates[0],
                                  by="workbook (same wording and source)"))
    return moved


# -- reconciliation ---------------------------------------------------------------------------------
def reconcile(store: Store, claim_id: str, tag: str | None, reviewer: str, note: str | None = None) -> int:
    """Record the reconciled (final) tag of a claim: an event (action='reconcile', reviewer = who
    reconciled) and the final_tags row, in one transaction. ``tag=None`` withdraws it."""
    reviewer = _check_reviewer(reviewer)
    with store.transaction():
        current = store.db.execute("SELECT tag FROM final_tags WHERE claim_id = ?", (claim_id,)).fetchone()
        row = store.db.execute("SELECT claim, article_id FROM claims WHERE claim_id = ?", (claim_id,)).fetchone()
        stamp = now()
        event_id = store.db.execute(
            """INSERT INTO tag_events (claim_id, reviewer, action, old_tag, new_tag, note, at, claim_text, article_id)
               VALUES (?,?,?,?,?,?,?,?,?)""",
            (claim_id, reviewer, "reconcile", current["tag"] if current else None, tag, note, stamp,
             row["claim"] if row else None, row["article_id"] if row else None)).lastrowid
        store.db.execute(
            """INSERT INTO final_tags (claim_id, tag, note, reviewer, at, event_id) VALUES (?,?,?,?,?,?)
               ON CONFLICT(claim_id) DO UPDATE SET tag=excluded.tag, note=excluded.note, reviewer=excluded.reviewer,
                   at=excluded.at, event_id=excluded.event_id""",
            (claim_id, tag, note, reviewer, stamp, event_id))
    return event_id


def final_tags(store: Store) -> pd.DataFrame:
    return pd.read_sql_query("SELECT * FROM final_tags WHERE tag IS NOT NULL ORDER BY claim_id", store.db)
