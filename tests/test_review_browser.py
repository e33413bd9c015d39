"""The review panel in a real JupyterLab 4 and headless Chromium: a tag by mouse click and a tag
by keyboard shortcut both reach the database, JupyterLab does not take the keys as notebook
commands, and after a reload and re-run both tags are shown again."""
from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import require_chromium

ROOT = Path(__file__).resolve().parents[1]
SHOTS = Path(os.environ.get("WORKBOOK_SHOTS", "/tmp"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


def _wait(predicate, timeout=60.0, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def jupyterlab(tmp_path):
    work = tmp_path / "work"
    (work / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / "02_review.ipynb", work / "notebooks" / "02_review.ipynb")
    shutil.copytree(ROOT / "data", work / "data")
    settings = tmp_path / "settings"
    notification = settings / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    token = secrets.token_hex(16)
    port = _free_port()
    db = tmp_path / "browser.db"
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(settings), "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
           "WORKBOOK_DB": str(db), "WORKBOOK_REVIEWER": "browser-tester"}
    log = open(tmp_path / "jupyter.log", "w")
    proc = subprocess.Popen([str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--allow-root",
                             "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", f"--ServerApp.token={token}",
                             f"--ServerApp.root_dir={work}", "--ServerApp.port_retries=0"],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"

    def up():
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    try:
        _wait(up, 90, "JupyterLab to start")
        yield {"base": base, "token": token, "db": db, "log": tmp_path / "jupyter.log"}
    finally:
        try:
            urllib.request.urlopen(urllib.request.Request(f"{base}/api/shutdown?token={token}", method="POST"), timeout=10)
        except OSError:
            pass
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        log.close()


def _run_all(page):
    for attempt in range(3):  # a run-all sent before the kernel is connected is dropped: retry
        page.locator("#jp-MainMenu").get_by_text("Run", exact=True).click()
        page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()
        try:
            page.wait_for_selector(".wb-review-panel .wb-card", timeout=30_000)
            break
        except Exception:
            page.screenshot(path=str(SHOTS / "review_panel_failed.png"), full_page=True)
            if attempt == 2:
                raise
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
