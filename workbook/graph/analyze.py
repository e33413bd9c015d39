"""What a fact-checker asks of the graph: who carries a claim, who had it first, how many
independent origins it really has, how it is sourced, and where reporting goes in circles.

All functions take the graph of :mod:`workbook.graph.build` (or one built by hand with its
helpers) and return plain Python values or pandas frames.

**Independent origins** of a claim group: every ``reports`` edge is one outlet's report. A
report is traced back to where it came from:

1. a copy counts as its original: follow ``republishes`` / ``reblogs`` edges to the outlet whose
   text it is (Dogma and Geopolitics -> Aletho News -> Eurasianet);
2. a report attributed to another outlet counts as that outlet's (``via``: Eurasianet's
   airfields paragraph is Foreign Policy's report), recursively (a cites b cites c -> c); an
   outlet that also reports the claim on its own counts as an origin too; the outlets of a
   citation cycle (a cites b cites a) are one origin;
3. origins whose reports rest on the same named source or document are one origin (two
   outlets quoting the same minister), and so are two outlets that both cite a third (they
   both resolve to it).

The number of connected origins after these steps is the count; anonymous sources never join
origins ("officials" in two outlets need not be the same officials).
"""
from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx
import pandas as pd

from .build import COPY_KINDS, group_node, outlet_node

TAGS = ("named", "anonymous", "outlet", "document", "unsourced", "speculative")
WEAK_TAGS = frozenset({"anonymous", "speculative"})
JOINING_SOURCE_TAGS = frozenset({"named", "document"})
# Outlets that report a claim themselves (their own article, or cited for it); a repost host
# only carries a copy.
REPORTING_ROLES = ("published", "reported")


def _label(g, node) -> str:
    return g.nodes[node].get("label", node)


def groups(g: nx.MultiDiGraph) -> list[str]:
    return [d["group_id"] for n, d in g.nodes(data=True) if d.get("type") == "group"]


def reports(g: nx.MultiDiGraph, group_id: str) -> pd.DataFrame:
    """The reports of one group: outlet, role, article, date, tag, via, claim_id."""
    node = group_node(group_id)
    rows = [{"outlet": _label(g, u), **{k: d.get(k, "") for k in ("role", "article", "date", "tag", "via", "claim_id")}}
            for u, _, d in g.in_edges(node, data=True) if d.get("kind") == "reports"]
    return pd.DataFrame(rows, columns=["outlet", "role", "article", "date", "tag", "via", "claim_id"])


def outlets_of(g: nx.MultiDiGraph, group_id: str, roles=None) -> list[str]:
    """Outlets reporting the group (optionally only in some roles), sorted."""
    node = group_node(group_id)
    return sorted({_label(g, u) for u, _, d in g.in_edges(node, data=True)
                   if d.get("kind") == "reports" and (roles is None or d.get("role") in roles)})


def first_report(g: nx.MultiDiGraph, group_id: str) -> tuple[str, str] | None:
    """(outlet, date) of the earliest dated report of the group by an outlet that published or
    republished it (an outlet cited for it has no date of its own here); None when undated."""
    frame = reports(g, group_id)
    dated = frame[(frame["date"] != "") & frame["role"].isin(["published", "republished"])]
    if dated.empty:
        return None
    dated = dated.assign(_first=dated["role"].eq("republished")).sort_values(["date", "_first", "outlet"])
    top = dated.iloc[0]
    return top["outlet"], top["date"]


def _copy_of(g: nx.MultiDiGraph) -> dict[str, str]:
    """Which outlet each outlet copies (republishes / reblogs)."""
    out = {}
    for u, v, d in g.edges(data=True):
        if d.get("kind") in COPY_KINDS and u not in out:
            out[u] = v
    return out


def _root(outlet: str, copy_of: dict[str, str]) -> str:
    seen = {outlet}
    while outlet in copy_of and copy_of[outlet] not in seen:
        outlet = copy_of[outlet]
        seen.add(outlet)
    return outlet


