"""What an audit of tag safety found, kept fixed: no tag moves to another claim, no bad line ends
a batch, no stale span survives an edit."""
from __future__ import annotations

import codecs
import json

from conftest import SEED
from workbook.load import iter_load, load, load_text
from workbook.load.text import article_id
from workbook.models import Attribution, LoadError
from workbook.pipeline import load_into
from workbook.review import db as review_db
from workbook.table import rows_for


def test_removing_one_of_two_identical_claims_never_moves_its_tag_to_the_other(store):
    text = "Title\n\nThe port is closed, officials said. The port is closed, analysts said."
    def atts(t):
        out = []
        for who in ("officials", "analysts"):
            if who in t:
                src = t.index(who)
                claim = t.rindex("The port is closed", 0, src)
                out.append(Attribution(claim=(claim, claim + 18), source=(src, src + len(who)), suggested="anonymous"))
        return out
    article = load_text(text, "port.txt")
    store.save_article(article, rows_for(article, atts(text)))
    by_source = dict(zip(store.claims()["source"], store.claims()["claim_id"]))
    store.record_tag(by_source["officials"], "ana", "anonymous", "officials, unnamed")
    store.record_tag(by_source["analysts"], "ana", "anonymous", "analysts, unnamed")
    edited = load_text(text.replace("The port is closed, officials said. ", ""), "port.txt")
    assert edited.id == article.id
    store.save_article(edited, rows_for(edited, atts(edited.text)))
    (remaining,) = store.claims()["claim_id"]
    tags = store.tags()
    # a tag may become an orphan (shown to the reviewer), but never sits on another claim
    notes_on_remaining = set(tags.loc[tags["claim_id"] == remaining, "note"])
    assert notes_on_remaining <= {"analysts, unnamed"}
    assert len(tags) == 2  # nothing lost


def test_a_bad_json_line_costs_that_line_only(tmp_path):
    path = tmp_path / "c.jsonl"
    good = lambda i: json.dumps({"id": str(i), "title": f"Doc {i}", "text": f"Doc {i}\nThe mayor said {i} bridges reopened."})
    path.write_bytes("\n".join([good(1), '{"id": "2", "title": "bad", "text": "\\ud800 lone surrogate"}',
                                json.dumps({"id": "3", "text": "x y z w", "original_outlet": ["Reuters"]}),
                                good(4)]).encode() + b"\n\x00\x01binary line\n" + good(5).encode() + b"\n")
    results = list(iter_load([path]))
    titles = [r.title for r in results if not isinstance(r, LoadError)]
    errors = [r for r in results if isinstance(r, LoadError)]
    assert "Doc 1" in titles and "Doc 4" in titles and "Doc 5" in titles
    assert [e.source.rsplit(":", 1)[1] for e in errors] == ["5"] and "NUL" in errors[0].reason


