"""JSON lines corpora: one article object per line (wikinews, ecbplus and similar shapes)."""
from __future__ import annotations

import json
from pathlib import PurePath
from typing import NamedTuple
from collections.abc import Iterator

from ..models import Article, LoadError
from ..outlets import OutletRegistry
from .dates import parse_date
from .text import parse_text

# What an odd line can make the parsing raise (a field of the wrong type, a bad date).
PARSE_FAILURES = (ValueError, LookupError, TypeError, AttributeError, RecursionError)

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


class BadLine(NamedTuple):
    """A line the reader could not turn into text: it becomes one error for that line."""

    reason: str


def _clean(value):
    """JSON can escape lone surrogates ("\\ud800") that no UTF-8 store accepts: replace them."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return value


def _corpus_name(source: str) -> str:
    path = PurePath(source)
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def parse_jsonl(lines, source: str, registry: OutletRegistry) -> Iterator[Article | LoadError]:
    """Stream articles from an iterable of text lines; a bad line is one LoadError, not the end."""
    for number, line in enumerate(lines, 1):
        where = f"{source}:{number}"
        try:
            yield from _parse_line(line, where, source, registry)
        except PARSE_FAILURES as exc:  # whatever one line holds, the lines after it still load
            yield LoadError(where, f"cannot read this line ({type(exc).__name__}: {exc})")


def _parse_line(line: str, where: str, source: str, registry: OutletRegistry) -> Iterator[Article | LoadError]:
    if isinstance(line, BadLine):
        yield LoadError(where, line.reason)
        return
    if not line.strip():
        return
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        # Some messages end in "at" already ("Invalid control character at"): say it once.
        yield LoadError(where, f"not valid JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})")
        return
    if not isinstance(obj, dict):
        yield LoadError(where, "a JSON line must be an object with a text field")
        return
    obj = {k: _clean(v) for k, v in obj.items()}
    text = next((obj[n].strip() for n in TEXT_FIELDS if isinstance(obj.get(n), str) and obj[n].strip()), None)
    wrong = next((n for n in TEXT_FIELDS if obj.get(n) is not None and not isinstance(obj[n], str)), None)
    if not text and wrong:
        yield LoadError(where, f"field {wrong!r} is a {type(obj[wrong]).__name__}, not text: "
                               "an article's text must be a JSON string")
        return
    if not text:
        yield LoadError(where, f"no text field (expected one of {', '.join(TEXT_FIELDS)})")
        return
    outlet = _first(obj, OUTLET_FIELDS)
    meta = {"title": _first(obj, TITLE_FIELDS), "outlet": outlet, "url": _first(obj, URL_FIELDS),
            "published": parse_date(_first(obj, DATE_FIELDS)), "author": _first(obj, ("author", "byline")),
            "original_outlet": registry.display_name(_first(obj, ("original_outlet",)))}
    ident = _first(obj, ID_FIELDS)
    if ident:  # the corpus's own id wins: several documents may share one URL (live blogs)
        # folder + file name: train/docs.jsonl and test/docs.jsonl may reuse ids; the full path
        # would change the id whenever the corpus moves.
        meta["key"] = f"{_corpus_name(source)}#{ident}"
    yield parse_text(text, where, registry, fmt="jsonl", meta=meta)
