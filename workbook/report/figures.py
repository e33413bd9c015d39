"""The report's two figures as sanitised inline SVG: the outlet graph and the sourcing mix.

The graph package's Figures are used when it provides them; otherwise the report draws its
own from the store (networkx + matplotlib, Agg backend). Either way the SVG passes through
:func:`~workbook.report.safety.sanitize_svg` because labels carry article-derived text.
"""
from __future__ import annotations

import io
import re
from collections import Counter, defaultdict

import networkx as nx

from ..graph import draw
from ..graph.build import LINK_KINDS
from ..graph.draw import plain
from .data import DISPUTED, UNTAGGED
from .safety import sanitize_svg

# One colour per tag, shared by the chart and the CSS badges (see _style.html); "speculative"
# colours the flag's badge only (speculation is a flag beside the sourcing, never a bar of its own).
TAG_COLOURS = {
    "named": "#2f7d4f", "anonymous": "#c7811c", "outlet": "#2b6cb0", "document": "#6b46c1",
    "unsourced": "#8a8f98", "speculative": "#c0392b", DISPUTED: "#7b2d26", UNTAGGED: "#cfd4da",
}
# What drawing raises for data it cannot draw (matplotlib's layout and text parsing raise
# ValueError or RuntimeError, networkx its own); anything else is a bug and surfaces.
DRAWING_ERRORS = (ValueError, RuntimeError, nx.NetworkXException)
EXTRA_COLOURS = ["#0f766e", "#9c6644", "#4c51bf", "#d69e2e", "#718096", "#805ad5"]


def _palette() -> dict:
    """The graph package's tag colours (so badges match its charts) over the report's own."""
    colours = dict(TAG_COLOURS)
    colours.update({tag: colour for tag, colour in draw.TAG_COLOURS.items()
                    if tag in colours and re.fullmatch(r"#[0-9a-fA-F]{6}", colour)})
    return colours


def tag_colour(tag: str, order: list[str], palette: dict | None = None) -> str:
    palette = palette or TAG_COLOURS
    if tag in palette:
        return palette[tag]
    extras = [t for t in order if t not in TAG_COLOURS]
    return EXTRA_COLOURS[extras.index(tag) % len(EXTRA_COLOURS)] if tag in extras else "#718096"


