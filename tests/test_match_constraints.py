"""What keeps two stories apart in matching: informative content, agreeing names, figures and
dates, a higher bar for short claims; and the evidence each group carries. Sentences are made
up for these tests."""
from __future__ import annotations

import pandas as pd

from workbook.graph.features import claim_times, name_ids, word_information
from workbook.graph.match import match_claims


def frame(*texts):
    """One claim per article."""
    return pd.DataFrame({"claim_id": [f"c{i:02d}" for i in range(len(texts))],
                         "article_id": [f"a{i}" for i in range(len(texts))], "claim": list(texts)})


def groups(*texts, **params):
    return match_claims(frame(*texts), **params).groups.set_index("claim_id")["group_id"]


def test_generic_short_claims_never_match():
    assert groups("Read the original article.", "Read the original article.",
                  "Read the original article.").nunique() == 3
    assert groups("a really great guy", "He was a really great guy, really.").nunique() == 2
    assert groups("I'm really honored to work with such great leaders", "a really great guy").nunique() == 2
    # the same claim with informative words does match
    rare = "The glacier in Patagonia lost a third of its ice, the geologists found."
    assert groups(rare, "Geologists found the Patagonia glacier lost a third of its ice.").nunique() == 1


def test_common_words_carry_little_information():
    common, rare = word_information(["really", "great", "guy", "read", "article"]), word_information(
        ["glacier", "patagonia", "refugee"])
    assert common.sum() < 1.5 < rare.min()


def test_named_entities_must_agree():
    lohan = "Lindsay Lohan checked into a rehabilitation clinic near Palm Springs for ninety days of treatment."
    reid = "Tara Reid checked into a rehabilitation clinic near Malibu for ninety days of treatment."
    again = "Lindsay Lohan has checked into a rehabilitation clinic near Palm Springs for ninety days of treatment."
    g = groups(lohan, reid, again)
    assert g["c00"] == g["c02"]  # the same wording with the same names: one claim
    assert g["c01"] != g["c00"]  # near-identical wording, other names: another story


def test_a_claim_naming_nobody_cannot_bridge_two_names():
    g = groups("Lindsay Lohan checked into a rehabilitation clinic for ninety days of treatment on doctors' advice.",
               "The actress checked into a rehabilitation clinic for ninety days of treatment on doctors' advice.",
               "Tara Reid checked into a rehabilitation clinic for ninety days of treatment on doctors' advice.")
    assert g["c00"] != g["c02"]
    assert g["c01"] in (g["c00"], g["c02"])


def test_years_and_weekdays_must_agree_but_formats_may_differ():
    assert claim_times("arrested on Tuesday, Jan. 6, 2009") == {
        "weekday": {"tuesday"}, "year": {"2009"}, "date": {"jan 6"}}
    base = "The receiver was arrested for drunken driving five days before the playoff game in {}."
    assert groups(base.format("2008"), base.format("2012")).nunique() == 2
    assert groups(base.format("2008"), base.format("2008")).nunique() == 1
    day = "The receiver was arrested for drunken driving on {}, five days before the playoff game."
    assert groups(day.format("Tuesday"), day.format("Saturday")).nunique() == 2
    assert groups(day.format("Tuesday"), day.format("Jan. 6")).nunique() == 1


def test_figures_inside_names_are_not_figures():
    g = groups("The Philadelphia 76ers fired coach Maurice Cheeks after a 9-14 start to the season.",
               "Maurice Cheeks was hired as the 21st head coach of the Philadelphia 76ers franchise.")
    assert g.nunique() == 2


def test_spellings_of_one_name_are_one_entity():
    ids = name_ids(["israel", "israeli", "azeri", "azerbaijan", "austria", "australia"])
    assert ids["israel"] == ids["israeli"]
    assert ids["azeri"] == ids["azerbaijan"]
    assert ids["austria"] != ids["australia"]


def test_short_claims_need_a_higher_bar():
    a, b = "Sudan bombed the Yida refugee camp.", "Sudan bombed a refugee camp at Yida, witnesses said."
    strict = groups(a, b, threshold=0.3, short_threshold=0.99)
    loose = groups(a, b, threshold=0.3, short_threshold=0.3)
    assert strict.nunique() == 2 and loose.nunique() == 1


def test_paraphrase_with_the_same_names_matches_without_a_word_list():
    # "airfields"/"bases", "attack"/"strike", "Azerbaijan"/"Azeri": no list folds them
    m = match_claims(frame("Israel was in talks with Azerbaijan over the use of the latter's airfields "
                           "in order to carry out an attack on Iran",
                           "Azerbaijan and Israel have been looking at how Azeri bases and intelligence "
                           "could serve in a possible strike on Iran"))
    assert m.groups["group_id"].nunique() == 1


def test_each_group_carries_its_evidence():
    m = match_claims(frame("Sudanese warplanes bombed the Yida refugee camp in South Sudan, killing 12 people.",
                           "Sudan's air force bombed a refugee camp at Yida in South Sudan, killing 12 people.",
                           "Football fans celebrated the championship in the capital until dawn."))
    gid = m.group_of("c00")
    assert m.group_of("c01") == gid != m.group_of("c02")
    ev = m.evidence_of(gid)
    assert ev["size"] == 2 and not ev["reviewer_linked"]
    assert {"yida", "sudan"} <= set(ev["shared_entities"]) and ev["shared_figures"] == ["12"]
    link = ev["links"][0]
    assert {link["claim_a"], link["claim_b"]} == {"c00", "c01"}
    assert 0 < link["lexical"] <= 1 and 0 < link["semantic"] <= 1
    assert abs(ev["score"] - link["score"]) < 1e-3
    row = m.groups.set_index("claim_id").loc["c00"]
    assert row["match_score"] == ev["score"] and "12" in row["shared_figures"]
    assert pd.isna(m.groups.set_index("claim_id").loc["c02", "match_score"])


def test_reviewer_links_show_in_the_evidence():
    m = match_claims(frame("Football fans celebrated the championship in the capital until dawn.",
                           "The central bank raised interest rates by half a point."), must=[("c00", "c01")])
    ev = m.evidence_of(m.group_of("c00"))
    assert ev["reviewer_linked"] and ev["score"] is None


def test_pooled_embeddings_equal_wordllamas_own():
    from pathlib import Path

    import numpy as np
    import wordllama
    from wordllama import WordLlama

    from workbook.graph.semantic import embed

    texts = ["Israel sought access to the airfields, officials said.", "A plane  left\nBaku at dawn!"]
    model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    # runs of white space count as one space
    assert np.allclose(embed(texts), model.embed([" ".join(t.split()) for t in texts], norm=True), atol=1e-5)


def test_group_summary_carries_the_evidence_of_the_seed_airfields_group(store):
    from conftest import SEED
    from workbook import graph as wg
    from workbook.pipeline import load_into

    load_into(store, [str(SEED)])
    summary = wg.group_summary(wg.graph_from_store(store))
    claims = store.claims()
    airfields = claims.loc[claims["claim"].str.contains("airfields"), "claim_id"].iloc[0]
    row = summary.set_index("group_id").loc[wg.claim_groups(store).group_of(airfields)]
    assert row["claims"] >= 3
    assert 0 < float(row["match_semantic"]) <= 1 and 0 < float(row["match_score"]) <= 1
    assert {"iran", "israel"} <= set(row["shared_entities"].split("; "))
