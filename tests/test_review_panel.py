"""The review panel's handlers, driven without a browser: button clicks, the anywidget's key
messages, undo, filters, bulk tags, span corrections; each checked in the database."""
from __future__ import annotations

import re
import sqlite3
from html.parser import HTMLParser

import pytest

from workbook.models import Article, Attribution
from workbook.review import db
from workbook.review.panel import ReviewPanel
from workbook.review.synthetic import synthetic_store
from workbook.store import Store
from workbook.table import rows_for


@pytest.fixture
def store(tmp_path):
    s = synthetic_store(str(tmp_path / "panel.db"), articles=3, claims_per_article=5)
    yield s
    s.close()


def tags_in_db(path, reviewer="alice"):
    con = sqlite3.connect(path)  # a separate connection: what is committed, not what is cached
    try:
        return dict(con.execute("SELECT claim_id, tag FROM tags WHERE reviewer = ? AND tag IS NOT NULL", (reviewer,)))
    finally:
        con.close()


def key(panel, k):
    """What the browser sends when a key is pressed (the anywidget's custom message)."""
    panel.keys._handle_message(panel.keys, {"type": "key", "key": k}, [])


def test_click_and_keys_commit_and_advance(store):
    panel = ReviewPanel(store, "alice")
    first = panel.claim_id
    panel.tag_buttons["named"].click()
    assert tags_in_db(store.path) == {first: "named"}
    second = panel.claim_id
    assert second != first  # moved on
    key(panel, "1")  # 1 = anonymous (first in the vocabulary)
    third = panel.claim_id
    key(panel, "o")  # o = outlet
    assert tags_in_db(store.path) == {first: "named", second: "anonymous", third: "outlet"}
    assert "3 of 15 tagged" in panel.progress_label.value
    assert panel.progress_bar.value == 3 and panel.progress_bar.max == 15
    key(panel, "k")
    assert panel.claim_id == third
    key(panel, "ArrowLeft")
    assert panel.claim_id == second
    key(panel, "j")
    assert panel.claim_id == third
    key(panel, "q")  # not a shortcut: nothing happens
    assert len(store.tag_events()) == 3


def test_undo_by_key_and_button(store):
    panel = ReviewPanel(store, "alice")
    first = panel.claim_id
    key(panel, "2")
    key(panel, "4")
    key(panel, "z")
    assert tags_in_db(store.path) == {first: "named"}
    panel.undo_button.click()
    assert tags_in_db(store.path) == {}
    assert panel.claim_id == first  # undo shows the claim it took back
    actions = store.tag_events()["action"].tolist()
    assert actions == ["tag", "tag", "undo", "undo"]
    key(panel, "z")
    assert "nothing to undo" in panel.status_line.value


def test_note_is_saved_with_the_tag_and_alone(store):
    panel = ReviewPanel(store, "alice", advance=False)
    cid = panel.claim_id
    panel.note.value = "two sources, both unnamed"
    key(panel, "a")
    assert db.current_tag(store, cid, "alice")["note"] == "two sources, both unnamed"
    panel.note.value = "actually named in para 4"
    panel.note_button.click()
    assert db.current_tag(store, cid, "alice") == {**db.current_tag(store, cid, "alice"), "tag": "anonymous",
                                                   "note": "actually named in para 4"}
    key(panel, "x")  # clear: the sourcing goes, the note stays
    assert db.current_tag(store, cid, "alice")["tag"] is None
    assert db.current_tag(store, cid, "alice")["note"] == "actually named in para 4"


def test_resume_at_first_untagged_after_restart(store):
    panel = ReviewPanel(store, "alice")
    for k in "12345":
        key(panel, k)
    expected = panel.claim_id
    reopened = ReviewPanel(Store(store.path), "alice")  # a new kernel
    assert reopened.index == 5 and reopened.claim_id == expected
    assert "5 of 15 tagged" in reopened.progress_label.value
    assert ReviewPanel(store, "bob").index == 0  # bob has his own progress


