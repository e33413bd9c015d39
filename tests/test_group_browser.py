"""The group review panel in a real JupyterLab 4 and headless Chromium: a notebook written into
tmp opens a GroupPanel on a seeded store; clicks on its confirm and split-off buttons and the
``z`` key (undo) each reach the append-only group log. Reuses the server and browser set-up of
tests/jupyterlab_server.py."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from conftest import require_chromium
from jupyterlab_server import ARGS, SHOTS, jupyterlab, run_all
from jupyterlab_server import wait as _wait
from test_group_panel import ARTICLES

pytestmark = pytest.mark.browser
REVIEWER = "browser-tester"
NOTEBOOK_CODE = """import os
from workbook.review.groups import GroupPanel
from workbook.store import Store

store = Store(os.environ["WORKBOOK_DB"])
panel = GroupPanel(store)  # the reviewer is WORKBOOK_REVIEWER
panel"""


def _seed(db: Path, tmp: Path) -> list[str]:
    """The four articles of test_group_panel (two stories, two outlets each) confirmed as two
    groups by another reviewer; returns the claim ids of the group the panel shows first."""
    from workbook.graph import db as group_db
    from workbook.pipeline import load_into
    from workbook.review.groups import GroupPanel
    from workbook.store import Store

    paths = []
    for i, (name, site, body) in enumerate(ARTICLES, 1):
        path = tmp / f"{name}.txt"
        path.write_text(f"{site}\n\n\nHeadline {name}\n\nBy Jo Writer | {site} | 2020-01-0{i}\n\n{body}\n",
                        encoding="utf-8")
        paths.append(str(path))
    with Store(db) as store:
        assert not load_into(store, paths).errors
        claims = store.claims()
        for words in ("water vapour", "river bridge"):
            group_db.confirm(store, claims.loc[claims["claim"].str.contains(words, case=False), "claim_id"], "setup")
        return GroupPanel(store, "setup").members()["claim_id"].tolist()


def _events(db: Path) -> list[dict]:
    from workbook.graph import db as group_db
    from workbook.store import Store

    with Store(db) as store:
        events = group_db.group_events(store)
    return events[events["reviewer"] == REVIEWER][["action", "claim_ids", "other_ids"]].to_dict("records")


@pytest.fixture
def lab(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(NOTEBOOK_CODE)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(nb, work / "groups.ipynb")
    db = tmp_path / "groups.db"
    first_group = _seed(db, tmp_path)
    with jupyterlab(tmp_path, work, {"WORKBOOK_DB": str(db), "WORKBOOK_REVIEWER": REVIEWER}) as (base, token):
        yield {"url": f"{base}/lab/tree/groups.ipynb?token={token}", "db": db, "first_group": first_group}


def _run_all(page):
    run_all(page, ".wb-group-panel .wb-group-claim", "group_panel_failed.png")


def test_group_decisions_by_click_and_key_reach_the_group_log(lab):
    chromium = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(lab["url"])
            page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=90_000)
            page.wait_for_timeout(1000)
            _run_all(page)
            panel = page.locator(".wb-group-panel")
            assert "Group 1 of 2" in panel.locator(".wb-group-head").inner_text()
            assert panel.locator(".wb-group-claim").count() == 2
            # confirm, by a click on the button
            panel.locator(".wb-group-confirm").click()
            _wait(lambda: len(_events(lab["db"])) == 1, 20, "the confirm in the group log")
            confirm = _events(lab["db"])[0]
            assert confirm["action"] == "confirm" and sorted(confirm["claim_ids"]) == sorted(lab["first_group"])
            _wait(lambda: "confirmed" in panel.locator(".wb-group-status").inner_text(), 20, "the panel's answer")
            panel.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / "group_panel.png"))
            # split the first member off
            panel.locator(".wb-group-split").first.click()
            _wait(lambda: len(_events(lab["db"])) == 2, 20, "the split in the group log")
            split = _events(lab["db"])[1]
            assert split["action"] == "split" and split["claim_ids"] == [lab["first_group"][0]]
            assert split["other_ids"] == lab["first_group"][1:]
            _wait(lambda: "Group 1 of 1" in panel.locator(".wb-group-head").inner_text(), 20, "one group left")
            # undo by key: the key catcher takes z before JupyterLab does
            panel.locator(".wb-keys").click()
            page.keyboard.press("z")
            _wait(lambda: len(_events(lab["db"])) == 3, 20, "the undo in the group log")
            assert _events(lab["db"])[2]["action"] == "undo"
            _wait(lambda: "Group 1 of 2" in panel.locator(".wb-group-head").inner_text(), 20, "both groups back")
            page.screenshot(path=str(SHOTS / "group_panel_after_undo.png"))
        finally:
            browser.close()
