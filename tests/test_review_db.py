"""The review's storage: every tag committed at once, undo as new events, tags that survive
re-extraction, orphans, span corrections, reviewer-added claims, agreement and the reviewed table."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from workbook.models import Article, Attribution
from workbook.review import agreement, db, reviewed_table
from workbook.review.agreement import cohen_kappa, disagreements, fleiss_kappa, krippendorff_alpha
from workbook.review.synthetic import synthetic_article, synthetic_store
from workbook.review.vocabulary import Vocabulary
from workbook.store import IntegrityError, Store
from workbook.table import rows_for


@pytest.fixture
def store(db_target):
    s = synthetic_store(db_target, articles=3, claims_per_article=5)
    yield s
    s.close()


def ids(store):
    return db.claim_ids(store)


def test_tag_is_committed_at_once_with_who_when_old_new_note(store, db_target):
    cid = ids(store)[0]
    other = Store(db_target)  # another connection sees it without any flush or close
    e1 = db.tag(store, cid, "alice", "named", note="checked the bio")
    e2 = db.tag(store, cid, "alice", "anonymous")
    rows = [tuple(r) for r in other.db.execute("SELECT event_id, claim_id, reviewer, action, old_tag, new_tag, note, at, claim_text "
                         "FROM tag_events ORDER BY event_id")]
    assert [r[0] for r in rows] == [e1, e2]
    assert rows[0][2:7] == ("alice", "tag", None, "named", "checked the bio")
    assert rows[1][4:6] == ("named", "anonymous")
    assert rows[0][7].startswith("20") and rows[0][8]  # ISO time and a snapshot of the claim text
    assert other.db.execute("SELECT tag FROM tags WHERE claim_id = ? AND reviewer = 'alice'", (cid,)).fetchone()[0] == "anonymous"
    other.close()


def test_events_are_append_only(store):
    db.tag(store, ids(store)[0], "alice", "named")
    with pytest.raises(IntegrityError, match="append-only"):
        store.db.execute("DELETE FROM tag_events")
    with pytest.raises(IntegrityError, match="append-only"):
        store.db.execute("UPDATE tag_events SET new_tag = 'x'")
    assert len(store.tag_events()) == 1


def test_undo_writes_new_events_and_walks_back(store):
    a, b = ids(store)[:2]
    db.tag(store, a, "alice", "named", note="n1")
    db.tag(store, a, "alice", "anonymous", note="n2")
    db.tag(store, b, "alice", "document")
    db.tag(store, b, "bob", "outlet")  # another reviewer's events are not mine to undo
    assert db.undo(store, "alice")  # b back to untagged
    assert db.current_tag(store, b, "alice") is None
    assert db.current_tag(store, b, "bob")["tag"] == "outlet"
    db.undo(store, "alice")  # a back to named, with its note
    assert db.current_tag(store, a, "alice") == {**db.current_tag(store, a, "alice"), "tag": "named", "note": "n1"}
    db.undo(store, "alice")
    assert db.current_tag(store, a, "alice") is None
    assert db.undo(store, "alice") == []
    events = store.tag_events()
    assert len(events) == 7 and (events["action"] == "undo").sum() == 3  # nothing deleted


def test_bulk_tag_keeps_other_decisions_and_undoes_as_one(store):
    all_ids = ids(store)
    db.tag(store, all_ids[1], "alice", "document")
    result = db.bulk_tag(store, all_ids[:5], "alice", "named")
    assert result["kept"] == [all_ids[1]] and len(result["tagged"]) == 4
    assert db.current_tag(store, all_ids[1], "alice")["tag"] == "document"
    db.undo(store, "alice")
    assert [db.current_tag(store, c, "alice") for c in all_ids[:5] if c != all_ids[1]] == [None] * 4
    assert db.current_tag(store, all_ids[1], "alice")["tag"] == "document"
    forced = db.bulk_tag(store, all_ids[:5], "alice", "named", overwrite=True)
    assert len(forced["tagged"]) == 5


def test_tags_survive_reopening_and_reextraction(db_target):
    path = db_target
    store = synthetic_store(path, articles=2, claims_per_article=4)
    cid = ids(store)[2]
    db.tag(store, cid, "alice", "speculative", note="hedged")
    store.close()
    store = Store(path)  # a kernel restart
    assert db.current_tag(store, cid, "alice")["tag"] == "speculative"
    # a "better extractor": same claims, different order, other suggestions and kinds
    for i in range(2):
        article, atts = synthetic_article(i, 4)
        atts = [Attribution(claim=a.claim, source=a.source, cue=None, kind="other", suggested="document")
                for a in reversed(atts)]
        counts = store.save_article(article, rows_for(article, atts))
        assert counts["gone"] == 0
    assert db.current_tag(store, cid, "alice")["tag"] == "speculative"
    assert db.orphans(store).empty
    store.close()


def _article_with_claims(claims):
    text = " ".join(f"{c}." for c in claims)
    atts, pos = [], 0
    for c in claims:
        atts.append(Attribution(claim=(pos, pos + len(c))))
        pos += len(c) + 2
    return Article(id="art1", source="a.txt", text=text, outlet="Reuters", title="T"), atts


def test_orphans_are_listed_and_can_be_reattached(db_target):
    store = Store(db_target)
    article, atts = _article_with_claims(["Israel was in talks with Azerbaijan over airfields",
                                          "Baku denied the report"])
    store.save_article(article, rows_for(article, atts))
    old = ids(store)[0]
    db.tag(store, old, "alice", "anonymous", note="officials")
    # the new extractor cuts the claim differently: the old claim is gone
    article2 = Article(id="art1", source="a.txt", text=article.text, outlet="Reuters", title="T")
    new_atts = [Attribution(claim=(0, len("Israel was in talks with Azerbaijan"))), atts[1]]
    counts = store.save_article(article2, rows_for(article2, new_atts))
    assert counts["gone"] == 1
    frame = db.orphans(store)
    assert list(frame["claim_id"]) == [old]
    row = frame.iloc[0]
    assert row["reason"] == "inactive" and row["tag"] == "anonymous"
    assert row["claim_text"] == "Israel was in talks with Azerbaijan over airfields"
    assert row["match_text"] == "Israel was in talks with Azerbaijan" and row["similarity"] > 0.7
    result = db.reattach(store, old, "alice", by="bob")
    assert result["to_claim_id"] == row["match_id"]
    assert db.current_tag(store, row["match_id"], "alice") == {**db.current_tag(store, row["match_id"], "alice"),
                                                               "tag": "anonymous", "note": "officials"}
    assert db.orphans(store).empty
    events = store.tag_events()
    assert list(events["action"][-2:]) == ["reattach", "reattach"]
    assert "by bob" in events["note"].iloc[-1]
    db.undo(store, "alice")  # a re-attach can be undone like any action
    assert list(db.orphans(store)["claim_id"]) == [old]
    store.close()


def test_a_tag_on_a_claim_that_never_existed_is_refused_and_writes_nothing(store):
    # (It used to be recorded and listed as a "missing" orphan; a typo'd id is better refused.)
    with pytest.raises(ValueError, match="no claim"):
        store.record_tag("no-such-claim", "alice", "named")
    assert store.tag_events().empty and db.orphans(store).empty


def test_span_correction_is_logged_and_survives_reextraction(db_target):
    store = synthetic_store(db_target, articles=1, claims_per_article=3)
    row = db.claim(store, ids(store)[0])
    cid, text = row["claim_id"], row["article_text"]
    db.tag(store, cid, "alice", "named")
    new_start = row["claim_start"] + 4
    db.correct_span(store, cid, "claim", new_start, row["claim_end"], "alice", note="dropped the subject")
    db.correct_span(store, cid, "cue", None, None, "alice")
    fixed = db.claim(store, cid)
    assert fixed["claim"] == text[new_start:row["claim_end"]] and fixed["cue_start"] is None
    article, atts = synthetic_article(0, 3)
    store.save_article(article, rows_for(article, atts))  # the extractor's spans come back...
    again = db.claim(store, cid)  # ...and the reviewer's correction is put back on top
    assert (again["claim_start"], again["claim"], again["cue"]) == (new_start, fixed["claim"], None)
    assert again["source"] == row["source"]  # fields not corrected follow the extractor
    assert db.current_tag(store, cid, "alice")["tag"] == "named"
    events = db.span_events(store)
    assert list(events["action"]) == ["correct", "correct"]
    assert events["old_text"].iloc[0] == row["claim"] and events["note"].iloc[0] == "dropped the subject"
    with pytest.raises(ValueError):
        db.correct_span(store, cid, "claim", 5, 2, "alice")
    store.close()


def test_reviewer_added_claim_survives_reextraction(db_target):
    store = synthetic_store(db_target, articles=1, claims_per_article=3)
    article, atts = synthetic_article(0, 3)
    title_end = article.text.index("\n")
    cid = db.add_claim(store, article.id, (0, title_end), "alice", note="the headline is a claim too")
    db.tag(store, cid, "alice", "unsourced")
    row = db.claim(store, cid)
    assert row["origin"] == "reviewer" and row["claim"] == article.text[:title_end]
    store.save_article(article, rows_for(article, atts))
    assert db.claim(store, cid)["active"] == 1 and cid in ids(store)
    assert db.span_events(store)["action"].tolist() == ["add_claim"]
    with pytest.raises(ValueError):
        db.add_claim(store, article.id, (0, title_end), "alice")  # already there
    store.close()


def test_vocabulary_file_next_to_db_and_unknown_tags(tmp_path):
    path = tmp_path / "p.db"
    # sourcing types only: speculation is the second answer (db.flag), not a tag
    assert Vocabulary.for_db(str(path)).names == ["anonymous", "named", "outlet", "document", "unsourced"]
    (tmp_path / "p.db.vocabulary.json").write_text(json.dumps({"tags": [
        {"tag": "on record", "definition": "Named and quoted", "key": "r"},
        {"tag": "background", "definition": "Not for attribution"}]}))
    vocab = Vocabulary.for_db(str(path))
    assert vocab.names == ["on record", "background"] and vocab.keys["r"] == "on record" and vocab.keys["2"] == "background"
    assert "named" not in vocab and "not in this project's vocabulary" in vocab.definition("named")
    (tmp_path / "q.db.vocabulary.toml").write_text('[[tags]]\ntag = "x"\ndefinition = "ex"\n')
    assert Vocabulary.for_db(str(tmp_path / "q.db")).names == ["x"]
    with pytest.raises(ValueError):
        Vocabulary([{"tag": "a", "key": "j"}])  # j is "next"


def test_kappa_against_scikit_learn_and_published_values():
    from sklearn.metrics import cohen_kappa_score

    rng = np.random.default_rng(1)
    a = rng.choice(["named", "anonymous", "outlet"], 200)
    b = np.where(rng.random(200) < 0.7, a, rng.choice(["named", "anonymous", "outlet"], 200))
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b))
    # Fleiss (1971) as on Wikipedia: 10 items, 14 raters, kappa 0.210
    counts = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
              [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
    assert fleiss_kappa(counts) == pytest.approx(0.210, abs=0.001)
    # Krippendorff's nominal example (4 coders, 12 units, missing values): alpha 0.743
    coders = ["1 2 3 3 2 1 4 1 2 . . .", "1 2 3 3 2 2 4 1 2 5 . 3", ". 3 3 3 2 3 4 2 2 5 1 .",
              "1 2 3 3 2 4 4 1 2 5 1 ."]
    grid = [c.split() for c in coders]
    units = [[grid[r][u] for r in range(4) if grid[r][u] != "."] for u in range(12)]
    assert krippendorff_alpha(units) == pytest.approx(0.743, abs=0.001)


def test_agreement_disagreements_reconcile_and_reviewed_table(store):
    c = ids(store)
    for i, cid in enumerate(c[:6]):
        db.tag(store, cid, "alice", "named")
        db.tag(store, cid, "bob", "named" if i < 4 else "anonymous")
    db.tag(store, c[6], "alice", "document", note="a report")
    db.tag(store, c[0], "carol", "named")
    result = agreement(store)
    assert result["reviewers"] == ["alice", "bob", "carol"]
    pair = result["pairs"].set_index(["reviewer_a", "reviewer_b"]).loc[("alice", "bob")]
    assert pair["n"] == 6 and pair["agree"] == pytest.approx(4 / 6)
    assert result["disagreements"] == 2 and result["fleiss_n"] == 1 and result["alpha_n"] == 6
    pending = disagreements(store)
    assert sorted(pending["claim_id"]) == sorted(c[4:6])
    db.reconcile(store, c[4], "anonymous", "editor", note="the ministry source is unnamed")
    assert list(disagreements(store)["claim_id"]) == [c[5]]
    table = reviewed_table(store).set_index("claim_id")
    for col in ("final_tag", "final_by", "final_note", "final_status", "n_reviewers", "agreement",
                "tag_alice", "tag_bob", "tag_carol", "claim", "source", "outlet", "tags"):
        assert col in table.columns
    assert table.loc[c[0], ["final_tag", "final_by", "final_status", "n_reviewers", "agreement"]].tolist() == \
        ["named", "alice, bob, carol", "agreed", 3, True]
    assert table.loc[c[4], ["final_tag", "final_by", "final_note", "final_status", "agreement"]].tolist() == \
        ["anonymous", "editor", "the ministry source is unnamed", "reconciled", False]
    assert table.loc[c[5], ["final_tag", "final_status", "agreement"]].tolist() == [None, "disagreement", False]
    assert table.loc[c[6], ["final_tag", "final_by", "final_note", "final_status", "agreement"]].tolist() == \
        ["document", "alice", "a report", "single", None]
    assert table.loc[c[7], ["final_tag", "final_status", "n_reviewers"]].tolist() == [None, "untagged", 0]
    assert table.loc[c[7], "tag_alice"] is None
    events = store.tag_events()
    assert events[events["action"] == "reconcile"]["reviewer"].tolist() == ["editor"]
    assert "editor" not in reviewed_table(store)["tags"].iloc[4]  # reconciling is not a reviewer's tag


def test_cli_review_commands(store, db_target):
    from workbook.cli import main

    c = ids(store)
    db.tag(store, c[0], "alice", "named")
    db.tag(store, c[0], "bob", "anonymous")
    db.tag(store, c[1], "alice", "named")
    store.db.execute("UPDATE claims SET active = 0 WHERE claim_id = ?", (c[1],))  # a re-extraction lost it
    runner = CliRunner()
    out = runner.invoke(main, ["review", "agreement", "--db", db_target])
    assert out.exit_code == 0, out.output
    assert "alice / bob" in out.output and "Krippendorff" in out.output
    out = runner.invoke(main, ["review", "orphans", "--db", db_target])
    assert out.exit_code == 0 and c[1] in out.output
    out = runner.invoke(main, ["review", "table", "--db", db_target, "--format", "json"])
    assert out.exit_code == 0
    rows = json.loads(out.output)
    assert {"final_tag", "final_by", "agreement", "n_reviewers"} <= set(rows[0])


def test_real_pipeline_on_data_tags_and_corrections_survive_forced_reextraction(db_target):
    from workbook.pipeline import load_into

    data = str(Path(__file__).resolve().parents[1] / "data")
    store = Store(db_target)
    load_into(store, [data])
    claims = db.claim_ids(store)
    assert len(claims) > 5
    for cid, tag in zip(claims[:4], ["outlet", "anonymous", "anonymous", "named"]):
        db.tag(store, cid, "alice", tag, note="seed")
    row = db.claim(store, claims[0])
    db.correct_span(store, claims[0], "claim", row["claim_start"], row["claim_end"] - 5, "alice")
    before = reviewed_table(store).set_index("claim_id")
    summary = load_into(store, [data], force=True)  # "a better extractor": same text, re-extracted
    assert summary.articles == 1 and summary.unchanged == 0
    after = reviewed_table(store).set_index("claim_id")
    assert after.loc[claims[:4], "tag_alice"].tolist() == ["outlet", "anonymous", "anonymous", "named"]
    assert after.loc[claims[0], "claim_end"] == row["claim_end"] - 5
    assert before.loc[claims[:4], "final_tag"].tolist() == after.loc[claims[:4], "final_tag"].tolist()
    assert db.orphans(store).empty
    store.close()