def test_filters(store):
    panel = ReviewPanel(store, "alice")
    key(panel, "2")
    panel.set_filter(status="untagged")
    assert len(panel.ids) == 14
    panel.set_filter(status="tagged")
    assert len(panel.ids) == 1
    panel.set_filter(status="all", outlet="Reuters")
    assert panel.ids and all(db.claim(store, c)["outlet"] == "Reuters" for c in panel.ids)
    panel.set_filter(outlet=None, suggested="anonymous")
    assert panel.ids and all(db.claim(store, c)["suggested"] == "anonymous" for c in panel.ids)
    panel.set_filter(suggested=None, article_id="syn00001")
    assert len(panel.ids) == 5 and {db.claim(store, c)["article_id"] for c in panel.ids} == {"syn00001"}
    # the dropdowns drive the same filters (what a click in the browser does)
    panel.set_filter(article_id=None)
    panel.status_filter.value = "untagged"
    assert len(panel.ids) == 14
    bob = ReviewPanel(store, "bob")
    cid = db.claim_ids(store)[0]
    db.tag(store, cid, "bob", "anonymous")
    bob.set_filter(status="disagreements")
    assert bob.ids == [cid]
    assert "alice: named" in bob.card.value  # reconciling needs to see the others' tags
    bob.reconcile("named", note="bio checked")
    assert store.db.execute("SELECT tag, reviewer FROM final_tags").fetchone()[:] == ("named", "bob")
    carol = ReviewPanel(store, "carol", status="tagged")
    assert carol.ids == [] and carol.claim_id is None
    key(carol, "1")  # nothing on screen: nothing happens
    assert "No claims" in carol.card.value and "carol" not in store.tag_events()["reviewer"].tolist()


def test_bulk_tag_source_and_article(tmp_path):
    text = ("\u201cA is true,\u201d Ann Smith said. \u201cB is true,\u201d Ann Smith said.\n\n"
            "\u201cC is true,\u201d a spokesman said.")
    article = Article(id="b1", source="b.txt", text=text, outlet="Reuters", title="Bulk")

    def att(claim, source):
        c0 = text.index(claim)
        s0 = text.index(source, c0)
        return Attribution(claim=(c0, c0 + len(claim)), source=(s0, s0 + len(source)), source_name=None,
                           suggested="named")

    store = Store(str(tmp_path / "b.db"))
    store.save_article(article, rows_for(article, [att("A is true", "Ann Smith"), att("B is true", "Ann Smith"),
                                                   att("C is true", "a spokesman")]))
    panel = ReviewPanel(store, "alice", advance=False)
    key(panel, "n")
    assert "Ann Smith" in panel.bulk_source_button.description
    panel.bulk_source_button.click()
    assert sorted(tags_in_db(store.path).values()) == ["named", "named"]
    panel.go(2)
    key(panel, "a")
    panel.go(0)
    panel.bulk_article_button.click()  # keeps the spokesman's different tag
    assert sorted(tags_in_db(store.path).values()) == ["anonymous", "named", "named"]
    panel.bulk_overwrite.value = True
    panel.bulk_tag_article()
    assert sorted(tags_in_db(store.path).values()) == ["named", "named", "named"]
    key(panel, "z")  # one undo takes a whole bulk action back
    assert sorted(tags_in_db(store.path).values()) == ["anonymous", "named", "named"]
    key(panel, "z")  # the spokesman's own tag
    key(panel, "z")  # the bulk by source
    assert list(tags_in_db(store.path).values()) == ["named"]
    store.close()


def test_bulk_without_a_tag_is_an_error_shown_in_the_panel(store):
    panel = ReviewPanel(store, "alice")
    panel.bulk_article_button.click()
    assert "wb-error" in panel.status_line.value and "tag this claim first" in panel.status_line.value


def test_span_correction_by_offsets_and_by_selection(store):
    panel = ReviewPanel(store, "alice", advance=False)
    cid = panel.claim_id
    row = db.claim(store, cid)
    panel.span_field.value = "claim"
    panel.span_start.value = row["claim_start"] + 2
    panel.span_end.value = row["claim_end"]
    panel.span_apply.click()
    assert db.claim(store, cid)["claim_start"] == row["claim_start"] + 2
    assert panel.claim_id == cid  # same claim, same id
    # the browser's reply to "use selected text": offsets from data-wb-start, or just the text
    panel.span_field.value = "source"
    panel.keys._handle_message(panel.keys, {"type": "selection", "purpose": "span", "text": "",
                                            "start": row["source_start"], "end": row["source_start"] + 3}, [])
    assert db.claim(store, cid)["source"] == row["source"][:3]
    panel.keys._handle_message(panel.keys, {"type": "selection", "purpose": "span", "text": row["source"],
                                            "start": None, "end": None}, [])
    assert db.claim(store, cid)["source"] == row["source"]
    panel.span_remove.click()
    assert db.claim(store, cid)["source"] is None
    assert db.span_events(store)["field"].tolist() == ["claim", "source", "source", "source"]
    panel.keys._handle_message(panel.keys, {"type": "selection", "purpose": "span", "text": "", "start": None,
                                            "end": None}, [])
    assert "select some text" in panel.status_line.value


