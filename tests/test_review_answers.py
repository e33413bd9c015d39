"""Two answers per claim (sourcing and speculation) and the review actions: flag, accept,
mark (unsure / skipped), a note without a tag, bulk answers, undo of each, assignment."""
from __future__ import annotations

import pytest

from workbook.review import db, decide
from workbook.review.agreement import agreement, format_agreement
from workbook.review.synthetic import synthetic_store
from workbook.store import Store


@pytest.fixture
def store(db_target):
    s = synthetic_store(db_target, articles=4, claims_per_article=5)
    yield s
    s.close()


def _row(store, cid, reviewer):
    """The current answer as another connection sees it (committed, not cached)."""
    with Store(store.path) as other:  # the tests' PostgreSQL URLs carry no password: path == URL
        row = other.db.execute("SELECT tag, speculative, status, note FROM tags WHERE claim_id = ? AND reviewer = ?",
                               (cid, reviewer)).fetchone()
    return None if row is None else tuple(row)


def test_flag_is_its_own_answer_beside_the_tag_and_undoes_alone(store):
    cid = db.claim_ids(store)[0]
    db.tag(store, cid, "alice", "named")
    db.flag(store, cid, "alice", True)
    assert _row(store, cid, "alice") == ("named", 1, None, None)
    answer = db.current_tag(store, cid, "alice")
    assert answer["tag"] == "named" and answer["speculative"] is True and answer["status"] is None
    db.undo(store, "alice")  # takes back the flag only
    assert _row(store, cid, "alice") == ("named", None, None, None)
    db.flag(store, cid, "alice", False)
    assert db.current_tag(store, cid, "alice")["speculative"] is False
    db.flag(store, cid, "alice", None)  # clears the flag, keeps the tag
    assert _row(store, cid, "alice") == ("named", None, None, None)
    events = store.tag_events()
    assert list(events["action"]) == ["tag", "flag", "undo", "flag", "flag"]
    assert list(events["new_speculative"].fillna(-1)) == [-1, 1, -1, 0, -1]


def test_a_flag_without_a_tag_and_a_tag_keep_each_other(store):
    cid = db.claim_ids(store)[1]
    db.flag(store, cid, "bob", True)
    db.tag(store, cid, "bob", "anonymous")
    db.tag(store, cid, "bob", None)  # clearing the tag keeps the flag
    assert _row(store, cid, "bob") == (None, 1, None, None)


def test_accept_takes_the_suggestion_and_the_extractor_flag_as_one_undo_step(store):
    claim = db.claim(store, db.claim_ids(store)[2])
    ids = db.accept(store, claim["claim_id"], "alice")
    assert isinstance(ids, list) and ids
    answer = db.current_tag(store, claim["claim_id"], "alice")
    assert answer["tag"] == claim["suggested"] and answer["speculative"] is claim["speculative"]
    assert db.undo(store, "alice")
    assert db.current_tag(store, claim["claim_id"], "alice") is None
    with pytest.raises(ValueError):
        db.accept(store, "no-such-claim", "alice")


def test_unsure_needs_a_note_skipped_does_not_and_a_tag_ends_skipped(store):
    a, b = db.claim_ids(store)[:2]
    with pytest.raises(ValueError, match="note"):
        db.mark(store, a, "alice", "unsure")
    assert _row(store, a, "alice") is None  # the refused mark wrote nothing
    db.mark(store, a, "alice", "unsure", note="check the date with the ministry")
    assert _row(store, a, "alice") == (None, None, "unsure", "check the date with the ministry")
    assert db.claim_ids(store, reviewer="alice", status="unsure") == [a]
    db.mark(store, b, "alice", "skipped")
    assert db.claim_ids(store, reviewer="alice", status="skipped") == [b]
    db.tag(store, b, "alice", "document")
    assert _row(store, b, "alice") == ("document", None, None, None)
    db.tag(store, a, "alice", "named")  # unsure stays until the reviewer clears it
    assert _row(store, a, "alice")[2] == "unsure"
    db.mark(store, a, "alice", None)
    assert _row(store, a, "alice")[2] is None
    with pytest.raises(ValueError):
        db.mark(store, a, "alice", "maybe")


def test_a_note_without_a_tag_is_kept_and_survives_a_later_tag(store):
    cid = db.claim_ids(store)[3]
    db.set_note(store, cid, "carol", "who is the second officer?")
    assert _row(store, cid, "carol") == (None, None, None, "who is the second officer?")
    assert db.current_tag(store, cid, "carol")["note"] == "who is the second officer?"
    db.tag(store, cid, "carol", "anonymous")
    assert _row(store, cid, "carol") == ("anonymous", None, None, "who is the second officer?")
    db.set_note(store, cid, "carol", "")
    assert _row(store, cid, "carol")[3] is None
    db.undo(store, "carol")
    assert _row(store, cid, "carol")[3] == "who is the second officer?"


def test_bulk_answers_are_one_undo_step_and_keep_other_decisions(store):
    ids = db.claim_ids(store)[:4]
    db.tag(store, ids[0], "alice", "named")
    result = db.bulk_tag(store, ids, "alice", tag="anonymous", speculative=True)
    assert result["kept"] == [ids[0]] and result["tagged"] == ids[1:]
    assert [(_row(store, c, "alice") or (None, None))[:2] for c in ids] == \
        [("named", None)] + [("anonymous", 1)] * 3
    flag_only = db.bulk_tag(store, ids, "alice", speculative=False, overwrite=True)
    assert flag_only["tagged"] == ids
    assert [_row(store, c, "alice")[:2] for c in ids] == [("named", 0)] + [("anonymous", 0)] * 3
    db.undo(store, "alice")
    db.undo(store, "alice")
    assert [(_row(store, c, "alice") or (None,))[0] for c in ids] == ["named", None, None, None]
    # today's positional call still tags
    assert db.bulk_tag(store, ids[1:], "alice", "outlet")["tagged"] == ids[1:]


