"""The review's actions and reads over a :class:`workbook.store.Store`.

A reviewer gives two answers per claim, the sourcing type (``tag``) and the speculation flag
(``flag``), and may mark a claim "unsure" or "skipped" (``mark``) or leave a note
(``set_note``). Every decision is committed when it is made, in its own transaction, as one
event in the append-only ``tag_events`` log (who, when, the answer before and after, note) and
the ``tags`` table (the current answer per claim and reviewer); the SQL is in
``workbook.store.tags``. Undo, bulk answers, re-attaching orphans and reconciling are new
events, never deletions. Span corrections and claims a reviewer adds are logged in
``span_events``; corrections live in ``span_overrides`` and a trigger puts them back whenever a
re-extraction rewrites the claim.
"""
from __future__ import annotations

import difflib
import getpass
import hashlib
import os
import uuid

import pandas as pd

from ..models import normalize_for_id
from ..store import Store
from ..store import claims as store_claims
from ..store import spans as store_spans
from ..store import tags as store_tags
from ..table import claim_id_for

STATUSES = ("all", "untagged", "tagged", "disagreements", "differs", "reconciled", "mine", "unsure", "skipped")
SPAN_FIELDS = store_spans.SPAN_FIELDS


def default_reviewer() -> str:
    """$WORKBOOK_REVIEWER, else the OS user name."""
    name = os.environ.get("WORKBOOK_REVIEWER")
    if name and name.strip():
        return name.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user database entry (some containers)
        return "reviewer"


def _check_reviewer(reviewer: str) -> str:
    if not reviewer or not str(reviewer).strip():
        raise ValueError("a tag needs a reviewer name")
    return str(reviewer).strip()


# -- writing answers ---------------------------------------------------------------------------
# A reviewer gives two answers per claim, the sourcing ``tag`` and the ``speculative`` flag, plus
# an optional status ("unsure", "skipped") and a note. Each call below is one committed
# transaction of one event (or one batch), written by workbook.store.tags.write_event.
KEEP = store_tags.KEEP


def _note(note):
    """None: keep the current note; a blank string clears it."""
    if note is None or note is KEEP:
        return KEEP
    return note if note.strip() else None


def tag(store: Store, claim_id: str, reviewer: str, tag: str | None, note: str | None = None) -> int:
    """Set the sourcing type of one claim (``tag=None`` clears it; the flag stays). A tag ends a
    "skipped" status. ``note=None`` keeps the current note."""
    reviewer = _check_reviewer(reviewer)
    with store.transaction():
        changes = {}
        if tag is not None and (store_tags.current(store, claim_id, reviewer) or {}).get("status") == "skipped":
            changes["status"] = None
        return store_tags.write_event(store, claim_id, reviewer, "tag" if tag is not None else "clear", tag=tag,
                                      note=_note(note), **changes)


def flag(store: Store, claim_id: str, reviewer: str, speculative: bool | None, note: str | None = None) -> int:
    """The speculation answer: True (speculative), False (not), None (clears it). Its own event,
    undone by :func:`undo` like a tag."""
    reviewer = _check_reviewer(reviewer)
    with store.transaction():
        return store_tags.write_event(store, claim_id, reviewer, "flag",
                                      speculative=None if speculative is None else bool(speculative),
                                      note=_note(note))


def accept(store: Store, claim_id: str, reviewer: str) -> list[int]:
    """Accept the extractor's suggestion: sourcing = its suggested type, flag = its speculative.
    One event, so one undo step. Returns the event ids."""
    reviewer = _check_reviewer(reviewer)
    with store.transaction():
        row = claim(store, claim_id)
        if row is None:
            raise ValueError(f"no claim {claim_id!r} in {store.path}: a tag needs a claim to hang on")
        changes = {"status": None} if (store_tags.current(store, claim_id, reviewer) or {}).get("status") == "skipped" else {}
        return [store_tags.write_event(store, claim_id, reviewer, "accept", tag=row["suggested"],
                                       speculative=row["speculative"], **changes)]


def mark(store: Store, claim_id: str, reviewer: str, status: str | None, note: str | None = None) -> int:
    """Mark a claim "unsure" (needs checking: a note saying what to check is required, given here
    or already on the claim) or "skipped"; ``status=None`` clears the mark."""
    reviewer = _check_reviewer(reviewer)
    with store.transaction():
        if status == "unsure":
            existing = (store_tags.current(store, claim_id, reviewer) or {}).get("note")
            if not (note and note.strip()) and not existing:
                raise ValueError("an 'unsure' mark needs a note saying what to check")
        return store_tags.write_event(store, claim_id, reviewer, "mark", status=status, note=_note(note))


