"""Drawings a reviewer can read (matplotlib; every function returns a ``Figure``, never shows it).

- :func:`draw_outlet_matrix`: outlets against claim groups, a cell per outlet and claim coloured
  by how that outlet sources it; stays legible at 50 outlets and 200 claim groups.
- :func:`draw_outlet_graph`: outlets in layers, origins to copies, labels never overlapping.
- :func:`draw_propagation`: one claim group's propagation tree, left (origins) to right (copies).
- :func:`draw_outlet_sourcing`: the sourcing mix per outlet, stacked bars.
- :func:`draw_timeline`: first reports of the most carried claims over time.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot state), so they work the same
under Agg in tests, inline in a notebook and as SVG in the report (``fig.savefig(buf, format="svg")``).
"""
from __future__ import annotations

import textwrap
from collections import Counter, defaultdict

import networkx as nx
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .analyze import REPORTING_ROLES, TAGS, first_report, groups, outlet_sourcing, outlets_of
from .build import group_node, outlet_node
from .draw_outlets import FONT_PT, draw_outlet_graph, plain  # noqa: F401  (draw_outlet_graph: part of this module's API)  # noqa: F401  (draw.draw_outlet_graph is its public name)

TAG_COLOURS = {
    "named": "#1b9e77", "anonymous": "#d95f02", "outlet": "#7570b3", "document": "#66a61e",
    "unsourced": "#a6a6a6", "other": "#e6ab02",
}
TAG_LABELS = {"named": "named source", "anonymous": "anonymous source", "outlet": "another outlet",
              "document": "document", "unsourced": "no source given", "other": "other tag"}
# Speculation is a flag beside the sourcing, so it is drawn over the sourcing colour, not as one.
SPECULATIVE_HATCH = "////"
SPECULATIVE_LABEL = "flagged speculative (hatched)"


def _colour(tag: str) -> str:
    return TAG_COLOURS.get(tag, TAG_COLOURS["other"])


def _short(text: str, width: int) -> str:
    text = " ".join(str(text or "").split())
    return plain(textwrap.shorten(text, width=width, placeholder="…")) if text else ""


def _wrap(text: str, width: int, lines: int = 3) -> str:
    out = []
    for part in str(text or "").split("\n"):
        out.extend(textwrap.wrap(" ".join(part.split()), width=width, max_lines=lines, placeholder="…",
                                 break_long_words=False) or [""])
    return plain("\n".join(out[:lines + 1]))


def _legend_handles(tags) -> list[Patch]:
    return [Patch(facecolor=_colour(t), edgecolor="none", label=plain(TAG_LABELS.get(t, t))) for t in tags]


def speculative_handle() -> Patch:
    return Patch(facecolor="white", edgecolor="#333333", hatch=SPECULATIVE_HATCH, lw=0.6, label=SPECULATIVE_LABEL)


def _n_reporting(g, gid) -> int:
    return len(outlets_of(g, gid, REPORTING_ROLES))


def _top_groups(g, max_groups: int, min_outlets: int = 1) -> list[str]:
    """Groups with at least ``min_outlets`` reporting outlets (publishers and cited outlets;
    a repost host is not counted), most reported first."""
    ranked = []
    for gid in groups(g):
        n = _n_reporting(g, gid)
        if n >= min_outlets:
            ranked.append((-n, -g.nodes[group_node(gid)].get("size", 1), gid))
    return [gid for _, _, gid in sorted(ranked)[:max_groups]]


def _cells(g, group_ids):
    """{(outlet, group): Counter(tag)} over reports edges, the roles per cell, and the cells
    where the outlet's claim is flagged speculative."""
    cells: dict[tuple[str, str], Counter] = defaultdict(Counter)
    roles: dict[tuple[str, str], set] = defaultdict(set)
    flagged: set[tuple[str, str]] = set()
    for gid in group_ids:
        seen = set()
        for u, _, d in g.in_edges(group_node(gid), data=True):
            if d.get("kind") != "reports":
                continue
            outlet = g.nodes[u].get("label", u)
            key = (outlet, gid)
            roles[key].add(d.get("role", ""))
            if d.get("speculative"):
                flagged.add(key)
            if (outlet, d.get("claim_id")) not in seen:
                seen.add((outlet, d.get("claim_id")))
                cells[key][d.get("tag") or "unsourced"] += 1
    return cells, roles, flagged


