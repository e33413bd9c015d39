"""The outlet graph: built from the seed through the real pipeline, analyses on small graphs
built by hand (chains, cycles, shared sources), exports, drawings and the CLI."""
from __future__ import annotations

import networkx as nx
import pytest
from matplotlib.figure import Figure

from conftest import SEED
from workbook import graph as wg
from workbook.graph import draw
from workbook.graph.build import group_node, outlet_node


# -- the seed article, through load -> extract -> store -> match -> graph ----------------------

@pytest.fixture
def seed_graph(store):
    from workbook.pipeline import load_into

    summary = load_into(store, [str(SEED)])
    assert summary.articles == 1 and not summary.errors
    return wg.graph_from_store(store), store


def _edges(g, kind):
    return {(g.nodes[u]["label"], g.nodes[v]["label"]) for u, v, d in g.edges(data=True) if d["kind"] == kind}


def test_seed_outlets_and_propagation(seed_graph):
    g, _ = seed_graph
    outlets = {d["label"] for _, d in g.nodes(data=True) if d["type"] == "outlet"}
    assert {"Foreign Policy", "Reuters", "Eurasianet", "Aletho News", "Dogma and Geopolitics",
            "Tea with a Pirate"} <= outlets
    assert ("Aletho News", "Eurasianet") in _edges(g, "republishes")
    assert ("Dogma and Geopolitics", "Aletho News") in _edges(g, "reblogs")
    assert ("Tea with a Pirate", "Aletho News") in _edges(g, "links_to")
    cites = _edges(g, "cites")
    assert {("Eurasianet", "Foreign Policy"), ("Eurasianet", "Reuters")} <= cites
    assert not any(a == "Aletho News" for a, _ in cites)  # the repost host only republishes
    # the chain Eurasianet -> Aletho News -> the reblog and the pingback, as information flows
    flow = nx.DiGraph([(b, a) for a, b in _edges(g, "republishes") | _edges(g, "reblogs") | _edges(g, "links_to")])
    assert nx.has_path(flow, "Eurasianet", "Dogma and Geopolitics")
    assert nx.has_path(flow, "Eurasianet", "Tea with a Pirate")


def test_seed_airfields_claim_is_reported_by_foreign_policy_and_reuters(seed_graph):
    g, store = seed_graph
    claims = store.claims()
    airfields = claims[claims["claim"].str.contains("airfields")]
    assert len(airfields), "the extractor found no airfields claim"
    gid = None
    for u, v, d in g.edges(data=True):
        if d["kind"] == "reports" and d["claim_id"] in set(airfields["claim_id"]):
            gid = g.nodes[v]["group_id"]
    assert gid is not None
    assert {"Foreign Policy", "Reuters"} <= set(wg.outlets_of(g, gid, roles=("reported",)))
    assert {"Eurasianet", "Aletho News"} <= set(wg.outlets_of(g, gid))
    origins = wg.independent_origins(g, gid)
    assert [o["outlets"] for o in origins] == [["Foreign Policy"], ["Reuters"]]
    assert wg.first_report(g, gid) == ("Eurasianet", "2012-09-30")
    summary = wg.group_summary(g).set_index("group_id")
    assert summary.at[gid, "n_origins"] == 2
    assert summary.at[gid, "n_reporting"] >= 3


def test_seed_exports(seed_graph, tmp_path):
    g, _ = seed_graph
    for fmt in ("graphml", "gexf"):
        path = tmp_path / f"g.{fmt}"
        assert wg.export(g, path) == fmt
        back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
        assert back.number_of_nodes() == g.number_of_nodes()
        assert back.number_of_edges() == g.number_of_edges()
    edges = wg.edge_list(g)
    assert {"source", "target", "kind", "source_label", "target_label"} <= set(edges.columns)
    assert len(edges) == g.number_of_edges()
    wg.export(g, tmp_path / "edges.csv")
    assert (tmp_path / "edges.csv").read_text().startswith("source,target,")
    for _, data in g.nodes(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in data.values())
    for _, _, data in g.edges(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in data.values())


