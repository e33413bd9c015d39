"""What a worker process runs: language, extraction and table rows, without pandas or the store.

Kept light on purpose: a worker that imported the table (pandas) or the store would carry
100 MB it never uses; the language model is small (25 MB), so each worker has its own.
"""
from __future__ import annotations

from ..extract import ExtractionError, extract
from ..load.language import mark_language
from ..models import Article
from ..outlets import OutletRegistry
from ..rows import rows_for

# What a failing extraction raises: its own ExtractionError (over the time budget) or, for a bug
# in the text handling, one of these; each becomes one line naming the article and the type.
EXTRACTION_FAILURES = (ExtractionError, LookupError, ValueError, TypeError, AttributeError,
                       RecursionError)

_worker: dict = {}  # this worker's registry and budget


def init(registry: OutletRegistry, budget: float | None) -> None:
    _worker.update(registry=registry, budget=budget)
    # Load the language and speculation models and compile the patterns now, not in the first chunk.
    warm_up = mark_language(Article(id="warm-up", source="-", text="Warm up\n\nThe mayor said on Tuesday "
                                    "that it may rain over the city for most of the coming week."))
    extract(warm_up, registry, None)


def run(articles: list[Article]) -> list[tuple]:
    """(language, warnings, rows, None) or (language, warnings, None, why it failed) per article."""
    out = []
    for article in articles:
        mark_language(article)
        try:
            rows = rows_for(article, extract(article, _worker["registry"], _worker["budget"]))
            out.append((article.language, article.warnings, rows, None))
        except EXTRACTION_FAILURES as exc:
            out.append((article.language, article.warnings, None, f"{type(exc).__name__}: {exc}"))
    return out
