"""The outlet graph (networkx): outlets, claim groups and sources as nodes.

Node ids: ``outlet:<name>``, ``group:<group_id>``, ``source:<key>``; every node has ``type``
(outlet | group | source) and ``label``. The graph is a ``networkx.MultiDiGraph``; every edge
has ``kind``:

- ``reports`` outlet -> group, one per claim row and role, with ``article``, ``date``,
  ``tag`` (the sourcing tag: the reviewer's final tag, else the extractor's suggestion),
  ``claim_id``, ``via`` (the outlet the claim is attributed to, "" if none) and ``role``:
  ``published`` (the outlet whose article it is: the original outlet of a repost),
  ``republished`` (the host of a repost), ``wire_copy`` (an outlet running a wire agency's
  story: the agency is the publisher) or ``reported`` (an outlet the article cites for it).
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

import json
import os
from collections.abc import Iterable

import networkx as nx
import pandas as pd

from ..models import normalize_for_id
from ..outlets import OutletRegistry, default_registry
from ..review import reviewed_table
from ..review.vocabulary import SPECULATIVE
from ..table import spreadsheet_safe
from .match import MATCH_EVIDENCE, Matching, claim_groups
from .origins import document_key, names_only_a_document, wire_credit

LINK_KINDS = ("republishes", "reblogs", "links_to", "cites", "wire_copy")  # wire_copy: runs the agency's copy
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
               claim: str = "", copy_of: str = "", copy_evidence: str = "", speculative: bool = False) -> None:
    """``outlet`` reports the claim group (one claim row, one role; ``speculative``: the claim's
    final speculation flag). A ``republished`` report names whose copy it carries (``copy_of``)
    and why (``copy_evidence``: "repost", "wire copy ...")."""
    add_outlet(g, outlet)
    add_group(g, group_id, claim)
    if via:
        add_outlet(g, via)
    g.add_edge(outlet_node(outlet), group_node(group_id), key=f"reports:{claim_id or article}:{role}:{outlet}",
               **_clean({"kind": "reports", "role": role, "article": article, "date": date, "tag": tag,
                         "via": via, "claim_id": claim_id, "copy_of": copy_of, "copy_evidence": copy_evidence,
                         "speculative": bool(speculative)}))


def add_attribution(g: nx.MultiDiGraph, group_id: str, target: str, *, outlet: str = "", via: str = "",
                    tag: str = "", article: str = "", claim_id: str = "", phrase: str = "") -> None:
    """The claim group is attributed to ``target`` (a node id: a source or an outlet);
    ``phrase``: the source as this article words it ("a paper in Nature Astronomy")."""
    g.add_edge(group_node(group_id), target, key=f"attributed_to:{claim_id}:{target}",
               **_clean({"kind": "attributed_to", "outlet": outlet, "via": via, "tag": tag,
                         "article": article, "claim_id": claim_id, "phrase": phrase}))


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

def final_tags(store, frame: pd.DataFrame, active_only: bool = True) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(tag, tag_origin, speculative) per row of ``frame``. ``tag`` is a sourcing type, never
    "speculative": the review's ``final_tag`` (:func:`workbook.review.reviewed_table`, the one
    final-tag rule) when the claim has one, else the extractor's ``suggested`` sourcing.
    ``speculative`` is a flag beside it: the review's ``final_speculative`` when answered, else
    the extractor's. (A final tag "speculative" from before speculation became a flag reads as
    the suggestion, flagged.)"""
    suggested = pd.Series([str(t or "unsourced") for t in frame["suggested"]], index=frame.index)
    reviewed = reviewed_table(store, active_only=active_only)
    final = frame["claim_id"].map(dict(zip(reviewed["claim_id"], reviewed["final_tag"])))
    old_flag_tag = final.astype(str) == SPECULATIVE
    has = final.notna() & (final.astype(str).str.len() > 0) & ~old_flag_tag
    tag = final.where(has, suggested)
    origin = pd.Series(["reviewer" if h else "extractor" for h in has], index=frame.index)
    flags = dict(zip(reviewed["claim_id"], reviewed["final_speculative"]))
    speculative = pd.Series([bool(own) or bool(old) if flags.get(cid) is None else bool(flags[cid])
                             for cid, own, old in zip(frame["claim_id"], frame["speculative"], old_flag_tag)],
                            index=frame.index)
    return tag.astype(str), origin, speculative


