"""Matching the same claim across articles: TF-IDF top-k, grouping without chaining, reviewer
decisions kept in the store and honoured on every run, stable group ids."""
from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

from workbook.graph import db as gdb
from workbook.graph.match import claim_groups, claim_vectors, group_table, match_claims, similar_pairs, stem
from workbook.models import Article, Attribution
from workbook.store import IntegrityError
from workbook.table import rows_for


def frame(*claims, via=None):
    """claims: (article_id, text) pairs -> a claims frame with stable ids."""
    return pd.DataFrame({
        "claim_id": [f"c{i:02d}" for i in range(len(claims))],
        "article_id": [a for a, _ in claims],
        "claim": [t for _, t in claims],
        "via_outlet": via or [None] * len(claims),
    })


PARAPHRASES = [
    ("a1", "Sudanese warplanes bombed the Yida refugee camp in South Sudan on Thursday."),
    ("a2", "Sudan's air force bombed a refugee camp at Yida, South Sudan, on Thursday, witnesses said."),
    ("a3", "Warplanes from Sudan dropped bombs on the Yida refugee camp on Thursday."),
    ("a1", "The minister said the oil pipeline talks would resume next month in Addis Ababa."),
    ("a2", "Negotiations over the oil pipeline resume in Addis Ababa next month, the minister said."),
    ("a3", "Football fans celebrated the championship in the capital until dawn."),
]


def test_stem_folds_inflections_only():
    assert {stem(w) for w in ("bomb", "bombs", "bombed", "bombing")} == {"bomb"}
    assert stem("refugees") == "refugee" and stem("planned") == "plan"
    # no synonym or demonym list: meaning comes from the embedding model
    assert stem("airfields") == "airfield" and stem("bases") == "base" and stem("Azeri") == "azeri"


def test_paraphrases_group_across_articles_and_unrelated_claims_stay_alone():
    m = match_claims(frame(*PARAPHRASES))
    g = m.groups.set_index("claim_id")["group_id"]
    assert g["c00"] == g["c01"] == g["c02"]
    assert g["c03"] == g["c04"]
    assert g["c00"] != g["c03"]
    assert m.groups.set_index("claim_id").at["c05", "group_size"] == 1
    assert set(m.pairs["claim_a"]) | set(m.pairs["claim_b"]) <= {"c00", "c01", "c02", "c03", "c04"}
    # only pairs from different articles
    art = dict(zip(frame(*PARAPHRASES)["claim_id"], frame(*PARAPHRASES)["article_id"]))
    assert all(art[a] != art[b] for a, b in zip(m.pairs["claim_a"], m.pairs["claim_b"]))


def test_same_article_pairs_are_skipped_unless_two_outlets_are_compared():
    same = [("a1", "Israel was in talks with Azerbaijan over the use of airfields for a strike on Iran."),
            ("a1", "Azerbaijan and Israel have been looking at Azeri bases for a possible strike on Iran.")]
    assert match_claims(frame(*same)).pairs.empty
    m = match_claims(frame(*same, via=["Foreign Policy", "Reuters"]))
    assert len(m.pairs) == 1
    assert m.groups["group_id"].nunique() == 1
    # the same outlet twice in one article is still one report
    assert match_claims(frame(*same, via=["Reuters", "Reuters"])).pairs.empty


def _chain(n=20):
    # Claim i shares three of its five words with claim i+1, one with i+2 and none further on:
    # single link would chain all twenty into one "claim".
    letters = "bcdfghjkmnpqrtvwxz"
    vocab = [f"z{letters[i // len(letters)]}{letters[i % len(letters)]}o" for i in range(2 * n + 5)]
    return [(f"a{i}", " ".join(vocab[2 * i:2 * i + 5])) for i in range(n)]


def test_average_link_stops_chaining():
    claims = _chain(20)
    single = match_claims(frame(*claims), threshold=0.0, short_threshold=0.0, link_threshold=0.0)
    assert single.groups["group_id"].nunique() == 1  # plain single link chains everything
    guarded = match_claims(frame(*claims), threshold=0.0, short_threshold=0.0, link_threshold=0.5)
    g = guarded.groups.set_index("claim_id")["group_id"]
    assert g["c00"] != g["c19"]
    assert guarded.groups["group_size"].max() <= 5
    assert guarded.groups["group_size"].min() >= 2  # every claim still found its neighbour
    for _, members in guarded.groups.groupby("group_id")["claim_id"]:  # groups are runs of neighbours
        idx = sorted(int(c[1:]) for c in members)
        assert idx == list(range(idx[0], idx[-1] + 1))


