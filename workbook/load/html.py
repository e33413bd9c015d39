"""HTML pages through trafilatura: body text, title, author, date, site name; comments kept out,
and page furniture (menus, link lists, captions, share lines) left outside the body regions."""
from __future__ import annotations

import trafilatura

from ..models import Article
from ..outlets import OutletRegistry
from .dates import parse_date
from .furniture import body_furniture, body_regions, xml_text
from .provenance import propagation_in
from .text import article_id


class EmptyPage(ValueError):
    pass


def parse_html(html: str, source: str, registry: OutletRegistry, url: str | None = None,
               fmt: str = "html") -> Article:
    # Links kept in the XML tell link lists and navigation apart from the story; the text
    # itself is trafilatura's plain text with the links' markup left out.
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=False, include_links=True)
    if doc is None:
        raise EmptyPage("no article text found in the page")
    get = doc.get if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    body = get("body")
    text = (xml_text(body) if body is not None else get("text") or "").strip()
    if not text:
        raise EmptyPage("no article text found in the page")
    url = url or get("url")
    host = registry.display_name(get("sitename")) or registry.canonical(url or "")
    title = get("title")
    published = parse_date(get("date"))
    article = Article(id=article_id(url=url, outlet=host, title=title, published=published, text=text,
                                    source=source),
                      source=source, text=text, format=fmt, outlet=host, url=url, title=title,
                      author=get("author"), published=published)
    article.body = body_regions(text, [(0, len(text))], body_furniture(body, text), title) or [(0, 0)]
    article.propagation = propagation_in(text, host, registry, None, published)
    orig = next((p.of_outlet for p in article.propagation if p.kind == "republishes"), None)
    article.original_outlet = orig
    return article
