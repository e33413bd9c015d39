"""Which outlet an HTML page belongs to, when trafilatura's metadata pass reads no site name."""
from __future__ import annotations

from workbook.load.html import outlet_name, parse_html
from workbook.outlets import default_registry

BODY = ("<body><article><h1>Bridge stays closed</h1><p>The mayor said the old bridge would stay closed "
        "until June, according to city officials.</p><p>Repairs will cost more than planned, a "
        "spokesman for the works department said on Monday.</p></article></body></html>")


def page(head: str) -> str:
    return f"<!DOCTYPE html><html lang='en'><head><title>Bridge stays closed</title>{head}</head>{BODY}"


# An iframe in the head (ad scripts inject them) ends the head for an HTML parser: the tags
# after it land in the body, where trafilatura's metadata pass no longer looks.
BROKEN_HEAD = ('<script src="//ads.example/tag.js"></script><iframe src="about:blank"></iframe>'
               '<meta property="og:site_name" content="Daily Bugle"/>'
               '<link rel="canonical" href="https://www.bugle.example/news/bridge-stays-closed"/>')


def test_site_name_after_an_iframe_in_the_head_is_still_the_outlet():
    article = parse_html(page(BROKEN_HEAD), "bridge.html", default_registry())
    assert article.outlet == "Daily Bugle"
    assert article.url == "https://www.bugle.example/news/bridge-stays-closed"


def test_the_article_id_stays_what_it_was_before_the_outlet_was_read():
    """A page reloaded after this change must keep its id, so its tags stay on it."""
    registry = default_registry()
    with_tags = parse_html(page(BROKEN_HEAD), "bridge.html", registry)
    without = parse_html(page(""), "bridge.html", registry)
    assert without.outlet is None
    assert with_tags.id == without.id


def test_a_site_name_that_is_a_url_becomes_the_outlet_or_its_domain():
    registry = default_registry()
    assert outlet_name(registry, "http://www.bugle.example", None) == "bugle.example"
    assert outlet_name(registry, None, "https://www.reuters.com/world/x") == "Reuters"
    assert outlet_name(registry, "Daily Bugle", "https://www.reuters.com/world/x") == "Daily Bugle"
    assert outlet_name(registry, None, None) is None
    assert outlet_name(registry, None, "not a url at all") is None
    article = parse_html(page('<meta property="og:site_name" content="http://www.bugle.example"/>'),
                         "bridge.html", registry)
    assert article.outlet == "bugle.example"
