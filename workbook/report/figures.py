"""The report's two figures as sanitised inline SVG: the outlet graph and the sourcing mix.

The graph package's Figures are used when it provides them; otherwise the report draws its
own from the store (networkx + matplotlib, Agg backend). Either way the SVG passes through
:func:`~workbook.report.safety.sanitize_svg` because labels carry article-derived text.
"""
from __future__ import annotations

import io
from collections import Counter, defaultdict

from .data import DISPUTED, UNTAGGED, optional
from .safety import sanitize_svg

# One colour per tag, shared by the chart and the CSS badges (see _style.html).
TAG_COLOURS = {
    "named": "#2f7d4f", "anonymous": "#c7811c", "outlet": "#2b6cb0", "document": "#6b46c1",
    "unsourced": "#8a8f98", "speculative": "#c0392b", DISPUTED: "#b83280", UNTAGGED: "#cfd4da",
}
EXTRA_COLOURS = ["#0f766e", "#9c6644", "#4c51bf", "#d69e2e", "#718096", "#805ad5"]
EDGE_COLOURS = {"republishes": "#2b6cb0", "reblogs": "#6b46c1", "links_to": "#8a8f98", "cites": "#c7811c"}


def tag_colour(tag: str, order: list[str]) -> str:
    if tag in TAG_COLOURS:
        return TAG_COLOURS[tag]
    extras = [t for t in order if t not in TAG_COLOURS]
    return EXTRA_COLOURS[extras.index(tag) % len(EXTRA_COLOURS)] if tag in extras else "#718096"


def figure_svg(fig, prefix: str):
    """A matplotlib Figure as sanitised inline SVG (text kept as text, deterministic ids)."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "workbook-report"}):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
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
    fig = Figure(figsize=(8, 5.2))
    ax = fig.add_subplot()
    ax.set_axis_off()
    pos = nx.spring_layout(graph, seed=7, k=1.6 / max(1, graph.number_of_nodes()) ** 0.5)
    sizes = [300 + 60 * min(claims_per_outlet.get(n, 0), 40) for n in graph.nodes]
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=sizes, node_color="#e8eef7", edgecolors="#2b4c7e",
                           linewidths=1.2)
    for kind, colour in EDGE_COLOURS.items():
        edges = [(a, b) for a, b, d in graph.edges(data=True) if d.get("kind") == kind]
        if edges:
            nx.draw_networkx_edges(graph, pos, edgelist=edges, ax=ax, edge_color=colour, width=1.6, arrows=True,
                                   arrowsize=14, node_size=sizes, connectionstyle="arc3,rad=0.08")
    nx.draw_networkx_labels(graph, pos, labels={n: _short(n) for n in graph.nodes}, ax=ax, font_size=8.5,
                            font_color="#1a202c")
    present = {d.get("kind") for _, _, d in graph.edges(data=True)}
    handles = [Line2D([0], [0], color=c, lw=2, label=k.replace("_", " ")) for k, c in EDGE_COLOURS.items()
               if k in present]
    if handles:
        ax.legend(handles=handles, loc="lower left", fontsize=8, frameon=False, title="A → B: A …", title_fontsize=8)
    ax.margins(0.12)
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
        ax.barh(range(len(outlets)), shares, left=left, color=tag_colour(tag, tag_order), label=tag, height=0.7)
        left = [a + b for a, b in zip(left, shares)]
    ax.set_yticks(range(len(outlets)), [f"{_short(o, 34)} ({sum(per_outlet[o].values())})" for o in outlets],
                  fontsize=8.5)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:.0%}")
    ax.tick_params(axis="x", labelsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08 if len(outlets) > 3 else -0.25),
              ncol=min(len(tags), 6), fontsize=8, frameon=False)
    ax.set_xlabel("share of the outlet's claims (final tag; extractor's suggestion where untagged)", fontsize=8)
    return fig


def _graph_figure(graph, names, store):
    for name in names:
        fn = getattr(graph, name, None)
        if callable(fn):
            return fn(store)
    return None


def figures(store, rows: list[dict], tag_order: list[str], notes: list[str]) -> dict:
    """{"outlets": {...}, "mix": {...}}, each with "svg" (or None), "reason" and "caption"."""
    out = {
        "outlets": {"svg": None, "reason": "", "title": "Outlet graph",
                    "caption": "Who carries whose reporting: an arrow from A to B when A republishes, reblogs, "
                               "links to or cites B. Node size grows with the outlet's claims."},
        "mix": {"svg": None, "reason": "", "title": "Sourcing mix",
                "caption": "For each outlet, how its claims are sourced."},
    }
    graph = optional("workbook.graph")
    makers = {
        "outlets": (("outlet_graph_figure", "outlet_figure", "draw_outlet_graph"),
                    lambda: outlet_graph_figure(store.propagation(), rows)),
        "mix": (("sourcing_mix_figure", "sourcing_figure", "draw_sourcing_mix"),
                lambda: sourcing_mix_figure(rows, tag_order)),
    }
    for key, (graph_names, fallback) in makers.items():
        fig = None
        if graph is not None:
            try:
                fig = _graph_figure(graph, graph_names, store)
                if fig is not None:
                    out[key]["provider"] = "graph"
            except Exception as exc:
                notes.append(f"graph figure {key} failed ({type(exc).__name__}: {exc}); drawn by the report")
        try:
            if fig is None:
                fig = fallback()
                out[key]["provider"] = "report"
            if fig is None:
                out[key]["reason"] = "nothing to draw yet (no claims or outlets in the database)"
                continue
            out[key]["svg"] = figure_svg(fig, prefix=f"fig-{key}")
        except Exception as exc:
            out[key]["reason"] = f"not available ({type(exc).__name__}: {exc})"
        finally:
            if fig is not None and hasattr(fig, "clf"):
                fig.clf()
    return out