def test_chunked_topk_matches_a_single_block_and_pruning_keeps_the_pairs():
    rng = np.random.default_rng(0)
    letters = "bcdfghjkmnpqrtvwxz"
    words = [f"k{a}{b}o" for a in letters for b in letters][:300]
    base = [" ".join(rng.choice(words, 12)) for _ in range(40)]
    texts = base + [t + " extra" for t in base]  # each base claim reappears in another article
    x = claim_vectors(texts)
    units = np.arange(len(texts))
    one = similar_pairs(x, units, threshold=0.3, top_k=5, chunk=10_000)
    chunked = similar_pairs(x, units, threshold=0.3, top_k=5, chunk=7)
    df = np.bincount(x.indices, minlength=x.shape[1])
    assert (df > 4).any()  # the cap below leaves some terms out of the candidate search
    pruned = similar_pairs(x, units, threshold=0.3, top_k=5, chunk=7, max_df_count=4)
    key = lambda f: set(zip(f["i"], f["j"]))  # noqa: E731
    assert key(one) == key(chunked)
    assert {(i, i + 40) for i in range(40)} <= key(pruned)
    assert np.allclose(one.sort_values(["i", "j"])["similarity"], chunked.sort_values(["i", "j"])["similarity"])


def _seeded_store(store, claims):
    """Save hand-made articles (one per article id) whose claims are whole sentences."""
    by_article = {}
    for art, text in claims:
        by_article.setdefault(art, []).append(text)
    for art, texts in by_article.items():
        body = " ".join(texts)
        article = Article(id=art, source=f"{art}.txt", text=body, outlet=f"Outlet {art}", published="2020-01-01")
        atts, pos = [], 0
        for t in texts:
            atts.append(Attribution(claim=(pos, pos + len(t))))
            pos += len(t) + 1
        store.save_article(article, rows_for(article, atts))


def test_reviewer_decisions_are_logged_and_respected_on_every_run(store):
    _seeded_store(store, PARAPHRASES)
    m = claim_groups(store)
    claims = store.claims().set_index("claim")["claim_id"]
    bomb = [claims[t] for a, t in PARAPHRASES[:3]]
    pipeline, football = claims[PARAPHRASES[3][1]], claims[PARAPHRASES[5][1]]
    assert len({m.group_of(c) for c in bomb}) == 1

    # split one claim off the bomb group: it never re-merges
    gdb.split(store, [bomb[2]], bomb[:2], reviewer="ana", group_id=m.group_of(bomb[0]), note="different raid")
    m2 = claim_groups(store)
    assert m2.group_of(bomb[2]) != m2.group_of(bomb[0])
    assert m2.group_of(bomb[0]) == m2.group_of(bomb[1])
    # confirm an unrelated pair: it stays together
    gdb.confirm(store, [pipeline, football], reviewer="ben")
    m3 = claim_groups(store)
    assert m3.group_of(pipeline) == m3.group_of(football)
    # a later merge overrides the earlier split for those pairs
    gdb.merge(store, [bomb[2]], bomb[:2], reviewer="ana")
    m4 = claim_groups(store)
    assert len({m4.group_of(c) for c in bomb}) == 1

    events = gdb.group_events(store)
    assert list(events["action"]) == ["split", "confirm", "merge"]
    assert list(events["reviewer"]) == ["ana", "ben", "ana"]
    assert events["at"].notna().all() and events.loc[0, "note"] == "different raid"
    links = gdb.group_links(store)
    assert set(links["link"]) == {"must"}  # the merge replaced the cannot-links
    with pytest.raises(IntegrityError, match="append-only"):
        store.db.execute("UPDATE group_events SET reviewer = 'x'")
    with pytest.raises(IntegrityError, match="append-only"):
        store.db.execute("DELETE FROM group_events")
    with pytest.raises(ValueError):
        gdb.split(store, [bomb[0]], [], reviewer="ana")
    with pytest.raises(ValueError):
        gdb.confirm(store, bomb, reviewer=" ")


