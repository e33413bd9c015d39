"""Independent origins that count right, through the real pipeline (load -> extract -> store ->
graph): outlets citing one study are one origin, wire copy is the wire's origin wherever it runs,
anonymous sources never merge, and every group says why. The claims are grouped by hand (as a
reviewer's confirmed group would be), so these tests do not depend on the matcher's scores."""
from __future__ import annotations

import pandas as pd

from workbook import graph as wg
from workbook.graph.match import Matching
from workbook.graph.origins import document_key, wire_credit
from workbook.outlets import default_registry
from workbook.pipeline import load_into


def _article(folder, name, site, author, date, body):
    path = folder / f"{name}.txt"
    path.write_text(f"{site}\n\n\nHeadline about {name}\n\nBy {author} | {site} | {date}\n\n{body}\n", encoding="utf-8")
    return path


def _load(store, tmp_path, articles):
    paths = [_article(tmp_path, *a) for a in articles]
    summary = load_into(store, [str(p) for p in paths])
    assert not summary.errors


def _grouped(store, words: str) -> Matching:
    """One group of every claim containing ``words``; every other claim on its own."""
    frame = store.claims()
    members = frame.loc[frame["claim"].str.contains(words, case=False), "claim_id"].tolist()
    assert len(members) >= 2, frame["claim"].tolist()
    group_id = ["g_" + members[0] if c in members else "g_" + c for c in frame["claim_id"]]
    groups = pd.DataFrame({"claim_id": frame["claim_id"], "group_id": group_id})
    groups["group_size"] = groups.groupby("group_id")["claim_id"].transform("size")
    return Matching(groups, pd.DataFrame(columns=["claim_a", "claim_b", "similarity"]))


def _summary(store, words: str) -> dict:
    g = wg.build_graph(wg.claim_rows(store, _grouped(store, words)), store.propagation())
    frame = wg.group_summary(g, min_outlets=2)
    assert len(frame) == 1
    return frame.iloc[0].to_dict()


STUDY = [
    ("a", "Science Daily", "Jane Doe", "2020-01-03",
     "Astronomers have detected water vapour in the atmosphere of a planet orbiting a small star, "
     "according to a paper in Nature Astronomy."),
    ("b", "Space Weekly", "John Roe", "2020-01-04",
     "Water vapour has been detected in the atmosphere of a planet that orbits a small star, "
     "according to the study published in Nature Astronomy."),
    ("c", "Star Herald", "Ann Poe", "2020-01-05",
     "Water vapour was found in the atmosphere of a planet circling a small star, according to a new study "
     "in the journal Nature Astronomy."),
]


def test_three_outlets_citing_one_study_are_one_origin(store, tmp_path):
    _load(store, tmp_path, STUDY)
    row = _summary(store, "water vapour")
    assert row["n_reporting"] == 3
    assert row["n_origins"] == 1
    assert row["origins"] == ["Science Daily + Space Weekly + Star Herald"]
    assert "cite one document" in row["why"] and "'a paper in Nature Astronomy'" in row["why"]


def test_a_different_document_is_another_origin(store, tmp_path):
    other = ("d", "Orbit News", "Max Moe", "2020-01-06",
             "Water vapour is present in the atmosphere of a planet near a small star, according to a report "
             "by the European Space Agency.")
    _load(store, tmp_path, STUDY + [other])
    row = _summary(store, "water vapour")
    assert row["n_reporting"] == 4 and row["n_origins"] == 2
    assert "Orbit News" in row["origins"]


def test_document_key_keeps_only_what_names_the_document():
    assert document_key("a paper in Nature Astronomy") == "nature astronomy"
    assert document_key("the study published in the journal Nature Astronomy") == "nature astronomy"
    assert document_key("a new study") == ""
    assert document_key("a report by the European Space Agency") == "european space agency"


BRIDGE = "The old river bridge will stay closed until March because its piers are cracked, officials said."


def test_wire_copy_counts_once_as_the_wire(store, tmp_path):
    _load(store, tmp_path, [
        ("w1", "Daily Planet", "Reuters", "2020-02-01", BRIDGE),  # byline credit
        ("w2", "Evening Post", "Staff", "2020-02-01", "SPRINGFIELD (Reuters) - " + BRIDGE),  # dateline credit
    ])
    row = _summary(store, "river bridge")
    # two anonymous "officials" in two outlets would be two origins; as one wire story they are one
    assert row["n_origins"] == 1 and row["origins"] == ["Reuters"]
    assert "Daily Planet runs Reuters wire copy (byline 'Reuters')" in row["why"]
    assert "Evening Post runs Reuters wire copy (dateline credit '(Reuters) -')" in row["why"]
    assert set(row["outlets"]) == {"Daily Planet", "Evening Post", "Reuters"}


