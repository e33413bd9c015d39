"""The report cannot be turned against its reader.

Hostile articles (tests/fixtures/hostile: .txt, .html and .jsonl whose titles, authors, outlet
names, claims and sources carry script tags, event handlers, javascript: links, SVG, iframes,
U+2028/9 and broken markup) go through the real loader and store, reviewers add hostile notes
through Store.record_tag, and the report must hold none of it as live markup: checked by parsing
the HTML token by token, and (browser mark) by opening it in headless Chromium with the network
blocked: no dialog, no window.__pwned, no request but the file itself.
"""
from __future__ import annotations

import hashlib
import base64
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import lxml.html
import pytest
from conftest import require_chromium

from workbook.extract import extract
from workbook.load import iter_load
from workbook.models import Article, Attribution, LoadError
from workbook.report import build_report
from workbook.report.safety import SVG_ELEMENTS
from workbook.review import db as review_db
from workbook.store import Store
from workbook.table import rows_for

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
PAYLOAD_NOTES = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "</script><script>alert(1)</script>",
    "<iframe src=https://attacker.example/></iframe>",
    "\u2028</script>\u2029<!--",
    "<a href='javascript:window.__pwned=1'>x</a> <div <p <<b",
]
HOSTILE_REVIEWER = '<b onmouseover="alert(1)">mallory</b>'

_SAID_THAT = re.compile(r"^(?P<src>[^\n]+?) (?P<cue>said|told \w+) that (?P<claim>[^\n]+)$", re.M)
_QUOTE_SAID = re.compile(r'^"(?P<claim>[^\n]+?)," (?P<src>[^\n]+?) (?P<cue>said)\.?$', re.M)


def said_that(article: Article) -> list[Attribution]:
    """A small deterministic extractor for the fixtures: '<source> said that <claim>' and
    '"<claim>," <source> said.' lines, so claims and sources surely carry the payloads."""
    out = []
    for lo, hi in article.body:
        for pattern in (_SAID_THAT, _QUOTE_SAID):
            for m in pattern.finditer(article.text, lo, hi):
                out.append(Attribution(claim=m.span("claim"), source=m.span("src"), cue=m.span("cue"),
                                       kind="indirect", source_name=m.group("src"), suggested="named"))
    return sorted(out, key=lambda a: a.claim)


def load_hostile(store: Store) -> list[str]:
    """Load the fixtures through the real loader and the real extractor (plus said_that), save
    through the store, tag with hostile notes. Returns claim ids."""
    claim_ids = []
    articles = []
    for item in iter_load([HOSTILE]):
        assert not isinstance(item, LoadError), str(item)
        atts = said_that(item) + list(extract(item))  # an extractor error fails the test
        rows = rows_for(item, atts)
        store.save_article(item, rows)
        articles.append((item, rows))
        claim_ids += [r["claim_id"] for r in rows]
    assert len(articles) == 5 and len(claim_ids) >= 15
    for n, cid in enumerate(claim_ids):
        note = PAYLOAD_NOTES[n % len(PAYLOAD_NOTES)]
        store.record_tag(cid, "ana", ["named", "anonymous", "outlet"][n % 3], note=note)
        if n % 3 == 2:
            review_db.flag(store, cid, "ana", True)
        if n % 5 == 1:  # a hostile note on a claim with no tag
            review_db.set_note(store, cid, "ben", PAYLOAD_NOTES[(n + 1) % len(PAYLOAD_NOTES)])
        if n % 4 == 0:
            store.record_tag(cid, HOSTILE_REVIEWER, "unsourced", note=PAYLOAD_NOTES[(n + 3) % len(PAYLOAD_NOTES)])
    store.record_tag(claim_ids[1], "ana", '<script>alert("tag")</script>', note="a hostile tag name")
    # An orphan: re-save the first article with one claim fewer; its tag must be listed, escaped.
    first, rows = articles[0]
    store.save_article(first, rows[1:])
    return claim_ids


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    with Store(path) as store:
        load_hostile(store)
        report = build_report(store)
    return report


