"""The group review widget, driven in plain pytest: every handler writes one event to the
append-only group log; only the groups it touches are rebuilt, and the graph and summary are then
what a full rebuild gives; undo takes a decision back."""
from __future__ import annotations

import pytest

from workbook.graph import db as group_db
from workbook.pipeline import load_into
from workbook.review.groups import GroupPanel

ARTICLES = [
    ("a", "Science Daily", "Astronomers detected water vapour in the atmosphere of a planet orbiting a small red star, "
                           "according to a paper in Nature Astronomy."),
    ("b", "Space Weekly", "Water vapour was detected in the atmosphere of a planet orbiting a small red star, "
                          "according to a paper in Nature Astronomy."),
    ("c", "Star Herald", "The city council voted on Tuesday to close the old river bridge until the spring, "
                         "officials said."),
    ("d", "Daily Planet", "The city council voted on Tuesday to close the old river bridge until the spring, "
                          "a spokesman said."),
]


@pytest.fixture
def panel(store, tmp_path):
    paths = []
    for name, site, body in ARTICLES:
        path = tmp_path / f"{name}.txt"
        path.write_text(f"{site}\n\n\nHeadline {name}\n\nBy Jo Writer | {site} | 2020-01-0{len(paths) + 1}\n\n{body}\n",
                        encoding="utf-8")
        paths.append(str(path))
    assert not load_into(store, paths).errors
    claims = store.claims()
    water = claims.loc[claims["claim"].str.contains("water vapour", case=False), "claim_id"].tolist()
    bridge = claims.loc[claims["claim"].str.contains("river bridge"), "claim_id"].tolist()
    # the two stories as a reviewer confirmed them, so the test does not hang on the matcher's scores
    group_db.confirm(store, water, "setup")
    group_db.confirm(store, bridge, "setup")
    return GroupPanel(store, "ana")


def _events(store):
    return group_db.group_events(store)


def test_panel_shows_groups_largest_first_with_members_and_origins(panel):
    assert len(panel.group_ids) == 2
    members = panel.members()
    assert len(members) == 2 and set(members["outlet"]) <= {"Science Daily", "Space Weekly", "Star Herald", "Daily Planet"}
    assert "1 independent origin<" in panel.header.value  # both cite one paper: one origin
    assert "Independent origins" in panel.evidence_html.value
    assert len(panel.claims_box.children) == 2


def test_confirm_is_one_event_in_the_log(panel):
    before = len(_events(panel.store))
    event = panel.confirm()
    events = _events(panel.store)
    assert len(events) == before + 1
    last = events.iloc[-1]
    assert last["event_id"] == event and last["action"] == "confirm" and last["reviewer"] == "ana"
    assert sorted(last["claim_ids"]) == sorted(panel.members()["claim_id"])


def test_split_off_then_undo(panel):
    gid = panel.group_id
    first, second = panel.members()["claim_id"].tolist()
    panel.split_off(first)
    links = group_db.group_links(panel.store)
    pair = links[(links["claim_a"] == min(first, second)) & (links["claim_b"] == max(first, second))]
    assert pair["link"].tolist() == ["cannot"]
    assert len(panel.group_ids) == 1  # that group fell apart into two single claims
    assert gid not in panel.group_ids or panel.group_id != gid
    panel.handle_key("z")
    links = group_db.group_links(panel.store)
    pair = links[(links["claim_a"] == min(first, second)) & (links["claim_b"] == max(first, second))]
    assert pair["link"].tolist() == ["must"]  # back to the confirmed state before the split
    assert len(panel.group_ids) == 2
    actions = _events(panel.store)["action"].tolist()
    assert actions[-2:] == ["split", "undo"]  # nothing deleted: the split stays in the log


def test_merge_two_groups_and_undo(panel):
    other = panel.group_ids[1]
    panel.merge_with(other)
    assert len(panel.group_ids) == 1 and len(panel.members()) == 4
    assert _events(panel.store).iloc[-1]["action"] == "merge"
    panel.undo()
    assert len(panel.group_ids) == 2


def test_undo_takes_back_only_this_reviewers_decisions(panel):
    assert panel.undo() is None  # "setup" made the decisions so far, not ana
    assert "nothing to undo" in panel.status.value
    assert len(panel.group_ids) == 2


def test_keys_move_and_confirm(panel):
    panel.handle_key("j")
    assert panel.index == 1
    panel.handle_key("k")
    assert panel.index == 0
    panel.handle_key("c")
    assert _events(panel.store).iloc[-1]["action"] == "confirm"
    panel.handle_key("q")  # not a key of the panel: nothing happens
    assert _events(panel.store).iloc[-1]["action"] == "confirm"


def test_buttons_are_wired_to_the_handlers(panel):
    panel.buttons["confirm"].click()
    assert _events(panel.store).iloc[-1]["action"] == "confirm"
    split = panel.claims_box.children[0].children[1]
    split.click()
    assert _events(panel.store).iloc[-1]["action"] == "split"
    panel.buttons["undo"].click()
    assert _events(panel.store).iloc[-1]["action"] == "undo"


def test_article_text_is_escaped(store, tmp_path):
    body = "The <b>council</b> voted to close the old river bridge until spring, officials said."
    paths = []
    for site in ("Star Herald", "Daily Planet"):
        path = tmp_path / f"{site}.txt"
        path.write_text(f"{site}\n\n\nHeadline\n\nBy Jo Writer | {site} | 2020-01-01\n\n{body}\n", encoding="utf-8")
        paths.append(str(path))
    load_into(store, paths)
    group_db.confirm(store, store.claims()["claim_id"].tolist(), "setup")
    panel = GroupPanel(store, "ana")
    shown = panel.claims_box.children[0].children[0].value
    assert "&lt;b&gt;council&lt;/b&gt;" in shown and "<b>council</b>" not in shown


