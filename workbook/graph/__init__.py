"""Which outlets report which claims: matching claims across articles (``match``), the
networkx graph of outlets, claim groups and sources (``build``), the analyses a fact-checker
needs, with independent origins and why (``analyze``, ``origins``), drawings (``draw``,
``draw_outlets``) and the reviewer's group decisions (``db``; the notebook's widget for them is
``workbook.review.groups.GroupPanel``)."""
from .analyze import (citation_cycles, circular_groups, first_report, flags, group_summary,
                      independent_origins, only_weak_support, outlet_sourcing, outlets_of, reports,
                      sourcing_mix, why_origins)
from .build import (add_attribution, add_group, add_link, add_outlet, add_report, add_source, build_graph,
                    claim_rows, edge_list, export, graph_from_store, new_graph, node_list, outlet_graph)
from .db import confirm, group_events, group_links, merge, split, undo
from .match import Matching, claim_groups, group_table, match_claims

__all__ = [
    "Matching", "add_attribution", "add_group", "add_link", "add_outlet", "add_report", "add_source",
    "build_graph", "citation_cycles", "circular_groups", "claim_groups", "claim_rows", "confirm", "edge_list",
    "export", "first_report", "flags", "graph_from_store", "group_events", "group_links", "group_summary",
    "group_table", "independent_origins", "match_claims", "merge", "new_graph", "node_list",
    "only_weak_support", "outlet_graph", "outlet_sourcing", "outlets_of", "reports", "sourcing_mix", "split",
    "undo", "why_origins",
]