def wire_copies(store, registry: OutletRegistry) -> dict[str, tuple[str, str]]:
    """{article_id: (wire agency, evidence)} for the articles that are wire copy."""
    found = {}
    for art in store.articles(with_text=True).to_dict("records"):
        regions = json.loads(art["body"]) or [[0, len(art["text"])]]
        body = art["text"][regions[0][0]:regions[-1][1]]
        credit = wire_credit(art.get("author"), body, art.get("outlet"), registry)
        if credit:
            found[art["id"]] = credit
    return found


def claim_rows(store, matching: Matching | None = None, active_only: bool = True,
               registry: OutletRegistry | None = None, **match_params) -> pd.DataFrame:
    """The claims the graph is built from: the store's claim rows with ``group_id``,
    ``group_size``, ``tag``, ``tag_origin``, ``author_outlet`` (the original outlet of a
    repost, the wire agency of wire copy, else the outlet) and ``copy_evidence`` (why the
    author is not the outlet: "repost", "wire copy (byline 'Reuters')", or "")."""
    frame = store.claims(active_only=active_only)
    if matching is None:
        matching = claim_groups(store, active_only=active_only, **match_params)
    frame = frame.merge(matching.groups, on="claim_id", how="left")
    frame["group_id"] = frame["group_id"].fillna("g_" + frame["claim_id"])
    frame["group_size"] = frame["group_size"].fillna(1).astype(int)
    frame["tag"], frame["tag_origin"], frame["speculative_final"] = final_tags(store, frame, active_only)
    is_repost = frame["original_outlet"].notna() & (frame["original_outlet"].astype(str).str.len() > 0)
    frame["author_outlet"] = frame["original_outlet"].where(is_repost, frame["outlet"])
    frame["copy_evidence"] = ["repost" if r else "" for r in is_repost]
    wires = wire_copies(store, registry or default_registry())
    for i, (article_id, repost) in enumerate(zip(frame["article_id"], is_repost)):
        if article_id in wires and not repost:  # wire copy is the wire's report, carried by the outlet
            frame.iat[i, frame.columns.get_loc("author_outlet")] = wires[article_id][0]
            frame.iat[i, frame.columns.get_loc("copy_evidence")] = f"wire copy ({wires[article_id][1]})"
    return frame


