"""HTML pages through trafilatura: body text, title, author, date, site name; comments kept out,
and page furniture (menus, link lists, captions, share lines) left outside the body regions."""
from __future__ import annotations

from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree

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
    # The id is made from what trafilatura read, as it always was, so a page loaded again keeps
    # its id (and its tags) now that the outlet is read more often (below).
    id_host = registry.display_name(get("sitename")) or registry.canonical(url or "")
    title = get("title")
    published = parse_date(get("date"))
    head = {} if get("sitename") and url else head_meta(html)
    page_url = url or head.get("url")
    host = outlet_name(registry, get("sitename") or head.get("sitename"), page_url)
    article = Article(id=article_id(url=url, outlet=id_host, title=title, published=published, text=text,
                                    source=source),
                      source=source, text=text, format=fmt, outlet=host, url=page_url,
                      title=title, author=get("author"), published=published)
    article.body = body_regions(text, [(0, len(text))], body_furniture(body, text), title) or [(0, 0)]
    article.propagation = propagation_in(text, host, registry, None, published)
    orig = next((p.of_outlet for p in article.propagation if p.kind == "republishes"), None)
    article.original_outlet = orig
    return article


def head_meta(html: str) -> dict:
    """The site name and canonical URL from the page's own tags, read with lxml: trafilatura's
    metadata pass finds none on some pages whose head it cannot walk, though the tags are there."""
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):  # empty or not HTML: nothing to add
        return {}
    names = tree.xpath('//meta[@property="og:site_name" or @name="og:site_name" or @name="application-name"]/@content')
    urls = tree.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content')
    first = lambda values: next((v.strip() for v in values if v and v.strip()), None)  # noqa: E731
    return {"sitename": first(names), "url": first(u for u in urls if "//" in u)}


def outlet_name(registry: OutletRegistry, sitename: str | None, url: str | None) -> str | None:
    """The outlet as the registry knows it, else the page's own site name, else its web domain
    ("tmz.com"): an unknown outlet is still an outlet, and "(unknown outlet)" helps nobody."""
    if sitename and "//" not in sitename:
        return registry.display_name(sitename)
    for candidate in (sitename, url):
        known = registry.canonical(candidate)
        if known:
            return known
    for candidate in (sitename, url):
        try:
            host = (urlsplit(candidate).hostname or "") if candidate else ""
        except ValueError:
            continue
        if host:
            return host.removeprefix("www.")
    return None
