"""The HTML report: structure (parsed, never byte-compared), the CLI, defaults, the final answers."""
from __future__ import annotations

import json
from pathlib import Path
import re

import lxml.html
import pytest
from click.testing import CliRunner

from workbook.report import build_report, default_report_path, render_report
from workbook.report.highlight import segments
from workbook.report.render import PAGE_SIZE
from workbook.report.synthetic import fill_store
from workbook.store import Store

SECTIONS = ["summary", "claims", "groups", "figures", "review", "history", "method"]


@pytest.fixture
def filled(db_target):
    with Store(db_target) as store:
        fill_store(store, 250)
        yield store


def parse(html: str):
    return lxml.html.document_fromstring(html)


def island(doc) -> dict:
    return json.loads(doc.get_element_by_id("report-data").text)


def test_sections_and_summary(filled):
    doc = parse(render_report(filled))
    assert [s.get("id") for s in doc.iter("section")] == SECTIONS
    nav = [a.get("href") for a in doc.xpath("//nav[@aria-label='Sections']/a")]
    assert nav == [f"#{s}" for s in SECTIONS]
    stats = {dd.get("data-stat"): dd.text_content().strip() for dd in doc.xpath("//dd[@data-stat]")}
    n_articles = filled.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert stats["articles"] == str(n_articles)
    assert stats["claims"] == "250"
    assert stats["reviewers"] == "2"
    assert stats["agreement"].endswith("%")
    shares = doc.xpath("//table[contains(@class,'shares')]/tbody/tr")
    assert sum(int(tr.xpath("td")[1].text_content().replace(",", "")) for tr in shares) == 250
    assert {tr.get("data-tag") for tr in shares} >= {"untagged"}


def test_claim_rows_match_the_database(filled):
    from workbook.review.agreement import reviewed_table

    doc = parse(render_report(filled))
    rows = doc.xpath("//tbody[@id='claim-rows']/tr")
    assert len(rows) == PAGE_SIZE  # the first page in HTML; the rest from the JSON island
    data = island(doc)
    assert len(data["rows"]) == 250
    truth = reviewed_table(filled).set_index("claim_id")
    for tr in rows:
        cid = tr.get("data-claim-id")
        final = truth.loc[cid, "final_tag"]
        expected = final if isinstance(final, str) else (
            "disputed" if truth.loc[cid, "final_status"] == "disagreement" else "untagged")
        assert tr.get("data-tag") == expected
        assert tr.xpath(".//span[@class='tag']")[0].text_content() == expected
        cells = tr.xpath("td")
        assert len(cells) == 7
        # the sentence: source, cue and claim highlighted as separate, escaped segments
        marks = {m.get("class"): m.text_content() for m in cells[2].xpath(".//mark")}
        assert marks["hl-claim"] == truth.loc[cid, "claim"]
        assert marks["hl-source"] == truth.loc[cid, "source"]
        assert marks["hl-cue"] == truth.loc[cid, "cue"]
        if isinstance(truth.loc[cid, "final_by"], str):
            assert truth.loc[cid, "final_by"] in cells[5].text_content()
    # every row of the island says the same as the review
    for r in data["rows"]:
        final = truth.loc[r["id"], "final_tag"]
        assert r["tag"] == (final if isinstance(final, str) else r["tag"])
        assert "".join(text for _, text in r["seg"])  # the sentence is there


def test_filters_options_and_links(filled):
    doc = parse(render_report(filled))
    tags = [o.get("value") for o in doc.xpath("//select[@id='f-tag']/option")][1:]
    assert "untagged" in tags and "named" in tags
    outlets = [o.get("value") for o in doc.xpath("//select[@id='f-outlet']/option")][1:]
    assert "Eurasianet" in outlets and "Aletho News" in outlets
    assert len(doc.xpath("//select[@id='f-source']/option")) > 3
    links = [a for a in doc.xpath("//tbody[@id='claim-rows']//a")]
    assert links and all(a.get("href").startswith("https://example.org/") for a in links)
    assert all("noopener" in a.get("rel") and "noreferrer" in a.get("rel") for a in links)


def test_figures_are_inline_svg(filled):
    doc = parse(render_report(filled))
    for key in ("outlets", "mix"):
        fig = doc.get_element_by_id(f"figure-{key}")
        svg = fig.find(".//svg")
        assert svg is not None and svg.get("viewbox") or svg.get("viewBox")
        assert len(list(svg.iter())) > 20
    html = render_report(filled)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html.split("<tbody id=\"claim-rows\">")[0])