def set_note(store: Store, claim_id: str, reviewer: str, note: str | None) -> int:
    """Set (or, with None or a blank string, clear) the reviewer's note on a claim, tagged or not
    (an event with action='note')."""
    reviewer = _check_reviewer(reviewer)
    with store.transaction():
        return store_tags.write_event(store, claim_id, reviewer, "note",
                                      note=note if note and note.strip() else None)


def current_tag(store: Store, claim_id: str, reviewer: str) -> dict | None:
    """The reviewer's current answer: {tag, speculative, status, note, at, event_id, derived}
    (``derived='migration'``: the sourcing came from the suggestion when an old "speculative"
    tag became the flag), or None when the reviewer has given no answer on the claim."""
    return store_tags.current(store, claim_id, reviewer)


def tags_of_claim(store: Store, claim_id: str) -> dict[str, dict]:
    """{reviewer: {tag, speculative, status, note, at}} of every reviewer's answer on one claim."""
    return store_tags.of_claim(store, claim_id)


def bulk_tag(store: Store, claim_ids: list[str], reviewer: str, tag=KEEP, speculative=KEEP,
             note: str | None = None, overwrite: bool = False) -> dict:
    """Answer many claims at once (the sourcing ``tag``, the ``speculative`` flag, or both), in
    one transaction and one batch (one undo takes it back). A claim whose answer the reviewer
    already gave differently is kept unless ``overwrite``. Returns the claim ids
    {"tagged", "kept", "unchanged"} and the "batch"."""
    reviewer = _check_reviewer(reviewer)
    wanted = {k: v for k, v in (("tag", tag), ("speculative", speculative)) if v is not KEEP}
    if "speculative" in wanted and wanted["speculative"] is not None:
        wanted["speculative"] = bool(wanted["speculative"])
    batch = "bulk-" + uuid.uuid4().hex[:12]
    done, kept, same = [], [], []
    with store.transaction():
        for cid in dict.fromkeys(claim_ids):
            old = store_tags.current(store, cid, reviewer) or {}
            changes = {k: v for k, v in wanted.items() if old.get(k) != v}
            if not changes:
                same.append(cid)
                continue
            if not overwrite and any(old.get(k) is not None for k in changes):
                kept.append(cid)
                continue
            action = "clear" if changes.get("tag", "") is None else "tag" if "tag" in changes else "flag"
            store_tags.write_event(store, cid, reviewer, action, note=_note(note), batch=batch, **changes)
            done.append(cid)
    return {"tagged": done, "kept": kept, "unchanged": same, "batch": batch}


def _undo_stack(store: Store, reviewer: str) -> list[list[dict]]:
    """The reviewer's not-yet-undone actions, oldest first; an action is one event or a batch.
    (A migration's rewrite of an old tag is not an action of the reviewer's.)"""
    groups: list[list[dict]] = []
    for row in store_tags.own_events(store, reviewer):
        if row["action"] == "migrate":
            continue
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
    """Take back the reviewer's last action (a tag, a flag, a mark, an accept, a clear, a note, a
    bulk tag, a re-attach) by writing new events (action='undo') that restore the whole answer
    as it was: tag, flag, status and note. Repeated undos walk further back. Returns the new
    event ids (empty when there is nothing to undo)."""
    reviewer = _check_reviewer(reviewer)
    with store.transaction():
        stack = _undo_stack(store, reviewer)
        if not stack:
            return []
        batch = "undo-" + uuid.uuid4().hex[:12]
        ids = []
        for event in reversed(stack[-1]):
            before = store_tags.answer_before(store, event["claim_id"], reviewer, event["event_id"])
            ids.append(store_tags.write_event(store, event["claim_id"], reviewer, "undo", batch=batch, **before))
    return ids


def last_undoable(store: Store, reviewer: str) -> list[dict]:
    stack = _undo_stack(store, reviewer)
    return stack[-1] if stack else []


# -- assignment: splitting the claims among reviewers ----------------------------------------------
def _rank(seed, claim_id: str) -> str:
    return hashlib.sha256(f"{seed}:{claim_id}".encode()).hexdigest()


