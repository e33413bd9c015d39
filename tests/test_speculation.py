"""Speculation cues and the sentence flag, on sentences written for these tests."""
import pytest

from workbook.extract.hedges import find_hedges, is_speculative

HEDGED = ["The dam was probably built by the Romans.",
          "Perhaps the mayor will resign next week."]
WEASEL = ["Many historians argue that the treaty was a mistake.",
          "The painting is considered a masterpiece by many.",
          "It is believed that the tower was painted in 1890."]
NEGATED_CERTAINTY = ["It is not certain that the letter was written by the king.",
                     "Nobody knows who designed the chapel.",
                     "It has never been confirmed that the mayor signed it."]
PLAIN = ["The bridge opened to traffic in 1932.", "The factory employs 300 people.",
         "There is no doubt that the castle was built in 1204."]


@pytest.mark.parametrize("sentence", HEDGED + WEASEL + NEGATED_CERTAINTY)
def test_uncertain_sentences_are_flagged_with_a_cue_shown(sentence):
    assert is_speculative(sentence)
    assert find_hedges(sentence), "a flagged sentence should show the reviewer its cue"


@pytest.mark.parametrize("sentence", PLAIN)
def test_plain_and_certain_sentences_are_not_flagged(sentence):
    assert not is_speculative(sentence)


def test_weasel_and_negated_cues_are_shown_as_written():
    cues = {h[2] for s in WEASEL + NEGATED_CERTAINTY for h in find_hedges(s)}
    assert {"Many historians argue", "is considered", "not certain", "Nobody knows",
            "never been confirmed"} <= cues
