"""The report's two figures as sanitised inline SVG: the outlet graph and the sourcing mix.

The graph package's Figures are used when it provides them; otherwise the report draws its
own from the store (networkx + matplotlib, Agg backend). Either way the SVG passes through
:func:`~workbook.report.safety.sanitize_svg` because labels carry article-derived text.
"""
from __future__ import annotations

import io
import re
from collections import Counter, defaultdict

from .data import DISPUTED, UNTAGGED
from .safety import sanitize_svg

# One colour per tag, shared by the chart and the CSS badges (see _style.html).
TAG_COLOURS = {
    "named": "#2f7d4f", "anonymous": "#c7811c", "outlet": "#2b6cb0", "document": "#6b46c1",
    "unsourced": "#8a8f98", "speculative": "#c0392b", DISPUTED: "#7b2d26", UNTAGGED: "#cfd4da",
}
EXTRA_COLOURS = ["#0f766e", "#9c6644", "#4c51bf", "#d69e2e", "#718096", "#805ad5"]
EDGE_COLOURS = {"republishes": "#2b6cb0", "reblogs": "#6b46c1", "links_to": "#8a8f98", "cites": "#c7811c"}


def _palette() -> dict:
    """The graph package's tag colours (so badges match its charts) over the report's own."""
    colours = dict(TAG_COLOURS)
    from .data import optional

    draw = optional("workbook.graph.draw")
    theirs = getattr(draw, "TAG_COLOURS", None) if draw is not None else None
    if isinstance(theirs, dict):
        for tag, colour in theirs.items():
            if isinstance(colour, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", colour) and tag in colours:
                colours[tag] = colour
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
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def outlet_graph_figure(propagation, rows: list[dict], max_nodes: int = 40):
    """Outlets as nodes; an arrow A -> B when A republishes, reblogs, links to or cites B."""
    import networkx as nx
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    graph = nx.DiGraph()
    for r in propagation.to_dict("records"):
        if r.get("outlet") and r.get("of_outlet") and r["outlet"] != r["of_outlet"]:
            graph.add_edge(r["outlet"], r["of_outlet"], kind=r.get("kind", "links_to"))
    claims_per_outlet = Counter(r["outlet"] for r in rows)
    for r in rows:
        if r.get("via") and r["via"] != r["outlet"]:
            if not graph.has_edge(r["outlet"], r["via"]):
                graph.add_edge(r["outlet"], r["via"], kind="cites")
    for outlet in claims_per_outlet:
        graph.add_node(outlet)
    if graph.number_of_nodes() == 0:
        return None
    if graph.number_of_nodes() > max_nodes:
        keep = sorted(graph.nodes, key=lambda n: (-(graph.degree(n) * 10 + claims_per_outlet.get(n, 0)), str(n)))
        graph = graph.subgraph(keep[:max_nodes]).copy()
    fig = Figure(figsize=(8, 5.6))
    ax = fig.add_subplot()
    ax.set_axis_off()
    n = graph.number_of_nodes()
    try:
        pos = nx.kamada_kawai_layout(graph.to_undirected()) if n <= 60 else None
    except Exception:
        pos = None
    if pos is None:
        pos = nx.spring_layout(graph, seed=7, k=1.6 / max(1, n) ** 0.5)
    sizes = [500 + 90 * min(claims_per_outlet.get(node, 0), 30) for node in graph.nodes]
    colours = ["#dbe7f5" if claims_per_outlet.get(node) else "#f1f3f5" for node in graph.nodes]
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=sizes, node_color=colours, edgecolors="#2b4c7e",
                           linewidths=1.2)
    for kind, colour in EDGE_COLOURS.items():
        edges = [(a, b) for a, b, d in graph.edges(data=True) if d.get("kind") == kind]
        if edges:
            nx.draw_networkx_edges(graph, pos, edgelist=edges, ax=ax, edge_color=colour, width=1.8, arrows=True,
                                   arrowsize=16, node_size=sizes, connectionstyle="arc3,rad=0.08")
    for node, (x, y) in pos.items():
        label = _short(node) + (f" ({claims_per_outlet[node]})" if claims_per_outlet.get(node) else "")
        ax.text(x, y, label, fontsize=8.5, ha="center", va="center", color="#1a202c",
                bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": "none", "alpha": 0.85})
    present = {d.get("kind") for _, _, d in graph.edges(data=True)}
    handles = [Line2D([0], [0], color=c, lw=2, label=k.replace("_", " ")) for k, c in EDGE_COLOURS.items()
               if k in present]
    if handles:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=len(handles), fontsize=8.5,
                  frameon=False)
    ax.margins(0.15)
    return fig


