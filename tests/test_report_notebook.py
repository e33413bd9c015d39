"""notebooks/04_report.ipynb: run by nbclient, then exported with `nbconvert --no-input`. The
export shows the tags saved in the database as static tables (no widget state, no script
needed), and the offline exporter references nothing on the network."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import nbformat
import pytest
from conftest import ROOT, require_chromium
from nbclient import NotebookClient

from workbook.report import report_data
from workbook.report.synthetic import fill_store
from workbook.store import Store

NOTEBOOK = ROOT / "notebooks" / "04_report.ipynb"
JUPYTER = Path(sys.executable).with_name("jupyter")
HOSTILE_NOTE = "<script>window.__pwned=1</script><img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """(executed notebook path, db path, the final tags the report computes) for a small DB
    with two reviewers, a disagreement and a hostile note."""
    tmp = tmp_path_factory.mktemp("nb")
    db = tmp / "desk.db"
    with Store(db) as store:
        fill_store(store, 60, claims_per_article=6)
        first = store.db.execute("SELECT claim_id FROM claims WHERE claim_id NOT IN (SELECT claim_id FROM tags) "
                                 "ORDER BY rowid LIMIT 1").fetchone()[0]
        store.record_tag(first, "carla", "document", note=HOSTILE_NOTE)
        rows = report_data(store, progress=False).rows
    nb = nbformat.read(NOTEBOOK, as_version=4)
    import os

    old = os.environ.get("WORKBOOK_DB")
    os.environ["WORKBOOK_DB"] = str(db)
    try:
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    finally:
        if old is None:
            os.environ.pop("WORKBOOK_DB", None)
        else:
            os.environ["WORKBOOK_DB"] = old
    out = tmp / "04_report.ipynb"
    nbformat.write(nb, out)
    return out, db, rows


def export(notebook: Path, to: str, name: str) -> Path:
    subprocess.run([str(JUPYTER), "nbconvert", "--to", to, "--no-input", str(notebook), "--output", name],
                   check=True, capture_output=True, timeout=300)
    return notebook.with_name(name + ".html")


def claim_table(doc):
    """The claims table of the export: the wb-table whose header has 'final tag' and 'sentence'."""
    for table in doc.xpath("//table[contains(@class, 'wb-table')]"):
        head = [th.text_content().strip() for th in table.xpath(".//thead//th")]
        if "final tag" in head and "sentence" in head:
            return head, [[td.text_content() for td in tr.xpath("td")] for tr in table.xpath(".//tbody/tr")]
    raise AssertionError("no claims table in the export")


def network_refs(html: str) -> list[str]:
    """http(s) URLs the page would fetch: script src, link href, img/iframe src, CSS url()/@import."""
    doc = lxml.html.document_fromstring(html)
    refs = [el.get("src") for el in doc.xpath("//script[@src] | //img[@src] | //iframe[@src] | //embed[@src]")]
    refs += [el.get("href") for el in doc.xpath("//link[@href]")]
    for style in doc.xpath("//style"):
        refs += re.findall(r"""url\(\s*['"]?(https?:[^'")]+)""", style.text or "")
        refs += re.findall(r"""@import\s+['"](https?:[^'"]+)""", style.text or "")
    refs += re.findall(r"""import\s*\(?\s*['"](https?://[^'"]+)""", " ".join(s.text or "" for s in doc.xpath("//script")))
    return [r for r in refs if r and r.lower().startswith(("http:", "https:", "//"))]


def test_notebook_runs_and_writes_the_report(executed):
    notebook, db, rows = executed
    nb = nbformat.read(notebook, as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors[:1]
    text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    report = db.with_name("desk-report.html")
    assert f"report written to {report.resolve()}" in text
    assert report.exists()
    # no widget state, nothing a kernel must be alive for
    assert "application/vnd.jupyter.widget-view+json" not in notebook.read_text()


@pytest.mark.parametrize("to", ["html", "workbook.report.nbexport.OfflineHTMLExporter"])
def test_export_shows_saved_tags(executed, to):
    notebook, _db, rows = executed
    html = export(notebook, to, "export-" + to.rsplit(".", 1)[-1]).read_text(encoding="utf-8")
    doc = lxml.html.document_fromstring(html)
    head, body = claim_table(doc)
    tags = [r[head.index("final tag")] for r in body]
    assert tags == [r["tag"] for r in rows][: len(tags)] and len(tags) == min(len(rows), 200)
    assert {"carla", "ana"} <= {name.strip() for r in body for name in r[head.index("reviewer")].split(",")}
    assert "document" in tags and "untagged" in tags
    # the tables are static HTML: not inside a script, a template or a widget view
    table = doc.xpath("//table[contains(@class,'wb-table')]")[0]
    assert not [a for a in table.iterancestors() if a.tag in ("script", "template", "noscript")]
    # the hostile note is text, not markup; the only scripts are nbconvert's own
    assert HOSTILE_NOTE in " ".join(r[head.index("note")] for r in body)
    for script in doc.xpath("//script"):
        assert "__pwned" not in (script.text or "")
    assert not doc.xpath("//img[@onerror]")
    refs = network_refs(html)
    if to == "html":
        # nbconvert's default template references require.js/MathJax/mermaid on a CDN; none is
        # needed for the tags (static tables above), and no widget needs require.js.
        assert all("cdnjs.cloudflare.com" in r for r in refs), refs
    else:
        assert refs == []
        assert not doc.xpath("//script")


@pytest.mark.browser
def test_offline_export_renders_tags_with_network_blocked(executed):
    sync_api = pytest.importorskip("playwright.sync_api")
    require_chromium()
    notebook, _db, rows = executed
    path = export(notebook, "workbook.report.nbexport.OfflineHTMLExporter", "export-browser")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        try:
            page = browser.new_page()
            requests, dialogs = [], []
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file://", "data:"))
                       else route.abort())
            page.goto(path.resolve().as_uri())
            page.wait_for_timeout(300)
            cells = page.eval_on_selector_all("table.wb-table tbody td", "tds => tds.map(td => td.innerText)")
            assert "document" in cells and "untagged" in cells
            assert page.locator("table.wb-table").first.is_visible()
            assert [r for r in requests if not r.startswith("data:")] == [path.resolve().as_uri()]
            assert dialogs == [] and page.evaluate("typeof window.__pwned") == "undefined"
        finally:
            browser.close()