def draw_outlet_matrix(g: nx.MultiDiGraph, max_groups: int = 200, max_outlets: int = 50,
                       min_outlets: int = 2, title: str | None = None) -> Figure:
    """Claim groups (rows, most carried first) against outlets (columns, busiest first). A cell
    is coloured by the outlet's most frequent sourcing tag for that claim; a dot marks an outlet
    that only carries the claim as a copy (republished) or is only cited for it; hatching marks
    a cell whose claim is flagged speculative."""
    group_ids = _top_groups(g, max_groups, min_outlets) or _top_groups(g, max_groups, 1)
    cells, roles, flagged = _cells(g, group_ids)
    per_outlet = Counter(o for (o, _) in cells)
    outlets = [o for o, _ in sorted(per_outlet.items(), key=lambda kv: (-kv[1], kv[0]))][:max_outlets]
    tags = [t for t in TAGS if any(c.get(t) for c in cells.values())] + \
        sorted({t for c in cells.values() for t in c if t not in TAGS})
    index = {t: i for i, t in enumerate(tags)}
    grid = np.full((len(group_ids), len(outlets)), np.nan)
    for (o, gid), counter in cells.items():
        if o in outlets:
            tag = max(counter.items(), key=lambda kv: (kv[1], -index[kv[0]]))[0]
            grid[group_ids.index(gid), outlets.index(o)] = index[tag]
    n_rows, n_cols = max(len(group_ids), 1), max(len(outlets), 1)
    label_width = 60 if n_rows > 60 else 70
    row_h = 0.17 if n_rows > 60 else 0.3
    width = 5.2 + 0.24 * n_cols + 2.2
    height = 2.6 + row_h * n_rows
    fig = Figure(figsize=(width, height), layout="constrained")
    ax = fig.add_subplot()
    if not group_ids or not outlets:
        ax.text(0.5, 0.5, "No claim groups to show", ha="center", va="center")
        ax.set_axis_off()
        return fig
    cmap = ListedColormap([_colour(t) for t in tags])
    masked = np.ma.masked_invalid(grid)
    ax.imshow(masked, cmap=cmap, vmin=-0.5, vmax=len(tags) - 0.5, aspect="auto", interpolation="nearest")
    from matplotlib.patches import Rectangle
    for o, gid in flagged:
        if o in outlets and gid in group_ids:
            ax.add_patch(Rectangle((outlets.index(o) - 0.5, group_ids.index(gid) - 0.5), 1, 1, fill=False,
                                   hatch=SPECULATIVE_HATCH, edgecolor="#222222", lw=0, zorder=2))
    for (o, gid), r in roles.items():
        if o in outlets and gid in group_ids and not (r & {"published"}):
            ax.plot(outlets.index(o), group_ids.index(gid), marker="o", ms=2.5 if n_rows > 60 else 4,
                    color="white", mec="black", mew=0.4)
    ax.set_xticks(np.arange(n_cols))
    ax.set_xticklabels([_short(o, 28) for o in outlets], rotation=60, ha="left", fontsize=7 if n_cols > 25 else 8)
    ax.xaxis.tick_top()
    ylabels = [f"{_short(g.nodes[group_node(gid)].get('text') or g.nodes[group_node(gid)].get('label'), label_width)}"
               f"  ({_n_reporting(g, gid)})" for gid in group_ids]
    ax.set_yticks(np.arange(n_rows))
    ax.set_yticklabels(ylabels, fontsize=6 if n_rows > 60 else 7.5)
    ax.set_xticks(np.arange(-0.5, n_cols, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows, 1), minor=True)
    ax.grid(which="minor", color="#dddddd", linewidth=0.5)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(which="major", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    handles = _legend_handles(tags)
    handles.append(Patch(facecolor="white", edgecolor="#dddddd", label="not carried"))
    if flagged:
        handles.append(speculative_handle())
    from matplotlib.lines import Line2D
    handles.append(Line2D([], [], marker="o", ls="none", color="white", mec="black", mew=0.5,
                          label="copy or cited only"))
    fig.legend(handles=handles, loc="outside right upper", fontsize=8, title="Sourcing", title_fontsize=8,
               frameon=False)
    # A figure-level title: an axes title starts where the image starts (after the long row
    # labels) and runs into the legend.
    fig.suptitle(title or f"Who carries which claim: {len(group_ids)} claim groups × {len(outlets)} outlets\n"
                          "(the number of reporting outlets in brackets)", fontsize=10, x=0.01, ha="left")
    return fig


def propagation_tree(g: nx.MultiDiGraph, group_id: str, max_sources: int = 12) -> nx.DiGraph:
    """The flow of one claim as a DiGraph, information flowing along the edges: source ->
    outlet quoting it, cited outlet -> citing outlet, original -> republisher / reblogger /
    linker. Edge attribute ``kind``: quoted by | cited by | republished by | reblogged by | linked by."""
    gnode = group_node(group_id)
    tree = nx.DiGraph()
    reporting = set()
    for u, _, d in g.in_edges(gnode, data=True):
        if d.get("kind") != "reports":
            continue
        reporting.add(u)
        tree.add_node(u, **g.nodes[u])
        via = d.get("via")
        if via and d.get("role") == "published":
            tree.add_node(outlet_node(via), **g.nodes[outlet_node(via)])
            tree.add_edge(outlet_node(via), u, kind="cited by")
    sources = 0
    for _, s, d in g.out_edges(gnode, data=True):
        if d.get("kind") != "attributed_to" or g.nodes[s].get("type") != "source":
            continue
        teller = outlet_node(d["via"]) if d.get("via") else outlet_node(d.get("outlet", ""))
        if teller not in tree:
            continue
        if s not in tree:
            if sources >= max_sources:
                continue
            sources += 1
            tree.add_node(s, **g.nodes[s])
        tree.add_edge(s, teller, kind="quoted by")
    names = {"republishes": "republished by", "reblogs": "reblogged by", "links_to": "linked by"}
    frontier = set(tree.nodes)
    while frontier:  # copies of copies, and who linked to them
        nxt = set()
        for node in frontier:
            if g.nodes.get(node, {}).get("type") != "outlet":
                continue
            for u, _, d in g.in_edges(node, data=True):
                if d.get("kind") in names and (u in reporting or d["kind"] != "republishes" or u in tree):
                    if u not in tree:
                        tree.add_node(u, **g.nodes[u])
                        nxt.add(u)
                    tree.add_edge(node, u, kind=names[d["kind"]])
        frontier = nxt
    return tree


def _layers(tree: nx.DiGraph) -> dict:
    dag = tree.copy()
    while not nx.is_directed_acyclic_graph(dag):  # circular reporting: cut one edge per cycle
        cycle = nx.find_cycle(dag)
        dag.remove_edge(*cycle[-1][:2])
    has_sources = any(tree.nodes[n].get("type") == "source" for n in tree)
    layer = {}
    for node in nx.topological_sort(dag):
        preds = list(dag.predecessors(node))
        start = 0 if (tree.nodes[node].get("type") == "source" or not has_sources) else 1
        layer[node] = max([start] + [layer[p] + 1 for p in preds])
    return layer


def _ordered_positions(tree: nx.DiGraph, columns: dict) -> dict:
    """Positions (column, row) with few crossings: each column ordered by the mean row of its
    neighbours in the previous column (barycentre), then the first column by its successors."""
    rank: dict = {}

    def place(nodes, key):
        nodes.sort(key=key)
        for i, node in enumerate(nodes):
            rank[node] = i - (len(nodes) - 1) / 2

    def mean_of(nodes, default):
        known = [rank[n] for n in nodes if n in rank]
        return sum(known) / len(known) if known else default

    label = lambda n: str(tree.nodes[n].get("label", n)).casefold()  # noqa: E731
    ks = sorted(columns)
    if not ks:
        return {}
    place(columns[ks[0]], label)
    for k in ks[1:]:
        place(columns[k], lambda n: (mean_of(tree.predecessors(n), 1e9), label(n)))
    for k in reversed(ks[:-1]):  # sweep back so sources sit next to the outlets quoting them
        place(columns[k], lambda n: (mean_of(tree.successors(n), 1e9), label(n)))
    for k in ks[1:]:
        place(columns[k], lambda n: (mean_of(tree.predecessors(n), rank.get(n, 0)), label(n)))
    return {n: (k, -rank[n]) for k in ks for n in columns[k]}


def draw_propagation(g: nx.MultiDiGraph, group_id: str, max_sources: int = 12) -> Figure:
    """The propagation tree of one claim group, origins on the left, copies on the right.
    Sources are coloured by sourcing tag, outlets are grey boxes; edges say what happened."""
    tree = propagation_tree(g, group_id, max_sources)
    data = g.nodes[group_node(group_id)]
    layer = _layers(tree) if len(tree) else {}
    columns = defaultdict(list)
    for node, k in layer.items():
        columns[k].append(node)
    n_cols = max(columns) + 1 if columns else 1
    n_rows = max((len(v) for v in columns.values()), default=1)
    fig_width = max(7.0, 2.9 * n_cols)
    fig = Figure(figsize=(fig_width, max(3.2, 0.9 * n_rows + 1.8)), layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    claim = data.get("text") or data.get("label", group_id)
    ax.set_title(_wrap(f"“{claim}”", int(fig_width * 12), 3), fontsize=9.5, loc="left")
    if not len(tree):
        ax.text(0.5, 0.5, "No reports of this claim", ha="center", va="center")
        return fig
    pos = _ordered_positions(tree, columns)
    first = first_report(g, group_id)
    reporters = set(outlets_of(g, group_id))
    boxes = {}
    for node, (x, y) in pos.items():
        nd = tree.nodes[node]
        label = nd.get("label", node)
        if nd.get("type") == "source":
            face, text_colour = _colour(nd.get("sourcing", "")), "white"
            if nd.get("sourcing") == "document":  # "a paper" is a document, not someone's name
                label = f"document: {label}"
        else:
            face = "#e8e8e8" if label in reporters else "#ffffff"
            text_colour = "black"
        if first and label == first[0] and nd.get("type") == "outlet":
            label = f"{label}\nfirst report {first[1]}"
        if nd.get("type") == "outlet" and tree.degree(node) == 0:  # say why it stands alone
            label = f"{label}\n(own report, no source named)"
        boxes[node] = ax.text(x, y, _wrap(label, 22, 4), ha="center", va="center", fontsize=9, color=text_colour,
                              bbox=dict(boxstyle="round,pad=0.4", fc=face, ec="#666666", lw=0.8), zorder=3)
    for u, v, d in tree.edges(data=True):
        (x1, y1), (x2, y2) = pos[u], pos[v]
        bend = "arc3,rad=0.0" if x2 > x1 else "arc3,rad=0.35"
        ax.annotate("", xy=(x2, y2), xytext=(x1, y1), zorder=1,
                    arrowprops=dict(arrowstyle="-|>", color="#555555", lw=1.0, shrinkA=2, shrinkB=2,
                                    patchA=boxes[u].get_bbox_patch(), patchB=boxes[v].get_bbox_patch(),
                                    connectionstyle=bend))
        ax.text((x1 + x2) / 2, (y1 + y2) / 2, d["kind"], fontsize=8, color="#444444", ha="center",
                va="center", zorder=2, bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.9))
    ax.set_xlim(-0.6, n_cols - 0.4)
    ax.set_ylim(-n_rows / 2 - 0.2, n_rows / 2 + 0.2)
    tags = sorted({tree.nodes[n].get("sourcing") for n in tree if tree.nodes[n].get("type") == "source"} - {None, ""})
    handles = _legend_handles(tags) + [Patch(facecolor="#e8e8e8", edgecolor="#666666", label="outlet carrying it"),
                                       Patch(facecolor="white", edgecolor="#666666", label="outlet linking to it")]
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 4), fontsize=7.5, frameon=False)
    return fig