def test_undo_of_a_flag_after_a_kernel_restart(db_target):
    path = db_target
    store = synthetic_store(path, articles=1, claims_per_article=3)
    cid = db.claim_ids(store)[0]
    db.tag(store, cid, "alice", "named")
    db.flag(store, cid, "alice", True)
    store.close()
    store = Store(path)
    db.undo(store, "alice")
    assert db.current_tag(store, cid, "alice")["speculative"] is None
    store.close()


def test_assignment_splits_claims_with_overlap_deterministically(store):
    all_ids = db.claim_ids(store)
    counts = db.assign(store, ["alice", "bob", "carol"], overlap=0.25, seed=7)
    queues = {r: db.queue(store, r) for r in ("alice", "bob", "carol")}
    assert {r: len(q) for r, q in queues.items()} == counts
    seen = [cid for q in queues.values() for cid in q]
    assert set(seen) == set(all_ids)  # every claim goes to someone
    twice = {cid for cid in all_ids if seen.count(cid) == 2}
    assert len(twice) == round(0.25 * len(all_ids)) and all(seen.count(c) <= 2 for c in all_ids)
    assert max(counts.values()) - min(counts.values()) <= 2  # balanced
    for q in queues.values():  # each queue in reading order
        assert q == [cid for cid in all_ids if cid in set(q)]
    assert db.claim_ids(store, reviewer="bob", status="mine") == queues["bob"]
    assert db.assign(store, ["alice", "bob", "carol"], overlap=0.25, seed=7) == counts
    assert {r: db.queue(store, r) for r in queues} == queues  # same split again
    db.assign(store, ["alice", "bob"], overlap=0.0)  # a new split replaces the old one
    assert db.queue(store, "carol") == []
    assert sorted(db.queue(store, "alice") + db.queue(store, "bob")) == sorted(all_ids)
    with pytest.raises(ValueError):
        db.assign(store, [], overlap=0.1)


def test_assignment_overlap_pairs_every_reviewer(store):
    db.assign(store, ["a", "b", "c"], overlap=1.0)
    queues = {r: set(db.queue(store, r)) for r in "abc"}
    for x, y in (("a", "b"), ("a", "c"), ("b", "c")):
        assert queues[x] & queues[y], f"{x} and {y} share no claim to measure agreement on"


def test_decide_is_one_rule_for_both_answers():
    named, anon = {"tag": "named", "speculative": None, "note": None}, {"tag": "anonymous", "speculative": None, "note": None}
    split = decide({"a": named, "b": dict(named), "c": anon})
    assert (split.tag, split.status, split.agreement, split.n_reviewers) == (None, "disagreement", False, 3)
    agreed = decide({"a": named, "b": dict(named, note="on record")})
    assert (agreed.tag, agreed.status, agreed.by, agreed.note) == ("named", "agreed", "a, b", "on record")
    flags = decide({"a": dict(named, speculative=True), "b": dict(named, speculative=False)})
    assert (flags.tag, flags.speculative, flags.status, flags.speculative_agreement) == ("named", None, "disagreement", False)
    settled = decide({"a": dict(named, speculative=True), "b": dict(named, speculative=False)},
                     {"tag": None, "speculative": True, "reviewer": "dana", "note": "hedged: 'may'"})
    assert (settled.tag, settled.speculative, settled.status, settled.by) == ("named", True, "reconciled", "dana")
    half = decide({"a": named, "c": anon}, {"tag": None, "speculative": True, "reviewer": "dana", "note": None})
    assert half.status == "disagreement" and half.tag is None  # the sourcing split is still open
    assert decide({}).status == "untagged" and decide({"a": {"tag": None, "speculative": True, "note": None}}).status == "single"


def test_agreement_scores_the_flag_as_well_as_the_sourcing(store):
    ids = db.claim_ids(store)[:8]
    for i, cid in enumerate(ids):
        db.tag(store, cid, "alice", "named")
        db.tag(store, cid, "bob", "named" if i % 2 else "anonymous")
        db.flag(store, cid, "alice", i < 4)
        db.flag(store, cid, "bob", i < 4)
    result = agreement(store)
    assert result["pairs"].iloc[0]["agree"] == 0.5 and result["disagreements"] == 4
    spec = result["speculation"]
    assert spec["pairs"].iloc[0]["agree"] == 1.0 and spec["alpha"] == 1.0 and spec["disagreements"] == 0
    text = format_agreement(result)
    assert "sourcing type:" in text and "speculation flag:" in text



def test_no_answer_of_any_kind_on_a_claim_that_never_existed(store):
    before = len(store.tag_events())
    for action in (lambda: db.flag(store, "nope", "alice", True), lambda: db.mark(store, "nope", "alice", "skipped"),
                   lambda: db.set_note(store, "nope", "alice", "hm"), lambda: db.tag(store, "nope", "alice", "named")):
        with pytest.raises(ValueError, match="no claim"):
            action()
    assert len(store.tag_events()) == before
