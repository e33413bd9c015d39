"""The seed article (Aletho News / Eurasianet, Sept 2012) must come out right."""
from pathlib import Path

import pytest

from workbook.extract import extract_text
from workbook.models import Article
from workbook.extract import extract

ROOT = Path(__file__).resolve().parents[1]
NAME = "000_be3c3d0c321bae5b.txt"
CANDIDATES = [ROOT / "data" / NAME, ROOT.parent / "shared" / "seeds" / NAME]
SEED = next((p for p in CANDIDATES if p.is_file()), None)

pytestmark = pytest.mark.skipif(SEED is None, reason=f"seed {NAME} not in data/ or ../shared/seeds")


@pytest.fixture(scope="module")
def seed():
    text = SEED.read_text(encoding="utf-8")
    start = text.index("\n", text.index("By Joshua Kucera")) + 1
    end = text.index("September 30, 2012 - Posted by")
    rows = extract_text(text, [(start, end)])
    return text, (start, end), rows


def span(text, s):
    return text[s[0]:s[1]] if s else None


def rows_with_source(text, rows, fragment):
    return [a for a in rows if a.source and fragment in span(text, a.source)]


def test_all_rows_inside_body(seed):
    text, (start, end), rows = seed
    assert rows
    for a in rows:
        assert start <= a.claim[0] <= a.claim[1] <= end
        for s in (a.source, a.cue):
            if s:
                assert start <= s[0] <= s[1] <= end


def test_officers_and_russian_sources_are_two_anonymous_rows_via_reuters(seed):
    text, _, rows = seed
    officers = rows_with_source(text, rows, "Azeri former military officers with links to serving personnel")
    russians = [a for a in rows if a.source and span(text, a.source) == "two Russian intelligence sources"]
    assert officers and russians
    for a in officers + russians:
        assert a.suggested == "anonymous"
        assert a.via_outlet == "Reuters"
        assert span(text, a.claim).startswith("Azerbaijan and Israel have been looking")
    assert "two Russian" not in span(text, officers[0].source)


def test_security_consultant_quotes(seed):
    text, _, rows = seed
    consultant = rows_with_source(text, rows, "a security consultant with contacts at Azeri defense headquarters in Baku")
    # The quote goes on after its cue in the same paragraph: one statement, one claim.
    (a,) = consultant
    assert a.suggested == "anonymous" and a.kind == "direct"
    claim = span(text, a.claim)
    assert claim.startswith("Where planes would fly from")
    assert claim.endswith("The Israelis … would like to gain access to bases in Azerbaijan.")


def test_officials_in_baku_denial(seed):
    text, _, rows = seed
    baku = [a for a in rows if a.source and span(text, a.source) == "officials in Baku"]
    assert len(baku) == 1 and baku[0].suggested == "anonymous"
    assert "denied" in span(text, baku[0].cue)


def test_musabayov_named_with_role_and_hedged_claim(seed):
    text, _, rows = seed
    main = rows_with_source(text, rows, "Rasim Musabayov, an independent Azeri lawmaker")
    assert len(main) == 1
    a = main[0]
    assert a.suggested == "named" and a.kind == "indirect"
    assert a.source_name == "Rasim Musabayov"
    assert a.source_role == ("an independent Azeri lawmaker and a member of parliament’s "
                             "foreign affairs committee")
    claim = span(text, a.claim)
    assert "he understood that Azerbaijan would probably feature" in claim
    assert not claim.rstrip().endswith(":")
    assert a.speculative
    assert {"probably", "no definitive information", "he understood"} <= set(a.hedges)


def test_musabayov_quotes_resolved_and_via_reuters(seed):
    text, _, rows = seed
    mine = [a for a in rows if a.resolved_source == "Rasim Musabayov" and a.kind == "direct"]
    claims = [span(text, a.claim) for a in mine]
    assert any(c.startswith("Israel has a problem") for c in claims)
    # One quote over two paragraphs ("“I think ...\n\n“We have ...,” he added"): one claim.
    assert any(c.startswith("I think their plan") and "\n\n“We have (bases) fully equipped" in c
               for c in claims)
    assert all(a.via_outlet == "Reuters" and a.suggested == "named" for a in mine)
    told = next(a for a in mine if span(text, a.claim).startswith("Israel has a problem"))
    assert span(text, told.source) == "Musabayov" and span(text, told.cue) == "told Reuters"
    added = next(a for a in mine if span(text, a.claim).startswith("I think"))
    assert span(text, added.source) == "he" and span(text, added.cue) == "added"
    assert "I think" in added.hedges


def test_outlet_rows_foreign_policy_and_reuters(seed):
    text, _, rows = seed
    fp = [a for a in rows if a.suggested == "outlet" and a.via_outlet == "Foreign Policy"]
    assert fp and span(text, fp[0].source) == "Foreign Policy magazine"
    assert fp[0].source_name == "Foreign Policy" and fp[0].source_role is None  # an alias is not a role
    assert span(text, fp[0].cue) == "reported"
    assert span(text, fp[0].claim).startswith("Israel was in talks with Azerbaijan")
    reuters = [a for a in rows if a.suggested == "outlet" and a.via_outlet == "Reuters"]
    assert reuters and "come out with" in span(text, reuters[0].cue)
    assert span(text, reuters[0].claim).startswith("[T]wo Azeri former military officers")


def test_writer_speculation_is_unsourced_and_speculative(seed):
    text, _, rows = seed
    spec = [a for a in rows if "100 percent speculation" in span(text, a.claim)]
    assert len(spec) == 1
    assert spec[0].kind == "unsourced" and spec[0].suggested == "unsourced"
    assert spec[0].source is None and spec[0].speculative
    assert "what if" in [h.lower() for h in spec[0].hedges]


def test_no_row_for_trivial_lines_or_headings(seed):
    text, _, rows = seed
    assert not any(span(text, a.claim) in ("Aletho News",) for a in rows)


def test_extract_article_uses_body_regions():
    text = SEED.read_text(encoding="utf-8")
    start = text.index("\n", text.index("By Joshua Kucera")) + 1
    end = text.index("September 30, 2012 - Posted by")
    article = Article(id="seed", source=str(SEED), text=text, body=[(start, end)])
    rows = extract(article)
    assert rows and all(start <= a.claim[0] and a.claim[1] <= end for a in rows)
    assert not any("Reblogged" in text[a.claim[0]:a.claim[1]] for a in rows)