def _str(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _flag(value) -> bool:
    """A speculation flag from a row: missing (None, NaN) is False."""
    return bool(value) if _str(value) else False


def _source_kind(row) -> str:
    """The row's sourcing: the final tag, else the suggestion; a source the extractor called
    named that names only a document ("according to the study") is a document."""
    tag = _str(row.get("tag"))
    if row.get("tag_origin") == "reviewer" and tag:
        return tag
    kind = tag or _str(row.get("suggested"))
    label = _str(row.get("resolved_source")) or _str(row.get("source_name")) or _str(row.get("source"))
    return "document" if kind == "named" and names_only_a_document(label) else kind


def _source_of(row, registry: OutletRegistry) -> tuple[str, str, str] | None:
    """(key, label, doc_key) of a row's source; None for an outlet source (the outlet node is
    the source) or no source. A named source is one node across articles (its name); a
    document is one node per distinctive name (:func:`document_key`: "a paper in Nature
    Astronomy" = "the study published in Nature Astronomy"), and one node per claim group when
    it names nothing ("a study"); others (anonymous, unresolved pronouns) are one node per
    article: "officials" in two articles are not the same officials."""
    label = _str(row.get("resolved_source")) or _str(row.get("source_name")) or _str(row.get("source"))
    key = normalize_for_id(label)
    if not key:
        return None
    kind = _source_kind(row)
    if kind == "document":
        doc = document_key(label)
        return (f"doc:{doc}" if doc else f"doc:{row.get('group_id')}/"), label, doc
    if kind not in GLOBAL_SOURCE_TAGS:
        key = f"{row.get('article_id')}/{key}"
    return key, label, ""


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
    _add_rows(g, rows, registry, group_texts, outlet_links=True)
    return g


def regroup(g: nx.MultiDiGraph, rows: pd.DataFrame, group_ids: Iterable[str],
            registry: OutletRegistry | None = None) -> None:
    """Rebuild, in place, the groups ``group_ids`` of a graph :func:`build_graph` made from
    ``rows``, after claims moved between those groups (a reviewer's confirm, split or merge:
    ``rows`` are the same claim rows with new ``group_id``/``group_size``). The result is what
    ``build_graph(rows, ...)`` would give, at the cost of the touched groups only: the outlet
    links come from the claim rows, not their groups, so they stay as they are."""
    group_ids = set(group_ids)
    old = [group_node(gid) for gid in group_ids if group_node(gid) in g]
    sources = {v for node in old for _, v in g.out_edges(node) if g.nodes[v]["type"] == "source"}
    g.remove_nodes_from(old)
    g.remove_nodes_from([s for s in sources if g.degree(s) == 0])  # e.g. a group's unnamed document
    _add_rows(g, rows[rows["group_id"].isin(group_ids)], registry or default_registry(), None, outlet_links=False)


def _add_rows(g: nx.MultiDiGraph, rows: pd.DataFrame, registry: OutletRegistry, group_texts: dict | None,
              outlet_links: bool) -> None:
    """The groups, reports and sources of ``rows``; with ``outlet_links`` also the outlet links
    they imply (a citing outlet cites the cited one; wire copy)."""
    anchors = {}
    if group_texts is None:
        for rec in rows[["group_id", "claim_id", "claim"]].to_dict("records"):
            if rec["group_id"] == "g_" + rec["claim_id"]:
                anchors[rec["group_id"]] = rec["claim"]
    else:
        anchors = dict(group_texts)
    touched = set()
    for row in rows.to_dict("records"):
        touched.add(row["group_id"])
        _add_row(g, row, registry, _str(anchors.get(row["group_id"], row.get("claim"))), outlet_links)
    for gid in touched:
        data = g.nodes[group_node(gid)]
        reports = [(u, d["role"]) for u, _, d in g.in_edges(group_node(gid), data=True) if d["kind"] == "reports"]
        data["n_outlets"] = len({u for u, _ in reports})  # every outlet carrying it, copies too
        data["n_reporting"] = len({u for u, role in reports if role in ("published", "reported", "wire_copy")})


def _add_row(g: nx.MultiDiGraph, row: dict, registry: OutletRegistry, group_text: str, outlet_links: bool) -> None:
    gid = row["group_id"]
    add_group(g, gid, group_text, size=int(row.get("group_size") or 1),
              **{key: row.get(key) for key in MATCH_EVIDENCE if _str(row.get(key))})  # why its claims are one
    carrier = _str(row.get("outlet"))
    author = _str(row.get("author_outlet")) or carrier
    if not author:
        author = carrier = "(unknown outlet)"
    reporter = _reporter_of(row, registry)
    common = dict(article=_str(row.get("article_id")), date=_str(row.get("published")), tag=_str(row.get("tag")),
                  claim_id=_str(row.get("claim_id")))
    flag = dict(speculative=_flag(row.get("speculative_final", row.get("speculative"))))
    via = reporter if reporter and reporter != author else ""
    if via:
        add_report(g, via, gid, role="reported", via="", **common, **flag)
        if outlet_links:
            add_link(g, "cites", author, via, common["date"], _str(row.get("claim"))[:200], common["article"])
    add_report(g, author, gid, role="published", via=via, **common, **flag)
    if carrier and carrier != author:
        evidence = _str(row.get("copy_evidence")) or "repost"
        wire = evidence.startswith("wire copy")
        add_report(g, carrier, gid, role="wire_copy" if wire else "republished", via=via, copy_of=author,
                   copy_evidence=evidence, **common, **flag)
        if wire and outlet_links:
            add_link(g, "wire_copy", carrier, author, common["date"], evidence, common["article"])
    if reporter:
        add_attribution(g, gid, outlet_node(reporter), outlet=author, via=via, tag=common["tag"],
                        article=common["article"], claim_id=common["claim_id"])
    outlet_is_source = reporter and "outlet" in (_str(row.get("suggested")), common["tag"])
    if not outlet_is_source:  # a person or document, possibly speaking through an outlet
        source = _source_of(row, registry)
        if source:
            node = add_source(g, source[0], source[1], _source_kind(row), doc_key=source[2])
            add_attribution(g, gid, node, outlet=author, via=via, tag=common["tag"],
                            article=common["article"], claim_id=common["claim_id"], phrase=source[1])


def graph_from_store(store, matching: Matching | None = None, registry: OutletRegistry | None = None,
                     **match_params) -> nx.MultiDiGraph:
    """Match the store's claims (honouring reviewer decisions) and build the graph."""
    rows = claim_rows(store, matching, registry=registry, **match_params)
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
        spreadsheet_safe(edge_list(g)).to_csv(path, index=False)  # no live formulas in a spreadsheet
    else:
        raise ValueError(f"unknown graph format {fmt!r} (graphml, gexf or edges)")
    return fmt
