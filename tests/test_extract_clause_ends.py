"""Where a claim starts and ends when a sentence holds more than one cue, an occasion or a
listener with initials (sentences written for these tests, in shapes found on real news)."""
from __future__ import annotations

import pytest

from workbook.extract import extract_text


def rows(text):
    return {(text[a.source[0]:a.source[1]] if a.source else None,
             text[a.cue[0]:a.cue[1]] if a.cue else None,
             text[a.claim[0]:a.claim[1]]) for a in extract_text(text)}


@pytest.mark.parametrize("sentence,expected", [
    # The claim ends at the comma before the next cue, whose own claim follows it.
    ("The harbour master told reporters the ferry would sail soon, adding that the crane was fixed.",
     {("The harbour master", "told", "the ferry would sail soon"),
      ("The harbour master", "adding", "the crane was fixed")}),
    ("She said she was “surprised” by the vote, adding that she would appeal.",
     {("She", "said", "she was “surprised” by the vote"), ("She", "adding", "she would appeal")}),
    ("The mayor said the bridge would reopen in May, officials said.",
     {("The mayor", "said", "the bridge would reopen in May")}),
    ("The pilot said the ferry had turned back, but the crew were still at sea, reports Harbour FM.",
     {("The pilot", "said", "the ferry had turned back, but the crew were still at sea")}),
    # A comma between digits or in a date is not where a statement ends.
    ("The council also reported roughly 1,100 complaints were never answered, officials said.",
     {("The council", "also reported", "roughly 1,100 complaints were never answered")}),
    # "X, he said, adding ...": the statement is before the speaker, not the next cue.
    ("The crossing will close, the harbour master said, adding that the storm was coming.",
     {("the harbour master", "said", "The crossing will close"),
      ("the harbour master", "adding", "the storm was coming")}),
])
def test_a_claim_ends_before_the_next_cue(sentence, expected):
    found = rows(sentence)
    assert expected <= found, found


def test_a_comma_before_a_word_that_is_no_speaker_does_not_end_the_claim():
    sentence = "Ferry workers said the town should keep the old pier, not declare it unsafe."
    assert ("Ferry workers", "said", "the town should keep the old pier, not declare it unsafe") in rows(sentence)


def test_a_but_clause_with_a_name_and_its_apposition_is_another_speaker():
    sentence = ("The pilot says he saw no damage, but Mr Hale, the harbour master of Port Elm, said that "
                "two boats had sunk.")
    found = rows(sentence)
    assert ("The pilot", "says", "he saw no damage") in found, found
    assert ("Mr Hale, the harbour master of Port Elm", "said", "two boats had sunk") in found, found


def test_a_parenthetical_cue_after_a_short_subject_gives_the_whole_sentence():
    sentence = "The cable, she said, snapped under the weight of the new crane."
    assert ("she", "said", sentence.rstrip(".")) in rows(sentence)
    opening = "However, she said, the cable snapped."  # an opening word is not a statement
    assert ("she", "said", "the cable snapped") in rows(opening)


def test_an_occasion_after_the_speaker_is_not_the_claim():
    sentence = ("The ferry will return in spring, the operator announced on the live radio show Harbour "
                "Hour Sunday.")
    assert ("the operator", "announced", "The ferry will return in spring") in rows(sentence)
    sentence = "The crane is safe, she said, in a speech to the dock workers."
    assert ("she", "said", "The crane is safe") in rows(sentence)
    # "at least ..." after an opening phrase is what was reported.
    sentence = "Friday morning, as the regatta passed the pier, Harbour FM reported at least six boats capsized."
    assert ("Harbour FM", "reported", "at least six boats capsized") in rows(sentence)


def test_a_pronoun_and_a_partial_quote_after_a_listener_give_the_whole_clause():
    sentence = "She told investigators that she “planned on going straight home.”"
    assert ("She", "told", "she “planned on going straight home.”") in rows(sentence)


def test_a_quote_after_a_colon_is_the_claim_not_the_rest_of_the_sentence():
    sentence = "Hale told Harbour FM: “We have counted twelve boats lost,” adding that the pier held."
    found = rows(sentence)
    assert ("Hale", "told", "We have counted twelve boats lost,") in found, found


def test_a_listener_with_initials_and_titles_is_not_cut_at_their_full_stops():
    sentence = "The lawyer told L.A. County Judge Mary R. Stone that her client had left the city."
    assert ("The lawyer", "told", "her client had left the city") in rows(sentence)


@pytest.mark.parametrize("sentence", [
    "Ferry crews blocked the first officers who responded to the fire.",
    "The port authority has responded with a new safety plan.",
    "Hale added 101 yards of new fencing along the pier.",
    "Hale scored 12 points, adding six rebounds.",               # adding a number of things
    "A man said to have escaped from the ferry was questioned yesterday.",  # reportedly
    "She reads the harbour notices every morning.",              # "reads" with no quote
    "The two ferry companies agreed to a merger.",               # "agreed to", not "agreed:"
])
def test_cue_words_in_another_sense_are_not_speech(sentence):
    assert not [a for a in extract_text(sentence) if a.source], rows(sentence)


def test_responded_with_a_quote_is_still_speech():
    sentence = "The harbour master responded with a warning: “Stay off the pier.”"
    assert ("The harbour master", "responded", "Stay off the pier.") in rows(sentence)


@pytest.mark.parametrize("text", [
    "POSTED: December 08, 2010\n\nThe ferry left the harbour on time.",
    "Updated: 10:32 a.m. EST, March 3, 2011\n\nThe ferry left the harbour on time.",
    "March 1, 2012 -- 07:58 GMT (23:58 PST)\n\nThe ferry left the harbour on time.",
    "Published on: 11 November 2011 - 11:25am\n\nThe ferry left the harbour on time.",
])
def test_a_date_or_time_stamp_line_is_never_a_claim(text):
    claims = {text[a.claim[0]:a.claim[1]] for a in extract_text(text)}
    assert claims == {"The ferry left the harbour on time."}, claims


