"""The outlet graph drawn in layers: origins on the left, the outlets that copy or cite them to
the right (one column per step), outlets with no link to another outlet in a block of their own.

Labels never overlap by construction: every label is measured with matplotlib's renderer first,
each column is as wide as its widest label, rows are as tall as the tallest, and a column with
more than ``max_rows`` outlets wraps into several. Coordinates are inches, so the text is drawn
at its real size (9 pt by default) and the figure grows with the graph instead of shrinking the
text.
"""
from __future__ import annotations

import textwrap
from collections import Counter

import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .build import LINK_KINDS

FONT_PT = 9.0
PAD = 0.3  # box padding, as a fraction of the font size
COLUMN_GAP_IN = 0.65  # room for the arrows between columns
ROW_GAP_IN = 0.16
MARGIN_IN = 0.25
ALONE_HEADING = "no link to another outlet"
EDGE_COLOURS = {"republishes": "#2b6cb0", "reblogs": "#6b46c1", "links_to": "#8a8f98", "cites": "#c7811c",
                "wire_copy": "#0f766e"}
EDGE_NAMES = {"republishes": "republished by", "reblogs": "reblogged by", "links_to": "linked to by",
              "cites": "cited by", "wire_copy": "wire copy run by"}


def plain(text) -> str:
    """Text as matplotlib must show it, never as mathtext: every ``$`` escaped."""
    return str(text).replace("$", r"\$")


def _label(name: str, claims: int) -> str:
    lines = textwrap.wrap(name, 22, max_lines=2, placeholder="…", break_long_words=False) or [name]
    if claims:
        lines.append(f"{claims} claim{'s' if claims != 1 else ''}")
    return "\n".join(plain(line) for line in lines)


def _flow_graph(g: nx.MultiDiGraph, max_outlets: int) -> tuple[nx.DiGraph, Counter, int]:
    """Outlets as a DiGraph with edges in the direction information flows (original ->
    copier, cited -> citing), the claim rows each outlet carries, and how many were left out."""
    claims: Counter = Counter()
    for u, _, d in g.edges(data=True):
        if d.get("kind") == "reports" and d.get("role") in ("published", "republished", "wire_copy"):
            claims[u] += 1
    flow = nx.DiGraph()
    for node, data in g.nodes(data=True):
        if data.get("type") == "outlet":
            flow.add_node(node, label=data.get("label", node))
    for u, v, d in g.edges(data=True):
        if d.get("kind") in LINK_KINDS and u != v:
            kinds = flow.edges[v, u]["kinds"] if flow.has_edge(v, u) else set()
            flow.add_edge(v, u, kinds=kinds | {d["kind"]})
    left_out = 0
    if flow.number_of_nodes() > max_outlets:
        keep = sorted(flow.nodes, key=lambda n: (-(flow.degree(n) * 10 + claims[n]), flow.nodes[n]["label"]))
        left_out = flow.number_of_nodes() - max_outlets
        flow = flow.subgraph(keep[:max_outlets]).copy()
    return flow, claims, left_out


def _layers(flow: nx.DiGraph) -> dict:
    """Column of each outlet: 0 for origins, 1 + the furthest origin's column for the others
    (a citation cycle is one step), None for outlets with no link at all."""
    dag = nx.condensation(flow)
    step = {}
    for comp in nx.topological_sort(dag):
        preds = list(dag.predecessors(comp))
        step[comp] = max([0] + [step[p] + 1 for p in preds])
    out = {}
    for comp, members in dag.nodes(data="members"):
        for node in members:
            out[node] = step[comp] if flow.degree(node) else None
    return out


def _measure(labels: dict, fontsize: float) -> dict:
    """{node: (width, height)} of each label's box in inches, from the renderer."""
    fig = Figure(dpi=72)
    renderer = FigureCanvasAgg(fig).get_renderer()
    pad = 2 * PAD * fontsize / 72
    sizes = {}
    for node, text in labels.items():
        extent = fig.text(0, 0, text, fontsize=fontsize, linespacing=1.2).get_window_extent(renderer)
        sizes[node] = (extent.width / 72 + pad, extent.height / 72 + pad)
    return sizes


def _columns(flow: nx.DiGraph, layer: dict, max_rows: int) -> tuple[list[list], int]:
    """The outlets of each column, top to bottom: ordered by the mean row of what they copy
    (few crossings), long columns wrapped; outlets with no link last, by name. Also returns
    the index of the first column of outlets with no link (len(columns) when there is none)."""
    rank: dict = {}
    columns = []
    label = lambda n: flow.nodes[n]["label"].casefold()  # noqa: E731
    steps = sorted({k for k in layer.values() if k is not None})
    for k in steps:
        nodes = [n for n, s in layer.items() if s == k]
        known = lambda n: [rank[p] for p in flow.predecessors(n) if p in rank]  # noqa: E731
        nodes.sort(key=lambda n: (sum(known(n)) / len(known(n)) if known(n) else 0, label(n)))
        for i, n in enumerate(nodes):
            rank[n] = i
        columns.extend(nodes[i:i + max_rows] for i in range(0, len(nodes), max_rows))
    first_alone = len(columns)
    alone = sorted((n for n, s in layer.items() if s is None), key=label)
    columns.extend(alone[i:i + max_rows] for i in range(0, len(alone), max_rows))
    return columns, first_alone


