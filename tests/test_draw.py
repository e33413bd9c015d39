"""Drawings that read: the layered outlet graph never overlaps its labels (checked with
matplotlib's renderer), keeps 9 pt text at the report's width, and article text never reaches
matplotlib's mathtext."""
from __future__ import annotations

import itertools
import random

from matplotlib.backends.backend_agg import FigureCanvasAgg

from workbook import graph as wg
from workbook.graph import draw

REPORT_WIDTH_PX = 1232  # the report's content width (1280 px less padding); SVG at 72 px per inch


def _label_boxes(fig):
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    texts = [t for t in fig.axes[0].texts if (t.get_gid() or "").startswith("outlet-label-")]
    return texts, [t.get_bbox_patch().get_window_extent(renderer) for t in texts]


def _many_outlets(n_outlets: int, n_groups: int, seed: int = 3):
    rng = random.Random(seed)
    g = wg.new_graph()
    names = [f"{rng.choice(['The', 'Daily', 'Evening', 'Global'])} Outlet Number {i} Herald and Times"
             for i in range(n_outlets)]
    for k in range(n_groups):
        for outlet in rng.sample(names, 3):
            wg.add_report(g, outlet, f"g{k}", claim_id=f"c{k}-{outlet}", tag="named", claim=f"claim {k}")
    for i in range(1, n_outlets - 6):  # chains and fans of copying and citing; six outlets on their own
        wg.add_link(g, rng.choice(["republishes", "cites", "reblogs", "links_to"]), names[i], names[rng.randrange(i)])
    return g


def test_outlet_graph_labels_never_overlap_at_30_outlets_and_200_groups():
    fig = draw.draw_outlet_graph(_many_outlets(30, 200))
    texts, boxes = _label_boxes(fig)
    assert len(texts) == 30
    for (a, ba), (b, bb) in itertools.combinations(zip(texts, boxes), 2):
        assert not ba.overlaps(bb), (a.get_text(), b.get_text())
    assert min(t.get_fontsize() for t in texts) >= 9
    # shown in the report at its natural size or larger: 9 pt stays 9 pt
    assert fig.get_figwidth() * 72 <= REPORT_WIDTH_PX


def test_outlet_graph_puts_origins_left_of_their_copies():
    g = wg.new_graph()
    wg.add_link(g, "republishes", "Copy", "Original")
    wg.add_link(g, "reblogs", "Copy of copy", "Copy")
    fig = draw.draw_outlet_graph(g)
    texts, _ = _label_boxes(fig)
    x = {t.get_text().split("\n")[0]: t.get_position()[0] for t in texts}
    assert x["Original"] < x["Copy"] < x["Copy of copy"]


def test_mathtext_in_an_outlet_name_leaves_the_figures_intact(tmp_path):
    name = r"$\undefinedmacro$ News"
    g = wg.new_graph()
    wg.add_report(g, name, "g1", claim_id="c1", tag="named", claim=r"It costs $5 and $\frac{1}{0}$ more", date="2020-01-01")
    wg.add_report(g, "Other", "g1", claim_id="c2", tag="anonymous", claim="It costs 5", date="2020-01-02")
    wg.add_link(g, "cites", "Other", name)
    node = wg.add_source(g, "s", r"a $\bad$ report", "document")
    wg.add_attribution(g, "g1", node, outlet=name, tag="document", claim_id="c1")
    for fig in (draw.draw_outlet_graph(g), draw.draw_outlet_sourcing(g), draw.draw_outlet_matrix(g, min_outlets=1),
                draw.draw_propagation(g, "g1"), draw.draw_timeline(g, min_outlets=1)):
        fig.savefig(tmp_path / "f.svg", format="svg")  # mathtext would raise ValueError here
        fig.savefig(tmp_path / "f.png", format="png")
    texts, _ = _label_boxes(draw.draw_outlet_graph(g))
    shown = [t.get_text() for t in texts]
    assert any(r"\$\undefinedmacro\$ News" in s for s in shown)


def test_propagation_labels_documents_and_says_why_an_outlet_stands_alone():
    g = wg.new_graph()
    wg.add_report(g, "Paper A", "g1", claim_id="c1", tag="document", claim="Water on a planet")
    paper = wg.add_source(g, "doc:", "According to a paper", "document")
    wg.add_attribution(g, "g1", paper, outlet="Paper A", tag="document", claim_id="c1")
    wg.add_report(g, "Paper B", "g1", claim_id="c2", tag="unsourced", claim="Water on a planet")
    fig = draw.draw_propagation(g, "g1")
    texts = [" ".join(t.get_text().split()) for t in fig.axes[0].texts]
    assert any(t.startswith("document: According to a paper") for t in texts), texts
    assert any(t.startswith("Paper B") and "own report, no source named" in t for t in texts), texts
    assert not any(t.startswith("Paper A") and "own report" in t for t in texts)  # it has its source


