"""Property tests: arbitrary text never breaks extraction, and every span is valid."""
from hypothesis import HealthCheck, given, settings, strategies as st

from workbook.extract import extract_text, find_hedges, split_sentences
from workbook.extract.quotes import find_quotes

# Text biased toward the characters the extractor cares about.
ALPHABET = st.sampled_from(list("abcXYZ .,;:!?\"'“”‘’«»()[]—–-\n\t0123456789…") +
                           ["said", " said ", "told Reuters", " he ", "according to ", "Mr.", "U.S.",
                            "''", "“", "”", "\n\n", "Reuters", "The", " that ", "what if", "may"])
TEXTS = st.one_of(st.text(max_size=300), st.lists(ALPHABET, max_size=80).map("".join))


def check_row(text, a):
    n = len(text)
    for span in (a.claim, a.source, a.cue):
        if span is None:
            continue
        s, e = span
        assert isinstance(s, int) and isinstance(e, int)
        assert 0 <= s <= e <= n
    assert a.suggested in ("named", "anonymous", "outlet", "document", "unsourced")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_extract_never_raises_and_rows_are_distinct(text):
    rows = extract_text(text, budget=None)
    for a in rows:
        check_row(text, a)
    keys = [(a.claim, a.source, a.cue, a.kind) for a in rows]
    assert len(keys) == len(set(keys))  # no row twice


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.integers(-5, 400), st.integers(-5, 400))
def test_regions_are_clamped(text, s, e):
    for a in extract_text(text, [(s, e)]):
        check_row(text, a)
        lo, hi = max(0, min(s, len(text))), max(0, min(e, len(text)))
        assert lo <= a.claim[0] <= a.claim[1] <= hi


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_claims_are_non_empty_trimmed_and_outside_their_own_source(text):
    for a in extract_text(text):
        claim = text[a.claim[0]:a.claim[1]]
        assert claim.strip() and claim == claim.strip()
        if a.source is not None and a.kind != "direct":
            s, e = a.source
            assert not (a.claim[0] <= s and e <= a.claim[1] and (s, e) != a.claim)


REGIONS = st.lists(st.tuples(st.integers(0, 300), st.integers(0, 300)), max_size=3)


@settings(max_examples=200, deadline=None)
@given(TEXTS, REGIONS)
def test_every_span_lies_inside_one_body_region(text, regions):
    clamped = [(min(s, len(text)), min(e, len(text))) for s, e in regions]
    for a in extract_text(text, clamped or None):
        for span in (a.claim, a.source, a.cue):
            if span is not None and clamped:
                assert any(s <= span[0] and span[1] <= e for s, e in clamped)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_sentences_are_ordered_nonempty_and_trimmed(text):
    spans = split_sentences(text)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        last = e


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_quotes_and_hedges_stay_in_bounds(text):
    for q in find_quotes(text):
        assert 0 <= q.start <= q.end <= len(text)
        for s, e in q.pieces:
            assert 0 <= s <= e <= len(text)
    for s, e, w in find_hedges(text):
        assert text[s:e] == w


def test_garbage_inputs():
    for text in ["", "\x00\x00", "“" * 50, "\"" * 51, "said " * 100, "[538] said", "he said.",
                 "'' ''", "\n" * 20, "“unclosed\n\n“still\n\n“again"]:
        for a in extract_text(text, budget=None):
            check_row(text, a)
    assert extract_text(None) == []  # type: ignore[arg-type]
