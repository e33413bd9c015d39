"""load -> extract -> store, streamed one article at a time: what `workbook load` and the
notebooks run."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .extract import extract
from .load import iter_load
from .models import Article, LoadError
from .outlets import OutletRegistry, default_registry
from .store import Store
from .table import rows_for


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
              progress: Callable[[Article | LoadError], None] | None = None) -> LoadSummary:
    """Load, extract and save every input; an article already in the store with the same text
    is skipped unless ``force`` (a new extractor). Errors are collected, the batch goes on."""
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
        summary.articles += 1
        for warning in item.warnings:
            summary.warnings.append(f"{item.source}: {warning}")
            if on_warning:
                on_warning(summary.warnings[-1])
        summary.words += item.words
        summary.article_ids.append(item.id)
        if not force and unchanged:
            summary.unchanged += 1
            continue
        try:
            counts = store.save_article(item, rows_for(item, extract(item, registry)))
        except Exception as exc:  # one bad article must not end the batch
            fail(LoadError(item.source, f"extraction failed: {type(exc).__name__}: {exc}"))
            continue
        if counts["gone"]:
            from .review.db import reattach_identical  # only needed when claims changed ids

            reattach_identical(store, item.id)
        summary.claims += counts["claims"]
        summary.gone += counts["gone"]
    return summary
