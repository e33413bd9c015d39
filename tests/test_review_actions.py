"""The panel's fast-review handlers without a browser: accept, skip, unsure, the speculation
flag, a note without a tag, the grid's bulk tag, assignment queues, and the small things the
reviewer sees (status line, opening position, article link, live progress). Every write is
checked through a second connection to the database (SQLite and PostgreSQL)."""
from __future__ import annotations

import pytest

from workbook.models import Article, Attribution
from workbook.review import db
from workbook.review.panel import ACTION_KEYS, ReviewPanel
from workbook.review.synthetic import synthetic_store
from workbook.store import Store
from workbook.table import rows_for


@pytest.fixture
def store(db_target):
    s = synthetic_store(db_target, articles=3, claims_per_article=5)
    yield s
    s.close()


def key(panel, k):
    """What the browser sends when a key is pressed (the anywidget's custom message)."""
    panel.keys._handle_message(panel.keys, {"type": "key", "key": k}, [])


def enter_in_note(panel, text):
    """What the browser sends on Enter in the note box: the text as typed."""
    panel.keys._handle_message(panel.keys, {"type": "note", "text": text}, [])


def committed(path, claim_id, reviewer="alice") -> dict:
    """The reviewer's answers on a claim as another process sees them (``path``: the store's
    file or URL; the tests' URLs carry no password, so ``store.path`` opens the same database)."""
    with Store(path) as other:
        return db.current_tag(other, claim_id, reviewer) or {}


def tags_in_db(path, reviewer="alice") -> dict:
    with Store(path) as other:
        return {r[0]: r[1] for r in other.db.execute(
            "SELECT claim_id, tag FROM tags WHERE reviewer = ? AND tag IS NOT NULL", (reviewer,))}


def test_accept_takes_both_suggestions_in_one_key_and_one_undo(store):
    panel = ReviewPanel(store, "alice")
    hedged = next(i for i, c in enumerate(panel.ids) if db.claim(store, c)["speculative"])
    panel.go(hedged)
    cid, row = panel.claim_id, panel.current
    key(panel, "y")
    mine = committed(store.path, cid)
    assert mine["tag"] == row["suggested"] and mine["speculative"] is True
    assert panel.claim_id != cid  # moved on
    assert "accepted" in panel.status_line.value and row["claim"].split()[0] in panel.status_line.value
    key(panel, "z")
    assert not committed(store.path, cid).get("tag") and not committed(store.path, cid).get("speculative")


def test_speculation_is_a_second_answer_next_to_the_sourcing(store):
    panel = ReviewPanel(store, "alice")
    cid = panel.claim_id
    key(panel, "s")  # flag first: stays on the claim
    assert panel.claim_id == cid and committed(store.path, cid)["speculative"] is True
    assert "speculative: yes" in panel.spec_button.description
    key(panel, "2")  # then the sourcing: named, and on to the next claim
    mine = committed(store.path, cid)
    assert mine["tag"] == "named" and mine["speculative"] is True
    panel.go(0)
    key(panel, "s")  # toggles back
    assert committed(store.path, cid)["speculative"] is False
    assert committed(store.path, cid)["tag"] == "named"
    key(panel, "z")
    assert committed(store.path, cid)["speculative"] is True


def test_skip_and_unsure_with_a_note(store):
    panel = ReviewPanel(store, "alice")
    first = panel.claim_id
    key(panel, "p")
    assert committed(store.path, first)["status"] == "skipped" and panel.claim_id != first
    second = panel.claim_id
    key(panel, "?")  # no note yet: the note box is asked for, nothing written
    assert committed(store.path, second) == {} and "type what needs checking" in panel.status_line.value
    enter_in_note(panel, "check the ministry's figure")  # saves the mark with its note
    mine = committed(store.path, second)
    assert mine["status"] == "unsure" and mine["note"] == "check the ministry's figure"
    assert panel.claim_id == second  # stays
    enter_in_note(panel, "check the ministry's figure against the 2012 report")  # later: only the note
    assert committed(store.path, second)["note"].endswith("2012 report")
    assert committed(store.path, second)["status"] == "unsure"
    panel.go(panel.index + 1)
    panel.note.value = "the date looks wrong"
    key(panel, "?")  # a note already typed: marked at once
    assert committed(store.path, panel.claim_id)["status"] == "unsure"
    assert not tags_in_db(store.path)  # none is a sourcing tag
    panel.set_filter(status="unsure")
    assert panel.ids == [second, db.claim_ids(store)[2]] and panel.index == 0