class _UnionFind:
    def __init__(self):
        self.parent: dict = {}

    def find(self, a):
        self.parent.setdefault(a, a)
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def independent_origins(g: nx.MultiDiGraph, group_id: str,
                        copy_of: dict[str, str] | None = None) -> list[dict]:
    """The group's independent origins, each {"outlets": [...], "sources": [...]}: the outlets
    (as origins) and the shared named sources that make them one. See the module docstring."""
    gnode = group_node(group_id)
    if gnode not in g:
        raise KeyError(group_id)
    copy_of = _copy_of(g) if copy_of is None else copy_of  # group_summary passes it once for all groups
    own: set[str] = set()
    cites: dict[str, set[str]] = defaultdict(set)
    reporters = set()
    for u, _, d in g.in_edges(gnode, data=True):
        if d.get("kind") != "reports":
            continue
        reporters.add(u)
        o = _root(u, copy_of)
        via = d.get("via") or ""
        if via and outlet_node(via) != o:
            cites[o].add(_root(outlet_node(via), copy_of))
        else:
            own.add(o)

    # Citation cycles (a cites b cites a) are one origin: resolve on strongly connected components.
    cite_graph = nx.DiGraph()
    cite_graph.add_nodes_from(_root(u, copy_of) for u in reporters)
    cite_graph.add_edges_from((o, p) for o, ps in cites.items() for p in ps)
    rep, members = {}, {}
    for comp in nx.strongly_connected_components(cite_graph):
        head = min(comp)
        rep.update({o: head for o in comp})
        members[head] = comp
    comp_own = {rep[o] for o in own if o in rep}
    comp_cites: dict[str, set[str]] = defaultdict(set)
    for o, ps in cites.items():
        comp_cites[rep[o]].update(rep[p] for p in ps if rep[p] != rep[o])
    memo: dict[str, set[str]] = {}

    def resolve_comp(c: str) -> set[str]:
        if c not in memo:
            found = {c} if (c in comp_own or not comp_cites.get(c)) else set()
            for p in comp_cites.get(c, ()):
                found |= resolve_comp(p)
            memo[c] = found
        return memo[c]

    def resolve(o: str) -> set[str]:
        o = _root(o, copy_of)
        return resolve_comp(rep[o]) if o in rep else {o}

    uf = _UnionFind()
    origins = set()
    for u in reporters:
        for o in resolve(u):
            origins.add(o)
            uf.find(o)
    # The same named source or document behind two origins makes them one.
    sources_of = defaultdict(set)
    for _, target, d in g.out_edges(gnode, data=True):
        if d.get("kind") != "attributed_to" or g.nodes[target].get("type") != "source":
            continue
        if d.get("tag") not in JOINING_SOURCE_TAGS and g.nodes[target].get("sourcing") not in JOINING_SOURCE_TAGS:
            continue
        start = outlet_node(d["via"]) if d.get("via") else outlet_node(d.get("outlet", ""))
        for o in (resolve(start) if start in g else ()):
            if o in origins:
                uf.union(o, target)
                sources_of[o].add(target)
    components = defaultdict(lambda: {"outlets": set(), "sources": set()})
    for o in origins:
        comp = components[uf.find(o)]
        comp["outlets"].update(_label(g, m) for m in members.get(o, {o}))
        comp["sources"].update(_label(g, s) for s in sources_of[o])
    result = [{"outlets": sorted(c["outlets"]), "sources": sorted(c["sources"])} for c in components.values()]
    return sorted(result, key=lambda c: c["outlets"])


def sourcing_mix(g: nx.MultiDiGraph, group_id: str) -> dict[str, int]:
    """Count of claim rows per sourcing tag in the group (each claim row once)."""
    seen = {}
    for _, _, d in g.in_edges(group_node(group_id), data=True):
        if d.get("kind") == "reports" and d.get("claim_id"):
            seen[d["claim_id"]] = d.get("tag") or "unsourced"
    return dict(Counter(seen.values()))


def only_weak_support(g: nx.MultiDiGraph, group_id: str) -> bool:
    """True when every claim row of the group is anonymous or speculative."""
    mix = sourcing_mix(g, group_id)
    return bool(mix) and set(mix) <= WEAK_TAGS


def citation_cycles(g: nx.MultiDiGraph, kinds=("cites", "republishes", "reblogs"),
                    max_length: int = 8) -> list[list[str]]:
    """Cycles among outlets over citation and copying edges (a cites b cites a): circular
    reporting. Each cycle is a list of outlet names starting at the smallest."""
    sub = nx.DiGraph()
    for u, v, d in g.edges(data=True):
        if d.get("kind") in kinds:
            sub.add_edge(_label(g, u), _label(g, v))
    cycles = []
    for cycle in nx.simple_cycles(sub, length_bound=max_length):
        i = cycle.index(min(cycle))
        cycles.append(cycle[i:] + cycle[:i])
    return sorted(cycles, key=lambda c: (len(c), c))


