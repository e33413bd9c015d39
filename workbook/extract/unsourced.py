"""Sentences no cue covers: the writer's own claims, minus headings, datelines and time stamps."""
from __future__ import annotations

import bisect
import re

from ..models import Attribution
from .doc import _Doc, _WORD
from .hedges import find_hedges, is_speculative


_DATE_LINE = re.compile(r"^\W*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s*)?(?:(?:Jan|Feb|Mar|"
                        r"Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s*\d{0,4}|"
                        r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4})[\W\d]*(?:a\.m\.|p\.m\.)?\W*$", re.IGNORECASE)


_TIMESTAMP_WORD = re.compile(
    r"^(?:\d+(?:st|nd|rd|th|am|pm)?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|"
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*|a\.?m|p\.?m|[apm]|noon|midnight|"
    r"[ecmp][sd]?t|gmt|utc|bst|cet|cest|msk|ist|posted|updated|published|last|at|on|by)\.?$", re.IGNORECASE)


def _is_timestamp(words: list[str]) -> bool:
    """A dateline or time stamp ("June 13, 2013 4: 59 PM EDT", "9: 53 AM, MON 22 JUL 2013"),
    which page templates leave in article text: never a claim."""
    # A stamp is short; a dash is no word ("2012 -- 07:58").
    return len(words) <= 16 and any(w[:1].isdigit() for w in words) and \
        all(_TIMESTAMP_WORD.match(w) for w in words if w.strip("-–—"))


def is_time_stamp(line: str, words: list[str] | None = None) -> bool:
    """A date, or a date and time, with nothing else ("December 08, 2010", "5/4/2016 10:32")."""
    return bool(_DATE_LINE.match(line)) or _is_timestamp(_WORD.findall(line) if words is None else words)


def _is_trivial(sentence: str) -> bool:
    words = _WORD.findall(sentence)
    if len(words) < 4:
        return True
    if is_time_stamp(sentence, words):
        return True
    if not any(ch.islower() for ch in sentence):
        return True  # an all-caps heading or label
    if sentence.rstrip()[-1:] not in ".!?\"”’:)'" and len(words) <= 14:
        caps = sum(1 for w in words if w[:1].isupper())
        if caps >= 0.6 * len(words):
            return True  # a Title Case heading
    return False


def _unsourced(doc: _Doc, sentences, rows: list[dict]) -> list[Attribution]:
    text = doc.text
    covered = sorted((r["sent"] for r in rows if r["sent"]))
    covered_set = set(covered)
    claims = sorted(r["claim"] for r in rows)
    starts = [c[0] for c in claims]
    out = []
    for ss, se in sentences:
        if (ss, se) in covered_set:
            continue
        # Covered by an attributed claim (a quote continued, a colon lead-in's paragraph)?
        i = bisect.bisect_right(starts, se)
        hit = False
        for cs, ce in claims[max(0, i - 50):i]:
            if min(ce, se) - max(cs, ss) > 0.5 * (se - ss):
                hit = True
                break
        if hit:
            continue
        sentence = text[ss:se]
        if _is_trivial(sentence):
            continue
        hedges = tuple(h[2] for h in find_hedges(sentence))
        out.append(Attribution(claim=(ss, se), kind="unsourced", suggested="unsourced",
                               hedges=hedges, speculative=is_speculative(sentence)))
    return out