def _flagged_shares(g: nx.MultiDiGraph, roles=("published", "republished", "wire_copy")) -> dict:
    """{outlet: {tag: share of the outlet's claim rows with that tag and flagged speculative}},
    counted as :func:`~workbook.graph.analyze.outlet_sourcing` counts (each claim row once)."""
    carried: dict[str, dict] = defaultdict(dict)
    for u, _, d in g.edges(data=True):
        if d.get("kind") == "reports" and d.get("role") in roles:
            carried[g.nodes[u].get("label", u)][d.get("claim_id")] = (d.get("tag") or "unsourced",
                                                                       bool(d.get("speculative")))
    out = {}
    for outlet, claims in carried.items():
        flagged = Counter(tag if tag in TAGS else "other" for tag, flag in claims.values() if flag)
        out[outlet] = {tag: n / len(claims) for tag, n in flagged.items()}
    return out


def draw_outlet_sourcing(g: nx.MultiDiGraph, max_outlets: int = 50, title: str | None = None) -> Figure:
    """Stacked horizontal bars: each outlet's claim rows by sourcing type, as shares; the part of
    each sourcing segment flagged speculative is hatched (speculation is a flag beside the
    sourcing, not a sourcing type); the number of claim rows at the end of each bar."""
    frame = outlet_sourcing(g).head(max_outlets)
    n = max(len(frame), 1)
    # 12.5 in (900 pt) wide: the report shows it full width (about 1,200 px), so 9 pt text is drawn
    # at about 12 px, never below 9 px
    fig = Figure(figsize=(12.5, 1.9 + 0.34 * n), layout="constrained")
    ax = fig.add_subplot()
    if frame.empty:
        ax.text(0.5, 0.5, "No claims yet", ha="center", va="center", fontsize=FONT_PT)
        ax.set_axis_off()
        return fig
    frame = frame.iloc[::-1]
    flagged = _flagged_shares(g)
    y = np.arange(len(frame))
    left = np.zeros(len(frame))
    for tag in (*TAGS, "other"):
        share = frame[f"share_{tag}"].to_numpy()
        if share.sum() == 0:
            continue
        ax.barh(y, share, left=left, color=_colour(tag), label=TAG_LABELS[tag], height=0.75)
        spec = np.array([flagged.get(o, {}).get(tag, 0.0) for o in frame["outlet"]])
        if spec.sum() > 0:
            ax.barh(y, spec, left=left, height=0.75, fill=False, hatch=SPECULATIVE_HATCH, edgecolor="#222222", lw=0)
        left += share
    for yi, total, spec in zip(y, frame["claims"], frame["share_speculative"]):
        note = f"{total}" + (f" · {spec:.0%} spec." if spec else "")
        ax.text(1.01, yi, note, va="center", fontsize=FONT_PT, color="#444444")
    ax.set_yticks(y)
    ax.set_yticklabels([_short(o, 34) for o in frame["outlet"]], fontsize=FONT_PT)
    ax.set_xlim(0, 1.14)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
    ax.set_xticklabels(["0%", "25%", "50%", "75%", "100%"], fontsize=FONT_PT)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title or "How each outlet sources its claims (share of claim rows; count and share flagged "
                          "speculative at right)", fontsize=FONT_PT + 1, loc="left")
    handles, _ = ax.get_legend_handles_labels()
    if frame["share_speculative"].sum() > 0:
        handles.append(speculative_handle())
    fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=FONT_PT, frameon=False)
    return fig


