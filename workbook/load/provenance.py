"""Where an article came from and where it went: reposts, reblogs, pingbacks.

Works on lines of plain text (the seed's form: a blog repost with a WordPress comment section),
and on the text trafilatura returns for an HTML page.
"""
from __future__ import annotations

import re

from ..models import Propagation
from ..outlets import OutletRegistry
from .dates import parse_date

# "By Joshua Kucera | EURASIANET | September 30, 2012" (any of the parts may be missing)
BYLINE = re.compile(r"^[ \t]*By\s+(?P<author>[^|\n]{2,80}?)\s*(?:\|\s*(?P<outlet>[^|\n]{2,80}?)\s*)?"
                    r"(?:\|\s*(?P<date>[^|\n]{4,40}?)\s*)?$", re.I)
# "originally published by/at/on X", "This article first appeared on X", "Source: X"
ORIGINALLY = re.compile(
    r"(?:originally|first)\s+(?:published|appeared|posted|ran)\s+(?:by|at|on|in)\s+"
    r"(?:the\s+website\s+of\s+)?(?P<outlet>[A-Z][\w&.'’ -]{1,60}?)(?:\s+on\s+(?P<date>[^.\n]{4,30}))?\s*[.\n(]",
    re.I)
# Greedy to the line's end, trimmed by _reblogger: a lazy name before optional tails is quadratic.
REBLOG = re.compile(r"Reblogged this on (?P<outlet>[^\n]+)", re.I)
PINGBACK = re.compile(r"^[ \t]*(?P<kind>Pingback|Trackback) by (?P<rest>[^\n]+)$", re.I | re.M)
COMMENT_BY = re.compile(r"^[ \t]*Comment by (?P<who>[^|\n]+?)\s*(?:\|\s*(?P<date>[^|\n]+))?\s*$", re.I | re.M)
# Lines that end the article body in blog templates. Line-start patterns skip only spaces and
# tabs: `^\s*` would run over every following blank line at each line start (quadratic).
FOOTER = re.compile(r"^[ \t]*(?:(?P<date>[A-Z][a-z]+ \d{1,2}, \d{4}) - Posted by\b.*"
                    r"|Posted (?:by|in)\b.*|\d+ (?:Comments?|Responses?)\b.*"
                    r"|(?:Leave a (?:comment|reply)|Sorry, the comment form is closed)\b.*"
                    r"|Share this:?\s*|Related\s*|Like this:?\s*)$", re.M)


def byline(line: str) -> dict | None:
    m = BYLINE.match(line)
    if not m:
        return None
    return {"author": m["author"].strip(), "outlet": (m["outlet"] or "").strip() or None,
            "date": parse_date(m["date"]) if m["date"] else None}


def _reblogger(rest: str) -> str:
    """"Dogma and Geopolitics and commented:" -> "Dogma and Geopolitics"."""
    name = rest.strip().rstrip(" \t.")
    if name.lower().endswith("and commented:"):
        name = name[: -len("and commented:")].rstrip(" \t.")
    return name


def pingback_parts(rest: str) -> tuple[str | None, str | None]:
    """"Post title | Blog name | October 29, 2012" -> (blog name, ISO date)."""
    parts = [p.strip() for p in rest.split("|") if p.strip()]
    date = parse_date(parts[-1]) if parts else None
    if date:
        parts = parts[:-1]
    if not parts:
        return None, date
    return parts[-1], date


def propagation_in(text: str, host: str | None, registry: OutletRegistry,
                   original: str | None = None, date: str | None = None) -> list[Propagation]:
    """Propagation records found in an article's text (body and comment section)."""
    records: list[Propagation] = []
    if host and original and host != original:
        records.append(Propagation("republishes", host, original, date, "byline names another outlet"))
    if host:
        for m in ORIGINALLY.finditer(text):
            of = registry.display_name(m["outlet"])
            if of and of != host and not any(r.kind == "republishes" and r.of_outlet == of for r in records):
                records.append(Propagation("republishes", host, of, parse_date(m["date"] or "") or date,
                                           m.group(0).strip()))
        for m in REBLOG.finditer(text):
            who = registry.display_name(_reblogger(m["outlet"]))
            when = _date_after(text, m.end())
            records.append(Propagation("reblogs", who, host, when, m.group(0).strip()))
        for m in PINGBACK.finditer(text):
            who, when = pingback_parts(m["rest"])
            if who:
                records.append(Propagation("links_to", registry.display_name(who), host, when,
                                           m.group(0).strip()))
    return records


def _date_after(text: str, pos: int) -> str | None:
    """The date of the comment a reblog line belongs to ("Comment by X | September 30, 2012")."""
    m = COMMENT_BY.search(text, pos, min(len(text), pos + 400))
    return parse_date(m["date"]) if m and m["date"] else None
