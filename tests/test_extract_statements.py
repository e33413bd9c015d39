"""Whole statements (issue 8): the claim is the statement, not a quoted fragment, a title, a
time or a credit line; and sources are typed by what they are. Sentences written for the tests."""
from __future__ import annotations

import pytest

from workbook.extract import extract_text


def attributed(body: str):
    text = "Harbour news\n\n" + body
    return text, [a for a in extract_text(text) if a.kind != "unsourced"]


def claims_of(body: str) -> list[str]:
    text, rows = attributed(body)
    return [text[a.claim[0]:a.claim[1]] for a in rows]


def test_a_partial_quote_inside_reported_speech_gives_the_whole_complement():
    assert claims_of("The mayor said she is “deeply worried and upset” by the council vote on the ferry.") == [
        "she is “deeply worried and upset” by the council vote on the ferry"]


def test_a_partial_quote_after_that_and_a_time_gives_the_clause():
    (claim,) = claims_of("The senator said on Friday that the tax plan would “wreck the harbour,” because "
                         "wages were flat.")
    assert claim.startswith("the tax plan would “wreck the harbour,”") and claim.endswith("wages were flat")


def test_a_partial_quote_before_the_cue_gives_the_clause_before_the_source():
    assert claims_of("The new ferry would “change the town forever,” the mayor said.") == [
        "The new ferry would “change the town forever,”"]


def test_a_whole_quote_stays_a_direct_quote():
    text, rows = attributed("The mayor said: “We are done with the ferry.”")
    assert [(text[a.claim[0]:a.claim[1]], a.kind) for a in rows] == [("We are done with the ferry.", "direct")]


def test_a_quote_going_on_after_its_cue_in_the_paragraph_is_one_claim():
    text, rows = attributed("“We are done,” the mayor said. “The ferry stops next week.” Then she left.")
    assert [text[a.claim[0]:a.claim[1]] for a in rows] == ["We are done,” the mayor said. “The ferry stops next week."]


def test_a_quote_over_two_paragraphs_is_one_claim_with_one_source():
    text, rows = attributed("“The ferry was losing money for years.\n\n“Nobody wanted to say so,” the mayor "
                            "added.\n")
    assert len(rows) == 1
    claim = text[rows[0].claim[0]:rows[0].claim[1]]
    assert claim.startswith("The ferry was losing") and claim.endswith("Nobody wanted to say so,")
    assert text[rows[0].source[0]:rows[0].source[1]] == "the mayor"


@pytest.mark.parametrize("body", [
    "The senator told “Meet the Harbour” that the ferry deal was dead.",
    "The senator said on “Harbour News Sunday.”",
])
def test_quoted_show_titles_are_not_claims(body):
    assert not any("Harbour" in c and "ferry" not in c for c in claims_of(body))


@pytest.mark.parametrize("body", ["The mayor said Wednesday.", "The harbour master told reporters on Tuesday.",
                                  "The ferry is late again, the mayor said in Baku."])
def test_time_and_place_words_after_a_cue_are_not_claims(body):
    assert not any(c in ("Wednesday", "on Tuesday", "in Baku") for c in claims_of(body))


def test_a_credit_line_is_not_an_attribution():
    assert claims_of("Contributing: Jane Roe, John Doe.") == []


@pytest.mark.parametrize("body, source, suggested", [
    ("The newspaper reported that the mayor resigned.", "The newspaper", "outlet"),
    ("The Harbour Sentinel reported the mayor resigned. The Sentinel said the council agreed.",
     "The Sentinel", "outlet"),
    ("The health agency advises that people boil their water.", "The health agency", "named"),
    ("The ferry company founder always said he was innocent.", "The ferry company founder", "named"),
])
def test_sources_are_typed_and_stop_at_the_noun_phrase(body, source, suggested):
    text, rows = attributed(body)
    found = {text[a.source[0]:a.source[1]]: a.suggested for a in rows}
    assert found.get(source) == suggested, found


def test_a_quote_between_the_source_and_its_cue_is_not_the_claim():
    assert claims_of("The inspector called the plan “extremely careless,” but said she should face no charges.") == [
        "she should face no charges"]


def test_a_participle_after_a_quote_gets_its_own_complement():
    text, rows = attributed("“They have a plan,” he said of the group, adding the town must be ready too.")
    assert [(text[a.claim[0]:a.claim[1]], a.kind) for a in rows] == [
        ("They have a plan,", "direct"), ("the town must be ready too", "indirect")]


def test_a_question_someone_was_asked_is_their_attribution():
    text, rows = attributed("Asked whether the ferry would stop, the mayor said she did not know.")
    assert [(text[a.claim[0]:a.claim[1]], text[a.source[0]:a.source[1]]) for a in rows] == [
        ("whether the ferry would stop", "the mayor"), ("she did not know", "the mayor")]


def test_a_quote_cut_off_by_the_sentence_splitter_still_has_its_speaker():
    text, rows = attributed("\"Why is he attacking me?\" the mayor said.")
    assert [(text[a.claim[0]:a.claim[1]], a.kind) for a in rows] == [("Why is he attacking me?", "direct")]


def test_an_apposition_between_dashes_belongs_to_the_source():
    text, rows = attributed("Jane Roe — a teacher from the harbour — says she made a late decision.")
    assert [text[a.source[0]:a.source[1]] for a in rows] == ["Jane Roe — a teacher from the harbour"]


def test_a_pronoun_prefers_the_subject_of_the_sentence_before_to_an_earlier_speaker():
    text, rows = attributed("Prosecutor Jane Roe said the trial would start in May. John Doe spent the week "
                            "at home. He said he was innocent.")
    he = next(a for a in rows if text[a.source[0]:a.source[1]] == "He")
    assert he.resolved_source == "John Doe"


def test_a_pronoun_after_a_quote_goes_to_its_speaker():
    text, rows = attributed("“We are done,” Mary Major said. She added that the ferry was late.")
    she = next(a for a in rows if text[a.source[0]:a.source[1]] == "She")
    assert she.resolved_source == "Mary Major"