def test_decisions_survive_reopening_the_database(tmp_path):
    from workbook.store import Store

    path = tmp_path / "w.db"
    with Store(path) as s:
        _seeded_store(s, PARAPHRASES)
        ids = s.claims().set_index("claim")["claim_id"]
        gdb.split(s, [ids[PARAPHRASES[0][1]]], [ids[PARAPHRASES[1][1]], ids[PARAPHRASES[2][1]]], reviewer="ana")
    with Store(path) as s:
        assert len(gdb.group_events(s)) == 1
        m = claim_groups(s)
        assert m.group_of(ids[PARAPHRASES[0][1]]) != m.group_of(ids[PARAPHRASES[1][1]])


def test_group_ids_are_stable_when_articles_are_added(store):
    _seeded_store(store, PARAPHRASES[:5])
    before = claim_groups(store).groups.set_index("claim_id")["group_id"]
    _seeded_store(store, [("a9", "On Thursday Sudanese planes bombed the refugee camp at Yida in South Sudan."),
                          ("a9", "Talks on the oil pipeline will resume next month in Addis Ababa, "
                                 "said the minister.")])
    after = claim_groups(store).groups.set_index("claim_id")["group_id"]
    for claim_id, gid in before.items():
        assert after[claim_id] == gid
    assert after.value_counts().max() >= 4  # the new claims joined existing groups


def test_group_table_lists_outlets(store):
    _seeded_store(store, PARAPHRASES)
    m = claim_groups(store)
    table = group_table(m, store.claims())
    top = table.iloc[0]
    assert top["n_outlets"] == 3 and top["outlets"] == ["Outlet a1", "Outlet a2", "Outlet a3"]
    assert "Yida" in top["claim"] or "pipeline" in top["claim"]


def test_empty_and_stopword_only_input():
    assert match_claims(frame()).groups.empty
    m = match_claims(frame(("a1", "it is"), ("a2", "it is")))
    assert m.groups["group_size"].max() == 1


def test_a_cannot_link_holds_even_through_a_bridging_claim():
    claims = frame(*PARAPHRASES[:3])
    m = match_claims(claims, cannot=[("c00", "c01")])
    g = m.groups.set_index("claim_id")["group_id"]
    assert g["c00"] != g["c01"]
    assert g["c02"] in (g["c00"], g["c01"])  # the third claim still joins one of them
    m = match_claims(claims, must=[("c00", "c05")], cannot=[("c00", "c01")])  # unknown ids are ignored
    assert m.groups.set_index("claim_id")["group_id"]["c00"] != m.groups.set_index("claim_id")["group_id"]["c01"]


def test_different_figures_are_different_claims_even_through_a_bridge():
    from workbook.graph.match import claim_numbers

    assert claim_numbers("A poll of 1,000 people on Dec. 14, 2012 at 9: 53 AM") == {"1000"}
    claims = frame(
        ("a1", "The poll surveyed 1,000 registered voters with a margin of error of three points."),
        ("a2", "The poll surveyed 2,000 registered voters with a margin of error of three points."),
        ("a3", "The poll surveyed registered voters with a margin of error of three points."),
        ("a4", "The poll surveyed 1,000 registered voters, with a margin of error of three points."),
    )
    g = match_claims(claims).groups.set_index("claim_id")["group_id"]
    assert g["c00"] == g["c03"]  # the same figure: the same claim
    assert g["c00"] != g["c01"]  # 1,000 vs 2,000 never join, not even through c02, which states no figure


# -- confirmed groups do not hang on one claim (audit: star-shaped must-links) -----------------

GROUP = pd.DataFrame({"claim_id": ["A", "B", "C"], "article_id": ["a1", "a2", "a3"],
                      "claim": ["Israel sought access to Azeri airfields for a strike",
                                "Baku denied any role in an attack on Iran",
                                "Refuelling is the main obstacle for the Israeli air force"]})


def _groups_from_store(store, claims):
    must, cannot = gdb.links_for_matching(store)
    return match_claims(claims, must=must, cannot=cannot).groups.set_index("claim_id")["group_id"]