def test_note_without_a_tag(store):
    panel = ReviewPanel(store, "alice", advance=False)
    cid = panel.claim_id
    panel.note.value = "same quote as in the Reuters piece"
    panel.note_button.click()
    assert committed(store.path, cid)["note"] == "same quote as in the Reuters piece"
    assert cid not in tags_in_db(store.path)
    assert "note saved" in panel.status_line.value and "Reuters piece" in panel.card.value


def test_command_mode_keys_that_are_not_panel_keys_do_nothing(store):
    panel = ReviewPanel(store, "alice")
    before = panel.claim_id
    for k in ("b", "c", "v", "m", "Shift+Enter", "q"):
        key(panel, k)
    assert len(store.tag_events()) == 0 and panel.claim_id == before
    # every panel action key is sent by the browser
    assert set(ACTION_KEYS) <= set(panel.keys.shortcut_keys)
    assert {"y", "s", "p", "?", "e", "Enter"} <= set(panel.keys.shortcut_keys)


def test_status_line_names_the_claim_not_its_id(store):
    panel = ReviewPanel(store, "alice")
    cid, claim = panel.claim_id, panel.current["claim"]
    key(panel, "n")
    status = panel.status_line.value
    assert "saved named" in status and " ".join(claim.split()[:3]) in status and cid not in status


def test_tagged_by_me_opens_at_the_first_and_filtering_clears_the_status(store):
    panel = ReviewPanel(store, "alice")
    for k in "123":
        key(panel, k)
    assert panel.status_line.value
    panel.set_filter(status="tagged")
    assert panel.index == 0 and len(panel.ids) == 3
    assert panel.status_line.value == ""
    panel.set_filter(status="untagged")
    assert panel.index == 0 and len(panel.ids) == 12


def test_live_progress_and_the_suggested_filter_fits(store):
    panel = ReviewPanel(store, "alice")
    live = panel.progress_widget()
    assert "alice: 0 of 15 claims tagged" in live.value
    key(panel, "1")
    assert "alice: 1 of 15 claims tagged" in live.value
    assert int(panel.suggested_filter.layout.width.rstrip("px")) >= 220  # "Suggested anonymous" is not cut


def test_card_links_to_the_article(tmp_path, db_target):
    path = tmp_path / "piece.txt"
    text = "\u201cThe bases are ready,\u201d an official said."
    path.write_text(text, encoding="utf-8")
    att = Attribution(claim=(1, text.index(",")), source=(text.index("an official"), text.index(" said")),
                      suggested="anonymous")
    store = Store(db_target)
    on_file = Article(id="f1", source=str(path), text=text, outlet="Blog", title="On file")
    on_web = Article(id="w1", source="https://example.org/story", url="https://example.org/story", text=text,
                     outlet="Web", title="On the web")
    for article in (on_file, on_web):
        store.save_article(article, rows_for(article, [att]))
    panel = ReviewPanel(store, "alice", advance=False)
    cards = []
    for i in range(2):
        panel.go(i)
        cards.append(panel.card.value)
    assert any('href="https://example.org/story"' in c for c in cards)
    assert any("piece.txt" in c and "href=" in c for c in cards)
    store.close()


def test_grid_sorts_filters_selects_and_tags_through_one_write(store):
    panel = ReviewPanel(store, "alice", advance=False)
    panel.tools.selected_index = 0  # opening the accordion builds the grid
    grid = panel.grid
    assert len(grid.view) == 15 and len(grid.table.rows) == 15
    grid.sort("outlet")
    outlets = grid.view["outlet"].tolist()
    assert outlets == sorted(outlets)
    grid.table._handle_custom_msg({"type": "sort", "column": "outlet"}, [])  # a second click reverses
    assert grid.view["outlet"].tolist() == sorted(outlets, reverse=True)
    grid.set_filter(suggested="anonymous")
    assert set(grid.view["suggested"]) == {"anonymous"}
    chosen = grid.view["id"].tolist()[:2]
    for cid in chosen:
        grid.table._handle_custom_msg({"type": "check", "id": cid, "on": True}, [])
    assert grid.selected == set(chosen) and "2 selected" in grid.info.value
    grid.tag_choice.value = "document"
    grid.apply_button.click()
    assert {c: t for c, t in tags_in_db(store.path).items()} == {c: "document" for c in chosen}
    assert set(grid.frame.set_index("id").loc[chosen, "tag"]) == {"document"}  # the grid shows it
    key(panel, "z")  # one undo takes the whole selection back
    assert tags_in_db(store.path) == {}
    grid.apply_button.click()  # nothing selected: an error in the grid, nothing written
    assert "select some claims" in grid.info.value and tags_in_db(store.path) == {}