def _ends(a, b, half_a: float, half_b: float, gap: float = 0.03):
    """Where an arrow from box a to box b starts and ends (on the facing box edges, so the
    head is never under a box), and its bend: columns run left to right; within one column the
    arrow bows out to the left."""
    (xa, ya), (xb, yb) = a, b
    if abs(xa - xb) < 1e-6:
        return (xa - half_a - gap, ya), (xb - half_b - gap, yb), 0.5 if yb < ya else -0.5
    side = 1 if xb > xa else -1
    return (xa + side * (half_a + gap), ya), (xb - side * (half_b + gap), yb), 0.05


def draw_outlet_graph(g: nx.MultiDiGraph, max_outlets: int = 40, max_rows: int = 14,
                      fontsize: float = FONT_PT, title: str | None = None) -> Figure:
    """Who carries whose reporting, in layers: an arrow from B to A when A republishes,
    reblogs, links to, cites B or runs B's wire copy; each box says how many claim rows the
    outlet carries. Label boxes never overlap (see the module docstring)."""
    flow, claims, left_out = _flow_graph(g, max_outlets)
    labels = {n: _label(flow.nodes[n]["label"], claims[n]) for n in flow}
    if not labels:
        fig = Figure(figsize=(6, 1.5))
        fig.text(0.5, 0.5, "No outlets yet", ha="center", va="center", fontsize=fontsize)
        return fig
    sizes = _measure(labels, fontsize)
    columns, first_alone = _columns(flow, _layers(flow), max_rows)
    widths = [max(sizes[n][0] for n in col) for col in columns]
    if first_alone < len(columns):  # room for the block's heading
        heading_width = _measure({"h": ALONE_HEADING}, fontsize)["h"][0]
        widths[first_alone] = max(widths[first_alone], heading_width)
    pitch = max(h for _, h in sizes.values()) + ROW_GAP_IN
    rows = max(len(col) for col in columns)
    top_in, bottom_in = 0.8, 0.5
    width = 2 * MARGIN_IN + sum(widths) + COLUMN_GAP_IN * (len(columns) - 1)
    height = top_in + bottom_in + rows * pitch
    heading = title or "Origins on the left, the outlets that copy or cite them to the right"
    if left_out:
        heading += f" ({left_out} outlets with the fewest links not shown)"
    width = max(width, 4.0, 2 * MARGIN_IN + _measure({"t": plain(heading)}, fontsize + 1)["t"][0])
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    boxes, pos, x = {}, {}, MARGIN_IN
    for k, (col, w) in enumerate(zip(columns, widths)):
        if k == first_alone:  # why these boxes have no arrows
            ax.text(x, height - 0.62, ALONE_HEADING, fontsize=fontsize, color="#4a5568",
                    ha="left", va="center", style="italic")
        y0 = bottom_in + (rows * pitch + len(col) * pitch) / 2
        for i, node in enumerate(col):
            pos[node] = (x + w / 2, y0 - (i + 0.5) * pitch)
            carrying = claims[node] > 0
            boxes[node] = ax.text(*pos[node], labels[node], ha="center", va="center", fontsize=fontsize,
                                  linespacing=1.2, zorder=3, gid=f"outlet-label-{len(boxes)}",
                                  bbox=dict(boxstyle=f"round,pad={PAD}", fc="#dbe7f5" if carrying else "#f4f5f7",
                                            ec="#2b4c7e" if carrying else "#a0aec0", lw=0.8))
        x += w + COLUMN_GAP_IN
    for u, v, d in flow.edges(data=True):
        start, end, bend = _ends(pos[u], pos[v], sizes[u][0] / 2, sizes[v][0] / 2)
        ax.annotate("", xy=end, xytext=start, zorder=1,
                    arrowprops=dict(arrowstyle="-|>,head_length=0.5,head_width=0.25", shrinkA=0, shrinkB=0,
                                    color=EDGE_COLOURS.get(sorted(d["kinds"])[0], "#555555"), lw=1.2,
                                    connectionstyle=f"arc3,rad={bend}"))
    present = sorted({k for _, _, d in flow.edges(data=True) for k in d["kinds"]}, key=list(EDGE_COLOURS).index)
    handles = [Line2D([0], [0], color=EDGE_COLOURS[k], lw=2, label=EDGE_NAMES[k]) for k in present]
    if handles:
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(MARGIN_IN / width, 0.0),
                  ncol=min(len(handles), max(1, int((width - 2 * MARGIN_IN) / 1.7))), fontsize=fontsize,
                  frameon=False, borderaxespad=0.2)
    ax.text(MARGIN_IN, height - 0.3, plain(heading), fontsize=fontsize + 1, ha="left", va="center")
    return fig
