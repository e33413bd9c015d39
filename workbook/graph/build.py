"""The outlet graph (networkx): outlets, claim groups and sources as nodes.

Node ids: ``outlet:<name>``, ``group:<group_id>``, ``source:<key>``; every node has ``type``
(outlet | group | source) and ``label``. The graph is a ``networkx.MultiDiGraph``; every edge
has ``kind``:

- ``reports`` outlet -> group, one per claim row and role, with ``article``, ``date``,
  ``tag`` (the sourcing tag: the reviewer's final tag, else the extractor's suggestion),
  ``claim_id``, ``via`` (the outlet the claim is attributed to, "" if none) and ``role``:
  ``published`` (the outlet whose article it is: the original outlet of a repost),
  ``republished`` (the host of a repost) or ``reported`` (an outlet the article cites for it).
- ``attributed_to`` group -> source (or -> the outlet node, when the source is an outlet),
  with ``outlet`` (who attributes), ``via``, ``tag``, ``article``, ``claim_id``.
- ``republishes``, ``reblogs``, ``links_to``, ``cites`` outlet -> outlet, one edge per pair and
  kind (edge key = kind), with ``count``, ``date`` (the earliest) and ``evidence``.

All attribute values are str, int, float or bool (never None), so GraphML and GEXF writers
take the graph as it is. Helpers ``add_outlet``, ``add_group``, ``add_source``, ``add_report``,
``add_attribution`` and ``add_link`` are what :func:`build_graph` uses; tests and notebooks can
build small graphs by hand with the same calls.
"""
from __future__ import annotations

import os
from collections.abc import Iterable

import networkx as nx
import pandas as pd

from ..models import normalize_for_id
from ..outlets import OutletRegistry, default_registry
from .match import Matching, claim_groups

LINK_KINDS = ("republishes", "reblogs", "links_to", "cites")
COPY_KINDS = ("republishes", "reblogs")  # the carrier shows the other outlet's own text
GLOBAL_SOURCE_TAGS = ("named", "document")  # a source with this tag is one source across articles


def outlet_node(name: str) -> str:
    return f"outlet:{name}"


def group_node(group_id: str) -> str:
    return f"group:{group_id}"


def source_node(key: str) -> str:
    return f"source:{key}"


def _clean(attrs: dict) -> dict:
    out = {}
    for key, value in attrs.items():
        if value is None or (isinstance(value, float) and value != value):
            value = ""
        elif isinstance(value, (list, tuple, set)):
            value = "; ".join(str(v) for v in value)
        elif not isinstance(value, (str, int, float, bool)):
            value = str(value)
        out[key] = value
    return out


def new_graph() -> nx.MultiDiGraph:
    return nx.MultiDiGraph(name="workbook outlets, claims and sources")


def add_outlet(g: nx.MultiDiGraph, name: str, **attrs) -> str:
    node = outlet_node(name)
    if node not in g:
        g.add_node(node, **_clean({"type": "outlet", "label": name, **attrs}))
    return node


def add_group(g: nx.MultiDiGraph, group_id: str, text: str = "", **attrs) -> str:
    node = group_node(group_id)
    if node not in g:
        label = text if len(text) <= 80 else text[:77].rstrip() + "..."
        g.add_node(node, **_clean({"type": "group", "label": label or group_id, "text": text,
                                   "group_id": group_id, **attrs}))
    return node


def add_source(g: nx.MultiDiGraph, key: str, label: str, sourcing: str = "", **attrs) -> str:
    node = source_node(key)
    if node not in g:
        g.add_node(node, **_clean({"type": "source", "label": label, "sourcing": sourcing, **attrs}))
    return node


def add_report(g: nx.MultiDiGraph, outlet: str, group_id: str, *, article: str = "", date: str | None = "",
               tag: str = "", role: str = "published", via: str | None = "", claim_id: str = "",
               claim: str = "") -> None:
    """``outlet`` reports the claim group (one claim row, one role)."""
    add_outlet(g, outlet)
    add_group(g, group_id, claim)
    if via:
        add_outlet(g, via)
    g.add_edge(outlet_node(outlet), group_node(group_id), key=f"reports:{claim_id or article}:{role}:{outlet}",
               **_clean({"kind": "reports", "role": role, "article": article, "date": date, "tag": tag,
                         "via": via, "claim_id": claim_id}))


def add_attribution(g: nx.MultiDiGraph, group_id: str, target: str, *, outlet: str = "", via: str = "",
                    tag: str = "", article: str = "", claim_id: str = "") -> None:
    """The claim group is attributed to ``target`` (a node id: a source or an outlet)."""
    g.add_edge(group_node(group_id), target, key=f"attributed_to:{claim_id}:{target}",
               **_clean({"kind": "attributed_to", "outlet": outlet, "via": via, "tag": tag,
                         "article": article, "claim_id": claim_id}))