def test_groups_disagreements_orphans_history_method(filled):
    article = filled.article(filled.db.execute("SELECT id FROM articles LIMIT 1").fetchone()[0])

    cids = [r[0] for r in filled.db.execute("SELECT claim_id FROM claims WHERE article_id = ? ORDER BY position",
                                            (article.id,))]
    filled.record_tag(cids[0], "ana", "named", note="orphan-to-be")
    filled.record_tag(cids[1], "ana", "named")
    filled.record_tag(cids[1], "ben", "anonymous", note="I disagree")
    # re-extract with the first claim gone: its tag becomes an orphan
    claims = filled.claims()
    keep = claims[(claims["article_id"] == article.id) & (claims["claim_id"] != cids[0])]
    filled.save_article(article, [{k: (None if v != v else v) for k, v in r.items()} for r in keep.to_dict("records")])
    doc = parse(render_report(filled))
    groups = doc.xpath("//table[@id='group-table']/tbody/tr")
    assert groups, "the synthetic data repeats claims across outlets"
    assert all(len(tr.xpath("td")) == 5 for tr in groups)
    disagreeing = doc.xpath("//table[@id='disagreement-table']/tbody/tr/@data-claim-id")
    assert cids[1] in disagreeing
    orphans = doc.xpath("//table[@id='orphan-table']/tbody/tr")
    assert [tr.get("data-claim-id") for tr in orphans] == [cids[0]]
    assert "orphan-to-be" in orphans[0].text_content()
    history = doc.xpath("//tbody[@id='history-rows']/tr")
    n_events = filled.db.execute("SELECT COUNT(*) FROM tag_events").fetchone()[0]
    assert len(history) == min(PAGE_SIZE, n_events)
    assert len(island(doc)["history"]) == n_events
    assert "I disagree" in history[0].text_content()  # newest first
    method = doc.get_element_by_id("method").text_content()
    from workbook import __version__

    assert __version__ in method and Path(filled.path).name in method and "articles" in method


def default_report(store, folder: Path) -> Path:
    """Beside a SQLite file; for PostgreSQL, named for the database, in the working folder."""
    if store.backend == "sqlite":
        return Path(store.path).with_name(Path(store.path).stem + "-report.html")
    return folder / f"{store.path.rsplit('/', 1)[1]}-report.html"