def circular_groups(g: nx.MultiDiGraph, cycles: list[list[str]] | None = None) -> dict[str, list[list[str]]]:
    """Groups reported by two or more outlets of one citation cycle: {group_id: [cycle, ...]}."""
    cycles = citation_cycles(g) if cycles is None else cycles
    out = {}
    if not cycles:
        return out
    for gid in groups(g):
        carried = set(outlets_of(g, gid))
        hit = [c for c in cycles if len(carried & set(c)) >= 2]
        if hit:
            out[gid] = hit
    return out


def group_summary(g: nx.MultiDiGraph, min_outlets: int = 1) -> pd.DataFrame:
    """One row per claim group with at least ``min_outlets`` reporting outlets: the claim,
    ``n_reporting`` (outlets publishing it or cited for it), ``outlets`` carrying it (repost
    hosts too), first report, independent origins, the sourcing mix and the flags."""
    cycles = citation_cycles(g)
    circular = circular_groups(g, cycles)
    rows = []
    copy_of = _copy_of(g)
    for gid in groups(g):
        carried = outlets_of(g, gid)
        reporting = outlets_of(g, gid, REPORTING_ROLES)
        if len(reporting) < min_outlets:
            continue
        first = first_report(g, gid)
        origins = independent_origins(g, gid, copy_of)
        mix = sourcing_mix(g, gid)
        data = g.nodes[group_node(gid)]
        rows.append({
            "group_id": gid, "claim": data.get("text") or data.get("label"), "claims": sum(mix.values()),
            "n_outlets": len(carried), "outlets": carried, "n_reporting": len(reporting),
            "first_outlet": first[0] if first else None, "first_date": first[1] if first else None,
            "n_origins": len(origins), "origins": [" + ".join(o["outlets"]) for o in origins],
            "mix": mix, **{f"n_{t}": mix.get(t, 0) for t in TAGS},
            "only_weak_support": bool(mix) and set(mix) <= WEAK_TAGS,
            "circular": gid in circular,
        })
    cols = ["group_id", "claim", "claims", "n_reporting", "n_outlets", "outlets", "first_outlet", "first_date",
            "n_origins",
            "origins", "mix", *[f"n_{t}" for t in TAGS], "only_weak_support", "circular"]
    frame = pd.DataFrame(rows, columns=cols)
    return frame.sort_values(["n_reporting", "n_outlets", "claims", "group_id"],
                             ascending=[False, False, False, True]).reset_index(drop=True)


def outlet_sourcing(g: nx.MultiDiGraph, roles=("published", "republished")) -> pd.DataFrame:
    """Per outlet: claim rows it carries (as publisher or republisher), and the share of each
    sourcing tag (share_named, share_anonymous, share_speculative, ...)."""
    counts: dict[str, set] = defaultdict(set)
    for u, _, d in g.edges(data=True):
        if d.get("kind") == "reports" and d.get("role") in roles:
            counts[_label(g, u)].add((d.get("claim_id"), d.get("tag") or "unsourced"))
    rows = []
    for outlet, keyed in counts.items():
        tags = Counter(tag for _, tag in keyed)
        total = sum(tags.values())
        rows.append({"outlet": outlet, "claims": total, **{f"n_{t}": tags.get(t, 0) for t in TAGS},
                     **{f"share_{t}": tags.get(t, 0) / total for t in TAGS}})
    cols = ["outlet", "claims", *[f"n_{t}" for t in TAGS], *[f"share_{t}" for t in TAGS]]
    frame = pd.DataFrame(rows, columns=cols)
    return frame.sort_values(["claims", "outlet"], ascending=[False, True]).reset_index(drop=True)


def flags(g: nx.MultiDiGraph) -> pd.DataFrame:
    """Everything worth a second look: circular reporting and claims resting only on anonymous
    or speculative sourcing. Columns: flag, group_id, claim, detail."""
    rows = []
    cycles = citation_cycles(g)
    for cycle in cycles:
        rows.append({"flag": "circular reporting", "group_id": "", "claim": "",
                     "detail": " -> ".join(cycle + cycle[:1])})
    for gid, hit in circular_groups(g, cycles).items():
        rows.append({"flag": "claim carried around a citation cycle", "group_id": gid,
                     "claim": g.nodes[group_node(gid)].get("label", ""),
                     "detail": "; ".join(" -> ".join(c + c[:1]) for c in hit)})
    for gid in groups(g):
        if only_weak_support(g, gid):
            mix = sourcing_mix(g, gid)
            rows.append({"flag": "only anonymous or speculative support", "group_id": gid,
                         "claim": g.nodes[group_node(gid)].get("label", ""),
                         "detail": ", ".join(f"{k}: {v}" for k, v in sorted(mix.items()))})
    return pd.DataFrame(rows, columns=["flag", "group_id", "claim", "detail"])
