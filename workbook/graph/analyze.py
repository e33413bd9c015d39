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
3. wire copy counts as the wire's report (the outlet running it is a ``wire_copy`` carrier, see
   :func:`workbook.graph.origins.wire_credit`), wherever it is republished;
4. origins whose reports rest on the same named source or document are one origin (two
   outlets quoting the same minister; three citing "a paper in Nature Astronomy", "the study
   published in Nature Astronomy" and "a new study in the journal Nature Astronomy", which
   :func:`~workbook.graph.origins.document_key` makes one document; a document that names
   nothing, "a study", is the group's one named document when there is exactly one), and so are
   two outlets that both cite a third (they both resolve to it).

The number of connected origins after these steps is the count; anonymous sources never join
origins ("officials" in two outlets need not be the same officials). Every origin carries its
evidence, one sentence per step that shaped it (``independent_origins(...)["evidence"]``;
``group_summary``'s ``why`` column joins them).
"""
from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx
import pandas as pd

from ..models import normalize_for_id
from .build import COPY_KINDS, group_node, outlet_node
from .match import MATCH_EVIDENCE

TAGS = ("named", "anonymous", "outlet", "document", "unsourced")  # sourcing types; speculation is a flag
OTHER_TAG = "other"  # a project vocabulary's own tags, counted together
WEAK_TAG = "anonymous"  # with the speculation flag, the support that alone makes a claim weak
JOINING_SOURCE_TAGS = frozenset({"named", "document"})
# Outlets that report a claim themselves (their own article, cited for it, or running a wire
# story as their own article); a repost host only carries a copy.
REPORTING_ROLES = ("published", "reported", "wire_copy")
COPY_ROLES = ("republished", "wire_copy")  # the report is another outlet's text


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
    republished it (an outlet cited for it has no date of its own here); None when undated.
    On the same date an outlet's own article goes before a copy, then outlets by name."""
    best = None
    for u, _, d in g.in_edges(group_node(group_id), data=True):
        role = d.get("role")
        if d.get("kind") != "reports" or not d.get("date") or role not in ("published", "republished", "wire_copy"):
            continue
        key = (d["date"], role != "published", _label(g, u))
        best = key if best is None or key < best else best
    return None if best is None else (best[2], best[0])


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


def _copy_chain(g: nx.MultiDiGraph, outlet: str, copy_of: dict[str, str]) -> list[str]:
    """["Dogma and Geopolitics reblogs Aletho News", "Aletho News republishes Eurasianet"]."""
    hops, seen = [], {outlet}
    while outlet in copy_of and copy_of[outlet] not in seen:
        target = copy_of[outlet]
        kind = next((k for k in COPY_KINDS if g.has_edge(outlet, target, key=k)), "copies")
        hops.append(f"{_label(g, outlet)} {kind} {_label(g, target)}")
        outlet = target
        seen.add(outlet)
    return hops


def _source_identity(g: nx.MultiDiGraph, target: str, single_document: str | None) -> str:
    """What two sources must share to be one: a named source's name, a document's distinctive
    words (a name and a document naming it are one: "Nature Astronomy", "a paper in Nature
    Astronomy"). A document naming nothing ("a study") is the group's one named document when
    there is exactly one, else the group's unnamed document."""
    data = g.nodes[target]
    if data.get("sourcing") == "document":
        key = data.get("doc_key") or ""
        return f"id:{key}" if key else (single_document or target)
    return f"id:{normalize_for_id(data.get('label', ''))}"


def _shared_source_text(kind: str, cited: list[tuple[str, str]]) -> str:
    outlets = sorted({o for o, _ in cited})
    who = " and ".join([", ".join(outlets[:-1]), outlets[-1]]) if len(outlets) > 1 else outlets[0]
    phrases = sorted({p for _, p in cited})
    if kind == "named":
        return f"{who} all quote {phrases[0]}" if len(outlets) > 2 else f"{who} both quote {phrases[0]}"
    if len(phrases) == 1:
        return f"{who} {'all' if len(outlets) > 2 else 'both'} cite '{phrases[0]}'"
    return f"{who} cite one document: " + "; ".join(f"{o}: '{p}'" for o, p in sorted(set(cited)))


def independent_origins(g: nx.MultiDiGraph, group_id: str,
                        copy_of: dict[str, str] | None = None) -> list[dict]:
    """The group's independent origins, each {"outlets": [...], "sources": [...], "evidence":
    [...]}: the outlets (as origins), the shared named sources or documents that make them one,
    and why ("Aletho News republishes Eurasianet", "A and B both cite 'a study in Nature'",
    "C runs Reuters wire copy (byline 'Reuters')"). See the module docstring."""
    gnode = group_node(group_id)
    if gnode not in g:
        raise KeyError(group_id)
    copy_of = _copy_of(g) if copy_of is None else copy_of  # group_summary passes it once for all groups
    own: set[str] = set()
    cites: dict[str, set[str]] = defaultdict(set)
    reporters = set()
    notes: list[tuple[str, str]] = []  # (outlet node the note is about, text)
    for u, _, d in g.in_edges(gnode, data=True):
        if d.get("kind") != "reports":
            continue
        if d.get("role") in COPY_ROLES and d.get("copy_of"):  # counted as its author's report
            how = d.get("copy_evidence") or "repost"
            text = (f"{_label(g, u)} runs {d['copy_of']} {how}" if how.startswith("wire copy")
                    else f"{_label(g, u)} republishes {d['copy_of']}'s article")
            notes.append((outlet_node(d["copy_of"]), text))
            continue
        reporters.add(u)
        o = _root(u, copy_of)
        notes.extend((o, hop) for hop in _copy_chain(g, u, copy_of))
        via = d.get("via") or ""
        if via and outlet_node(via) != o:
            cites[o].add(_root(outlet_node(via), copy_of))
            notes.append((outlet_node(via), f"{_label(g, o)} cites {via} for it"))
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
    for comp in members.values():
        if len(comp) > 1:
            notes.append((min(comp), "citation cycle: " + " and ".join(sorted(_label(g, m) for m in comp))
                          + " cite each other"))

    # The same named source or document behind two origins makes them one.
    attributions = [(t, d) for _, t, d in g.out_edges(gnode, data=True)
                    if d.get("kind") == "attributed_to" and g.nodes[t].get("type") == "source"]
    named_docs = {g.nodes[t].get("doc_key") for t, _ in attributions
                  if g.nodes[t].get("sourcing") == "document" and g.nodes[t].get("doc_key")}
    single_document = f"id:{next(iter(named_docs))}" if len(named_docs) == 1 else None
    sources_of, anonymous_of = defaultdict(set), defaultdict(set)
    cited_by: dict[str, list] = defaultdict(list)  # identity -> [(origin, outlet, phrase, kind, node)]
    for target, d in attributions:
        start = outlet_node(d["via"]) if d.get("via") else outlet_node(d.get("outlet", ""))
        kind = g.nodes[target].get("sourcing") or d.get("tag")
        for o in (resolve(start) if start in g else ()):
            if o not in origins:
                continue
            if d.get("tag") in JOINING_SOURCE_TAGS or kind in JOINING_SOURCE_TAGS:
                cited_by[_source_identity(g, target, single_document)].append(
                    (o, _label(g, start), d.get("phrase") or _label(g, target), kind, target))
            elif kind == "anonymous" or d.get("tag") == "anonymous":
                anonymous_of[o].add(d.get("phrase") or _label(g, target))
    for cited in cited_by.values():
        for o, _, _, _, target in cited:
            uf.union(o, cited[0][0])
            sources_of[o].add(target)
        if len({o for o, *_ in cited}) > 1:
            kind = "named" if all(k == "named" for *_, k, _ in cited) else "document"
            notes.append((cited[0][0], _shared_source_text(kind, [(w, p) for _, w, p, _, _ in cited])))
    for o, phrases in anonymous_of.items():
        if not sources_of[o]:
            notes.append((o, f"{_label(g, o)} rests on anonymous sources ("
                          + ", ".join(f"'{p}'" for p in sorted(phrases)[:3]) + "), never merged with another origin"))
    return _origin_components(g, origins, uf, members, sources_of, notes, resolve)


def _origin_components(g, origins, uf, members, sources_of, notes, resolve) -> list[dict]:
    components = defaultdict(lambda: {"outlets": set(), "sources": set(), "evidence": []})
    for o in origins:
        comp = components[uf.find(o)]
        comp["outlets"].update(_label(g, m) for m in members.get(o, {o}))
        comp["sources"].update(_label(g, s) for s in sources_of[o])
    for about, text in notes:
        for o in (resolve(about) if about in g else ()):
            if o in origins:
                evidence = components[uf.find(o)]["evidence"]
                if text not in evidence:
                    evidence.append(text)
    result = []
    for c in components.values():
        if not c["evidence"]:
            c["evidence"].append(f"{' + '.join(sorted(c['outlets']))} reports it itself")
        result.append({"outlets": sorted(c["outlets"]), "sources": sorted(c["sources"]), "evidence": c["evidence"]})
    return sorted(result, key=lambda c: c["outlets"])


def why_origins(origins: list[dict]) -> str:
    """One line saying why the origins are what they are: each origin, then its evidence."""
    return " | ".join(f"{' + '.join(o['outlets'])}: {'; '.join(o['evidence'])}" for o in origins)


def sourcing_mix(g: nx.MultiDiGraph, group_id: str) -> dict[str, int]:
    """Count of claim rows per sourcing tag in the group (each claim row once)."""
    seen = {}
    for _, _, d in g.in_edges(group_node(group_id), data=True):
        if d.get("kind") == "reports" and d.get("claim_id"):
            seen[d["claim_id"]] = d.get("tag") or "unsourced"
    return dict(Counter(seen.values()))


def speculative_claims(g: nx.MultiDiGraph, group_id: str) -> int:
    """Claim rows of the group flagged speculative (the review's final flag, else the extractor's)."""
    return len({d["claim_id"] for _, _, d in g.in_edges(group_node(group_id), data=True)
                if d.get("kind") == "reports" and d.get("claim_id") and d.get("speculative")})


def only_weak_support(g: nx.MultiDiGraph, group_id: str) -> bool:
    """True when every claim row of the group is tagged anonymous or flagged speculative (the
    review's final speculation flag, else the extractor's)."""
    weak = {}
    for _, _, d in g.in_edges(group_node(group_id), data=True):
        if d.get("kind") == "reports" and d.get("claim_id"):
            weak[d["claim_id"]] = d.get("tag") == WEAK_TAG or bool(d.get("speculative"))
    return bool(weak) and all(weak.values())


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


def cycle_pairs(cycles: list[list[str]]) -> frozenset[tuple[str, str]]:
    """Every (a, b), a < b, of two outlets on one citation cycle: a claim carried by both goes
    round that cycle. At most one pair per two outlets, however many cycles there are."""
    return frozenset((a, b) for cycle in cycles for a in cycle for b in cycle if a < b)


def _is_circular(carried: list[str], pairs: frozenset) -> bool:
    return any((a, b) in pairs for i, a in enumerate(carried) for b in carried[i + 1:])  # carried is sorted


def circular_groups(g: nx.MultiDiGraph, cycles: list[list[str]] | None = None) -> dict[str, list[list[str]]]:
    """Groups reported by two or more outlets of one citation cycle: {group_id: [cycle, ...]}."""
    cycles = citation_cycles(g) if cycles is None else cycles
    out = {}
    if not cycles:
        return out
    pairs = cycle_pairs(cycles)
    for gid in groups(g):
        carried = outlets_of(g, gid)
        if _is_circular(carried, pairs):
            out[gid] = [c for c in cycles if len(set(carried) & set(c)) >= 2]
    return out


SUMMARY_COLUMNS = ["group_id", "claim", "claims", "n_reporting", "n_outlets", "outlets", "first_outlet",
                   "first_date", "n_origins", "origins", "why", "mix", *[f"n_{t}" for t in TAGS], "n_speculative",
                   "only_weak_support", "circular", *MATCH_EVIDENCE]


def summary_context(g: nx.MultiDiGraph) -> dict:
    """What every group's summary row needs from the whole graph (outlet links only): the copy
    chains and the citation cycles. Computed once; a claim moving between groups leaves it as is."""
    return {"copy_of": _copy_of(g), "cycle_pairs": cycle_pairs(citation_cycles(g))}


def summary_record(g: nx.MultiDiGraph, gid: str, context: dict, min_outlets: int = 1) -> dict | None:
    """One group's row of :func:`group_summary`, or None when fewer than ``min_outlets``
    outlets report it."""
    reporting = outlets_of(g, gid, REPORTING_ROLES)
    if len(reporting) < min_outlets:
        return None
    carried = outlets_of(g, gid)
    first = first_report(g, gid)
    origins = independent_origins(g, gid, context["copy_of"])
    mix = sourcing_mix(g, gid)
    data = g.nodes[group_node(gid)]
    return {
        "group_id": gid, "claim": data.get("text") or data.get("label"), "claims": sum(mix.values()),
        "n_outlets": len(carried), "outlets": carried, "n_reporting": len(reporting),
        "first_outlet": first[0] if first else None, "first_date": first[1] if first else None,
        "n_origins": len(origins), "origins": [" + ".join(o["outlets"]) for o in origins],
        "why": why_origins(origins),
        "mix": mix, **{f"n_{t}": mix.get(t, 0) for t in TAGS}, "n_speculative": speculative_claims(g, gid),
        "only_weak_support": only_weak_support(g, gid),
        "circular": _is_circular(carried, context["cycle_pairs"]),
        **{key: data.get(key, "") for key in MATCH_EVIDENCE},  # why its claims are one (match.py)
    }


def summary_frame(records) -> pd.DataFrame:
    """The summary rows as :func:`group_summary` returns them: most reporting outlets first."""
    frame = pd.DataFrame(list(records), columns=SUMMARY_COLUMNS)
    return frame.sort_values(["n_reporting", "n_outlets", "claims", "group_id"],
                             ascending=[False, False, False, True]).reset_index(drop=True)


def group_summary(g: nx.MultiDiGraph, min_outlets: int = 1) -> pd.DataFrame:
    """One row per claim group with at least ``min_outlets`` reporting outlets: the claim,
    ``n_reporting`` (outlets publishing it or cited for it), ``outlets`` carrying it (repost
    hosts too), first report, independent origins, the sourcing mix (``n_<tag>`` per sourcing
    type), ``n_speculative`` (claims flagged speculative) and the flags."""
    context = summary_context(g)
    records = (summary_record(g, gid, context, min_outlets) for gid in groups(g))
    return summary_frame(r for r in records if r is not None)


def outlet_sourcing(g: nx.MultiDiGraph, roles=("published", "republished", "wire_copy")) -> pd.DataFrame:
    """Per outlet: claim rows it carries (as publisher or republisher), the share of each
    sourcing type (share_named, share_anonymous, ...; ``share_other`` for a project's own tags:
    together they sum to 1) and, beside them, ``share_speculative``: the share of its claim rows
    flagged speculative (the review's final flag, else the extractor's)."""
    carried: dict[str, dict] = defaultdict(dict)  # outlet -> {claim_id: (tag, flagged)}
    for u, _, d in g.edges(data=True):
        if d.get("kind") == "reports" and d.get("role") in roles:
            carried[_label(g, u)][d.get("claim_id")] = (d.get("tag") or "unsourced", bool(d.get("speculative")))
    rows = []
    for outlet, claims in carried.items():
        tags = Counter(tag if tag in TAGS else OTHER_TAG for tag, _ in claims.values())
        flagged = sum(flag for _, flag in claims.values())
        total = len(claims)
        kinds = (*TAGS, OTHER_TAG)
        rows.append({"outlet": outlet, "claims": total, **{f"n_{t}": tags.get(t, 0) for t in kinds},
                     "n_speculative": flagged, **{f"share_{t}": tags.get(t, 0) / total for t in kinds},
                     "share_speculative": flagged / total})
    cols = ["outlet", "claims", *[f"n_{t}" for t in (*TAGS, OTHER_TAG)], "n_speculative",
            *[f"share_{t}" for t in (*TAGS, OTHER_TAG)], "share_speculative"]
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
            flagged = speculative_claims(g, gid)
            rows.append({"flag": "only anonymous or speculative support", "group_id": gid,
                         "claim": g.nodes[group_node(gid)].get("label", ""),
                         "detail": ", ".join([f"{k}: {v}" for k, v in sorted(mix.items())]
                                             + ([f"flagged speculative: {flagged}"] if flagged else []))})
    return pd.DataFrame(rows, columns=["flag", "group_id", "claim", "detail"])
