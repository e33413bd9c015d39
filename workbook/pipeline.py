"""load -> extract -> store, streamed one article at a time: what `workbook load` and the
notebooks run."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .extract import ExtractionError, extract
from .extract.errors import DEFAULT_BUDGET
from .load import iter_load
from .models import Article, LoadError
from .outlets import OutletRegistry, default_registry
from .store import Store
from .store.errors import StoreError
from .table import rows_for

# What a failing extraction raises: its own ExtractionError (over the time budget) or, for a bug
# in the text handling, one of these; each becomes one line naming the article and the type.
EXTRACTION_FAILURES = (ExtractionError, LookupError, ValueError, TypeError, AttributeError,
                       RecursionError)


@dataclass
class LoadSummary:
    articles: int = 0
    unchanged: int = 0
    claims: int = 0
    words: int = 0
    gone: int = 0
    errors: list[LoadError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)

    def count(self, article: Article, unchanged: bool = False) -> None:
        """Count an article once it is stored (or found unchanged in the store)."""
        self.articles += 1
        self.unchanged += unchanged
        self.words += article.words
        self.article_ids.append(article.id)

    def __str__(self) -> str:
        text = (f"{self.articles} articles loaded ({self.unchanged} unchanged), {self.claims} claim rows extracted, "
                f"{self.words} words")
        if self.gone:
            text += f"; {self.gone} claims no longer found (kept, tags shown as orphans)"
        if self.errors:
            text += f"; {len(self.errors)} failed"
        return text


def load_into(store: Store, inputs: Iterable[str], registry: OutletRegistry | None = None,
              force: bool = False, on_error: Callable[[LoadError], None] | None = None,
              on_warning: Callable[[str], None] | None = None,
              progress: Callable[[Article | LoadError], None] | None = None,
              budget: float | None = DEFAULT_BUDGET) -> LoadSummary:
    """Load, extract and save every input; an article already in the store with the same text
    is skipped unless ``force`` (a new extractor). Errors are collected, the batch goes on;
    ``budget`` is each article's extraction time limit in seconds."""
    registry = registry or default_registry()
    summary = LoadSummary()
    seen: dict[str, tuple[str, str]] = {}  # article id -> (source, content hash) in this batch

    def fail(error: LoadError) -> None:
        summary.errors.append(error)
        if on_error:
            on_error(error)

    for item in iter_load(inputs, registry):
        if progress:
            progress(item)
        if isinstance(item, LoadError):
            fail(item)
            continue
        # Two inputs in one batch that identify as the same article but differ in text (the same
        # outlet, title and date in two files): keep the first and say so, rather than letting
        # the second silently replace it (and flip back on the next run).
        previous = seen.get(item.id)
        if previous is not None and previous[1] != item.content_hash:
            fail(LoadError(item.source, f"same article as {previous[0]} (id {item.id}) but a different "
                                        "text; not loaded: load it on its own to replace that copy"))
            continue
        seen[item.id] = (item.source, item.content_hash)
        stored = store.stored_version(item.id)
        unchanged = bool(stored and stored["content_hash"] == item.content_hash and stored["extracted_at"])
        if stored is not None and stored["content_hash"] != item.content_hash:
            item.warnings.append(f"a new version of the article loaded from {stored['source']}: it replaces "
                                 "that text; tags stay on every claim still found, the rest are listed as orphans")
        for warning in item.warnings:
            summary.warnings.append(f"{item.source}: {warning}")
            if on_warning:
                on_warning(summary.warnings[-1])
        if not force and unchanged:
            summary.count(item, unchanged=True)
            continue
        # Extract before touching the store: a failed extraction leaves the stored claims and
        # their tags exactly as they were.
        try:
            rows = rows_for(item, extract(item, registry, budget))
        except EXTRACTION_FAILURES as exc:
            fail(LoadError(item.source, f"extraction failed, stored claims kept: {type(exc).__name__}: {exc}"))
            continue
        try:
            counts = store.save_article(item, rows)
        except StoreError as exc:  # disk full, read-only: nothing after this can be stored either
            fail(LoadError(item.source, f"not stored, load stopped: {exc}"))
            break
        summary.count(item)
        if counts["gone"]:
            from .review.db import reattach_identical  # only needed when claims changed ids

            reattach_identical(store, item.id)
            reattach_improved(store, item.id)
        summary.claims += counts["claims"]
        summary.gone += counts["gone"]
        if stored is None and item.format == "txt":  # a new id: was this file loaded under another?
            from .retitled import follow_edited_header

            for warning in follow_edited_header(store, item):
                summary.warnings.append(f"{item.source}: {warning}")
                if on_warning:
                    on_warning(summary.warnings[-1])
    return summary


def reattach_improved(store: Store, article_id: str) -> list[dict]:
    """After a re-extraction: a tag whose claim is gone because a newer extractor found a better
    span for the same statement (the old wording lies inside the new one, from the same source:
    "surprised and troubled" -> "he is surprised and troubled by ...") moves to that claim,
    when exactly one active claim fits and the reviewer has not tagged it. Logged as re-attach
    events; anything less certain stays an orphan for the reviewer."""
    from .models import normalize_for_id
    from .review import db as review_db

    claims = store.claims(active_only=False)
    claims = claims[claims["article_id"] == article_id]
    if claims.empty:
        return []
    tags = store.tags()
    active = claims[claims["active"] == 1]
    inactive = claims[claims["active"] == 0].set_index("claim_id")
    norm = lambda value: normalize_for_id(value) if isinstance(value, str) else ""  # noqa: E731
    moved = []
    for _, tag in tags[tags["claim_id"].isin(inactive.index)].iterrows():
        old = inactive.loc[tag["claim_id"]]
        old_claim, old_source = norm(old["claim"]), norm(old["source"])
        if not old_claim:
            continue
        fits = [row["claim_id"] for _, row in active.iterrows()
                if old_claim in norm(row["claim"]) and norm(row["source"]) == old_source]
        if len(fits) == 1 and review_db.current_tag(store, fits[0], tag["reviewer"]) is None:
            moved.append(review_db.reattach(store, tag["claim_id"], tag["reviewer"], to_claim_id=fits[0],
                                            by="workbook (a better span for the same statement)"))
    return moved