def test_utf16_file_with_a_bom_loads(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Title\n\nThe mayor said the bridge reopened.".encode("utf-16-le"))
    (article,), errors = load(path)
    assert not errors and "bridge reopened" in article.text


def test_two_different_texts_with_one_identity_in_a_batch_are_not_silently_merged(store, tmp_path):
    head = "Site\n\nHarbour closed\n\nBy Jane Roe | Reuters | May 1, 2020\n\n"
    (tmp_path / "a.txt").write_text(head + "Officials said the harbour closed.")
    (tmp_path / "b.txt").write_text(head + "Analysts said the harbour reopened.")
    summary = load_into(store, [tmp_path])
    assert summary.articles == 1 and len(summary.errors) == 1
    assert "same article as" in summary.errors[0].reason and str(tmp_path / "b.txt") == summary.errors[0].source
    again = load_into(store, [tmp_path])
    assert again.unchanged == 1 and not again.gone  # no flip-flopping between the two files


def test_ids_keep_url_case_and_survive_edits_of_untitled_files(tmp_path):
    assert article_id(url="https://Example.org/a?id=AbC") == article_id(url="https://example.org/a?id=AbC")
    assert article_id(url="https://example.org/a?id=AbC") != article_id(url="https://example.org/a?id=abc")
    path = tmp_path / "note.txt"
    path.write_text("Officials said the harbour closed on Monday.")
    (first,), _ = load(path)
    path.write_text("Officials said the harbour closed on Tuesday.")
    (second,), _ = load(path)
    assert first.id == second.id


def test_span_corrections_follow_an_edit_or_are_withdrawn(tmp_path, db_target):
    from workbook.store import Store

    path = tmp_path / SEED.name
    original = SEED.read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    store = Store(db_target)
    load_into(store, [path])
    frame = store.claims()
    cid = frame.loc[frame["claim"].str.startswith("Where planes"), "claim_id"].iloc[0]
    review_db.correct_span_text(store, cid, "source", "a security consultant", "alice")
    path.write_text(original.replace("When Foreign Policy", "When the Foreign Policy"), encoding="utf-8")
    load_into(store, [path], force=True)
    row = store.claims().set_index("claim_id").loc[cid]
    text = store.article(row["article_id"]).text
    assert text[int(row["source_start"]):int(row["source_end"])] == row["source"] == "a security consultant"
    assert row["sentence_start"] <= row["source_start"] and row["source_end"] <= row["sentence_end"]
    path.write_text(original.replace("a security consultant", "a defence consultant"), encoding="utf-8")
    load_into(store, [path], force=True)
    # Active claims index the edited text; an inactive one (the edit changed its wording) keeps
    # its text as it was, for its orphaned tags, so its offsets need not fit the new text.
    assert cid in set(store.claims(active_only=False)["claim_id"])
    for r in store.claims().itertuples():
        text = store.article(r.article_id).text
        for name in ("claim", "source"):
            value = getattr(r, name)
            if isinstance(value, str):
                assert text[int(getattr(r, f"{name}_start")):int(getattr(r, f"{name}_end"))] == value
    withdrawn = store.db.execute("SELECT COUNT(*) FROM span_events WHERE action = 'withdrawn'").fetchone()[0]
    assert withdrawn == 1


def test_undo_never_hands_back_the_reconciled_tag(store):
    article = load_text("Title\n\nOfficials said the harbour closed on Monday.", "h.txt")
    store.save_article(article, rows_for(article, [Attribution(claim=(7, 20))]))
    cid = store.claims()["claim_id"][0]
    review_db.tag(store, cid, "alice", "named")
    review_db.reconcile(store, cid, "anonymous", "alice")
    review_db.tag(store, cid, "alice", "outlet")
    review_db.undo(store, "alice")
    assert review_db.current_tag(store, cid, "alice")["tag"] == "named"


def test_when_a_duplicate_wording_goes_its_twin_keeps_its_tag(tmp_path, db_target):
    from workbook.store import Store

    path = tmp_path / SEED.name
    original = SEED.read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    store = Store(db_target)
    load_into(store, [path])
    frame = store.claims()
    twins = frame[frame["claim"] == "the bombshell report"].set_index("source")["claim_id"]
    review_db.tag(store, twins["officials in Baku"], "ana", "anonymous", "Baku officials")
    review_db.tag(store, twins["regional analysts"], "ana", "anonymous", "analysts")
    path.write_text(original.replace("vociferously denied by officials in Baku and derided", "derided"), encoding="utf-8")
    load_into(store, [path], force=True)
    now = store.claims().set_index("claim_id")
    analysts = now.index[(now["claim"] == "the bombshell report") & (now["source"] == "regional analysts")]
    assert review_db.current_tag(store, analysts[0], "ana")["note"] == "analysts"  # re-attached, logged
    assert list(review_db.orphans(store)["claim_id"]) == [twins["officials in Baku"]]  # gone for real: listed