def test_report_figures_survive_a_mathtext_outlet_name(store, tmp_path):
    from lxml import html

    from workbook.pipeline import load_into
    from workbook.report.render import render_report

    for name, site in (("a", r"$\undefinedmacro$ News"), ("b", "Plain News")):
        path = tmp_path / f"{name}.txt"
        path.write_text(f"{site}\n\n\nA headline\n\nBy Jo Writer | {site} | 2020-01-01\n\n"
                        "The river bridge will stay closed until March, officials said.\n", encoding="utf-8")
        assert not load_into(store, [str(path)]).errors
    doc = html.fromstring(render_report(store, progress=False))
    for key in ("outlets", "mix"):
        figure = doc.get_element_by_id(f"figure-{key}")
        assert figure.xpath(".//*[local-name()='svg']"), figure.text_content()
    assert "undefinedmacro" in doc.get_element_by_id("figure-outlets").text_content()


def _two_outlet_store(store, tmp_path):
    from workbook.pipeline import load_into

    for name, site in (("a", "North News"), ("b", "South News")):
        path = tmp_path / f"{name}.txt"
        path.write_text(f"{site}\n\n\nA headline\n\nBy Jo Writer | {site} | 2020-01-01\n\n"
                        "The river bridge will stay closed until March, officials said.\n", encoding="utf-8")
        assert not load_into(store, [str(path)]).errors
    return wg.graph_from_store(store)


def test_a_figure_the_data_cannot_draw_says_why_and_a_bug_surfaces(store, tmp_path, monkeypatch):
    import pytest

    from workbook.report import figures as report_figures

    graph = _two_outlet_store(store, tmp_path)

    def bad_data(*_a, **_k):  # what matplotlib raises for text or sizes it cannot lay out
        raise ValueError("cannot lay out this label")

    title, _, kwargs, caption = report_figures.FIGURES["matrix"]
    monkeypatch.setitem(report_figures.FIGURES, "matrix", (title, bad_data, kwargs, caption))
    notes = []
    out = report_figures.figures(store, [], [], notes, graph=graph)
    assert out["matrix"]["svg"] is None and "ValueError: cannot lay out this label" in notes[0]
    assert out["outlets"]["svg"] is not None  # the other figures are still drawn

    def bug(*_a, **_k):
        raise TypeError("a bug in the drawing code")

    monkeypatch.setitem(report_figures.FIGURES, "matrix", (title, bug, kwargs, caption))
    with pytest.raises(TypeError):
        report_figures.figures(store, [], [], [], graph=graph)


def _flag_graph():
    g = wg.new_graph()
    wg.add_report(g, "North News", "g1", claim_id="c1", tag="named", claim="The bridge may close", speculative=True)
    wg.add_report(g, "North News", "g2", claim_id="c2", tag="anonymous", claim="The port will open")
    wg.add_report(g, "South News", "g1", claim_id="c3", tag="named", claim="The bridge may close")
    return g


def _hatched(ax):
    return [p for p in ax.patches if p.get_hatch() and p.get_width() > 0]


def test_sourcing_chart_hatches_the_speculative_part_instead_of_a_colour():
    fig = draw.draw_outlet_sourcing(_flag_graph())
    ax = fig.axes[0]
    labels = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert "speculative" not in labels and draw.SPECULATIVE_LABEL in labels
    hatched = _hatched(ax)
    assert len(hatched) == 1  # North News: half its claims, the named one, flagged
    bar = hatched[0]
    assert bar.get_width() == 0.5 and bar.get_x() == 0.0  # over the start of the named segment
    assert len({p.get_facecolor() for p in ax.patches if not p.get_hatch() and p.get_width() > 0}) == 2
    assert fig.get_figwidth() * 72 <= REPORT_WIDTH_PX  # full width in the report, text stays >= 9 pt


def test_matrix_hatches_a_speculative_cell():
    fig = draw.draw_outlet_matrix(_flag_graph(), min_outlets=1)
    hatched = _hatched(fig.axes[0])
    assert len(hatched) == 1
    x, y = hatched[0].get_xy()
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels[int(x + 0.5)] == "North News"
    assert any(t.get_text() == draw.SPECULATIVE_LABEL for legend in fig.legends for t in legend.get_texts())


def test_report_shows_the_sourcing_mix_full_width(store, tmp_path):
    from lxml import html

    from workbook.report.render import render_report

    _two_outlet_store(store, tmp_path)
    doc = html.fromstring(render_report(store, progress=False))
    assert "wide" in doc.get_element_by_id("figure-mix").get("class").split()