def draw_timeline(g: nx.MultiDiGraph, max_groups: int = 30, min_outlets: int = 2, title: str | None = None) -> Figure:
    """For the most carried claims: every outlet's report date (dots) and the first report
    (a star, with the outlet's name)."""
    import datetime as dt

    group_ids = _top_groups(g, max_groups, min_outlets)
    rows = []
    for gid in group_ids:
        dates = {}
        for u, _, d in g.in_edges(group_node(gid), data=True):
            if d.get("kind") == "reports" and d.get("date") and d.get("role") in ("published", "republished", "wire_copy"):
                try:
                    day = dt.date.fromisoformat(str(d["date"])[:10])
                except ValueError:
                    continue
                outlet = g.nodes[u].get("label", u)
                dates[outlet] = min(day, dates.get(outlet, day))
        if dates:
            rows.append((gid, dates))
    n = max(len(rows), 1)
    fig = Figure(figsize=(10, 1.6 + 0.32 * n), layout="constrained")
    ax = fig.add_subplot()
    if not rows:
        ax.text(0.5, 0.5, "No dated reports of claims carried by two or more outlets", ha="center", va="center")
        ax.set_axis_off()
        return fig
    for i, (gid, dates) in enumerate(rows):
        yi = n - 1 - i
        days = sorted(dates.values())
        ax.plot([days[0], days[-1]], [yi, yi], color="#cccccc", lw=1.2, zorder=1)
        ax.scatter(list(dates.values()), [yi] * len(dates), s=18, color="#7570b3", zorder=2)
        first = first_report(g, gid)
        if first:
            day = dt.date.fromisoformat(first[1][:10])
            ax.scatter([day], [yi], s=90, marker="*", color="#d95f02", zorder=3)
            ax.annotate(_short(first[0], 24), (day, yi), xytext=(6, 4), textcoords="offset points", fontsize=7)
    ax.set_yticks([n - 1 - i for i in range(len(rows))])
    ax.set_yticklabels([_short(g.nodes[group_node(gid)].get("text") or gid, 60) + f"  ({len(d)})"
                        for gid, d in rows], fontsize=7.5)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#eeeeee")
    every = [day for _, d in rows for day in d.values()]
    lo, hi = min(every), max(every)
    pad = max(dt.timedelta(days=2), (hi - lo) * 0.08)
    ax.set_xlim(lo - pad, hi + pad * 3)
    ax.set_ylim(-0.7, n - 0.3)
    import matplotlib.dates as mdates
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.tick_params(axis="x", labelsize=8)
    handles = [ax.scatter([], [], s=18, color="#7570b3", label="an outlet's report"),
               ax.scatter([], [], s=90, marker="*", color="#d95f02", label="first report")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    ax.set_title(title or "When each claim was first reported (number of outlets with a dated report in brackets)",
                 fontsize=10, loc="left")
    return fig


def to_svg(fig: Figure) -> str:
    """The figure as an inline SVG string (for the HTML report)."""
    import io

    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    return buf.getvalue()


