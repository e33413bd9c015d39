"""Plain data model shared by every stage of the pipeline.

load -> Article; extract -> Attribution; table -> DataFrame rows; store -> SQLite.
Offsets are always character offsets into ``Article.text`` (for a ``.txt`` file: the file's
decoded text exactly as it is), so ``article.text[start:end]`` gives every span back.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

# The sourcing vocabulary the extractor can suggest. The reviewer's vocabulary (review/) starts
# with these and adds "speculative" and whatever a project configures.
SOURCING = ("named", "anonymous", "outlet", "document", "unsourced")

# Kinds of propagation between outlets: the first outlet does this to the second.
#   republishes: A carries B's article as a repost ("originally published by B")
#   reblogs:     A reblogged B's post
#   links_to:    A linked to B's article (a pingback/trackback)
#   cites:       A cites B as a reporter ("Foreign Policy reported", "told Reuters")
PROPAGATION_KINDS = ("republishes", "reblogs", "links_to", "cites")


def short_hash(*parts: str, length: int = 16) -> str:
    """A stable hex id from text parts (sha1; not for security, for identity)."""
    h = hashlib.sha1()
    for p in parts:
        h.update((p or "").encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalize_for_id(text: str) -> str:
    """Fold case, quotes, dashes, punctuation and whitespace so that cosmetic edits
    (a curly quote made straight, a re-wrapped line) keep an id stable."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return _NON_WORD.sub(" ", text).strip()


@dataclass(frozen=True)
class Propagation:
    """One outlet propagating another's content: ``outlet`` <kind> ``of_outlet``."""

    kind: str  # one of PROPAGATION_KINDS
    outlet: str  # the actor: who republished / reblogged / linked / cited
    of_outlet: str  # whose content it was
    date: str | None = None  # ISO date when known
    evidence: str = ""  # the line of text that says so
    url: str | None = None


@dataclass
class Article:
    id: str
    source: str  # file path, URL, or "file.jsonl#line"
    text: str  # the full text offsets index into
    format: str = "txt"  # txt | html | jsonl | url
    outlet: str | None = None  # the host outlet that carries this copy
    original_outlet: str | None = None  # for reposts: who published it first
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    # Regions of ``text`` that are the article body (claims come only from here); header lines,
    # "Posted by" footers and comment sections are outside them.
    body: list[tuple[int, int]] = field(default_factory=list)
    propagation: list[Propagation] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # kept for the record, never claims
    content_hash: str = ""
    warnings: list[str] = field(default_factory=list)
    language: str | None = None  # ISO 639-1 ("en", "de"); None: not detected (treated as English)

    def __post_init__(self) -> None:
        # A NUL character (from JSON "\u0000" or a file damaged past its first bytes) becomes
        # U+FFFD: same length, so every offset holds, and PostgreSQL refuses NUL in text.
        for name in ("text", "title", "author", "outlet", "original_outlet", "url", "published", "source"):
            value = getattr(self, name)
            if isinstance(value, str) and "\x00" in value:
                setattr(self, name, value.replace("\x00", "\ufffd"))
        if not self.body:
            self.body = [(0, len(self.text))]
        if not self.content_hash:
            self.content_hash = short_hash(self.text)

    @property
    def words(self) -> int:
        return sum(len(self.text[s:e].split()) for s, e in self.body)


@dataclass
class Attribution:
    """One claim and its attributed source, as the extractor found it.

    Spans are (start, end) offsets into the article text; a missing span is None.
    """

    claim: tuple[int, int]
    source: tuple[int, int] | None = None  # None: the writer's own assertion
    cue: tuple[int, int] | None = None
    kind: str = "unsourced"  # direct | indirect | according_to | colon | unsourced ...
    source_name: str | None = None  # "Rasim Musabayov"
    source_role: str | None = None  # "an independent Azeri lawmaker and ..."
    resolved_source: str | None = None  # what a pronoun source refers to ("he" -> "Musabayov")
    via_outlet: str | None = None  # canonical outlet the source spoke through ("told Reuters")
    suggested: str = "unsourced"  # one of SOURCING
    hedges: tuple[str, ...] = ()
    speculative: bool = False
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class LoadError:
    """A file or URL that could not be loaded: one line for the user, the batch goes on."""

    source: str
    reason: str

    def __str__(self) -> str:  # the one line the user sees
        return f"{self.source}: {self.reason}"
