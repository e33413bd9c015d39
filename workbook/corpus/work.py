"""What a worker process runs: extraction only, without pandas, the store or the loaders.

Kept light on purpose: the parent reads the inputs and detects their language (the language
model alone is 100 MB: one copy, in the parent) and makes the table rows; a worker that
imported the table, store or load modules would carry 130 MB it never uses.
"""
from __future__ import annotations

from ..extract import ExtractionError, extract
from ..models import Article
from ..outlets import OutletRegistry

# What a failing extraction raises: its own ExtractionError (over the time budget) or, for a bug
# in the text handling, one of these; each becomes one line naming the article and the type.
EXTRACTION_FAILURES = (ExtractionError, LookupError, ValueError, TypeError, AttributeError,
                       RecursionError)

_worker: dict = {}  # this worker's registry and budget


def init(registry: OutletRegistry, budget: float | None) -> None:
    _worker.update(registry=registry, budget=budget)
    # Load the speculation model and compile the patterns now, not inside the first chunk.
    extract(Article(id="warm-up", source="-", text="Warm up\n\nThe mayor said it may rain."), registry, None)


def run(articles: list[Article]) -> list[tuple]:
    """(attributions, None) or (None, why it failed) for each article."""
    out = []
    for article in articles:
        try:
            out.append((extract(article, _worker["registry"], _worker["budget"]), None))
        except EXTRACTION_FAILURES as exc:
            out.append((None, f"{type(exc).__name__}: {exc}"))
    return out
