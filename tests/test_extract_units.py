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


def test_hedges_skip_bare_group_words_in_news():
    text = "Many voters came, and some left early. Some critics say it may rain."
    words = [h[2].lower() for h in find_hedges(text)]
    assert "many" not in words and "some" not in words
    assert "some critics say" in words and "may" in words


def test_hedge_model_scores_match_its_features():
    from workbook.extract import hedge_model

    model = hedge_model.load_model()
    assert model is not None and 0 < model["threshold"] < 1
    for sentence in ["Some critics say the plan is flawed.", "The bridge opened in 1932.",
                     "It is widely believed that some 300 people were there."]:
        z = model["bias"] + sum(model["weights"].get(k, 0.0) for k in hedge_model.features(sentence))
        import math
        assert hedge_model.probability(sentence) == pytest.approx(1 / (1 + math.exp(-z)))


def test_is_speculative_falls_back_to_rules_without_model(monkeypatch):
    from workbook.extract import hedge_model, hedges

    monkeypatch.setattr(hedge_model, "load_model", lambda: None)
    assert hedges.is_speculative("It is believed that he fled the country.")
    assert not hedges.is_speculative("The bridge opened in 1932.")


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


def sources_of(text):
    return [(span(text, a.source), span(text, a.cue), a.suggested) for a in extract_text(text) if a.source]


@pytest.mark.parametrize("text,source,cue", [
    ("Sen. Roy Blunt (R-Mo.) said the vote failed.", "Sen. Roy Blunt (R-Mo.)", "said"),
    ("In a victory speech on Tuesday night, Mr. Trump struck a measured tone, saying he understood.",
     "Mr. Trump", "saying"),
    ("Davis, a longtime liberal, lashed out at the nominee on Facebook, telling Trump to stop.",
     "Davis, a longtime liberal", "telling"),
    ("But at least a dozen members of Congress told reporters she thinks so.",
     "at least a dozen members of Congress", "told"),
    ("About 4 in 10 still say they want more liberal policies.", "About 4 in 10", "still say"),
    ("Trump, in Kentucky, said Tuesday that Rubio was a lightweight.", "Trump", "said"),
    ("It was replaced by a message that said, “Sorry, no.”", "that", "said"),
    ("Trump’s campaign has not commented on the reason.", "Trump’s campaign", "has not commented"),
    ("“The distraction hurts,” said former Wisconsin Gov. Jim Doyle.", "former Wisconsin Gov. Jim Doyle",
     "said"),
    ("But Mrs. Clinton would do well to begin building bridges to Mr. Sanders, said David Axelrod.",
     "David Axelrod", "said"),
    ("By double digits, those surveyed say stricter gun laws would help.", "those surveyed", "say"),
])
def test_source_spans(text, source, cue):
    assert (source, cue) in [(s, c) for s, c, _ in sources_of(text)]


@pytest.mark.parametrize("text", [
    "Bush also won narrower victories in coastal states that have moved firmly to Democrats.",
    "Kiedis said his band and Danger Mouse, wrote a host of new songs for the album.",
    "Laureate Mario Vargas Llosa, one of the signatories, told an audience in Houston that it was bad.",
    "The borrowing continued, and four years later the bank failed.",
    "But the drinking continued for years.",
    "Editor’s note: this story was updated on Monday.",
])
def test_not_sources(text):
    bad = {"coastal", "a host of new songs for the album", "an audience", "The borrowing",
           "the drinking", "Editor’s"}
    assert not [s for s, _, _ in sources_of(text) if s in bad or s.startswith("Bush also")]


def test_headline_and_transcript_colons_and_title_case_says():
    text = ("Marco Rubio: I’m Not Interested In Being Vice President\n\n"
            "Bernie Sanders Says He’s Already Started Writing His Inaugural Address\n\n"
            "TAPPER: Do you think Donald Trump has campaigned as a racial healer?\n\n"
            "Editor’s note: this is a note about the story.\n\nQ: Is he conservative?")
    found = {s: (c, t) for s, c, t in sources_of(text)}
    assert found["Marco Rubio"] == (":", "named")
    assert found["Bernie Sanders"][0] == "Says"
    assert found["TAPPER"][0] == ":"
    assert not any(s.startswith("Editor") or s == "Q" for s in found)


def test_documents_as_sources():
    text = ("A new Latino Decisions poll released Friday found that 70 percent of voters agree. "
            "Polls show that Clinton is weakest among Hispanic voters. "
            "In a national CNN/ORC poll released Monday, 31% of Republicans said they liked it. "
            "According to a Reuters/Ipsos poll, the two candidates are in a dead heat.")
    found = {s: (c, t) for s, c, t in sources_of(text)}
    assert found["Polls"] == ("show", "document")
    assert found["a national CNN/ORC poll released Monday"] == ("In", "document")
    assert found["a Reuters/Ipsos poll"][1] == "document"
    assert any(s.startswith("A new Latino Decisions poll") and t == "document"
               for s, (c, t) in found.items())


@pytest.mark.parametrize("source", ["Others", "Most Republican voters in Alabama, Georgia and Virginia",
                                    "Companies", "polls at the time"])
def test_open_groups_and_polls_by_head(source):
    expected = "document" if source.startswith("polls") else "anonymous"
    assert classify_source(source, "said", "", default_registry()) == expected


def test_datelines_and_time_stamps_are_never_claims():
    from workbook.extract import extract_text

    for stamp in ("June 13, 2013 4: 59 PM EDT", "Thu, 10 Nov 2011 02: 45 PM", "9: 53 AM, MON 22 JUL 2013",
                  "Updated at 10: 24 AM, MON 22 JUL 2013"):
        text = f"{stamp}\n\nPolice said four men were arrested on Monday in the city centre."
        claims = [text[a.claim[0]:a.claim[1]] for a in extract_text(text)]
        assert claims and not any("PM" in c or "AM" in c for c in claims), claims
    (att,) = extract_text("The vote is on May 4 at 9 PM, the electoral commission said.")
    assert att.suggested == "named"


@pytest.mark.parametrize("text", [
    "The talks will resume in May, said Foreign Minister Ivan Petrov.",
    "“The talks will resume in May,” said Foreign Minister Ivan Petrov.",
    "\"The talks will resume in May,\" said Foreign Minister Ivan Petrov.",
    "The talks will resume in May, says Petrov.",
])
def test_inverted_said_claim_is_the_content_not_the_speaker(text):
    rows = [a for a in extract_text(text) if a.source]
    assert len(rows) == 1
    a = rows[0]
    claim = text[a.claim[0]:a.claim[1]].rstrip(",")
    source = text[a.source[0]:a.source[1]]
    assert claim == "The talks will resume in May"
    assert source in ("Foreign Minister Ivan Petrov", "Petrov")
    assert a.claim[1] <= a.cue[0] < a.source[0]


def test_inverted_said_with_a_trailing_participle_keeps_both_claims():
    text = ("The talks will resume in May, said Foreign Minister Ivan Petrov, adding that "
            "nothing had been agreed.")
    claims = {text[a.claim[0]:a.claim[1]] for a in extract_text(text) if a.source}
    assert "The talks will resume in May" in claims
    assert not any(c.startswith("Foreign Minister") for c in claims)