def test_seed_sourcing_per_outlet_uses_reviewer_tags_when_present(seed_graph):
    from workbook.review import db

    g, store = seed_graph
    assert wg.analyze.TAGS == ("named", "anonymous", "outlet", "document", "unsourced")
    shares = wg.outlet_sourcing(g).set_index("outlet")
    assert {"Eurasianet", "Aletho News"} <= set(shares.index)
    row = shares.loc["Eurasianet"]
    assert abs(sum(row[f"share_{t}"] for t in wg.analyze.TAGS) - 1) < 1e-9  # sourcing types only
    assert row["share_anonymous"] > 0 and row["share_named"] > 0
    # speculation is a flag beside the sourcing: the extractor flags some of the seed's claims
    claims = store.claims()
    eurasianet = claims[claims["outlet"] == "Aletho News"]  # the seed is Aletho News' repost of Eurasianet
    flagged = eurasianet[eurasianet["speculative"]]
    assert len(flagged), "the extractor flagged none of the seed's claims"
    assert row["share_speculative"] == pytest.approx(len(flagged) / row["claims"])
    rows = wg.claim_rows(store).set_index("claim_id")
    assert "speculative" not in set(rows["tag"])
    one = flagged.iloc[0]
    assert rows.at[one["claim_id"], "tag"] == one["suggested"]  # an untagged flagged claim keeps its sourcing
    assert bool(rows.at[one["claim_id"], "speculative_final"])
    # the reviewer's final flag replaces the extractor's
    db.flag(store, one["claim_id"], "ana", False)
    after = wg.outlet_sourcing(wg.graph_from_store(store)).set_index("outlet").loc["Eurasianet"]
    assert after["share_speculative"] == pytest.approx((len(flagged) - 1) / row["claims"])
    # a reviewer tag replaces the extractor's suggestion in the graph
    claim = store.claims().iloc[0]
    store.record_tag(claim["claim_id"], "ana", "document")
    rows = wg.claim_rows(store)
    tagged = rows.set_index("claim_id").loc[claim["claim_id"]]
    assert tagged["tag"] == "document" and tagged["tag_origin"] == "reviewer"


# -- analyses on graphs built by hand ----------------------------------------------------------

def test_repost_and_reblog_chain_count_as_their_original():
    g = wg.new_graph()
    wg.add_report(g, "Original", "g1", article="a1", date="2020-01-02", tag="named", claim_id="c1")
    wg.add_report(g, "Repost", "g1", article="a2", date="2020-01-03", tag="named", claim_id="c2")
    wg.add_report(g, "Reblog", "g1", article="a3", date="2020-01-01", tag="named", claim_id="c3", role="republished")
    wg.add_link(g, "republishes", "Repost", "Original")
    wg.add_link(g, "reblogs", "Reblog", "Repost")
    origins = wg.independent_origins(g, "g1")
    assert [o["outlets"] for o in origins] == [["Original"]]
    # the first report is taken among published / republished reports, earliest date first
    assert wg.first_report(g, "g1") == ("Reblog", "2020-01-01")


def test_two_outlets_citing_reuters_are_one_origin_and_an_own_report_is_another():
    g = wg.new_graph()
    wg.add_report(g, "Reuters", "g1", role="reported", claim_id="c1", tag="anonymous")
    wg.add_report(g, "Paper A", "g1", via="Reuters", claim_id="c1", tag="anonymous", date="2020-01-01")
    wg.add_report(g, "Reuters", "g1", role="reported", claim_id="c2", tag="anonymous")
    wg.add_report(g, "Paper B", "g1", via="Reuters", claim_id="c2", tag="anonymous", date="2020-01-02")
    assert [o["outlets"] for o in wg.independent_origins(g, "g1")] == [["Reuters"]]
    wg.add_report(g, "Paper C", "g1", claim_id="c3", tag="named", date="2020-01-03")
    assert [o["outlets"] for o in wg.independent_origins(g, "g1")] == [["Paper C"], ["Reuters"]]


def test_citation_chain_collapses_to_its_end():
    g = wg.new_graph()
    wg.add_report(g, "A", "g1", via="B", claim_id="c1")
    wg.add_report(g, "B", "g1", via="C", claim_id="c2")
    wg.add_report(g, "C", "g1", claim_id="c3")
    assert [o["outlets"] for o in wg.independent_origins(g, "g1")] == [["C"]]


