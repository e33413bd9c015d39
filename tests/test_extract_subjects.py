"""Who speaks, in sentence shapes common in news (sentences written for these tests): a
progressive verb, a subject with a relative clause or a place phrase, a participle after a
quoted phrase, "with three in 10 saying", shares of people, "critics like X"."""
from __future__ import annotations

import pytest

from workbook.extract import extract_text

CASES = [
    ("Jones is telling a packed crowd in Springfield that he has few memories of the race.",
     "Jones", "he has few memories of the race"),
    ("Party insiders across the four states said the incumbent can't be beaten.",
     "Party insiders across the four states", "the incumbent can't be beaten"),
    ("Residents throughout the valley say the water tastes strange.",
     "Residents throughout the valley", "the water tastes strange"),
    ("The county officials whose budgets were cut say the real change came after the election.",
     "The county officials whose budgets were cut", "the real change came after the election"),
    ("Democrats had sued after the state dropped what was called the “Golden Week,” saying that the cut "
     "burdened poor voters.", "Democrats", "the cut burdened poor voters"),
    ("Many voters shrugged off the choice, with three in 10 saying a running mate would not change their vote.",
     "three in 10", "a running mate would not change their vote"),
    ("On social issues they lean left: 42% say they are liberal.", "42%", "they are liberal"),
    ("Critics like Huffman say the plan would help the congressman keep his influence.",
     "Critics like Huffman", "the plan would help the congressman keep his influence"),
    ("But the unions that have endorsed him say delegates should back the winner.",
     "the unions that have endorsed him", "delegates should back the winner"),
    ("The senator began by talking about the budget, saying that the deficit is larger than ever.",
     "The senator", "the deficit is larger than ever"),
    ("Gov. Jane Roe of Ohio, a Republican who has refused to endorse the nominee, said the family deserved better.",
     "Gov. Jane Roe of Ohio, a Republican who has refused to endorse the nominee", "the family deserved better"),
    ("The mayor's former campaign manager, Cory Lane, said the aide who replaced him should be fired.",
     "The mayor's former campaign manager, Cory Lane", "the aide who replaced him should be fired"),
    ("Prices will rise, said the bank's chief economist, Jane Doe.", "the bank's chief economist, Jane Doe",
     "Prices will rise"),
    # A statement, then a role and a name (either order) as two comma pieces before the verb.
    ("The ferry service remains committed to the island route, its chief engineer, Tom Hale, told the "
     "Harbour Courier.", "its chief engineer, Tom Hale", "The ferry service remains committed to the island route"),
    ("The ferry service remains committed to the island route, Tom Hale, its chief engineer, said.",
     "Tom Hale, its chief engineer", "The ferry service remains committed to the island route"),
    # After a cue that follows its statement, a short phrase led by a preposition is circumstance.
    ("The council was only doing what other towns already do, she told the court in her filing.",
     "she", "The council was only doing what other towns already do"),
    ("The plan is sound, he told reporters after the hearing.", "he", "The plan is sound"),
    # A partial quote inside the statement, with the cue and speaker after it: the whole clause,
    # without the cue, whether the quote marks are curly or doubled apostrophes.
    ("The port failed to inspect the cranes and “should have acted sooner,” said Anna Berg, the council member.",
     "Anna Berg, the council member", "The port failed to inspect the cranes and “should have acted sooner,”"),
    ("The port failed to inspect the cranes and ''should have acted sooner,'' said Anna Berg, the council member.",
     "Anna Berg, the council member", "The port failed to inspect the cranes and ''should have acted sooner,''"),
    # A "that" after a clause of its own is not the complementizer.
    ("Asked whether the council wanted her to resign, Berg said she was not going to jump to that conclusion.",
     "Berg", "she was not going to jump to that conclusion"),
    # A time and place, then a comma: the statement is the clause before the speaker; the quote
    # after the next cue ("noting") is that cue's.
    ("The plan's “excesses” are sickening, Hollande said Tuesday in Paris, noting the council “makes you "
     "want to retch.”", "Hollande", "The plan's “excesses” are sickening"),
    # "said of X": what was said of it came before.
    ("“Who do they think they are?” Berg said of the council in February, when it refused to act.",
     "Berg", "Who do they think they are?"),
    # After a question, "asked" + a listener: the question is the claim, not the listener.
    ("“Why are you still backing him?” Berg asked the council members.", "Berg", "Why are you still backing him?"),
    ("Berg asked the mayor to resign.", "Berg", "the mayor to resign"),
    # A partial quote inside a statement that goes on after it, then the speaker: the whole clause.
    ("Anna Berg has been “unfairly treated” by the council since 2010, and should be paid back, the union says.",
     "the union", "Anna Berg has been “unfairly treated” by the council since 2010, and should be paid back"),
    # A comma inside a number does not cut the subject.
    ("About 21,000 people said they would vote.", "About 21,000 people", "they would vote"),
]


