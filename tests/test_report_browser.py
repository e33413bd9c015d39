"""The report in a real browser (headless Chromium, network blocked): rows render, the filters
and sorting work, pages turn, and the figures draw."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import require_chromium

from workbook.report import build_report
from workbook.report.render import PAGE_SIZE
from workbook.report.synthetic import fill_store
from workbook.store import Store

pytestmark = pytest.mark.browser
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SCREENSHOT = Path(os.environ.get("WORKBOOK_REPORT_SCREENSHOT", "/tmp/workbook-report-browser.png"))


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser") / "desk.db"
    with Store(db) as store:
        fill_store(store, 240)
        return build_report(store)


@pytest.fixture(scope="module")
def page(report):
    sync_api = pytest.importorskip("playwright.sync_api")
    require_chromium()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.requests, page.errors = [], []
            page.on("request", lambda r: page.requests.append(r.url))
            page.on("pageerror", lambda e: page.errors.append(str(e)))
            page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                       else route.abort())
            page.goto(report.resolve().as_uri())
            page.wait_for_selector("html[data-report-ready]", timeout=10_000)
            yield page
        finally:
            browser.close()


def rows(page) -> list[dict]:
    return page.eval_on_selector_all("#claim-rows tr", """trs => trs.map(tr => ({
        id: tr.dataset.claimId, tag: tr.dataset.tag, n: +tr.cells[0].textContent,
        outlet: tr.cells[1].querySelector('strong').textContent, source: tr.cells[3].firstChild.textContent}))""")


def test_rows_render_without_network(page, report):
    assert len(rows(page)) == PAGE_SIZE
    assert page.locator("#claim-filters").is_visible()
    assert "of 240" in page.text_content("#claim-count")
    assert page.locator("#claim-rows mark.hl-claim").count() >= PAGE_SIZE
    assert page.requests == [report.resolve().as_uri()]
    assert page.errors == []


def test_figures_draw(page):
    boxes = page.eval_on_selector_all(".figure svg", "ss => ss.map(s => { const r = s.getBoundingClientRect();"
                                                     " return [r.width, r.height, s.querySelectorAll('path, text').length]; })")
    assert len(boxes) >= 2  # outlet graph, sourcing mix (+ the graph package's matrix)
    for width, height, marks in boxes:
        assert width > 200 and height > 100 and marks > 10


def test_filter_by_tag_outlet_source(page):
    page.select_option("#f-tag", "named")
    got = rows(page)
    assert got and all(r["tag"] == "named" for r in got)
    page.select_option("#f-outlet", "Reuters")
    got = rows(page)
    assert got and all(r["tag"] == "named" and r["outlet"] == "Reuters" for r in got)
    assert "filtered from 240" in page.text_content("#claim-count")
    page.click("#f-reset")
    page.select_option("#f-source", "analysts")
    got = rows(page)
    assert got and all(r["source"] == "analysts" for r in got)
    page.fill("#f-text", "item 3-")
    for _ in range(50):  # the search is debounced (wait_for_function would need 'unsafe-eval')
        if len(rows(page)) < 20:
            break
        page.wait_for_timeout(50)
    assert 0 < len(rows(page)) < 20
    assert all("analysts" == r["source"] for r in rows(page))
    page.click("#f-reset")
    assert len(rows(page)) == PAGE_SIZE


def test_the_speculation_flag_renders_beside_the_tag(page):
    page.click("#f-reset")
    page.click("#claim-pager [data-page='next']")  # a page the script draws
    badges = page.eval_on_selector_all("#claim-rows tr", """trs => trs.map(tr =>
        Array.from(tr.cells[4].querySelectorAll('span.tag')).map(s => s.textContent))""")
    flagged = [b for b in badges if "speculative" in b]
    assert flagged and all(len(b) == 2 and b[1] == "speculative" for b in flagged)
    assert len(flagged) < len(badges)
    page.click("#claim-pager [data-page='prev']")


def test_sort_and_pages(page):
    page.click("#claim-table th[data-sort='outlet'] button")
    outlets = [r["outlet"] for r in rows(page)]
    assert outlets == sorted(outlets, key=str.casefold)
    assert page.get_attribute("#claim-table th[data-sort='outlet']", "aria-sort") == "ascending"
    page.click("#claim-table th[data-sort='outlet'] button")
    outlets = [r["outlet"] for r in rows(page)]
    assert outlets == sorted(outlets, key=str.casefold, reverse=True)
    page.click("#f-reset")
    page.click("#claim-pager [data-page='next']")
    assert [r["n"] for r in rows(page)] == list(range(PAGE_SIZE + 1, 2 * PAGE_SIZE + 1))
    page.click("#claim-pager [data-page='next']")
    assert [r["n"] for r in rows(page)] == list(range(2 * PAGE_SIZE + 1, 241))
    assert page.is_disabled("#claim-pager [data-page='next']")
    page.click("#claim-pager [data-page='prev']")
    page.click("#claim-pager [data-page='prev']")
    assert rows(page)[0]["n"] == 1


def test_screenshot(page):
    page.click("#f-reset")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOT), full_page=False)
    page.locator("#claims").screenshot(path=str(SCREENSHOT.with_name(SCREENSHOT.stem + "-claims.png")))
    assert SCREENSHOT.stat().st_size > 10_000
    assert page.errors == []