def figure_svg(fig, prefix: str):
    """A matplotlib Figure as sanitised inline SVG (text kept as text, deterministic ids)."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "workbook-report"}):
        # A figure with a layout engine (constrained) is already tight; "tight" would draw it twice.
        tight = None if getattr(fig, "get_layout_engine", lambda: None)() is not None else "tight"
        fig.savefig(buf, format="svg", bbox_inches=tight, metadata={"Date": None})
    return sanitize_svg(buf.getvalue(), prefix)


def _short(text: str, n: int = 28) -> str:
    """Shortened, and never read as mathtext (article text can hold ``$``)."""
    text = " ".join(str(text).split())
    return plain(text if len(text) <= n else text[: n - 1] + "…")


def outlet_graph_figure(propagation, rows: list[dict], max_nodes: int = 40):
    """The layered outlet graph (:func:`workbook.graph.draw.draw_outlet_graph`) from the
    store's propagation records and the report's rows, when the claim graph is not there."""
    from ..graph.build import add_link, add_report, new_graph

    g = new_graph()
    for r in propagation.to_dict("records"):
        if r.get("kind") in LINK_KINDS:
            add_link(g, r["kind"], r.get("outlet") or "", r.get("of_outlet") or "")
    for i, r in enumerate(rows):
        if r.get("outlet"):
            claim_id = str(r.get("claim_id") or i)
            add_report(g, r["outlet"], claim_id, claim_id=claim_id)
            if r.get("via") and r["via"] != r["outlet"]:
                add_link(g, "cites", r["outlet"], r["via"])
    if not any(d.get("type") == "outlet" for _, d in g.nodes(data=True)):
        return None
    return draw.draw_outlet_graph(g, max_outlets=max_nodes)


def sourcing_mix_figure(rows: list[dict], tag_order: list[str], max_outlets: int = 15):
    """Per outlet, the share of its claims by final tag (untagged rows by the extractor's
    suggestion); the part flagged speculative (the review's flag, else the extractor's) hatched."""
    from matplotlib.figure import Figure

    if not rows:
        return None
    per_outlet: dict[str, Counter] = defaultdict(Counter)
    flagged: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        tag = r["tag"] if r["tag"] not in (UNTAGGED,) else (r["suggested"] or UNTAGGED)
        per_outlet[r["outlet"]][tag] += 1
        if r.get("spec") if r.get("fspec") is None else r.get("fspec"):
            flagged[r["outlet"]][tag] += 1
    outlets = sorted(per_outlet, key=lambda o: (-sum(per_outlet[o].values()), o))[:max_outlets]
    tags = [t for t in tag_order if any(per_outlet[o][t] for o in outlets)]
    tags += sorted({t for o in outlets for t in per_outlet[o]} - set(tags))
    fig = Figure(figsize=(8, 0.9 + 0.38 * len(outlets)))
    ax = fig.add_subplot()
    left = [0.0] * len(outlets)
    for tag in tags:
        shares = [per_outlet[o][tag] / sum(per_outlet[o].values()) for o in outlets]
        ax.barh(range(len(outlets)), shares, left=left, color=tag_colour(tag, tag_order, _palette()), label=plain(tag),
                height=0.7)
        spec = [flagged[o][tag] / sum(per_outlet[o].values()) for o in outlets]
        if any(spec):
            ax.barh(range(len(outlets)), spec, left=left, height=0.7, fill=False, hatch=draw.SPECULATIVE_HATCH,
                    edgecolor="#222222", lw=0)
        left = [a + b for a, b in zip(left, shares)]
    ax.set_yticks(range(len(outlets)), [f"{_short(o, 34)} ({sum(per_outlet[o].values())})" for o in outlets],
                  fontsize=8.5)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:.0%}")
    ax.tick_params(axis="x", labelsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles, _ = ax.get_legend_handles_labels()
    if flagged:
        handles.append(draw.speculative_handle())
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=min(len(handles), 8), fontsize=8,
              frameon=False, handlelength=1.2, columnspacing=1.0)
    return fig


FIGURES = {
    # key: (title, the graph package's drawing function, keyword arguments, caption)
    "outlets": ("Outlet graph", draw.draw_outlet_graph, {},
                "Who carries whose reporting, origins on the left: an arrow from B to A when A republishes, "
                "reblogs, links to or cites B, or runs B's wire copy; each box gives the claims the outlet carries. "
                "Outlets with no link to another outlet stand on their own at the right."),
    "mix": ("Sourcing mix", draw.draw_outlet_sourcing, {"max_outlets": 25},
            "For each outlet, the share of its claims by sourcing: the reviewers' final tag where there is one, "
            "else the extractor's suggestion. Speculation is a flag beside the sourcing: the part of each bar "
            "flagged speculative (the reviewers' flag, else the extractor's) is hatched."),
    "matrix": ("Claims across outlets", draw.draw_outlet_matrix, {"max_groups": 40, "max_outlets": 30},
               "The claims carried by the most outlets (rows) against the outlets (columns), each cell coloured by "
               "how that outlet sources the claim; a dot marks an outlet that only copies the claim or is cited "
               "for it, hatching a claim flagged speculative."),
}


def _graph_figure(function, kwargs, graph_obj):
    """The graph package's Figure, or None when there is no graph."""
    return None if graph_obj is None else function(graph_obj, **kwargs)


def figures(store, rows: list[dict], tag_order: list[str], notes: list[str], graph=None) -> dict:
    """{key: {"svg": Markup | None, "reason", "title", "caption", "provider"}} for the outlet
    graph, the sourcing mix and (graph package only) the outlets-by-claims matrix."""
    fallbacks = {
        "outlets": lambda: outlet_graph_figure(store.propagation(), rows),
        "mix": lambda: sourcing_mix_figure(rows, tag_order),
        "matrix": lambda: None,
    }
    out = {}
    for key, (title, function, kwargs, caption) in FIGURES.items():
        entry = out[key] = {"svg": None, "reason": "", "title": title, "caption": caption, "provider": "report"}
        fig = None
        try:
            fig = _graph_figure(function, kwargs, graph)
            if fig is not None:
                entry["provider"] = "graph"
        except DRAWING_ERRORS as exc:
            notes.append(f"graph figure {key} failed ({type(exc).__name__}: {exc})")
        try:
            if fig is None:
                fig = fallbacks[key]()
            if fig is None:
                entry["reason"] = ("needs the graph package (workbook.graph)" if key == "matrix" else
                                   "nothing to draw yet (no claims or outlets in the database)")
                continue
            entry["svg"] = figure_svg(fig, prefix=f"fig-{key}")
        except DRAWING_ERRORS as exc:
            entry["reason"] = f"({type(exc).__name__}: {exc})"
    return out