@pytest.mark.parametrize("sentence,source,claim", CASES, ids=[c[1] for c in CASES])
def test_the_speaker_and_the_statement(sentence, source, claim):
    rows = [(sentence[a.source[0]:a.source[1]], sentence[a.claim[0]:a.claim[1]])
            for a in extract_text(sentence) if a.source]
    assert (source, claim) in rows, rows


def test_an_inverted_speaker_may_have_a_that_in_the_apposition():
    text = ("“We are a small town,” said Dana Gale, a retiree who worked at the mill that made paper.")
    sources = [text[a.source[0]:a.source[1]] for a in extract_text(text) if a.source]
    assert sources == ["Dana Gale, a retiree who worked at the mill that made paper"]


def test_a_that_after_a_speech_verb_still_opens_the_statement():
    text = "Officials said that the mayors told reporters the bridge will reopen."
    rows = {(text[a.source[0]:a.source[1]], text[a.claim[0]:a.claim[1]]) for a in extract_text(text) if a.source}
    assert ("Officials", "the mayors told reporters the bridge will reopen") in rows
    assert ("the mayors", "the bridge will reopen") in rows


@pytest.mark.parametrize("sentence,claim", [
    ("If the road is too hard now, he said, the council can still pass a simple bill later.",
     "If the road is too hard now, he said, the council can still pass a simple bill later"),
    ("The question of whether to close every account, she said, is not so cut and dried.",
     "The question of whether to close every account, she said, is not so cut and dried"),
])
def test_an_attribution_between_commas_gives_the_whole_sentence(sentence, claim):
    assert [sentence[a.claim[0]:a.claim[1]] for a in extract_text(sentence) if a.source] == [claim]


def test_an_opening_word_before_the_attribution_is_not_the_statement():
    text = "However, he said, the plan had failed."
    assert [text[a.claim[0]:a.claim[1]] for a in extract_text(text) if a.source] == ["the plan had failed"]


def test_a_quote_after_a_reported_statement_with_a_partial_quote_goes_on_with_it():
    text = ("Yet the mayor is also a “change agent,” Cole said. “That is exactly what people want right now.”"
            "\n\nThe council met on Monday.")
    rows = [(text[a.claim[0]:a.claim[1]], text[a.source[0]:a.source[1]]) for a in extract_text(text) if a.source]
    assert len(rows) == 1 and rows[0][1] == "Cole"
    assert rows[0][0].startswith("Yet the mayor") and rows[0][0].endswith("what people want right now.")


def test_a_claim_never_starts_inside_its_own_source():
    for text in ('said 00"', "said Smith, the mayor."):
        for a in extract_text(text):
            if a.source:
                assert not a.source[0] <= a.claim[0] < a.source[1], (text, a)


@pytest.mark.parametrize("sentence", [
    "The mayor, who leads the race 1,428 to 1,153 in pledged delegates, visited the harbour.",  # adjective
    "The mayor has won more wards and more pledged delegates, but the council has the money.",
    "The ferry company posted a loss of two million pounds.",        # a verb with a plain object
    "The mayor maintains a wide lead among harbour workers.",
    "The numbers don't add up for the council.",                     # a particle verb
    "Three state legislators visited the harbour on Monday.",        # "state" the noun
])
def test_a_cue_word_in_another_sense_gives_no_attribution(sentence):
    assert [a for a in extract_text(sentence) if a.source] == []


@pytest.mark.parametrize("sentence,cue,claim", [
    ("Then she added a caveat: “The bridge stays shut.”", "added", "The bridge stays shut."),
    ("“The bridge stays shut,” added a council member.", "added", "The bridge stays shut,"),
    ("They state their goal is to reopen the bridge.", "state", "their goal is to reopen the bridge"),
])
def test_the_same_words_as_speech_still_attribute(sentence, cue, claim):
    rows = {(sentence[a.cue[0]:a.cue[1]], sentence[a.claim[0]:a.claim[1]]) for a in extract_text(sentence) if a.cue}
    assert (cue, claim) in rows, rows