def test_an_outlets_own_article_is_not_wire_copy(store, tmp_path):
    _load(store, tmp_path, [
        ("w1", "Daily Planet", "Reuters", "2020-02-01", BRIDGE),
        ("own", "Daily Planet", "Kim Loe", "2020-02-03",
         "The old river bridge stays closed until March since its piers are cracked, engineers said."),
    ])
    row = _summary(store, "river bridge")
    assert sorted(row["origins"]) == ["Daily Planet", "Reuters"]


def test_wire_credit_reads_bylines_datelines_and_closing_lines():
    reg = default_registry()
    assert wire_credit("By The Associated Press", "Text.", "Daily Planet", reg)[0] == "Associated Press"
    assert wire_credit("Jane Doe", "PARIS (AFP) — The talks ended.", "Daily Planet", reg)[0] == "Agence France-Presse"
    assert wire_credit(None, "The talks ended on Monday.\n\n— AFP", "Daily Planet", reg)[0] == "Agence France-Presse"
    assert wire_credit("Jane Doe", "The talks ended (as AP had said) on Monday.", "Daily Planet", reg) is None
    assert wire_credit("Reuters", "Text.", "Reuters", reg) is None  # the wire's own story
    assert wire_credit("Jane Doe", "The minister met CNN reporters.\n\nCNN", "Daily Planet", reg) is None


def test_anonymous_sources_never_merge(store, tmp_path):
    _load(store, tmp_path, [
        ("x1", "Daily Planet", "Kim Loe", "2020-03-01",
         "The factory will close next spring and move its production abroad, officials said."),
        ("x2", "Evening Post", "Lee Noe", "2020-03-02",
         "The factory is to close next spring and move its production abroad, officials said."),
    ])
    row = _summary(store, "factory")
    assert row["n_origins"] == 2
    assert "never merged" in row["why"]


def test_groups_cli_csv_has_the_evidence(store, tmp_path):
    from click.testing import CliRunner

    from workbook.cli import main

    _load(store, tmp_path, STUDY)
    out = CliRunner().invoke(main, ["groups", "--db", str(store.path), "--min-outlets", "1"])
    assert out.exit_code == 0, out.output
    assert "why" in out.output.splitlines()[0].split(",")


def test_report_groups_section_says_why(store, tmp_path):
    from lxml import html

    from workbook.graph.db import confirm
    from workbook.report import build_report

    _load(store, tmp_path, STUDY)

    confirm(store, store.claims()["claim_id"].tolist(), "ana")  # a reviewer's group: one claim, three outlets
    doc = html.fromstring(build_report(store, tmp_path / "report.html").read_text(encoding="utf-8"))
    reasons = [li.text_content() for li in doc.xpath("//table[@id='group-table']//details[@class='why']//li")]
    assert any("cite one document" in r for r in reasons), reasons


def test_a_source_naming_only_a_document_is_a_document_node(store, tmp_path):
    _load(store, tmp_path, STUDY)
    g = wg.build_graph(wg.claim_rows(store, _grouped(store, "water vapour")), store.propagation())
    sources = {d["label"]: d["sourcing"] for _, d in g.nodes(data=True) if d["type"] == "source"}
    assert sources.get("a paper in Nature Astronomy") == "document"
    assert all(kind == "document" for label, kind in sources.items() if "study" in label.lower()), sources


ANONYMOUS = [
    ("p", "Harbour Times", "Jane Doe", "2020-02-03",
     "The port authority will close the northern harbour for repairs in March, officials said."),
    ("q", "Coast Courier", "John Roe", "2020-02-04",
     "The northern harbour will be closed by the port authority for repairs in March, a source said."),
]


def test_weak_support_follows_the_reviews_speculation_flag(store, tmp_path):
    from workbook.review import db

    _load(store, tmp_path, ANONYMOUS)
    assert _summary(store, "northern harbour")["only_weak_support"]  # anonymous on both sides
    claims = store.claims()
    first = claims.loc[claims["claim"].str.contains("northern harbour"), "claim_id"].iloc[0]
    db.reconcile(store, first, "named", "dana", speculative=False)  # a named, firm report: not weak
    assert not _summary(store, "northern harbour")["only_weak_support"]
    db.reconcile(store, first, "named", "dana", speculative=True)  # named but speculative: weak again
    row = _summary(store, "northern harbour")
    assert row["only_weak_support"] and row["n_named"] == 1
    g = wg.build_graph(wg.claim_rows(store, _grouped(store, "northern harbour")), store.propagation())
    assert any("only anonymous or speculative" in f for f in wg.flags(g)["flag"])
