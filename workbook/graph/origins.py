"""What makes two reports one origin, detected from the articles themselves.

- :func:`document_key`: the identity of a cited document, from its distinctive words: "a paper
  in Nature Astronomy" and "the study published in the journal Nature Astronomy" both give
  "nature astronomy"; "a study" gives "" (a document that names nothing distinctive).
- :func:`wire_credit`: whether an article is wire copy (its byline or credit line names a wire
  agency of the outlet registry: "By Reuters", "WASHINGTON (AP) —", a closing "— AFP"), and
  the evidence.
"""
from __future__ import annotations

import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..models import normalize_for_id
from ..outlets import OutletRegistry

# Words that say what kind of document it is, or that it appeared, not which one it is.
DOCUMENT_WORDS = frozenset("""
study studies paper papers report reports research survey surveys poll polls analysis analyses
data dataset document documents memo letter findings article articles journal journals issue
review reviewed peer published publication released release new recent latest earlier last
week month year today yesterday this week's month's year's according based appeared appearing
preprint statement filing filings record records figures statistics estimate estimates
""".split())
STOP = ENGLISH_STOP_WORDS | DOCUMENT_WORDS
# The nouns among them: a source phrase naming only one of these is a document, whatever its case.
DOCUMENT_NOUNS = frozenset("""study studies paper papers report reports research survey surveys poll polls
analysis analyses data dataset document documents memo letter findings article articles journal preprint
statement filing filings record records figures statistics estimate estimates""".split())

HEAD_CHARS = 400  # a dateline credit sits in the first lines of the body
TAIL_CHARS = 200
# "WASHINGTON (Reuters) -", "(AP) —", "PARIS (AFP):"
_DATELINE_CREDIT = re.compile(r"\(([A-Za-z][\w .&'-]{0,40})\)\s*[-–—:]")
# A closing credit line: "— AFP", "Reuters", "© 2020 The Associated Press", "Copyright Reuters 2020"
_CLOSING_CREDIT = re.compile(r"^[\s\-–—(©]*(?:copyright\s*)?(?:©\s*)?(?:\d{4}\s+)?"
                             r"([A-Za-z][\w .&'-]{1,40}?)(?:\s+\d{4})?[\s.)]*$", re.IGNORECASE)
_AUTHOR_PARTS = re.compile(r"\s*(?:[,|/;]|\band\b|\bfor\b|\bfrom\b)\s*", re.IGNORECASE)


def document_key(phrase: str) -> str:
    """The distinctive words of a document phrase, in order; "" when it names nothing."""
    words = [w for w in normalize_for_id(phrase).split() if w not in STOP and not w.isdigit()]
    return " ".join(words)


def names_only_a_document(phrase: str) -> bool:
    """True for "According to a paper", "the study", "a new report": a document kind and
    nothing that names a person, body or title (those make it a named source)."""
    words = normalize_for_id(phrase).split()
    return any(w in DOCUMENT_NOUNS for w in words) and not document_key(phrase)


def _author_wire(author: str, registry: OutletRegistry) -> str | None:
    author = re.sub(r"^\s*by\s+", "", author or "", flags=re.IGNORECASE)
    for part in _AUTHOR_PARTS.split(author):
        part = re.sub(r"\s+(?:staff|reporters?|writers?|news agency)$", "", part.strip(), flags=re.IGNORECASE)
        wire = registry.wire(part)
        if wire:
            return wire
    return None


def _last_line(text: str) -> str:
    tail = text[-TAIL_CHARS:].rstrip()
    return tail.rsplit("\n", 1)[-1]


def wire_credit(author: str | None, body: str, outlet: str | None,
                registry: OutletRegistry) -> tuple[str, str] | None:
    """(wire agency, evidence) when the article is wire copy, else None. ``body`` is the
    article's body text; an article by the wire itself is not a copy of it."""
    found = None
    wire = _author_wire(author or "", registry)
    if wire:
        found = (wire, f"byline '{' '.join((author or '').split())}'")
    if found is None:
        match = _DATELINE_CREDIT.search(body[:HEAD_CHARS])
        wire = registry.wire(match.group(1)) if match else None
        if wire:
            found = (wire, f"dateline credit '{match.group(0).strip()}'")
    if found is None:
        line = _last_line(body)
        match = _CLOSING_CREDIT.match(line) if len(line) <= 60 else None
        wire = registry.wire(match.group(1)) if match else None
        if wire:
            found = (wire, f"credit line '{line.strip()}'")
    if found and registry.canonical(outlet) == found[0]:
        return None
    return found
