"""Unit tests for the extraction steps: sentences, quotes, hedges, sources, cues."""
import pytest

from workbook.extract import extract_text, find_hedges, is_speculative, split_sentences
from workbook.extract.quotes import find_quotes
from workbook.extract.sources import classify_source, split_name_role
from workbook.outlets import default_registry


def sents(text):
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize("text,expected", [
    ("Mr. Smith went to Washington. He left.", ["Mr. Smith went to Washington.", "He left."]),
    ("The U.S. Senate voted. It passed.", ["The U.S. Senate voted.", "It passed."]),
    ("He lives in the U.S. The weather is bad.", ["He lives in the U.S.", "The weather is bad."]),
    ("J. R. R. Tolkien wrote it. Then he died.", ["J. R. R. Tolkien wrote it.", "Then he died."]),
    ("“Go home,” he said. “Now.” She left.", ["“Go home,” he said.", "“Now.”", "She left."]),
    ("Wait... and see. Fine… Really?", ["Wait... and see.", "Fine…", "Really?"]),
    ("Sen. Ted Cruz spoke at 5 p.m. on Monday. Gov. Rick Scott (R) did too.",
     ["Sen. Ted Cruz spoke at 5 p.m. on Monday.", "Gov. Rick Scott (R) did too."]),
    ("First line\nSecond line. Third.", ["First line", "Second line.", "Third."]),
])
def test_split_sentences(text, expected):
    assert sents(text) == expected


def test_split_sentences_respects_bounds():
    text = "Skip this. Take this one. And this."
    start = text.index("Take")
    spans = split_sentences(text, start, len(text))
    assert [text[s:e] for s, e in spans] == ["Take this one.", "And this."]


def test_quotes_curly_straight_and_doubled_apostrophes():
    text = "He said “one” and \"two\" and ''three'' today."
    assert [text[q.start:q.end] for q in find_quotes(text)] == ["one", "two", "three"]


def test_quote_continued_over_paragraphs():
    text = "“First part.\n\n“Second part,” he said."
    quotes = find_quotes(text)
    assert len(quotes) == 1
    assert [text[s:e] for s, e in quotes[0].pieces] == ["First part.", "Second part,"]
    assert not quotes[0].warnings


def test_unbalanced_quote_warns_not_fails():
    text = "He said “this never closes.\n\nNew paragraph without a quote."
    quotes = find_quotes(text)
    assert quotes and "unbalanced quote" in quotes[0].warnings
    assert text[quotes[0].start:quotes[0].end] == "this never closes."


def test_hedges_found_with_offsets():
    text = "It may rain, and possibly what if it snows? Reportedly so."
    hedges = find_hedges(text)
    words = [h[2].lower() for h in hedges]
    assert {"may", "possibly", "what if", "reportedly"} <= set(words)
    for s, e, w in hedges:
        assert text[s:e] == w


@pytest.mark.parametrize("sentence,expected", [
    ("This is 100 percent speculation, but what if Israel acts?", True),
    ("Some critics say the plan is flawed.", True),
    ("It is believed that he fled the country.", True),
    ("The company reported revenue of $3 billion on Tuesday.", False),
    ("No doubt we will hear more about this.", False),
    ("The bridge opened in 1932.", False),
])
def test_is_speculative(sentence, expected):
    assert is_speculative(sentence) is expected


@pytest.mark.parametrize("source,expected", [
    ("two Azeri former military officers", "anonymous"),
    ("officials in Baku", "anonymous"),
    ("a senior administration official", "anonymous"),
    ("people familiar with the matter", "anonymous"),
    ("a State Department spokesman", "anonymous"),
    ("a security consultant with contacts at Azeri defense headquarters in Baku", "anonymous"),
    ("Rasim Musabayov, an independent Azeri lawmaker", "named"),
    ("the FBI", "named"),
    ("Foreign Policy magazine", "outlet"),
    ("the poll", "document"),
    ("a court document filed Thursday", "document"),
    ("Democrats", "anonymous"),
    ("the assailant, John McGraw", "named"),
])
def test_classify_source_by_head(source, expected):
    assert classify_source(source, "said", "", default_registry()) == expected


def test_anonymity_phrase_overrides():
    context = "A lawmaker, who asked not to be named, said the vote would fail."
    assert classify_source("A lawmaker", "said", context, default_registry()) == "anonymous"


@pytest.mark.parametrize("source,name,role", [
    ("Rasim Musabayov, an independent Azeri lawmaker", "Rasim Musabayov", "an independent Azeri lawmaker"),
    ("Spokeswoman Haley Morris", "Haley Morris", "Spokeswoman"),
    ("the assailant, John McGraw", "John McGraw", "the assailant"),
    ("Mr. Trump", "Mr. Trump", None),
    ("officials in Baku", None, "officials in Baku"),
])
def test_split_name_role(source, name, role):
    assert split_name_role(source) == (name, role)


def span(text, s):
    return text[s[0]:s[1]] if s else None


def test_according_to_and_inverted_said():
    text = ("According to the Associated Press, the talks failed. "
            "“We are done,” said Jane Doe, a union leader. "
            "The vote was close, he said.")
    rows = [a for a in extract_text(text) if a.source]
    by_cue = {span(text, a.cue): a for a in rows}
    ap = by_cue["According to"]
    assert span(text, ap.source) == "the Associated Press" and ap.suggested == "outlet"
    assert span(text, ap.claim) == "the talks failed"
    jane = next(a for a in rows if a.kind == "direct")
    assert span(text, jane.source) == "Jane Doe, a union leader"
    assert jane.kind == "direct" and span(text, jane.claim) == "We are done,"
    assert jane.source_name == "Jane Doe" and jane.source_role == "a union leader"
    he = next(a for a in rows if span(text, a.source) == "he")
    assert span(text, he.claim) == "The vote was close" and he.kind == "indirect"


def test_pronoun_resolves_to_last_speaker_and_told_outlet():
    text = "John Smith, the mayor, said the city was safe. He told CNN that crime had fallen."
    rows = [a for a in extract_text(text) if a.source]
    he = next(a for a in rows if span(text, a.source) == "He")
    assert he.resolved_source == "John Smith" and he.suggested == "named"
    assert he.via_outlet == "CNN" and span(text, he.claim) == "crime had fallen"


def test_noun_report_is_not_a_cue():
    text = "The bombshell report was denied by officials. The Foreign Policy report was described as wrong."
    rows = [a for a in extract_text(text) if a.source]
    assert not any(span(text, a.cue) == "report" for a in rows)


def test_unsourced_sentences_skip_trivial():
    text = "Breaking News\nMarch 3, 2012\nThe river flooded the lower town overnight.\nOk then."
    rows = extract_text(text)
    assert [span(text, a.claim) for a in rows] == ["The river flooded the lower town overnight."]
    assert rows[0].kind == "unsourced" and rows[0].source is None


def test_dash_and_from_lead_ins():
    text = "The future belongs to those who prepare for it today.\n— Malcolm X\n\nFrom the report:\n\nThe economy grew by three percent last year."
    rows = [a for a in extract_text(text) if a.source]
    kinds = {a.kind: a for a in rows}
    assert span(text, kinds["dash"].source) == "Malcolm X"
    assert span(text, kinds["dash"].claim).startswith("The future belongs")
    assert span(text, kinds["colon"].source) == "the report"
    assert span(text, kinds["colon"].claim).startswith("The economy grew")
