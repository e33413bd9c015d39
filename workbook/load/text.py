"""Plain-text articles: a site-name line, a title, a byline, the body, a comment section.

Offsets stay those of the decoded file text, so every span can be found again in the file.
"""
from __future__ import annotations

import re
from pathlib import PurePath
from urllib.parse import urlsplit, urlunsplit

from ..models import Article, normalize_for_id, short_hash
from ..outlets import OutletRegistry
from .dates import parse_date
from .furniture import body_regions
from .provenance import FOOTER, byline, propagation_in

_NON_BLANK = re.compile(r"\S")
_COMMENT_ITEM = re.compile(r"^[ \t]*\d+\.[ \t]+\S", re.M)  # [ \t], not \s: linear on blank lines


def article_id(*, url: str | None = None, outlet: str | None = None, title: str | None = None,
               published: str | None = None, text: str = "", key: str | None = None,
               source: str | None = None) -> str:
    """A stable id from what identifies the article, not from its exact wording, so that an
    edited article keeps its id (and reviewer tags stay on it). In order: a corpus's own id, the
    URL, outlet + title + date, then the file (its folder and name, with the title if any: a bare
    title is too weak, two wire stories can share one), and last the normalised text (a JSON
    line with no id, URL or title has nothing else that identifies it)."""
    if key:
        return short_hash("key", key)
    if url:
        return short_hash("url", _normal_url(url))
    if title and (outlet or published):
        return short_hash("title", normalize_for_id(outlet or ""), normalize_for_id(title), published or "")
    file = _file_of(source)
    if file:
        return short_hash("file", file, normalize_for_id(title or ""))
    return short_hash("text", normalize_for_id(text))


def _normal_url(url: str) -> str:
    """Scheme and host fold case; the path and query keep it (``?id=AbC12`` is not ``?id=abc12``)."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), parts.query, ""))


def _file_of(source: str | None) -> str | None:
    """"folder/name" of a loaded file; None for a JSON line (its line number moves) or a URL."""
    if not source or "://" in source or re.search(r"\.(jsonl|ndjson):\d+$", source):
        return None
    path = PurePath(source)
    return f"{path.parent.name}/{path.name}"


def _head_lines(text: str, limit: int) -> list[tuple[int, int, str]]:
    """(start, end, line) of the first ``limit`` non-blank lines, offsets into ``text``. Blank
    runs are skipped by one regex search, so a megabyte of newlines costs one scan."""
    out, pos = [], 0
    while len(out) < limit:
        m = _NON_BLANK.search(text, pos)
        if m is None:
            break
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.start())
        end = len(text) if end < 0 else end
        line = text[start:end].rstrip("\r")
        out.append((start, start + len(line), line))
        pos = end + 1
    return out


def _blocks(text: str, lines: list[tuple[int, int, str]]) -> list[str]:
    """Consecutive lines (no blank line between) joined into one string each."""
    blocks: list[list[str]] = []
    previous_end = None
    for start, end, line in lines:
        if previous_end is not None and not text[previous_end:start].count("\n") > 1:
            blocks[-1].append(line.strip())
        else:
            blocks.append([line.strip()])
        previous_end = end
    return [" ".join(b) for b in blocks]


def parse_text(text: str, source: str, registry: OutletRegistry, fmt: str = "txt",
               meta: dict | None = None) -> Article:
    meta = meta or {}
    lines = _head_lines(text, 9)  # the header is in the first 8; a 9th says there is a body
    head = lines[:8]
    site = title = author = outlet_in_byline = published = None
    body_start = 0
    by_index = next((i for i, (_, _, ln) in enumerate(head) if byline(ln) and len(ln) < 200), None)
    if by_index is not None:
        info = byline(head[by_index][2])
        author, outlet_in_byline, published = info["author"], info["outlet"], info["date"]
        before = _blocks(text, head[:by_index])  # a headline wrapped over two lines is one block
        if len(before) >= 2:
            site, title = before[0], before[-1]
        elif before:
            title = before[0]
        body_start = head[by_index][1]
    elif len(lines) > 1 and len(lines[0][2]) < 200 and not lines[0][2].rstrip().endswith((".", "”", '"')):
        title = lines[0][2].strip()
        body_start = lines[0][1]

    footer = FOOTER.search(text, body_start)
    comments_at = _COMMENT_ITEM.search(text, body_start)
    ends = [m.start() for m in (footer, comments_at) if m]
    body_end = min(ends) if ends else len(text)
    if footer and footer["date"] and not published:
        published = parse_date(footer["date"])

    host = registry.display_name(meta.get("outlet") or site)
    original = registry.display_name(outlet_in_byline)
    if original == host:
        original = None
    title = (meta.get("title") or title or "").replace("\xa0", " ").strip() or None
    author = meta.get("author") or author
    published = meta.get("published") or published
    url = meta.get("url")
    tail = text[body_end:]
    comments = [c.strip() for c in re.split(r"\n\s*\n", tail) if c.strip()]
    # Body: from after the header to the footer, trimmed of surrounding whitespace.
    while body_start < body_end and text[body_start].isspace():
        body_start += 1
    while body_end > body_start and text[body_end - 1].isspace():
        body_end -= 1
    article = Article(
        id=article_id(url=url, outlet=host, title=title, published=published, text=text,
                      key=meta.get("key"), source=source),
        source=source, text=text, format=fmt, outlet=host, original_outlet=original or meta.get("original_outlet"),
        url=url, title=title, author=author, published=published,
        body=body_regions(text, [(body_start, body_end)], paragraphs=True) or [(0, 0)], comments=comments)
    article.propagation = propagation_in(text, host, registry, article.original_outlet, published)
    return article