def add_link(g: nx.MultiDiGraph, kind: str, outlet: str, of_outlet: str, date: str | None = "",
             evidence: str = "", article: str = "") -> None:
    """``outlet`` <kind> ``of_outlet`` (republishes, reblogs, links_to, cites); repeated links
    of one kind between one pair add to ``count``."""
    if kind not in LINK_KINDS:
        raise ValueError(f"unknown link kind {kind!r}")
    if not outlet or not of_outlet or outlet == of_outlet:
        return
    a, b = add_outlet(g, outlet), add_outlet(g, of_outlet)
    if g.has_edge(a, b, key=kind):
        data = g.edges[a, b, kind]
        data["count"] += 1
        if date and (not data["date"] or str(date) < data["date"]):
            data["date"] = str(date)
        if article and article not in data["articles"].split("; "):
            data["articles"] = "; ".join(x for x in (data["articles"], article) if x)
        return
    g.add_edge(a, b, key=kind, **_clean({"kind": kind, "count": 1, "date": date, "evidence": evidence,
                                         "articles": article}))


# -- from the store ---------------------------------------------------------------------------

def final_tags(store, frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(tag, tag_origin) per row of ``frame``: the review's ``final_tag`` when the review
    package provides one for the claim, else ``speculative`` when the extractor flagged it,
    else the extractor's ``suggested``."""
    fallback = pd.Series(["speculative" if bool(s) else str(t or "unsourced")
                          for s, t in zip(frame["speculative"], frame["suggested"])], index=frame.index)
    final = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    try:
        try:
            from ..review import reviewed_table  # the review engineer's public name
        except ImportError:
            from ..review.agreement import reviewed_table
        reviewed = reviewed_table(store)
        finals = dict(zip(reviewed["claim_id"], reviewed["final_tag"]))
        final = frame["claim_id"].map(finals)
    except Exception:  # the review package is not there yet, or its tables are not migrated
        pass
    has = final.notna() & (final.astype(str).str.len() > 0)
    tag = final.where(has, fallback)
    origin = pd.Series(["reviewer" if h else "extractor" for h in has], index=frame.index)
    return tag.astype(str), origin


def claim_rows(store, matching: Matching | None = None, active_only: bool = True, **match_params) -> pd.DataFrame:
    """The claims the graph is built from: the store's claim rows with ``group_id``,
    ``group_size``, ``tag``, ``tag_origin`` and ``author_outlet`` (the original outlet of a
    repost, else the outlet)."""
    frame = store.claims(active_only=active_only)
    if matching is None:
        matching = claim_groups(store, active_only=active_only, **match_params)
    frame = frame.merge(matching.groups, on="claim_id", how="left")
    frame["group_id"] = frame["group_id"].fillna("g_" + frame["claim_id"])
    frame["group_size"] = frame["group_size"].fillna(1).astype(int)
    frame["tag"], frame["tag_origin"] = final_tags(store, frame)
    frame["author_outlet"] = frame["original_outlet"].where(frame["original_outlet"].notna(), frame["outlet"])
    return frame


def _str(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _source_of(row, registry: OutletRegistry) -> tuple[str, str] | None:
    """(key, label) of a row's source; None for an outlet source (the outlet node is the
    source) or no source. Named sources and documents are one node across articles; others
    (anonymous, unresolved pronouns) are one node per article: "officials" in two articles are
    not the same officials."""
    label = _str(row.get("resolved_source")) or _str(row.get("source_name")) or _str(row.get("source"))
    if not label:
        return None
    key = normalize_for_id(label)
    if not key:
        return None
    if _str(row.get("tag")) not in GLOBAL_SOURCE_TAGS and _str(row.get("suggested")) not in GLOBAL_SOURCE_TAGS:
        key = f"{row.get('article_id')}/{key}"
    return key, label


def _reporter_of(row, registry: OutletRegistry) -> str:
    via = _str(row.get("via_outlet"))
    if via:
        return registry.display_name(via) or via
    if _str(row.get("suggested")) == "outlet" or _str(row.get("tag")) == "outlet":
        name = registry.canonical(_str(row.get("source_name")) or _str(row.get("source")))
        return name or ""
    return ""


def build_graph(rows: pd.DataFrame, propagation: pd.DataFrame | None = None,
                registry: OutletRegistry | None = None, group_texts: dict | None = None) -> nx.MultiDiGraph:
    """The graph from claim rows (as :func:`claim_rows` returns them) and propagation records
    (``store.propagation()``: article_id, kind, outlet, of_outlet, date, evidence)."""
    registry = registry or default_registry()
    g = new_graph()
    if propagation is not None:
        for rec in propagation.to_dict("records"):
            add_link(g, rec["kind"], _str(rec.get("outlet")), _str(rec.get("of_outlet")), _str(rec.get("date")),
                     _str(rec.get("evidence")), _str(rec.get("article_id")))
    anchors = {}
    if group_texts is None:
        for rec in rows[["group_id", "claim_id", "claim"]].to_dict("records"):
            if rec["group_id"] == "g_" + rec["claim_id"]:
                anchors[rec["group_id"]] = rec["claim"]
    else:
        anchors = dict(group_texts)
    for row in rows.to_dict("records"):
        gid = row["group_id"]
        add_group(g, gid, _str(anchors.get(gid, row.get("claim"))), size=int(row.get("group_size") or 1))
        carrier = _str(row.get("outlet"))
        author = _str(row.get("author_outlet")) or carrier
        if not author:
            author = carrier = "(unknown outlet)"
        reporter = _reporter_of(row, registry)
        common = dict(article=_str(row.get("article_id")), date=_str(row.get("published")), tag=_str(row.get("tag")),
                      claim_id=_str(row.get("claim_id")))
        via = reporter if reporter and reporter != author else ""
        if via:
            add_report(g, via, gid, role="reported", via="", **common)
            add_link(g, "cites", author, via, common["date"], _str(row.get("claim"))[:200], common["article"])
        add_report(g, author, gid, role="published", via=via, **common)
        if carrier and carrier != author:
            add_report(g, carrier, gid, role="republished", via=via, **common)
        if reporter:
            add_attribution(g, gid, outlet_node(reporter), outlet=author, via=via, tag=common["tag"],
                            article=common["article"], claim_id=common["claim_id"])
        outlet_is_source = reporter and "outlet" in (_str(row.get("suggested")), common["tag"])
        if not outlet_is_source:  # a person or document, possibly speaking through an outlet
            source = _source_of(row, registry)
            if source:
                kind = common["tag"] if common["tag"] != "speculative" else _str(row.get("suggested"))
                node = add_source(g, source[0], source[1], kind)
                add_attribution(g, gid, node, outlet=author, via=via, tag=common["tag"],
                                article=common["article"], claim_id=common["claim_id"])
    for node, data in g.nodes(data=True):
        if data["type"] == "group":
            reports = [(u, d["role"]) for u, _, d in g.in_edges(node, data=True) if d["kind"] == "reports"]
            data["n_outlets"] = len({u for u, _ in reports})  # every outlet carrying it, copies too
            data["n_reporting"] = len({u for u, role in reports if role in ("published", "reported")})
    return g


def graph_from_store(store, matching: Matching | None = None, registry: OutletRegistry | None = None,
                     **match_params) -> nx.MultiDiGraph:
    """Match the store's claims (honouring reviewer decisions) and build the graph."""
    rows = claim_rows(store, matching, **match_params)
    return build_graph(rows, store.propagation(), registry)


# -- views and exports ------------------------------------------------------------------------

def outlet_graph(g: nx.MultiDiGraph, kinds: Iterable[str] = LINK_KINDS) -> nx.DiGraph:
    """Outlets only, one edge per pair, ``kinds`` joined (e.g. "cites; republishes")."""
    kinds = set(kinds)
    out = nx.DiGraph()
    for node, data in g.nodes(data=True):
        if data["type"] == "outlet":
            out.add_node(node, **data)
    for u, v, data in g.edges(data=True):
        if data["kind"] in kinds:
            if out.has_edge(u, v):
                out.edges[u, v]["kind"] = "; ".join(sorted(set(out.edges[u, v]["kind"].split("; ")) | {data["kind"]}))
            else:
                out.add_edge(u, v, kind=data["kind"])
    return out


def edge_list(g: nx.MultiDiGraph) -> pd.DataFrame:
    """Every edge as a row: source, target, source_label, target_label, kind and attributes."""
    records = []
    for u, v, data in g.edges(data=True):
        records.append({"source": u, "target": v, "source_label": g.nodes[u].get("label", u),
                        "target_label": g.nodes[v].get("label", v), **data})
    cols = ["source", "target", "source_label", "target_label", "kind"]
    frame = pd.DataFrame(records)
    if frame.empty:
        return pd.DataFrame(columns=cols)
    return frame[cols + [c for c in frame.columns if c not in cols]]


def node_list(g: nx.MultiDiGraph) -> pd.DataFrame:
    return pd.DataFrame([{"id": n, **d} for n, d in g.nodes(data=True)])


def export(g: nx.MultiDiGraph, path: str | os.PathLike, fmt: str | None = None) -> str:
    """Write the graph as GraphML (.graphml), GEXF (.gexf) or an edge list CSV (.csv / edges).
    Returns the format written."""
    path = str(path)
    fmt = (fmt or os.path.splitext(path)[1].lstrip(".") or "graphml").lower()
    if fmt == "csv":
        fmt = "edges"
    if fmt == "graphml":
        nx.write_graphml(g, path)
    elif fmt == "gexf":
        nx.write_gexf(g, path)
    elif fmt == "edges":
        edge_list(g).to_csv(path, index=False)
    else:
        raise ValueError(f"unknown graph format {fmt!r} (graphml, gexf or edges)")
    return fmt
