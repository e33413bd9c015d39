"""Load articles from files, folders, globs and URLs, one at a time (memory stays flat).

``iter_load`` yields an :class:`~workbook.models.Article` for each article and a
:class:`~workbook.models.LoadError` (one line: what and where) for each input that failed;
the batch always goes on.
"""
from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from lxml import etree

from ..models import Article, LoadError
from ..outlets import OutletRegistry, default_registry
from .encoding import DecodeError, decode_bytes
from .html import EmptyPage, parse_html
from .jsonl import BadLine, parse_jsonl
from .language import mark_language
from .text import parse_text
from .url import FetchError, fetch

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
MAX_FILE_BYTES = 20_000_000  # one article; JSON lines files stream and have no total cap
MAX_LINE_BYTES = 20_000_000
# What parsing odd input raises (lxml and trafilatura on broken markup, a date or a field of the
# wrong type): one LoadError for that input, named by type. Anything else is a bug and surfaces.
PARSE_FAILURES = (ValueError, LookupError, TypeError, AttributeError, RecursionError, etree.LxmlError)


def is_url(item: str) -> bool:
    return item.lower().startswith(("http://", "https://"))


def expand(inputs: Iterable[str | os.PathLike]) -> Iterator[str | LoadError]:
    """Files, folders (recursively, known suffixes), globs and URLs, in a stable order."""
    for item in inputs:
        item = str(item)
        if is_url(item):
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                yield LoadError(item, "folder holds no .txt, .html or .jsonl files")
            yield from (str(p) for p in found)
        elif path.exists():
            yield item
        elif glob.has_magic(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                yield LoadError(item, "no file matches this pattern")
            yield from expand(matches)
        else:
            yield LoadError(item, "no such file or folder")


def load_file(path: str, registry: OutletRegistry, max_bytes: int = MAX_FILE_BYTES) -> Iterator[Article | LoadError]:
    suffix = Path(path).suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _load_jsonl(path, registry)
            return
        size = os.path.getsize(path)
        if size == 0:
            yield LoadError(path, "empty file")
            return
        if size > max_bytes:
            yield LoadError(path, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one article")
            return
        data = Path(path).read_bytes()
        text, _encoding, warning = decode_bytes(data)
        if not text.strip():
            yield LoadError(path, "file holds only white space")
            return
        if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and text.lstrip()[:1] == "<"):
            article = parse_html(text, path, registry)
        else:
            article = parse_text(text, path, registry)
        if warning:
            article.warnings.append(warning)
        yield article
    except (DecodeError, EmptyPage) as exc:
        yield LoadError(path, str(exc))
    except OSError as exc:
        yield LoadError(path, f"cannot read ({exc.strerror or exc})")


def _load_jsonl(path: str, registry: OutletRegistry) -> Iterator[Article | LoadError]:
    # No whole-file binary test here: one bad line (a stray NUL) must cost that line only.
    with open(path, "rb") as raw:
        yield from parse_jsonl((_decode_line(line) for line in raw), path, registry)


def _decode_line(line: bytes) -> str | BadLine:
    """One JSON line as text; anything undecodable becomes an error for that line alone."""
    if len(line) > MAX_LINE_BYTES:
        return BadLine(f"line is {len(line) / 1e6:.1f} MB, over the {MAX_LINE_BYTES / 1e6:.0f} MB limit")
    if b"\x00" in line:
        return BadLine("line holds a NUL byte (binary data, not JSON)")
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return decode_bytes(line).text
        except DecodeError as exc:
            return BadLine(f"line is not text ({exc})")


def load_url(url: str, registry: OutletRegistry, timeout: float = 20.0) -> Iterator[Article | LoadError]:
    try:
        body, ctype, final_url = fetch(url, timeout=timeout)
        text = decode_bytes(body).text
        if not text.strip():
            yield LoadError(url, "empty page")
        elif ctype == "text/plain":
            yield parse_text(text, url, registry, fmt="url", meta={"url": final_url})
        else:
            yield parse_html(text, url, registry, url=final_url, fmt="url")
    except (FetchError, DecodeError, EmptyPage) as exc:
        yield LoadError(url, str(exc))


def iter_load(inputs: Iterable[str | os.PathLike], registry: OutletRegistry | None = None,
              timeout: float = 20.0, languages: bool = True) -> Iterator[Article | LoadError]:
    """Articles and LoadErrors in input order, each article's language marked (``languages=False``
    leaves that to the caller: a parallel load detects it in the workers)."""
    registry = registry or default_registry()
    mark = mark_language if languages else (lambda article: article)
    for item in expand(inputs):
        if isinstance(item, LoadError):
            yield item
        elif is_url(item):
            yield from map(mark, load_url(item, registry, timeout))
        else:
            try:
                yield from map(mark, load_file(item, registry))
            except PARSE_FAILURES as exc:  # one odd file must not end the batch
                yield LoadError(item, f"unexpected error: {type(exc).__name__}: {exc}")


def load(inputs, registry: OutletRegistry | None = None) -> tuple[list[Article], list[LoadError]]:
    """Everything at once, for notebooks: (articles, errors)."""
    articles, errors = [], []
    for item in iter_load([inputs] if isinstance(inputs, (str, os.PathLike)) else inputs, registry):
        (errors if isinstance(item, LoadError) else articles).append(item)
    return articles, errors


def load_text(text: str, source: str = "<text>", registry: OutletRegistry | None = None) -> Article:
    return mark_language(parse_text(text, source, registry or default_registry()))
