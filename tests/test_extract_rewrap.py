"""Re-wrapping an article's lines must not change its sentences or claims (claim ids, and so
reviewer tags, depend on them), while header-like single newlines stay boundaries."""
import re
import textwrap

import pytest
from conftest import SEED

from workbook.extract import extract_text, split_sentences
from workbook.extract.sentences import soft_newlines
from workbook.load import load_text
from workbook.models import normalize_for_id


def _ws(text):
    return re.sub(r"\s+", " ", text).strip() if text is not None else None


def _rewrap(text, width):
    # Every line of the seed is a paragraph (blank lines between them): wrap each, keep the
    # blank lines.
    return "\n".join("\n".join(textwrap.wrap(line, width)) if line.strip() else line
                     for line in text.split("\n"))


def _rows(text):
    article = load_text(text, "seed.txt")
    t = article.text
    from workbook.extract import extract

    atts = extract(article)
    for a in atts:  # spans index the original text, newlines and all
        assert 0 <= a.claim[0] < a.claim[1] <= len(t)
    claims = {normalize_for_id(t[a.claim[0]:a.claim[1]]) for a in atts}
    rows = {(normalize_for_id(t[a.claim[0]:a.claim[1]]), a.kind, a.suggested,
             _ws(t[a.source[0]:a.source[1]]) if a.source else None) for a in atts}
    raw = [t[a.claim[0]:a.claim[1]] for a in atts]
    return claims, rows, raw


@pytest.mark.parametrize("width", [60, 72])
def test_rewrapped_seed_gives_the_same_claims(width):
    original = SEED.read_text(encoding="utf-8")
    wrapped = _rewrap(original, width)
    assert wrapped != original and wrapped.count("\n") > original.count("\n") + 20
    claims0, rows0, _ = _rows(original)
    claims1, rows1, raw1 = _rows(wrapped)
    assert len(rows0) >= 15
    assert claims1 == claims0
    assert rows1 == rows0  # same kind, suggested type and source text (modulo whitespace)
    # The claims really do run over the wraps (their text keeps the newline, their id does not).
    assert sum("\n" in c for c in raw1) >= 5
    assert not any(c.strip() in ("Israel was in", "Azerbaijan") for c in raw1)


def test_wrapped_paragraph_splits_like_one_line():
    para = ("Mr. Smith said the talks in Baku would resume in May. Sen. Ted Cruz disagreed with "
            "him, calling the plan “a fantasy, plain and simple.” The U.S. Senate will vote on "
            "the measure next week... or so the leaders hope. Nobody knows.")
    one = [_ws(para[s:e]) for s, e in split_sentences(para)]
    assert len(one) == 4
    for width in (30, 45, 60, 72):
        wrapped = textwrap.fill(para, width)
        assert [_ws(wrapped[s:e]) for s, e in split_sentences(wrapped)] == one


def test_blank_lines_stay_hard_boundaries():
    text = "The minister spoke about the talks with the\n\nneighbours at length on Monday."
    assert len(split_sentences(text)) == 2
    assert soft_newlines(text) == []


def test_wikinews_title_and_dateline_are_not_merged():
    text = ("Internal emails expose Boeing-Air Force contract discussions\nNovember 24, 2004\n"
            "Emails exchanged among Air Force officials regarding a deal have been entered into "
            "the public record, officials said.\nSenator McCain has been the deal's most vocal "
            "critic.")
    sents = [text[s:e] for s, e in split_sentences(text)]
    assert sents[:2] == ["Internal emails expose Boeing-Air Force contract discussions",
                         "November 24, 2004"]
    assert sents[2].startswith("Emails exchanged")
    claims = [text[a.claim[0]:a.claim[1]] for a in extract_text(text)]
    assert not any("Internal emails" in c and "Emails exchanged" in c for c in claims)
    assert any(c.startswith("Emails exchanged") for c in claims)
    assert not any("November 24" in c for c in claims)


def test_one_sentence_per_line_stays_split():
    # ECB+ style: one sentence per line, some lines without a final full stop.
    text = ("Lindsay Lohan checks into Betty Ford Center\nMay 03, 2013\n"
            "After skipping out on entering a rehabilitation facility, Lindsay Lohan has checked "
            "into the Betty Ford Center to begin a 90-day court-mandated stay\n"
            "Lohan was previously at Betty Ford from September 2010 to January 2011.\n"
            "Her lawyer said she was doing well.")
    sents = [text[s:e] for s, e in split_sentences(text)]
    assert len(sents) == 5
    assert sents[0] == "Lindsay Lohan checks into Betty Ford Center"
    assert sents[2].endswith("court-mandated stay")


def test_headings_bylines_and_dash_lines_stay_lines():
    text = ("Historic Climate Change Agreement Adopted In Paris\n"
            "The Paris Climate Agreement Is One Huge Step For Mankind\n"
            "By John Smith\n"
            "The deal is the first of its kind, and it binds nearly every country on earth.\n"
            "—Reuters")
    assert soft_newlines(text) == []


def test_quote_runs_over_a_soft_newline():
    text = ("“We will not give up on the talks, whatever happens in the capital this\n"
            "week,” the foreign minister told reporters on Monday in Baku.")
    rows = [a for a in extract_text(text) if a.kind == "direct"]
    assert rows and "\n" in text[rows[0].claim[0]:rows[0].claim[1]]
    assert _ws(text[rows[0].claim[0]:rows[0].claim[1]]).startswith("We will not give up")
    assert _ws(text[rows[0].claim[0]:rows[0].claim[1]]).endswith("this week,")


def test_colon_pattern_ignores_a_wrapped_line_start():
    text = ("The minister spoke at length about the talks in the capital city of\n"
            "Baku: the negotiations will continue next week, he told the reporters there.")
    atts = extract_text(text)
    assert not any(a.kind == "colon" for a in atts)
    assert not any(a.source and text[a.source[0]:a.source[1]] == "Baku" for a in atts)


def test_crlf_wrapped_text_is_softened_too():
    para = ("Azerbaijan would seem to not have any interest in such cooperation, and the "
            "report was correctly described as one-sided, analysts said on Monday.")
    wrapped = textwrap.fill(para, 50).replace("\n", "\r\n")
    assert [_ws(wrapped[s:e]) for s, e in split_sentences(wrapped)] == [para]


def test_a_wrap_before_a_spaced_dash_is_soft_but_a_dash_line_is_not():
    text = ("Where planes would fly from, and where they would land afterwards\n"
            "– from here, from there – is what is being planned now, the consultant said.\n"
            "—Reuters")
    assert soft_newlines(text) == [text.index("\n")]


def test_overlapping_regions_keep_offsets():
    text = textwrap.fill("The minister said on Monday that the talks in Baku would resume in May "
                         "and that nothing had been agreed so far, officials said.", 40)
    from workbook.extract.sentences import soften

    assert len(soften(text, [(0, len(text)), (5, len(text))])) == len(text)
    assert extract_text(text, [(0, len(text)), (5, len(text))]) is not None
