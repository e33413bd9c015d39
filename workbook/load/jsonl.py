"""JSON lines corpora: one article object per line (wikinews, ecbplus and similar shapes)."""
from __future__ import annotations

import json
from collections.abc import Iterator

from ..models import Article, LoadError
from ..outlets import OutletRegistry
from .dates import parse_date
from .text import parse_text

# Field names seen in corpora, in order of preference.
TEXT_FIELDS = ("text", "body", "content", "article")
TITLE_FIELDS = ("title", "headline", "headline_guess")
OUTLET_FIELDS = ("outlet", "site", "sitename", "source", "outlet_domain", "domain")
URL_FIELDS = ("url", "source_url", "link")
DATE_FIELDS = ("published", "date", "creation_time", "publish_date")
ID_FIELDS = ("id", "doc_id", "doc_name")


def _first(obj: dict, names) -> str | None:
    for name in names:
        value = obj.get(name)
        if isinstance(value, (str, int)) and str(value).strip():
            return str(value).strip()
    return None


def parse_jsonl(lines, source: str, registry: OutletRegistry) -> Iterator[Article | LoadError]:
    """Stream articles from an iterable of text lines; a bad line is one LoadError, not the end."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield LoadError(where, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield LoadError(where, "a JSON line must be an object with a text field")
            continue
        text = _first(obj, TEXT_FIELDS)
        if not text:
            yield LoadError(where, f"no text field (expected one of {', '.join(TEXT_FIELDS)})")
            continue
        outlet = _first(obj, OUTLET_FIELDS)
        meta = {"title": _first(obj, TITLE_FIELDS), "outlet": outlet, "url": _first(obj, URL_FIELDS),
                "published": parse_date(_first(obj, DATE_FIELDS)), "author": _first(obj, ("author", "byline")),
                "original_outlet": registry.display_name(obj.get("original_outlet"))}
        ident = _first(obj, ID_FIELDS)
        if ident:  # the corpus's own id wins: several documents may share one URL (live blogs)
            meta["key"] = f"{source.rsplit('/', 1)[-1]}#{ident}"
        yield parse_text(text, where, registry, fmt="jsonl", meta=meta)