def assign(store: Store, reviewers: list[str], overlap: float = 0.1, seed=0) -> dict[str, int]:
    """Split the active claims among ``reviewers``, saved in the database (replacing an earlier
    split). A share ``overlap`` of the claims goes to two reviewers each, for agreement; the
    rest to one. Deterministic: the same claims, reviewers and seed give the same split, and
    the claims are spread in an order drawn from a hash of each claim id, not in reading order.
    Returns {reviewer: number of claims assigned}."""
    names = list(dict.fromkeys(_check_reviewer(r) for r in reviewers))
    if not names:
        raise ValueError("assign needs at least one reviewer")
    if not 0.0 <= overlap <= 1.0:
        raise ValueError("overlap is a share between 0 and 1")
    k = len(names)
    with store.transaction():
        ordered = sorted(claim_ids(store), key=lambda cid: _rank(seed, cid))
        n_overlap = round(overlap * len(ordered)) if k > 1 else 0
        rows = []
        for i, cid in enumerate(ordered):
            first = i % k
            rows.append((cid, names[first], i < n_overlap))
            if i < n_overlap:  # the second reviewer cycles through every other one, so every pair meets
                second = (first + 1 + (i // k) % (k - 1)) % k
                rows.append((cid, names[second], True))
        store_tags.save_assignments(store, rows)
    counts = {name: 0 for name in names}
    for _, name, _ in rows:
        counts[name] += 1
    return counts


def queue(store: Store, reviewer: str) -> list[str]:
    """The active claims assigned to ``reviewer``, in reading order (empty before :func:`assign`)."""
    return claim_ids(store, reviewer=reviewer, status="mine")


# -- reading claims for the panel -----------------------------------------------------------------


def claim_ids(store: Store, reviewer: str | None = None, status: str = "all", outlet: str | None = None,
              article_id: str | None = None, suggested: str | None = None, source_key: str | None = None) -> list[str]:
    """The ids of the active claims matching the filters, in reading order (articles as loaded,
    claims by position). Only ids: the panel fetches one claim at a time. ``status``, for
    ``reviewer``: untagged | tagged (a sourcing tag) | differs (from the suggestion) | mine (the
    claims :func:`assign` gave them) | unsure | skipped; for everyone: disagreements (on the tag
    or the flag) | reconciled | all."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; one of {STATUSES}")
    rows = store_tags.claim_rows(store, reviewer=reviewer, status=status, outlet=outlet, article_id=article_id,
                                 suggested=suggested)
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
    """One claim row with its article's outlet, date, title, url, author and text."""
    return store_claims.claim(store, claim_id)


def progress(store: Store, reviewer: str) -> tuple[int, int]:
    """(claims this reviewer has tagged, active claims), over the whole database."""
    return store_claims.progress(store, reviewer)


def first_untagged(store: Store, reviewer: str, ids: list[str] | None = None) -> int:
    """Index (into ``ids``, default all active claims) of the first claim the reviewer has not tagged."""
    ids = claim_ids(store) if ids is None else ids
    tagged = store_claims.tagged_ids(store, reviewer)
    for i, cid in enumerate(ids):
        if cid not in tagged:
            return i
    return max(len(ids) - 1, 0)


def filter_options(store: Store) -> dict:
    return store_claims.filter_options(store)


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
        row = store_spans.span_of(store, claim_id, field)
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
        return store_spans.write_correction(store, claim_id, row["article_id"], field, reviewer,
                                            (row["start"], row["end_"], row["text"]), (start, end, text),
                                            note, action, batch)


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
        text = store_claims.article_text(store, article_id)
        if text is None:
            raise KeyError(f"no article {article_id}")

        def piece(span):
            if span is None:
                return None
            s, e = int(span[0]), int(span[1])
            if not (0 <= s < e <= len(text)):
                raise ValueError(f"span {s}-{e} is outside the article or empty")
            return text[s:e], s, e

        spans = {"claim": piece(claim_span), "source": piece(source_span), "cue": piece(cue_span)}
        claim_text, cs, ce = spans["claim"]
        source = spans["source"][0] if spans["source"] else None
        cid = claim_id_for(article_id, claim_text)
        occurrence = 1
        while (row := store_spans.claim_at(store, cid)) is not None:
            if row["claim_start"] == cs and row["claim_end"] == ce and row["active"]:
                raise ValueError(f"this claim is already in the table ({cid})")
            cid = claim_id_for(article_id, claim_text, source or "", occurrence)
            occurrence += 1
        store_spans.insert_added_claim(store, cid, article_id, reviewer, spans, suggested, note,
                                       "add-" + uuid.uuid4().hex[:12])
    return cid


def span_events(store: Store) -> pd.DataFrame:
    return store_spans.span_events(store)


# -- orphans ----------------------------------------------------------------------------------------
def orphans(store: Store, reviewer: str | None = None, suggest: bool = True) -> pd.DataFrame:
    """Current answers (tag or flag) whose claim is gone (inactive after a re-extraction, or missing): never
    dropped, listed with the claim's text as it was when tagged, and the most similar active
    claim in the same article to re-attach to."""
    rows = store_tags.orphaned(store, reviewer)
    frame = pd.DataFrame(rows, columns=["claim_id", "reviewer", "tag", "speculative", "note", "at", "reason",
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
    for row in store_claims.active_in_article(store, article_id):
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
        if not store_claims.is_active(store, to_claim_id):
            raise ValueError(f"{to_claim_id} is not an active claim")
        existing = current_tag(store, to_claim_id, reviewer) or {}
        tag_given = orphan["tag"] if isinstance(orphan["tag"], str) else None
        flag_given = orphan["speculative"] if isinstance(orphan["speculative"], bool) else None
        clash = [(k, existing.get(k)) for k, v in (("tag", tag_given), ("speculative", flag_given))
                 if existing.get(k) is not None and existing.get(k) != v]
        if clash and not overwrite:
            raise ValueError(f"{reviewer} already answered {to_claim_id}: {clash[0][0]} {clash[0][1]!r}")
        who = f" by {by}" if by and by != reviewer else ""
        note = orphan["note"] if isinstance(orphan["note"], str) else None
        batch = "reattach-" + uuid.uuid4().hex[:12]
        moved = store_tags.write_event(store, to_claim_id, reviewer, "reattach", tag=tag_given,
                                       speculative=flag_given, note=note, batch=batch)
        cleared = store_tags.write_event(store, orphan_claim_id, reviewer, "reattach", tag=None, speculative=None,
                                         status=None, note=f"re-attached to {to_claim_id}{who}", batch=batch)
    return {"to_claim_id": to_claim_id, "events": [moved, cleared]}


def reattach_identical(store: Store, article_id: str) -> list[dict]:
    """After a re-extraction: move each orphaned tag of the article to the active claim with the
    very same wording and source, when there is exactly one and the reviewer has not tagged it.
    (This happens when a duplicate wording disappears and its twin changes id.) Anything less
    certain stays an orphan for the reviewer to decide. Logged as re-attach events."""
    def key(claim, source):
        return normalize_for_id(claim or ""), normalize_for_id(source or "")

    active: dict[tuple[str, str], list[str]] = {}
    for row in store_claims.active_in_article(store, article_id):
        active.setdefault(key(row["claim"], row["source"]), []).append(row["claim_id"])
    moved = []
    for row in store_claims.tagged_inactive_in_article(store, article_id):
        candidates = active.get(key(row["claim"], row["source"]), [])
        if len(candidates) == 1 and current_tag(store, candidates[0], row["reviewer"]) is None:
            moved.append(reattach(store, row["claim_id"], row["reviewer"], to_claim_id=candidates[0],
                                  by="workbook (same wording and source)"))
    return moved


# -- reconciliation ---------------------------------------------------------------------------------
def reconcile(store: Store, claim_id: str, tag: str | None, reviewer: str, note: str | None = None,
              speculative: bool | None = None) -> int:
    """Record the reconciled (final) answer of a claim: the sourcing ``tag`` and, if given, the
    ``speculative`` flag (None leaves the flag to the reviewers' agreement). An event
    (action='reconcile', reviewer = who reconciled) and the final_tags row, in one
    transaction. ``tag=None`` with ``speculative=None`` withdraws it."""
    reviewer = _check_reviewer(reviewer)
    with store.transaction():
        return store_tags.write_final(store, claim_id, reviewer, tag, speculative=speculative, note=note)


def final_tags(store: Store) -> pd.DataFrame:
    """The reconciled answers: claim_id, tag, speculative, note, reviewer, at."""
    return store_tags.finals(store)