def test_flagged_groups_come_first_when_asked(panel):
    flagged = GroupPanel(panel.store, "ana", order="flag")
    first = flagged.summary.iloc[0]
    assert bool(first["only_weak_support"]) or bool(first["circular"])
    assert "river bridge" in first["claim"]  # resting only on anonymous sources
    with pytest.raises(ValueError):
        GroupPanel(panel.store, "ana", order="newest")


def test_a_decision_updates_in_place_what_matching_again_would_show(panel):
    def shown(p):
        return sorted(tuple(sorted(p.members(g)["claim_id"])) for g in p.group_ids)

    matching = panel.matching
    other = panel.group_ids[1]
    panel.merge_with(other)
    assert panel.matching is matching  # no matching over the whole store for a decision
    assert shown(panel) == shown(GroupPanel(panel.store, "bo"))
    panel.split_off(panel.members()["claim_id"].iloc[0])
    assert shown(panel) == shown(GroupPanel(panel.store, "bo"))


def _graph_state(g):
    nodes = {n: tuple(sorted(d.items())) for n, d in g.nodes(data=True)}
    edges = sorted((u, v, k, tuple(sorted(d.items()))) for u, v, k, d in g.edges(keys=True, data=True))
    return nodes, edges


def _assert_same_as_a_full_rebuild(panel):
    import pandas as pd

    from workbook.graph.analyze import group_summary
    from workbook.graph.build import build_graph

    full = build_graph(panel.rows, panel.store.propagation())
    assert _graph_state(panel.graph) == _graph_state(full)
    pd.testing.assert_frame_equal(panel.summary, group_summary(full, min_outlets=panel.min_outlets))


def test_each_decision_rebuilds_only_its_groups_and_gives_what_a_full_rebuild_gives(panel):
    graph, matching = panel.graph, panel.matching
    _assert_same_as_a_full_rebuild(panel)
    panel.merge_with(panel.group_ids[1])
    _assert_same_as_a_full_rebuild(panel)
    panel.split_off(panel.members()["claim_id"].iloc[0])  # the anchor claim: the rest takes a new id
    _assert_same_as_a_full_rebuild(panel)
    panel.confirm()
    _assert_same_as_a_full_rebuild(panel)
    for _ in range(3):
        panel.undo()
        _assert_same_as_a_full_rebuild(panel)
    assert panel.graph is graph and panel.matching is matching  # updated in place, never matched again
    assert list(_events(panel.store)["action"][-6:]) == ["merge", "split", "confirm", "undo", "undo", "undo"]


def test_undo_in_the_panel_shows_what_matching_again_shows(panel):
    def shown(p):
        return sorted(tuple(sorted(p.members(g)["claim_id"])) for g in p.group_ids)

    start = shown(panel)
    panel.merge_with(panel.group_ids[1])
    panel.split_off(panel.members()["claim_id"].iloc[-1])
    panel.undo()
    assert shown(panel) == shown(GroupPanel(panel.store, "bo"))
    panel.undo()
    assert shown(panel) == start == shown(GroupPanel(panel.store, "bo"))


def test_merge_offers_the_other_groups_and_a_reshaped_group_claims_no_match_evidence(panel):
    other = panel.group_ids[1]
    assert [value for _, value in panel.merge_target.options] == ["", other]
    panel.merge_button.click()  # nothing picked yet: nothing merged
    assert _events(panel.store).iloc[-1]["action"] == "confirm" and "pick a group" in panel.status.value
    panel.merge_target.value = other
    panel.merge_button.click()
    assert _events(panel.store).iloc[-1]["action"] == "merge" and len(panel.members()) == 4
    assert panel.evidence() == {}  # the matcher's score was for the two groups, not their union
    assert "no match evidence" in panel.evidence_html.value


def test_a_split_leaves_no_stale_source_of_the_old_group(store, tmp_path):
    # "a study" names nothing: it is one source node per claim group, which a split must remove
    paths = []
    for name, site in (("e", "North News"), ("f", "South News")):
        path = tmp_path / f"{name}.txt"
        path.write_text(f"{site}\n\n\nHeadline\n\nBy Jo Writer | {site} | 2020-01-01\n\n"
                        "Honey bees can count to four and use that to find food, according to a study.\n",
                        encoding="utf-8")
        paths.append(str(path))
    assert not load_into(store, paths).errors
    group_db.confirm(store, store.claims()["claim_id"].tolist(), "setup")
    panel = GroupPanel(store, "ana", min_outlets=1)
    docs = lambda: sorted(n for n in panel.graph if n.startswith("source:doc:g_"))  # noqa: E731
    before = docs()
    assert len(before) == 1, before
    panel.split_off(panel.group_id[2:])  # the anchor claim: the rest of the group takes a new id
    assert before[0] in docs() and len(docs()) == 2  # the anchor's own group has it now
    panel.undo()
    assert docs() == before
    _assert_same_as_a_full_rebuild(panel)


def test_undo_gives_a_group_back_its_match_evidence(panel):
    gid = panel.group_id
    matched = panel.evidence()
    assert matched and matched["group_id"] == gid  # what the matcher said about the group
    panel.merge_with(panel.group_ids[1])
    assert panel.evidence(gid) == {}  # it was about the group before the merge
    panel.undo()
    assert panel.evidence(gid) == matched