def test_add_a_missed_claim_from_a_selection(store):
    panel = ReviewPanel(store, "alice")
    row = panel.current
    title_end = row["article_text"].index("\n")
    panel.keys._handle_message(panel.keys, {"type": "selection", "purpose": "add_claim", "text": "x",
                                            "start": 0, "end": title_end}, [])
    cid = panel.claim_id
    added = db.claim(store, cid)
    assert added["origin"] == "reviewer" and added["claim"] == row["article_text"][:title_end]
    assert len(panel.ids) == 16 and "added by a reviewer" in panel.card.value
    key(panel, "u")
    assert tags_in_db(store.path)[cid] == "unsourced"


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text, self.tags, self.classes = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.classes += (dict(attrs).get("class") or "").split()

    def handle_data(self, data):
        self.text.append(data)


def test_article_text_is_escaped_and_spans_are_highlighted(tmp_path):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    text = f"\u201cThe base {evil} is ready,\u201d the minister said."
    c0, s0 = 1, text.index("the minister")
    article = Article(id="e1", source="e.txt", text=text, outlet="<b>Out</b>", title="<i>T</i>")
    att = Attribution(claim=(c0, text.index(",")), source=(s0, s0 + 12), cue=(s0 + 13, s0 + 17), suggested="named")
    store = Store(str(tmp_path / "e.db"))
    store.save_article(article, rows_for(article, [att]))
    panel = ReviewPanel(store, "alice")
    parser = _Text()
    parser.feed(panel.card.value)
    assert "script" not in parser.tags and "img" not in parser.tags and "i" not in parser.tags
    assert evil in "".join(parser.text) and "<b>Out</b>" in "".join(parser.text)
    assert {"wb-claim", "wb-source", "wb-cue", "wb-suggestion", "wb-decision"} <= set(parser.classes)
    # the suggestion is marked on its button, and differs from a decision
    assert "wb-suggested-button" in panel.tag_buttons["named"]._dom_classes
    assert panel.tag_buttons["named"].button_style == ""
    key(panel, "n")
    assert panel.tag_buttons["named"].button_style == "primary"
    assert re.search(r"your tag: named", panel.card.value)
    store.close()


def test_data_wb_start_offsets_map_back_to_the_article(store):
    panel = ReviewPanel(store, "alice")
    text = panel.current["article_text"]
    for start, chunk in re.findall(r'data-wb-start="(\d+)"[^>]*>([^<]*)<', panel.card.value):
        import html

        chunk = html.unescape(chunk)
        assert text[int(start): int(start) + len(chunk)] == chunk


def test_tags_outside_the_vocabulary_are_still_shown(store):
    cid = db.claim_ids(store)[0]
    db.tag(store, cid, "alice", "press release")  # from an older vocabulary
    panel = ReviewPanel(store, "alice")
    panel.go(0)
    assert "your tag: press release" in panel.card.value and "not in vocabulary" in panel.card.value


def test_orphans_in_the_panel(tmp_path):
    store = synthetic_store(str(tmp_path / "o.db"), articles=1, claims_per_article=3)
    panel = ReviewPanel(store, "alice", advance=False)
    old = panel.claim_id
    key(panel, "d")
    store.db.execute("UPDATE claims SET active = 0 WHERE claim_id = ?", (old,))  # as a re-extraction would
    panel.tools.selected_index = 3  # orphaned tags
    assert old in [v for _, v in panel.orphan_choice.options]
    assert "most similar current claim" in panel.orphans_html.value
    panel.orphan_button.click()
    assert db.orphans(store).empty
    assert "document" in tags_in_db(store.path).values()
    panel.tools.selected_index = 4  # agreement
    assert "reviewers: alice" in panel.agreement_html.value
    store.close()