def test_grid_text_filter_page_selection_and_flag(store):
    panel = ReviewPanel(store, "alice")
    grid = panel.open_grid()
    word = grid.frame["claim"].iloc[0].split()[0]
    grid.search.value = word.upper()
    assert len(grid.view) >= 1 and all(word.lower() in c.lower() or word.lower() in s.lower() or
                                       word.lower() in o.lower()
                                       for c, s, o in zip(grid.view["claim"], grid.view["source"], grid.view["outlet"]))
    grid.search.value = ""
    grid.page_size = 4
    grid.go_page(1)
    grid.table._handle_custom_msg({"type": "check_page", "on": True}, [])
    page = grid.view["id"].tolist()[4:8]
    assert grid.selected == set(page)
    grid.tag_selected("unsourced", speculative=True)
    for cid in page:
        mine = committed(store.path, cid)
        assert mine["tag"] == "unsourced" and mine["speculative"] is True
    assert set(grid.frame.set_index("id").loc[page, "mine"]) == {"unsourced · speculative"}
    assert "alice: 4 of 15" in panel.progress_widget().value  # the card's view followed
    panel.go(0)
    key(panel, "p")  # a skip in the card shows in the grid
    key(panel, "s")  # so does a flag
    row = grid.frame.set_index("id").loc[db.claim_ids(store)[0]]
    assert row["status"] == "skipped"
    row = grid.frame.set_index("id").loc[db.claim_ids(store)[1]]
    assert row["mine"] == "speculative"
    grid.set_filter(show="untagged", suggested="")
    assert len(grid.view) == 11


def test_queue_filter_in_the_panel_and_the_grid(store):
    panel = ReviewPanel(store, "alice")
    panel.assign(["alice", "bob"], overlap=0.2)
    mine = db.queue(store, "alice")
    assert 0 < len(mine) < 15 and "my queue" in panel.status_line.value
    panel.set_filter(status="mine")
    assert set(panel.ids) == set(mine)
    assert panel.ids == [c for c in db.claim_ids(store) if c in set(mine)]  # reading order
    grid = panel.open_grid()
    grid.set_filter(show="mine")
    assert set(grid.view["id"]) == set(mine)
    with pytest.raises(ValueError):
        panel.assign([" "])


def test_enter_goes_to_the_next_untagged_claim_and_wraps(store):
    panel = ReviewPanel(store, "alice", advance=False)
    for i in (1, 2, 14):
        db.tag(store, panel.ids[i], "alice", "named")
    key(panel, "Enter")
    assert panel.index == 3
    panel.go(13)
    key(panel, "Enter")  # 14 is tagged: wraps round to the first untagged
    assert panel.index == 0
    db.bulk_tag(store, panel.ids, "alice", tag="document")
    panel.go(5)
    key(panel, "Enter")
    assert panel.index == 5 and "every claim shown is tagged" in panel.status_line.value


def test_copying_my_answers_to_the_article_takes_the_flag_and_needs_a_tag(store):
    panel = ReviewPanel(store, "alice", advance=False)
    panel.note.value = "a note, no tag"
    panel.save_note()
    panel.bulk_article_button.click()  # a note alone is not an answer to copy
    assert "tag this claim first" in panel.status_line.value and tags_in_db(store.path) == {}
    here = panel.claim_id
    key(panel, "s")
    key(panel, "2")
    panel.bulk_article_button.click()
    article = db.claim_ids(store, article_id=panel.current["article_id"])
    assert len(article) == 5
    for cid in article:
        mine = committed(store.path, cid)
        assert mine["tag"] == "named" and mine["speculative"] is True
    key(panel, "z")  # one undo for the whole copy
    assert list(tags_in_db(store.path)) == [here]