def sourcing_mix_figure(rows: list[dict], tag_order: list[str], max_outlets: int = 15):
    """Per outlet, the share of its claims by final tag (untagged rows by the extractor's suggestion)."""
    from matplotlib.figure import Figure

    if not rows:
        return None
    per_outlet: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        tag = r["tag"] if r["tag"] not in (UNTAGGED,) else (r["suggested"] or UNTAGGED)
        per_outlet[r["outlet"]][tag] += 1
    outlets = sorted(per_outlet, key=lambda o: (-sum(per_outlet[o].values()), o))[:max_outlets]
    tags = [t for t in tag_order if any(per_outlet[o][t] for o in outlets)]
    tags += sorted({t for o in outlets for t in per_outlet[o]} - set(tags))
    fig = Figure(figsize=(8, 0.9 + 0.38 * len(outlets)))
    ax = fig.add_subplot()
    left = [0.0] * len(outlets)
    for tag in tags:
        shares = [per_outlet[o][tag] / sum(per_outlet[o].values()) for o in outlets]
        ax.barh(range(len(outlets)), shares, left=left, color=tag_colour(tag, tag_order, _palette()), label=tag, height=0.7)
        left = [a + b for a, b in zip(left, shares)]
    ax.set_yticks(range(len(outlets)), [f"{_short(o, 34)} ({sum(per_outlet[o].values())})" for o in outlets],
                  fontsize=8.5)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:.0%}")
    ax.tick_params(axis="x", labelsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=min(len(tags), 8), fontsize=8, frameon=False,
              handlelength=1.2, columnspacing=1.0)
    return fig


FIGURES = {
    # key: (title, names of the graph package's drawing function, keyword arguments, caption)
    "outlets": ("Outlet graph", ("draw_outlet_graph", "outlet_graph_figure"), {},
                "Who carries whose reporting: an arrow from A to B when A republishes, reblogs, links to or cites "
                "B. Node size grows with the outlet's claims (in brackets)."),
    "mix": ("Sourcing mix", ("draw_outlet_sourcing", "draw_sourcing_mix", "sourcing_mix_figure"), {"max_outlets": 25},
            "For each outlet, the share of its claims by sourcing: the reviewers' final tag where there is one, "
            "else the extractor's suggestion."),
    "matrix": ("Claims across outlets", ("draw_outlet_matrix",), {"max_groups": 40, "max_outlets": 30},
               "The claims carried by the most outlets (rows) against the outlets (columns), each cell coloured by "
               "how that outlet sources the claim; a dot marks an outlet that only copies the claim or is cited "
               "for it."),
}


def _graph_figure(names, kwargs, graph_obj):
    """A Figure from the graph package's drawing functions (workbook.graph or .draw), or None."""
    if graph_obj is None:
        return None
    from .data import find_function

    found = find_function("workbook.graph", ("draw",), names)
    if not found:
        return None
    try:
        fig = found[1](graph_obj, **kwargs)
    except TypeError:
        fig = found[1](graph_obj)
    if hasattr(fig, "savefig"):
        return fig
    if hasattr(fig, "figure") and hasattr(fig.figure, "savefig"):  # an Axes
        return fig.figure
    return None


def figures(store, rows: list[dict], tag_order: list[str], notes: list[str], graph=None) -> dict:
    """{key: {"svg": Markup | None, "reason", "title", "caption", "provider"}} for the outlet
    graph, the sourcing mix and (graph package only) the outlets-by-claims matrix."""
    fallbacks = {
        "outlets": lambda: outlet_graph_figure(store.propagation(), rows),
        "mix": lambda: sourcing_mix_figure(rows, tag_order),
        "matrix": lambda: None,
    }
    out = {}
    for key, (title, names, kwargs, caption) in FIGURES.items():
        entry = out[key] = {"svg": None, "reason": "", "title": title, "caption": caption, "provider": "report"}
        fig = None
        try:
            fig = _graph_figure(names, kwargs, graph)
            if fig is not None:
                entry["provider"] = "graph"
        except Exception as exc:
            notes.append(f"graph figure {key} failed ({type(exc).__name__}: {exc})")
        try:
            if fig is None:
                fig = fallbacks[key]()
            if fig is None:
                entry["reason"] = ("needs the graph package (workbook.graph)" if key == "matrix" else
                                   "nothing to draw yet (no claims or outlets in the database)")
                continue
            entry["svg"] = figure_svg(fig, prefix=f"fig-{key}")
        except Exception as exc:
            entry["reason"] = f"({type(exc).__name__}: {exc})"
        finally:
            _close(fig)
    return out


def _close(fig) -> None:
    """Free a Figure; one made through pyplot must also leave pyplot's registry."""
    if fig is None:
        return
    try:
        import sys

        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close(fig)
    except Exception:
        pass