def test_confirmed_group_survives_its_first_claim_going_inactive(store):
    assert match_claims(GROUP).groups["group_size"].max() == 1  # unrelated wording: only the decision joins them
    gdb.confirm(store, ["A", "B", "C"], reviewer="alice")
    g = _groups_from_store(store, GROUP)
    assert g["A"] == g["B"] == g["C"]
    # a re-extraction orphaned A (the group's first claim): B and C stay one group
    g = _groups_from_store(store, GROUP[GROUP["claim_id"] != "A"])
    assert g["B"] == g["C"]
    # ... and so for any one member gone
    for gone in ("B", "C"):
        rest = GROUP[GROUP["claim_id"] != gone]
        assert _groups_from_store(store, rest).nunique() == 1
    # end to end through the store: the first claim's article re-extracted without it
    _seeded_store(store, [("a1", GROUP.claim[0]), ("a2", GROUP.claim[1]), ("a3", GROUP.claim[2])])
    ids = store.claims().set_index("claim")["claim_id"]
    a, b, c = (ids[t] for t in GROUP["claim"])
    gdb.confirm(store, [a, b, c], reviewer="alice")
    store.db.execute("UPDATE claims SET active = 0 WHERE claim_id = ?", (a,))
    m = claim_groups(store)
    assert a not in set(m.groups["claim_id"])
    assert m.group_of(b) == m.group_of(c)


def test_split_of_one_claim_keeps_the_rest_confirmed(store):
    gdb.confirm(store, ["A", "B", "C"], reviewer="alice")
    gdb.split(store, ["A"], ["B", "C"], reviewer="alice")
    g = _groups_from_store(store, GROUP)
    assert g["B"] == g["C"]
    assert g["A"] != g["B"]
    links = {(a, b): link for a, b, link in gdb.group_links(store)[["claim_a", "claim_b", "link"]].values}
    assert links == {("A", "B"): "cannot", ("A", "C"): "cannot", ("B", "C"): "must"}
    # every decision is its own event; the latest on a pair wins
    gdb.merge(store, ["A"], ["B"], reviewer="bob")
    links = {(a, b): link for a, b, link in gdb.group_links(store)[["claim_a", "claim_b", "link"]].values}
    assert links == {("A", "B"): "must", ("A", "C"): "cannot", ("B", "C"): "must"}
    assert list(gdb.group_events(store)["action"]) == ["confirm", "split", "merge"]


def test_large_confirmed_groups_use_a_bounded_ring_that_survives_dropouts(store):
    n = gdb.MAX_ALL_PAIRS + 50
    members = [f"m{i:04d}" for i in range(n)]
    pairs = gdb.must_pairs(members)
    assert len(pairs) == gdb.RING_WIDTH * n == len(set(pairs))
    assert len(gdb.must_pairs(members[:gdb.MAX_ALL_PAIRS])) == gdb.MAX_ALL_PAIRS * (gdb.MAX_ALL_PAIRS - 1) // 2
    gdb.confirm(store, members, reviewer="alice")
    assert len(gdb.group_links(store)) == gdb.RING_WIDTH * n
    # the first claim and 2*RING_WIDTH - 2 more drop out: the rest is still one group
    gone = set(members[:1] + members[100:100 + 2 * gdb.RING_WIDTH - 2])
    claims = pd.DataFrame({"claim_id": [m for m in members if m not in gone], "article_id": "a", "claim": ""})
    assert _groups_from_store(store, claims).nunique() == 1


def test_rebuild_group_links_upgrades_star_links_from_the_event_log(store):
    gdb.confirm(store, ["A", "B", "C"], reviewer="alice")
    gdb.split(store, ["A"], ["B", "C"], reviewer="ben")
    # simulate a database written by the old rule: a star from A only, then A split off
    store.db.execute("DELETE FROM group_links WHERE claim_a = 'B' AND claim_b = 'C'")
    assert _groups_from_store(store, GROUP).nunique() == 3
    assert gdb.rebuild_group_links(store) == 3
    links = gdb.group_links(store).set_index(["claim_a", "claim_b"])
    assert links.at[("B", "C"), "link"] == "must" and links.at[("B", "C"), "reviewer"] == "alice"
    assert links.at[("A", "B"), "link"] == "cannot" and links.at[("A", "B"), "reviewer"] == "ben"
    g = _groups_from_store(store, GROUP)
    assert g["B"] == g["C"] != g["A"]
    assert len(gdb.group_events(store)) == 2  # the log is untouched