@pytest.mark.parametrize("sentence,expected", [
    ("The pier is sound, as the harbour master has said many times, and the ferry will keep running.",
     ("the harbour master", "has said", "The pier is sound")),
    ("As the harbour master has said many times, the ferry will not be sold.",
     ("the harbour master", "has said", "the ferry will not be sold")),
    ("And, as the Harbour Courier previously reported, the mayor is the top recipient of donations.",
     ("Harbour Courier", "previously reported", "the mayor is the top recipient of donations")),
])
def test_as_someone_said_attributes_the_main_clause(sentence, expected):
    assert expected in rows(sentence), rows(sentence)


def test_asked_not_to_be_named_is_part_of_the_source_not_a_cue():
    sentence = "A crew member, who asked not to be named, said: “The captain knew.”"
    found = rows(sentence)
    assert found == {("A crew member, who asked not to be named", "said", "The captain knew.")}, found


def test_a_name_and_a_possessive_role_after_an_opening_phrase_are_the_source():
    sentence = ("In a call after the market closed, Ann Hale, Harbourline's chief executive and co-founder, "
                "said that the company had bought two ferries.")
    assert ("Ann Hale, Harbourline's chief executive and co-founder", "said",
            "the company had bought two ferries") in rows(sentence)


def test_quoted_words_inside_the_source_or_after_the_quote_are_not_claims():
    sentence = ("“We have had better seasons than this one,” harbour pilot Ann Hale, wearing a “Port Elm” "
                "cap, said as the rain came down.")
    assert ("harbour pilot Ann Hale", "said", "We have had better seasons than this one,") in rows(sentence)
    sentence = ("“This is a safety play for us,” Hale explained, calling the new crane a “unique machine” "
                "that would be a “building block” for the port.")
    assert {c for _, _, c in rows(sentence)} == {"This is a safety play for us,"}, rows(sentence)


def test_a_quote_words_before_another_clause_is_not_that_clause_claim():
    sentence = ("Where he used to boast that he had fixed ''the old pier,'' on Tuesday night he said it "
                "still posed ''a direct threat'' to boats.")
    assert rows(sentence) == {("he", "said", "it still posed ''a direct threat'' to boats")}, rows(sentence)


def test_reports_after_a_determiner_is_a_noun_not_a_cue():
    sentence = "According to some reports, the ferry turned back because a pilot misread the chart."
    found = rows(sentence)
    assert found == {("some reports", "According to",
                      "the ferry turned back because a pilot misread the chart")}, found


def test_a_semicolon_ends_the_claim_before_the_next_speaker():
    sentence = "The port says all sailings are cancelled; it noted that the storm was moving north."
    found = rows(sentence)
    assert ("The port", "says", "all sailings are cancelled") in found, found
    assert ("it", "noted", "the storm was moving north") in found, found


def test_a_name_then_a_role_without_a_comma_is_named():
    text = "Peter Hale an equity strategist for Harbour Bank commented, “The market is calm.”"
    [row] = [a for a in extract_text(text) if a.source]
    assert row.suggested == "named" and row.source_name == "Peter Hale", row


def test_a_relative_clause_with_its_own_cue_ends_before_the_main_verb():
    sentence = "A pilot, who said he had seen the wreck, told reporters the ferry sank fast."
    found = rows(sentence)
    assert found == {("who", "said", "he had seen the wreck"), ("A pilot", "told", "the ferry sank fast")}, found
    sentence = "The mayor, who said the pier was safe, resigned on Monday."
    assert rows(sentence) == {("who", "said", "the pier was safe")}, rows(sentence)


@pytest.mark.parametrize("sentence,expected", [
    ("The notice from the harbour board reads, “All sailings are cancelled.”",
     ("The notice from the harbour board", "reads", "All sailings are cancelled.")),
    ("Hale states, “The pier will reopen in May.”", ("Hale", "states", "The pier will reopen in May.")),
])
def test_reads_and_states_before_a_quote_are_cues(sentence, expected):
    assert expected in rows(sentence), rows(sentence)


def test_a_participle_after_an_inverted_source_is_not_the_claim():
    sentence = "A ferry was seized on Thursday, officials and witnesses said, threatening to raise tensions."
    assert rows(sentence) == {("officials and witnesses", "said", "A ferry was seized on Thursday")}, rows(sentence)


@pytest.mark.parametrize("sentence,expected", [
    ("Speaking Saturday at the party convention Sen. Ann Hale (D-ME) said the ferry plan was a “proven failure” "
     "in every port.", ("Sen. Ann Hale (D-ME)", "said", "the ferry plan was a “proven failure” in every port")),
    ("Ann Hale and Senator Tom Roe have both argued that the pier is unsafe.",
     ("Ann Hale and Senator Tom Roe", "have both argued", "the pier is unsafe")),
    ("Ann Hale, an analyst at Harbour Bank, agreed: “The port has a great future.”",
     ("Ann Hale, an analyst at Harbour Bank", "agreed", "The port has a great future.")),
])
def test_more_speakers_found(sentence, expected):
    assert expected in rows(sentence), rows(sentence)


def test_to_which_starts_the_next_speakers_clause():
    sentence = "She said the pier was unsafe, to which the mayor replied that it had been repaired."
    found = rows(sentence)
    assert ("She", "said", "the pier was unsafe") in found, found
    assert ("the mayor", "replied", "it had been repaired") in found, found
