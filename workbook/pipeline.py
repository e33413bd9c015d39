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
    for item in iter_load(inputs, registry):
        if progress:
            progress(item)
        if isinstance(item, LoadError):
            summary.errors.append(item)
            if on_error:
                on_error(item)
            continue
        summary.articles += 1
        for warning in item.warnings:
            summary.warnings.append(f"{item.source}: {warning}")
            if on_warning:
                on_warning(summary.warnings[-1])
        summary.words += item.words
        summary.article_ids.append(item.id)
        if not force and store.has_article(item):
            summary.unchanged += 1
            continue
        try:
            counts = store.save_article(item, rows_for(item, extract(item, registry)))
        except Exception as exc:  # one bad article must not end the batch
            error = LoadError(item.source, f"extraction failed: {type(exc).__name__}: {exc}")
            summary.errors.append(error)
            if on_error:
                on_error(error)
            continue
        summary.claims += counts["claims"]
        summary.gone += counts["gone"]
    return summary
