"""What a claim names and states, for matching: figures, named entities and how much
informative content it has.

- **Figures**: numbers other than dates, years and clock times ("404 yards", "1,000 people").
- **Entities**: capitalised words that are not function or reporting words ("Kenya", "Nairobi").
  Spellings of one name are one entity: "Kenya"/"Kenyan" (one a prefix of the other) and
  a demonym and its country (words starting alike whose WordLlama vectors are close), decided once
  per distinct word, never per claim.
- **Informative content**: the general rarity of a claim's content words in English (wordfreq's
  Zipf scale, a general resource): "a really great guy" or "Read the original article." are all
  common words and carry almost nothing, "Patagonia", "glacier" or "refugee" carry a lot.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

COMMON_ZIPF = 5.5  # words at least this common in English (Zipf scale) carry no information
NAME_PREFIX = 3  # spellings of one name are compared only when they start with the same letters
NAME_SIMILARITY = 0.5  # cosine of two spellings' WordLlama vectors that makes them one name

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_DAY = re.compile(rf"\b(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})\b|\b(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})\b",
                        re.IGNORECASE)
_YEAR_OR_CLOCK = re.compile(r"(?<![\d,.])(?=[12])(?:19|20)\d\d(?!\d|,\d)|\b(?=\d)\d{1,2}\s*:\s*\d\d\b")
_YEAR = re.compile(r"(?<![\d,.])(?=[12])(?:19|20)\d\d(?!\d|,\d)")
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
# A figure stands alone: not inside a name ("76ers", "IE8", "MS08"), though ordinals count ("21st").
_NUMBER = re.compile(r"(?<![^\W_])\d[\d,]*(?:\.\d+)?(?=st\b|nd\b|rd\b|th\b|(?![^\W_]))")
_DIGIT = re.compile(r"\d")


def _has_month(lower: str) -> bool:  # a cheap test before the month regex
    return any(m in lower for m in MONTHS)


_CAPITALISED = re.compile(r"(?<![\w'’])(?:[A-Z][A-Za-z.-]*[A-Za-z]|[A-Z](?=\.))")  # "Israel", "U.S.", not "it's"
WORD = re.compile(r"(?u)\b[^\W\d_][^\W\d_'’-]+\b")


def claim_numbers(text: str) -> frozenset[str]:
    """The figures a claim states ("404 yards", "1,000 people", "3.1 percent"), leaving out dates,
    years and clock times, which outlets write differently for the same event."""
    text = text or ""
    if not _DIGIT.search(text):
        return frozenset()
    if _has_month(text.lower()):
        text = _MONTH_DAY.sub(" ", text)
    text = _YEAR_OR_CLOCK.sub(" ", text)
    return frozenset(m.group(0).replace(",", "") for m in _NUMBER.finditer(text))


def claim_times(text: str) -> dict[str, frozenset[str]]:
    """When a claim says its event happened: weekdays, years and month-day dates, each a class of
    its own (an outlet writing "Tuesday" and another "Jan. 6" may mean one day; "Tuesday" and
    "Saturday", or 2008 and 2012, are two events)."""
    text = text or ""
    lower = text.lower()
    days = frozenset(_WEEKDAY.findall(lower)) if "day" in lower else frozenset()
    years = dates = frozenset()
    if _DIGIT.search(text):
        years = frozenset(_YEAR.findall(text))
        if _has_month(lower):
            dates = frozenset(f"{(m.group('m1') or m.group('m2')).lower()[:3]} {int(m.group('d1') or m.group('d2'))}"
                              for m in _MONTH_DAY.finditer(text))
    return {"weekday": days, "year": years, "date": dates}


def capitalised_words(text: str, stop_words: frozenset[str]) -> set[str]:
    """Lower-cased capitalised words of ``text`` that are not stop words (possessives cut)."""
    words = {w.replace(".", "").lower() for w in _CAPITALISED.findall(text or "")}
    return {w for w in words if len(w) >= 2 and w not in stop_words}


def name_ids(words: Sequence[str]) -> dict[str, int]:
    """One id per name: words that are spellings of one name get the same id."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    from .semantic import embed

    words = sorted(set(words))
    if not words:
        return {}
    rows, cols = [], []
    for k, w in enumerate(words):  # sorted: the words that extend w follow it
        m = k + 1
        while len(w) >= 4 and m < len(words) and words[m].startswith(w):
            rows.append(k)
            cols.append(m)
            m += 1
    vectors = embed([w.capitalize() for w in words])
    prefixes = np.array([w[:NAME_PREFIX] for w in words])
    starts = np.flatnonzero(np.r_[True, prefixes[1:] != prefixes[:-1]])  # buckets are runs (sorted)
    for lo, hi in zip(starts, np.r_[starts[1:], len(words)]):
        if hi - lo > 1:
            a, b = np.nonzero(np.triu(vectors[lo:hi] @ vectors[lo:hi].T >= NAME_SIMILARITY, 1))
            rows.extend((a + lo).tolist())
            cols.extend((b + lo).tolist())
    links = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(words), len(words)))
    _, label = connected_components(links, directed=False)
    return dict(zip(words, label.tolist()))


def claim_entities(texts: Sequence[str], stop_words: frozenset[str]) -> list[frozenset[int]]:
    """Per text, the ids of the names it mentions."""
    words = [capitalised_words(t, stop_words) for t in texts]
    ids = name_ids([w for ws in words for w in ws])
    return [frozenset(ids[w] for w in ws) for ws in words]


def word_information(words: Sequence[str]) -> np.ndarray:
    """How much each (lower-cased) word tells: COMMON_ZIPF minus its Zipf frequency, at least 0.
    A word wordfreq has never seen counts as rare (a name, a place, a misspelling)."""
    frequency = _frequencies()
    zipf = np.array([frequency.get(w, 0.0) for w in words], dtype=np.float64)
    zipf = np.where(zipf > 0, np.log10(np.maximum(zipf, 1e-12)) + 9.0, 0.0)
    return np.maximum(0.0, COMMON_ZIPF - zipf).astype(np.float32)


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    """wordfreq's English word frequencies (its Zipf value is log10 of these plus 9)."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en")


__all__ = ["capitalised_words", "claim_entities", "claim_numbers", "claim_times", "name_ids", "word_information"]
