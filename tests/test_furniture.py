"""Page furniture is never a claim: wording rules, structure rules, and a page with each kind."""
from lxml import etree

from workbook.extract import extract
from workbook.load import load
from workbook.load import furniture

STORY = [
    "The harbour in Port Ellis will stay closed for at least another week, the mayor said on Monday, "
    "after a storm damaged two of its piers and sank a fishing boat.",
    "“We cannot let ships in until the divers have checked every metre of the channel,” Mayor Ana "
    "Costa told reporters outside the town hall.",
    "Harbour workers said repairs to the north pier could take until the end of the summer.",
    "Fishermen's union leader Tom Berg said the closure would cost his members their best week of the season.",
]
FURNITURE = {
    "date line": "Posted on May 6, 2024, at 10:00 a.m.",
    "newsletter": "Sign up for our Morning Briefing newsletter to get the top stories in your inbox.",
    "social": "Follow us on Twitter @ExampleTimes for live updates.",
    "subscription": "Subscribe today for unlimited access to every story.",
    "commerce": "Example Times may receive a commission when you buy through links on this page.",
    "copyright": "This copy is for your personal, non-commercial use only.",
    "comment": "Leave a comment below and tell us what you think.",
    "share": "Share this article",
    "read the original": "Read the original article.",
    "photo credit": "Picture: Sam Lee for Example Times",
    "rights": "Copyright 2024 Example Times. All rights reserved.",
    "navigation": "Next story",
}
HEADLINE = "Mayor: “The harbour will stay shut until the storm passes”"
CAPTION = "The damaged north pier in Port Ellis on Monday morning"


def _page() -> str:
    p = "".join(f"<p>{line}</p>\n" for line in FURNITURE.values())
    story = "".join(f"<p>{line}</p>\n" for line in STORY)
    return ("<html><head><title>Harbour to stay shut, mayor says | Example Times</title>"
            '<meta property="og:site_name" content="Example Times"></head><body>'
            '<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>'
            f"<article><h1>{HEADLINE}</h1>\n{story[:len(story) // 2]}"
            f'<img src="/pier.jpg" alt="The pier"><ul><li><p>{CAPTION}</p></li></ul>\n'
            f"{p}{story[len(story) // 2:]}</article></body></html>")


def _in_body(article, phrase) -> bool:
    at = article.text.find(phrase)
    return at >= 0 and any(s <= at < e for s, e in article.body)


def test_page_furniture_is_outside_the_body_and_never_a_claim(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(_page(), encoding="utf-8")
    (article,), errors = load(path)
    assert not errors
    kept = [name for name, line in FURNITURE.items() if line in article.text]
    assert len(kept) >= 10, f"trafilatura dropped most furniture itself: {kept}"  # the test must bite
    for name, line in FURNITURE.items():
        assert not _in_body(article, line), name
    assert not _in_body(article, HEADLINE) and not _in_body(article, CAPTION)
    claims = [article.text[a.claim[0]:a.claim[1]] for a in extract(article)]
    for claim in claims:
        assert not any(claim in line or line in claim for line in FURNITURE.values()), claim
    # The story itself is still there: every paragraph is in the body, sources are found.
    assert all(_in_body(article, line[:40]) for line in STORY)
    assert sum("closure would cost his members" in c for c in claims) == 1


def test_body_regions_index_the_text_and_skip_list_markers():
    text = "Intro line said here.\n- First point of the list, in full.\nShare on Facebook\nLast words here."
    regions = furniture.body_regions(text, [(0, len(text))])
    pieces = [text[s:e] for s, e in regions]
    assert pieces == ["Intro line said here.", "First point of the list, in full.", "Last words here."]


def test_wording_rules_leave_ordinary_sentences_alone():
    ordinary = ["The council said it would subscribe to the regional water plan next year.",
                "Police said the copyright dispute between the two publishers had turned violent "
                "when one of them followed the other home on Friday night.",
                "She said the photo was taken by a neighbour."]
    assert not any(furniture.is_furniture_line(s) for s in ordinary)
    assert all(furniture.is_furniture_line(s) for s in FURNITURE.values())


XML_BODY = """<body>
<head rend="h1">A headline is not a claim</head>
<p>The minister said the new rail line would open in the spring of next year.</p>
<graphic src="a.jpg" alt="The new station"/>
<list rend="ul"><item><p>The new station, seen from the north, in March.</p></item></list>
<p>Residents told the council they feared the noise, the mayor said on Tuesday.</p>
<list rend="ul"><item><ref target="/a">15 Amazing Images of Stars</ref></item>
<item><ref target="/b">Ten Rivers You Can Swim In</ref></item><item>Our weekly quiz</item></list>
<list rend="ul"><item>1/20 The old station before the fire.</item><item>2/20 The platform in 1950.</item></list>
<head rend="h4">Opinion <ref target="/c">Why the line is late</ref></head>
<p>COLUMNIST NAME: the line is late because nobody planned for the hills.</p>
<p>Read <ref target="/d">the minister's full speech here</ref></p>
</body>"""


def test_structure_marks_headings_link_lists_slideshows_captions_and_teasers():
    body = etree.fromstring(XML_BODY)
    text = furniture.xml_text(body)
    spans = furniture.body_furniture(body, text)
    marked = [text[s:e] for s, e in spans]
    joined = "\n".join(marked)
    for piece in ("A headline is not a claim", "The new station, seen from the north", "15 Amazing Images",
                  "Our weekly quiz", "1/20 The old station", "Why the line is late",
                  "nobody planned for the hills", "full speech here"):
        assert piece in joined, piece
    assert not any("rail line would open" in m or "feared the noise" in m for m in marked)


def test_plain_text_furniture_paragraphs_are_left_out_but_wrapped_lines_are_not():
    from workbook.load import load_text

    text = ("Harbour closed\n\nBy Jane Roe | Example Times | May 6, 2024\n\n"
            "The harbour will stay closed for another week, the mayor said,\nafter a storm damaged "
            "two of its\npiers.\n\nFollow us on Twitter @ExampleTimes for live updates.\n\n"
            "Harbour workers said repairs could take\nuntil the summer.\n\nRead the original article.\n")
    article = load_text(text, source="harbour.txt")
    kept = [article.text[s:e] for s, e in article.body]
    assert kept[0].startswith("The harbour will stay closed") and kept[0].endswith("piers.")
    assert "two of its\npiers." in kept[0]  # a short wrapped line is not a label
    assert kept[-1].endswith("until the summer.")
    assert not any("Follow us" in k or "original article" in k for k in kept)