class Tokens(HTMLParser):
    """Every start tag with its attributes, as a browser's tokenizer sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "div", "p", "h1", "h2", "h3", "nav",
                "a", "main", "section", "dl", "dt", "dd", "span", "table", "thead", "tbody", "tr", "th", "td",
                "ul", "li", "strong", "em", "code", "form", "label", "select", "option", "input", "button",
                "mark", "noscript", "figure", "figcaption", "footer", "script", "details", "summary"} | {t.lower() for t in SVG_ELEMENTS}


def assert_inert(html: str) -> None:
    tokens = Tokens()
    tokens.feed(html)
    tokens.close()
    names = [t for t, _ in tokens.tags]
    assert set(names) <= ALLOWED_TAGS, set(names) - ALLOWED_TAGS
    for banned in ("iframe", "object", "embed", "frame", "frameset", "base", "link", "img", "foreignobject",
                   "math", "applet", "video", "audio", "source", "template", "textarea"):
        assert banned not in names, banned
    # Exactly two <script>s: the JSON island and the one hashed script.
    scripts = [a for t, a in tokens.tags if t == "script"]
    assert len(scripts) == 2, scripts
    assert scripts[0] == {"type": "application/json", "id": "report-data"}
    assert scripts[1] == {}
    csp = [a for t, a in tokens.tags if t == "meta" and a.get("http-equiv", "").lower() == "content-security-policy"]
    assert len(csp) == 1
    policy = csp[0]["content"]
    digest = base64.b64encode(hashlib.sha256(tokens.scripts[1].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "'unsafe-eval'" not in policy
    for tag, attrs in tokens.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            value = (value or "").strip().lower()
            if tag == "image":  # only a raster matplotlib embedded (imshow), as a base64 PNG/JPEG
                assert name in ("xlink:href", "href", "x", "y", "width", "height", "transform", "style", "id",
                                "preserveaspectratio", "clip-path"), (tag, name)
                if name.endswith("href"):
                    assert re.fullmatch(r"data:image/(png|jpeg);base64,[a-z0-9+/=\s]+", value), value[:80]
                continue
            assert not re.match(r"^\s*(javascript|vbscript|data):", value) or (tag, name) == ("meta", "content"), (tag, name, value)
            if name in ("href", "xlink:href"):
                assert value.startswith(("#", "https://", "http://")), (tag, name, value)
            if name in ("src", "action", "formaction", "srcdoc", "background", "poster", "ping"):
                raise AssertionError(f"unexpected {name} on <{tag}>")
            if name == "style":
                assert "url(" not in value or "url(#" in value, (tag, value)
                assert "expression" not in value and "javascript" not in value
    # The island: valid JSON, and nothing in it can close its element or open a comment.
    island = tokens.scripts[0]
    assert "</" not in island and "<!--" not in island and "<" not in island and "\u2028" not in island
    json.loads(island)
    # The only styles: the one in <head>; SVG only inside the two figures.
    assert names.count("style") == 1


def test_hostile_report_is_inert(hostile_report):
    assert_inert(hostile_report.read_text(encoding="utf-8"))


def test_hostile_text_is_shown_as_text(hostile_report):
    """The payloads are not dropped: the reader sees them as text (that is the evidence)."""
    html = hostile_report.read_text(encoding="utf-8")
    doc = lxml.html.document_fromstring(html)
    rows_text = " ".join(doc.get_element_by_id("claim-rows").itertext())
    assert "<script>window.__pwned=1</script>" in rows_text  # outlet name or claim, as text
    assert "javascript:" in rows_text
    data = json.loads(doc.get_element_by_id("report-data").text)
    every = json.dumps(data, ensure_ascii=False)
    for note in PAYLOAD_NOTES[:6]:
        assert note in every or json.dumps(note, ensure_ascii=False)[1:-1] in every
    # The hostile reviewer name and hostile tag are text in the summary and history.
    summary = " ".join(doc.get_element_by_id("summary").itertext())
    assert HOSTILE_REVIEWER in summary
    assert '<script>alert("tag")</script>' in summary
    # Disagreements and orphans carry hostile text too, escaped.
    review = " ".join(doc.get_element_by_id("review").itertext())
    assert "window.__pwned" in review
    assert doc.get_element_by_id("orphan-table") is not None
    # Links: only the http(s) URL, never the javascript: one.
    hrefs = [a.get("href") for a in doc.iter("a") if a.get("href") and not a.get("href").startswith("#")]
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    assert not any("javascript" in h.lower() for h in hrefs)


def test_hostile_svg_labels_are_escaped(hostile_report):
    doc = lxml.html.document_fromstring(hostile_report.read_text(encoding="utf-8"))
    figure = doc.get_element_by_id("figure-outlets")
    svg = figure.find(".//svg")
    assert svg is not None, "the outlet graph is drawn"
    labels = " ".join(svg.itertext())
    assert "<script>" in labels  # hostile outlet names drawn as text
    for el in svg.iter():
        if isinstance(el.tag, str):
            assert el.tag.lower() in {t.lower() for t in SVG_ELEMENTS}, el.tag


def test_sanitize_svg_strips_active_content():
    from workbook.report.safety import sanitize_svg

    svg = """<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>
    <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)" width="10pt">
      <script>alert(1)</script><style>@import url(https://attacker.example/x.css);</style>
      <defs><clipPath id="c1"><rect width="5" height="5"/></clipPath></defs>
      <g clip-path="url(#c1)" style="fill: url(https://attacker.example/p.png)" onclick="alert(1)">
        <a xlink:href="javascript:alert(1)"><text>link</text></a>
        <use xlink:href="https://attacker.example/sprite.svg#x"/><use xlink:href="#c1"/>
        <image href="https://attacker.example/p.png"/>
        <foreignObject><div xmlns="http://www.w3.org/1999/xhtml" onclick="alert(1)">x</div></foreignObject>
        <text x="1" y="2" onmouseover="alert(1)">&lt;/svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;&x;</text>
        <animate attributeName="href" to="javascript:alert(1)"/><set attributeName="onload" to="alert(1)"/>
      </g>
    </svg>"""
    out = str(sanitize_svg(svg, prefix="t"))
    low = out.lower()
    for bad in ("<script", "onload", "onclick", "onmouseover", "javascript", "attacker", "foreignobject", "<image",
                "<a ", "<animate", "<set", "<style", "passwd", 'width="10pt"'):
        assert bad not in low, bad
    assert "&lt;/svg&gt;&lt;script&gt;" in out  # the label survives as text
    assert 'id="t-c1"' in out and 'url(#t-c1)' in out and 'href="#t-c1"' in out
    # a raster matplotlib embedded (imshow) stays; any other image goes
    png = "data:image/png;base64,iVBORw0KGgo="
    kept = str(sanitize_svg(f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                            f'<image xlink:href="{png}" width="2" onload="alert(1)"/>'
                            f'<image xlink:href="data:image/svg+xml;base64,PHN2Zz4="/>'
                            f'<image xlink:href="data:text/html,x"/></svg>'))
    assert kept.count("<image") == 1 and png in kept and "onload" not in kept


def test_json_island_escaping():
    from hypothesis import given, settings, strategies as st

    from workbook.report.safety import json_for_script

    @settings(max_examples=200, deadline=None)
    @given(st.recursive(st.text() | st.integers() | st.none(),
                        lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=5), c, max_size=4),
                        max_leaves=12))
    def check(value):
        text = str(json_for_script(value))
        assert not re.search("[<>&\u2028\u2029]", text)
        assert json.loads(text) == value

    check()
    assert str(json_for_script("</script><!--\u2028")) == '"\\u003c/script\\u003e\\u003c!--\\u2028"'


@pytest.mark.parametrize("url,ok", [
    ("https://example.org/a", True), ("http://example.org", True), ("javascript:alert(1)", False),
    (" JavaScript:alert(1)", False), ("data:text/html,x", False), ("//example.org", False), ("/local", False),
    ('https://example.org/"><script>', False), ("https://exa mple.org", False), ("vbscript:x", False), (None, False),
])
def test_safe_url(url, ok):
    from workbook.report.safety import safe_url

    assert (safe_url(url) is not None) == ok


ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.mark.browser
def test_hostile_report_runs_no_injected_script(hostile_report):
    sync_api = pytest.importorskip("playwright.sync_api")
    require_chromium()
    url = hostile_report.resolve().as_uri()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            page = browser.new_page()
            requests, dialogs, errors = [], [], []
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                       else route.abort())
            page.goto(url)
            page.wait_for_selector("html[data-report-ready]", timeout=10_000)  # our hashed script ran
            assert page.locator("#claim-rows tr").count() > 10
            # Exercise every path that renders data: each outlet, search, sort, clear.
            options = page.eval_on_selector_all("#f-outlet option", "os => os.map(o => o.value)")
            assert any("<script>" in o for o in options)
            for value in options:
                page.select_option("#f-outlet", value=value)
            page.select_option("#f-outlet", value="")
            page.fill("#f-text", "<script>")
            page.wait_for_timeout(300)
            page.fill("#f-text", "")
            page.click("#claim-table th[data-sort='note'] button")
            page.click("#claim-table th[data-sort='source'] button")
            for n in range(min(5, page.locator("#claim-rows tr").count())):
                page.locator("#claim-rows tr").nth(n).hover()
            page.wait_for_timeout(300)
            assert page.evaluate("typeof window.__pwned") == "undefined"
            assert page.evaluate("document.querySelectorAll('iframe, object, embed, img, script:not([id]):not([type])').length") == 1  # our script
            assert page.evaluate("document.querySelectorAll('[onload],[onerror],[onclick],[onmouseover]').length") == 0
            assert dialogs == []
            assert errors == []
            assert requests == [url], requests
        finally:
            browser.close()