def test_build_report_default_path(filled, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = build_report(filled)
    assert path == default_report(filled, tmp_path) == default_report_path(filled.path)
    assert path.parent == tmp_path
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not list(tmp_path.glob(".*tmp"))
    other = build_report(filled, tmp_path / "sub" / "r.html")
    assert other.exists()


def test_cli_report_default_and_output(tmp_path, db_target, monkeypatch):
    from workbook.cli import main

    monkeypatch.chdir(tmp_path)
    db = db_target
    with Store(db) as store:
        fill_store(store, 30)
        default = default_report(store, tmp_path)
    result = CliRunner().invoke(main, ["report", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert str(default.resolve()) in result.output
    assert default.exists()
    result = CliRunner().invoke(main, ["report", "--db", str(db), "-o", str(tmp_path / "x.html"), "--title", "Desk <b>"])
    assert result.exit_code == 0 and (tmp_path / "x.html").exists()
    assert parse((tmp_path / "x.html").read_text()).findtext(".//h1") == "Desk <b>"
    missing = CliRunner().invoke(main, ["report", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code != 0 and "workbook load" in missing.output
    assert not (tmp_path / "none.db").exists()


def test_empty_database(db_target):
    with Store(db_target) as store:
        doc = parse(render_report(store))
    assert [s.get("id") for s in doc.iter("section")] == SECTIONS
    assert "workbook load" in doc.get_element_by_id("claims").text_content()
    assert island(doc)["rows"] == []


def test_two_named_one_anonymous_is_a_disagreement_in_the_table_and_the_report(filled):
    """One final-tag rule: reviewed_table and the report say the same, a 2-1 split is disputed."""
    from workbook.review import db, reviewed_table

    cid, other = db.claim_ids(filled)[:2]
    for reviewer, tag in (("ana", "named"), ("ben", "named"), ("cy", "anonymous")):
        db.tag(filled, cid, reviewer, tag)
    for reviewer in ("ana", "ben"):  # same sourcing, different flags: still a disagreement
        db.tag(filled, other, reviewer, "document")
    db.flag(filled, other, "ana", True)
    db.flag(filled, other, "ben", False)
    truth = reviewed_table(filled).set_index("claim_id")
    assert truth.loc[cid, "final_status"] == "disagreement" and truth.loc[cid, "final_tag"] is None
    assert truth.loc[other, "final_status"] == "disagreement" and truth.loc[other, "final_speculative"] is None
    doc = parse(render_report(filled))
    rows = {r["id"]: r for r in island(doc)["rows"]}
    assert rows[cid]["tag"] == "disputed" and rows[cid]["agree"] is False
    assert rows[other]["fspec"] is None and rows[other]["agree"] is False
    disputed = set(doc.xpath("//table[@id='disagreement-table']/tbody/tr/@data-claim-id"))
    assert {cid, other} <= disputed
    assert disputed == set(truth.index[truth["final_status"] == "disagreement"])
    # reconciled: both the table and the report take the reconciled answers
    db.reconcile(filled, cid, "named", "dana", speculative=True)
    doc = parse(render_report(filled))
    row = {r["id"]: r for r in island(doc)["rows"]}[cid]
    assert (row["tag"], row["fspec"], row["by"]) == ("named", True, "dana")
    assert cid not in doc.xpath("//table[@id='disagreement-table']/tbody/tr/@data-claim-id")


def test_the_speculation_flag_shows_beside_the_sourcing(filled):
    from workbook.review import db

    cid = db.claim_ids(filled)[0]
    db.tag(filled, cid, "ana", "outlet")
    db.flag(filled, cid, "ana", True)
    doc = parse(render_report(filled))
    tr = doc.xpath(f"//tbody[@id='claim-rows']/tr[@data-claim-id='{cid}']")[0]
    assert [b.text_content() for b in tr.xpath(".//span[@class='tag']")] == ["outlet", "speculative"]
    stats = {dd.get("data-stat"): dd.text_content().strip() for dd in doc.xpath("//dd[@data-stat]")}
    assert int(stats["speculative"]) >= 1
    history = island(doc)["history"]
    assert history[-1]["new"] == "outlet + speculative" and history[-1]["action"] == "flag"


def test_large_report_is_paginated(db_target):
    with Store(db_target) as store:
        fill_store(store, 2500, claims_per_article=25)
        html = render_report(store, progress=False)
    doc = parse(html)
    from workbook.report.render import GROUPS_SHOWN, LIST_SHOWN

    assert len(doc.xpath("//tbody[@id='claim-rows']/tr")) == PAGE_SIZE
    # never one <tr> per claim: a page of claims and of history, and capped lists
    assert len(doc.xpath("//tr")) <= 2 * PAGE_SIZE + GROUPS_SHOWN + 2 * LIST_SHOWN + 50
    assert len(island(doc)["rows"]) == 2500
    assert "of 2,500" in doc.get_element_by_id("claim-count").text_content()


def test_segments():
    sentence = "Officials in Baku said the report was false."
    segs = segments(sentence, 100, {"s": (100, 117), "q": (118, 122), "c": (123, 143)})
    assert segs == [["s", "Officials in Baku"], ["", " "], ["q", "said"], ["", " "], ["c", "the report was false"],
                    ["", "."]]
    # overlapping spans: the cue inside the claim wins; out-of-range spans are clipped; none -> plain
    assert segments("abcdef", 0, {"c": (0, 6), "q": (2, 4)}) == [["c", "ab"], ["q", "cd"], ["c", "ef"]]
    assert segments("abc", 10, {"c": (5, 11), "s": (12, 99)}) == [["c", "a"], ["", "b"], ["s", "c"]]
    assert segments("abc", 0, {"c": None, "s": (None, None)}) == [["", "abc"]]
    assert segments("", 0, {}) == []


def test_progress_bar(filled, capsys):
    render_report(filled, progress=True)
    err = capsys.readouterr().err
    assert "report" in err and "rows" in err  # tqdm's bar, on stderr
    render_report(filled, progress=False)
    assert capsys.readouterr().err == ""


def test_seed_summary_counts_every_outlet_involved(store):
    from workbook.pipeline import load_into

    load_into(store, [str(Path(__file__).resolve().parents[1] / "data")])
    doc = parse(render_report(store))
    stats = {dd.get("data-stat"): dd.text_content().strip() for dd in doc.xpath("//dd[@data-stat]")}
    assert stats["outlets"] == "1"  # Aletho News publishes the only article
    # + Eurasianet (original), Dogma and Geopolitics, Tea with a Pirate, Foreign Policy, Reuters
    assert stats["outlets_involved"] == "6"