def test_outlets_quoting_the_same_named_source_are_one_origin():
    g = wg.new_graph()
    for outlet, cid in (("A", "c1"), ("B", "c2")):
        wg.add_report(g, outlet, "g1", claim_id=cid, tag="named")
        node = wg.add_source(g, "rasim musabayov", "Rasim Musabayov", "named")
        wg.add_attribution(g, "g1", node, outlet=outlet, tag="named", claim_id=cid)
    wg.add_report(g, "C", "g1", claim_id="c3", tag="anonymous")
    anon = wg.add_source(g, "a3/officials", "officials", "anonymous")
    wg.add_attribution(g, "g1", anon, outlet="C", tag="anonymous", claim_id="c3")
    wg.add_report(g, "D", "g1", claim_id="c4", tag="anonymous")
    anon_d = wg.add_source(g, "a4/officials", "officials", "anonymous")
    wg.add_attribution(g, "g1", anon_d, outlet="D", tag="anonymous", claim_id="c4")
    origins = wg.independent_origins(g, "g1")
    assert [{k: o[k] for k in ("outlets", "sources")} for o in origins] == [
        {"outlets": ["A", "B"], "sources": ["Rasim Musabayov"]},
        {"outlets": ["C"], "sources": []}, {"outlets": ["D"], "sources": []}]
    assert origins[0]["evidence"] == ["A and B both quote Rasim Musabayov"]
    assert "anonymous" in origins[1]["evidence"][0] and "'officials'" in origins[1]["evidence"][0]
    assert wg.group_summary(g).iloc[0]["n_origins"] == 3


def test_circular_reporting_is_flagged():
    g = wg.new_graph()
    wg.add_report(g, "A", "g1", via="B", claim_id="c1", tag="anonymous")
    wg.add_report(g, "B", "g1", via="A", claim_id="c2", tag="anonymous")
    wg.add_link(g, "cites", "A", "B")
    wg.add_link(g, "cites", "B", "A")
    wg.add_link(g, "links_to", "C", "A")
    wg.add_link(g, "links_to", "A", "C")  # links are not citations: no cycle through C
    assert wg.citation_cycles(g) == [["A", "B"]]
    assert wg.circular_groups(g) == {"g1": [["A", "B"]]}
    # a cycle with nobody reporting first-hand is still one origin, not zero
    origins = wg.independent_origins(g, "g1")
    assert [(o["outlets"], o["sources"]) for o in origins] == [(["A", "B"], [])]
    assert "citation cycle: A and B cite each other" in origins[0]["evidence"]
    flags = wg.flags(g)
    assert "circular reporting" in set(flags["flag"])
    assert "A -> B -> A" in set(flags["detail"])
    assert bool(wg.group_summary(g).iloc[0]["circular"])


def test_only_anonymous_or_speculative_support_is_flagged():
    g = wg.new_graph()
    wg.add_report(g, "A", "weak", claim_id="c1", tag="anonymous")
    wg.add_report(g, "B", "weak", claim_id="c2", tag="named", speculative=True)
    wg.add_report(g, "A", "strong", claim_id="c3", tag="anonymous")
    wg.add_report(g, "B", "strong", claim_id="c4", tag="named")
    assert wg.only_weak_support(g, "weak") and not wg.only_weak_support(g, "strong")
    assert wg.sourcing_mix(g, "strong") == {"anonymous": 1, "named": 1}
    assert wg.sourcing_mix(g, "weak") == {"anonymous": 1, "named": 1}  # the flag is not a sourcing
    summary = wg.group_summary(g).set_index("group_id")
    assert summary.at["weak", "n_speculative"] == 1 and summary.at["strong", "n_speculative"] == 0
    flagged = wg.flags(g)
    assert list(flagged.loc[flagged["flag"].str.startswith("only"), "group_id"]) == ["weak"]
    shares = wg.outlet_sourcing(g).set_index("outlet")
    assert shares.at["A", "share_anonymous"] == 1.0
    assert shares.at["B", "share_named"] == 1.0 and shares.at["B", "share_speculative"] == 0.5


def test_builder_handles_rows_without_outlet_or_date():
    import pandas as pd

    rows = pd.DataFrame([{"claim_id": "c1", "article_id": "a1", "claim": "x y z", "outlet": None,
                          "original_outlet": None, "author_outlet": None, "published": None, "group_id": "g_c1",
                          "group_size": 1, "tag": "unsourced", "suggested": "unsourced", "via_outlet": None,
                          "source": None, "source_name": None, "resolved_source": None}])
    g = wg.build_graph(rows)
    assert wg.outlets_of(g, "g_c1") == ["(unknown outlet)"]
    assert wg.first_report(g, "g_c1") is None


