"""The review panel in a real JupyterLab 4 and headless Chromium: a tag by mouse click and a tag
by keyboard shortcut both reach the database, JupyterLab does not take the keys as notebook
commands (even after a click on the paragraph text, where JupyterLab would take them), the note
box types, the grid tags several claims, and after a reload and re-run the tags are shown again."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import require_chromium
from jupyterlab_server import ARGS, SHOTS, run_all
from jupyterlab_server import jupyterlab as jupyterlab_server
from jupyterlab_server import wait as _wait

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.browser


def _tags(db: Path) -> dict:
    if not db.exists():
        return {}
    con = sqlite3.connect(db)
    try:
        return dict(con.execute("SELECT claim_id, tag FROM tags WHERE reviewer = 'browser-tester' AND tag IS NOT NULL"))
    except sqlite3.OperationalError:
        return {}
    finally:
        con.close()


@pytest.fixture
def jupyterlab(tmp_path):
    work = tmp_path / "work"
    (work / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / "02_review.ipynb", work / "notebooks" / "02_review.ipynb")
    shutil.copytree(ROOT / "data", work / "data")
    db = tmp_path / "browser.db"
    with jupyterlab_server(tmp_path, work, {"WORKBOOK_DB": str(db), "WORKBOOK_REVIEWER": "browser-tester"}) as (base, token):
        yield {"base": base, "token": token, "db": db, "log": tmp_path / "jupyter.log"}


def _run_all(page):
    run_all(page, ".wb-review-panel .wb-card", "review_panel_failed.png")
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=90_000)
    _wait(lambda: page.locator(".wb-review-panel").count() == 1, 30, "one review panel")


def _open(page, lab):
    page.goto(f"{lab['base']}/lab/tree/notebooks/02_review.ipynb?token={lab['token']}")
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=90_000)
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=90_000)
    page.wait_for_timeout(1000)


def test_tag_by_click_and_by_key_in_jupyterlab(jupyterlab):
    chromium = require_chromium()
    from playwright.sync_api import sync_playwright

    lab = jupyterlab
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.on("dialog", lambda d: d.accept())
            _open(page, lab)
            _run_all(page)
            panel = page.locator(".wb-review-panel")
            panel.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / "review_panel_opened.png"))
            card = panel.locator(".wb-card")
            first_claim = card.locator(".wb-claim").first.inner_text()
            # 1. a mouse click on a tag button
            panel.locator(".wb-tag-button", has_text="named").click()
            tags = _wait(lambda: _tags(lab["db"]) or None, 20, "the clicked tag in the database")
            assert list(tags.values()) == ["named"]
            _wait(lambda: card.locator(".wb-claim").first.inner_text() != first_claim, 20, "the next claim")
            # 2. a keyboard shortcut, with the focus still on the clicked button: "1" (anonymous)
            cells = page.locator(".jp-Notebook .jp-Cell").count()
            page.keyboard.press("1")
            tags = _wait(lambda: (t := _tags(lab["db"])) and len(t) == 2 and t, 20, "the key's tag in the database")
            assert sorted(tags.values()) == ["anonymous", "named"]
            # and from the shortcut strip: "a" (anonymous); JupyterLab did not also take "1" or "a"
            # as notebook commands (make a heading / insert a cell above)
            panel.locator(".wb-keys").click()
            page.keyboard.press("a")
            _wait(lambda: len(_tags(lab["db"])) == 3, 20, "the 'a' key's tag")
            assert page.locator(".jp-Notebook .jp-Cell").count() == cells
            assert page.locator(".jp-Notebook .jp-MarkdownCell").count() == 6
            page.keyboard.press("z")  # undo the last one: back to two tags
            _wait(lambda: len(_tags(lab["db"])) == 2, 20, "undo")
            page.wait_for_timeout(300)
            panel.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / "review_panel_tagged.png"))
            # correcting a span by selecting text: the browser maps the selection to article offsets
            panel.get_by_text("Correct spans / add a missed claim").click()
            claim_text = card.locator(".wb-claim").first.inner_text()
            selected = page.evaluate("""() => {
                const node = document.querySelector('.wb-review-panel .wb-card .wb-claim').firstChild;
                const range = document.createRange();
                range.setStart(node, 4); range.setEnd(node, 14);
                const sel = document.getSelection(); sel.removeAllRanges(); sel.addRange(range);
                return sel.toString(); }""")
            assert selected == claim_text[4:14]
            panel.locator("button", has_text="use selected text").click()

            def corrected():
                con = sqlite3.connect(lab["db"])
                try:
                    return con.execute("SELECT new_text FROM span_events").fetchall()
                finally:
                    con.close()
            assert _wait(corrected, 20, "the span correction") == [(selected.strip(),)]  # trimmed

            # 3. reload the page, re-run: both tags are shown
            page.reload()
            page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=90_000)
            page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=90_000)
            page.wait_for_timeout(1000)
            _run_all(page)
            panel = page.locator(".wb-review-panel")
            card = panel.locator(".wb-card")
            assert "2 of" in panel.inner_text()
            seen = []
            for _ in range(2):
                panel.locator("button", has_text="previous").click()
                page.wait_for_timeout(400)
                seen.append(card.inner_text())
            assert "your tag: anonymous" in seen[0] and "your tag: named" in seen[1]
            panel.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / "review_panel_after_reload.png"))
        finally:
            browser.close()
    assert sorted(_tags(lab["db"]).values()) == ["anonymous", "named"]


def _cells(page) -> list[tuple[str, str]]:
    """Each cell's type and text as JupyterLab shows them: any insert, cut, paste, type change or
    run changes this list."""
    return page.evaluate("""() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].map(c => [
        c.classList.contains('jp-MarkdownCell') ? 'markdown' : 'code',
        (c.querySelector('.jp-InputArea-editor') || c).innerText])""")


def _answers(db: Path, claim_id: str) -> dict:
    from workbook.review import db as review_db
    from workbook.store import Store

    with Store(db) as store:
        return review_db.current_tag(store, claim_id, "browser-tester") or {}


def _claim_ids(db: Path) -> list[str]:
    from workbook.review import db as review_db
    from workbook.store import Store

    with Store(db) as store:
        return review_db.claim_ids(store)


def test_keys_after_clicking_the_text_never_reach_the_notebook(jupyterlab):
    chromium = require_chromium()
    from playwright.sync_api import sync_playwright

    lab = jupyterlab
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            _open(page, lab)
            _run_all(page)
            ids = _claim_ids(lab["db"])
            panel = page.locator(".wb-review-panel")
            card = panel.locator(".wb-card")
            strip = panel.locator(".wb-keys")
            page.evaluate("() => { document.querySelector('.wb-review-panel').dataset.original = '1'; }")
            cells = _cells(page)

            def at(n):  # the panel shows claim n (1-based)
                _wait(lambda: f"claim {n} of" in panel.inner_text(), 20, f"claim {n} on screen")

            def press(k, n_after=None):
                page.keyboard.press(k)
                if n_after:
                    at(n_after)

            def click_text():
                card.locator(".wb-para").click(position={"x": 30, "y": 8})
                _wait(lambda: strip.get_attribute("data-active") == "1", 10, "keys going to the panel")

            panel.scroll_into_view_if_needed()
            at(1)
            assert strip.get_attribute("data-active") == "0" and "Keys go to JupyterLab" in strip.inner_text()
            click_text()
            assert "Keys go to the panel" in strip.inner_text()
            for k in ("b", "c", "v", "m", "Shift+Enter", "ArrowUp", "ArrowDown", "l", "Shift+M"):
                press(k)  # JupyterLab's command-mode keys that are not panel keys: nothing
            page.wait_for_timeout(800)
            at(1)
            assert _answers(lab["db"], ids[0]) == {} and _cells(page) == cells
            press("s")  # speculative: stays on the claim
            _wait(lambda: _answers(lab["db"], ids[0]).get("speculative") is True, 20, "the flag")
            press("2", 2)  # named, next
            click_text()
            press("a", 3)  # anonymous ("a" would insert a cell above)
            press("y", 4)  # accept the suggestion ("y" would make the cell code)
            press("p", 5)  # skip
            press("?")  # unsure: asks for a note, and the note box takes the typing
            _wait(lambda: page.evaluate("() => !!document.activeElement.closest('.wb-note')"), 20, "the note box")
            assert "Keys go to the panel" in strip.inner_text()  # still in the panel
            page.keyboard.type("check this claim", delay=20)
            press("Enter")  # saves the mark with its note
            _wait(lambda: _answers(lab["db"], ids[4]).get("note") == "check this claim", 20, "the note")
            assert _answers(lab["db"], ids[4])["status"] == "unsure"
            assert panel.locator(".wb-note input").input_value() == "check this claim"
            panel.locator("button", has_text="next (j)").click()  # a button, then keys
            at(6)
            press("d", 7)
            press("d", 8)  # "d d" would delete the cell
            press("x")  # clear (on an untagged claim: nothing to clear)
            press("k", 7)
            press("x")  # "x" would cut the cell
            _wait(lambda: not _answers(lab["db"], ids[6]).get("tag"), 20, "the clear")
            press("z")
            _wait(lambda: _answers(lab["db"], ids[6]).get("tag") == "document", 20, "the undo")
            panel.locator(".wb-defs").click()  # empty space / plain text elsewhere in the panel
            press("Enter", 8)  # next untagged (Enter would edit the cell)
            press("ArrowLeft", 7)
            press("j", 8)
            page.wait_for_timeout(500)
            assert _cells(page) == cells
            assert page.evaluate("() => document.querySelector('.wb-review-panel').dataset.original") == "1"
            first = _answers(lab["db"], ids[0])
            assert first["tag"] == "named" and first["speculative"] is True
            assert _answers(lab["db"], ids[1])["tag"] == "anonymous"
            assert _answers(lab["db"], ids[2])["tag"]  # the suggestion
            assert _answers(lab["db"], ids[3])["status"] == "skipped"
            assert [_answers(lab["db"], i).get("tag") for i in ids[5:7]] == ["document", "document"]
            assert not _answers(lab["db"], ids[4]).get("speculative")  # the "s" typed in the note was text
            panel.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / "review_panel_keys.png"))

            # the grid: sort, tick two claims, tag them
            panel.get_by_text("Grid: sort, filter and tag many claims").click()
            grid = panel.locator(".wb-claim-grid")
            grid.locator("table.wb-grid tbody tr").first.wait_for(timeout=20_000)
            grid.locator("th", has_text="outlet").click()
            _wait(lambda: "▲" in grid.locator("th", has_text="outlet").inner_text(), 10, "sorted")
            rows = grid.locator("table.wb-grid tbody tr")
            chosen = [rows.nth(i).get_attribute("data-claim-id") for i in (8, 9)]
            for i in (8, 9):
                rows.nth(i).locator("input[type=checkbox]").check()
            _wait(lambda: "2 selected" in grid.inner_text(), 10, "two selected")
            grid.locator("select").nth(2).select_option("outlet")
            grid.locator("button", has_text="tag selected").click()
            _wait(lambda: all(_answers(lab["db"], c).get("tag") == "outlet" for c in chosen), 20, "grid tags")
            grid.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / "review_grid.png"))
            assert _cells(page) == cells
            # outside the panel the keys are JupyterLab's again, and the strip says so
            page.locator(".jp-MarkdownCell", has_text="Updated as you tag").click()
            _wait(lambda: strip.get_attribute("data-active") == "0", 10, "keys back to JupyterLab")
            assert "Keys go to JupyterLab" in strip.inner_text()
            progress = page.locator(".wb-progress").inner_text()  # the cell below the panel, live
            assert f"browser-tester: {len(_tags(lab['db']))} of {len(ids)} claims tagged" in progress
        finally:
            browser.close()