# -- drawings ------------------------------------------------------------------------------------

def _big_graph(n_outlets=50, n_groups=200):
    import random

    random.seed(3)
    tags = ["named", "anonymous", "outlet", "document", "unsourced"]
    g = wg.new_graph()
    outlets = [f"The Daily Example Number {i}" for i in range(n_outlets)]
    for k in range(n_groups):
        text = f"Claim {k}: officials said the ministry would announce new measures on the border next week"
        for o in random.sample(outlets, random.randint(2, 8)):
            wg.add_report(g, o, f"g{k:03d}", claim_id=f"c{k}-{o}", tag=random.choice(tags),
                          date=f"2020-02-{random.randint(1, 28):02d}", claim=text, speculative=random.random() < 0.2)
    return g


def test_drawings_return_figures_that_render(seed_graph, tmp_path):
    g, _ = seed_graph
    gid = wg.group_summary(g).iloc[0]["group_id"]
    figures = {
        "matrix": draw.draw_outlet_matrix(g),
        "tree": draw.draw_propagation(g, gid),
        "sourcing": draw.draw_outlet_sourcing(g),
        "timeline": draw.draw_timeline(g),
    }
    for name, fig in figures.items():
        assert isinstance(fig, Figure)
        fig.savefig(tmp_path / f"{name}.png", dpi=50)
        assert (tmp_path / f"{name}.png").stat().st_size > 1000
    svg = draw.to_svg(figures["tree"])
    assert svg.lstrip().startswith("<?xml") and "Foreign Policy" in svg
    tree = draw.propagation_tree(g, gid)
    kinds = {d["kind"] for _, _, d in tree.edges(data=True)}
    assert {"cited by", "republished by", "reblogged by", "linked by"} <= kinds
    labels = {d["label"] for _, d in tree.nodes(data=True)}
    assert {"Foreign Policy", "Reuters", "Eurasianet", "Aletho News", "Dogma and Geopolitics",
            "Tea with a Pirate"} <= labels


def test_matrix_stays_legible_at_50_outlets_and_200_groups(tmp_path):
    g = _big_graph()
    fig = draw.draw_outlet_matrix(g)
    ax = fig.axes[0]
    assert len(ax.get_xticklabels()) == 50 and len(ax.get_yticklabels()) == 200
    width, height = fig.get_size_inches()
    assert height / 200 >= 0.15  # at least ~11 pt per claim row
    assert min(t.get_fontsize() for t in ax.get_yticklabels()) >= 6
    assert all(len(t.get_text()) <= 70 for t in ax.get_yticklabels())
    assert fig.legends  # the sourcing colours are explained
    fig.savefig(tmp_path / "big.png", dpi=40)
    draw.draw_timeline(g).savefig(tmp_path / "timeline.png", dpi=40)
    draw.draw_outlet_sourcing(g).savefig(tmp_path / "sourcing.png", dpi=40)


def test_empty_graph_draws_a_message():
    g = wg.new_graph()
    for fig in (draw.draw_outlet_matrix(g), draw.draw_outlet_sourcing(g), draw.draw_timeline(g)):
        assert isinstance(fig, Figure)
        assert any("No" in t.get_text() for ax in fig.axes for t in ax.texts)


# -- CLI -------------------------------------------------------------------------------------------

def test_cli_graph_and_groups(tmp_path):
    from click.testing import CliRunner

    from workbook.cli import main

    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    assert runner.invoke(main, ["load", str(SEED), "--db", db]).exit_code == 0
    for fmt, name in (("graphml", "g.graphml"), ("gexf", "g.gexf"), ("edges", "g.csv")):
        result = runner.invoke(main, ["graph", "--db", db, "--format", fmt, "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).stat().st_size > 0
    assert nx.read_graphml(tmp_path / "g.graphml").has_node(outlet_node("Reuters"))
    result = runner.invoke(main, ["groups", "--db", db])
    assert result.exit_code == 0, result.output
    assert "Foreign Policy; Reuters" in result.output
    header = result.output.splitlines()[0].split(",")
    assert {"group_id", "n_origins", "first_outlet", "only_weak_support", "circular"} <= set(header)


def test_group_node_ids_are_prefixed():
    g = wg.new_graph()
    wg.add_report(g, "A", "g_x", claim_id="c")
    assert group_node("g_x") in g and outlet_node("A") in g
