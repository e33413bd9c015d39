"""load -> extract -> store, streamed: what `workbook load` and the notebooks run.

The work per article (language, extraction, table rows) is :func:`prepare`; it runs in this
process, in worker processes (``workers=N``, :mod:`workbook.corpus.parallel`) or on a Dask
cluster (:mod:`workbook.corpus.dask_run`). Storing is always here, one writer, in input order,
several articles per transaction: whatever ran the work, the store ends up the same.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .corpus.work import EXTRACTION_FAILURES
from .extract import extract
from .extract.errors import DEFAULT_BUDGET
from .models import Article, LoadError
from .outlets import OutletRegistry, default_registry
from .store import Store
from .store.errors import StoreError
from .rows import rows_for

# Articles per transaction: the first commits alone (a read-only or full database says so at
# once), then batches double up to this; one commit per article cost a tenth of the load time.
MAX_BATCH = 64
MAX_BATCH_SECONDS = 2.0  # and at least this often, so a crash loses little and progress moves


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


@dataclass
class Prepared:
    """The work done on one article away from the store: its claim rows, or why extraction
    failed (``rows`` and ``failure`` both None: not extracted, the store held it unchanged).
    The article's language and the warnings of its loading travel with it, for the
    partitions a Dask run writes."""

    language: str | None
    warnings: list[str]
    rows: list[dict] | None = None
    failure: str | None = None


def prepare(article: Article, registry: OutletRegistry, budget: float | None = DEFAULT_BUDGET,
            extract_it: bool = True) -> Prepared:
    """Extraction and table rows of a loaded article (language marked): all that needs no store."""
    done = Prepared(article.language, list(article.warnings))
    if extract_it:
        done.rows, done.failure = extract_rows(article, registry, budget)
    return done


def extract_rows(article: Article, registry: OutletRegistry, budget: float | None) -> tuple[list | None, str | None]:
    try:
        return rows_for(article, extract(article, registry, budget)), None
    except EXTRACTION_FAILURES as exc:
        return None, f"{type(exc).__name__}: {exc}"


def is_unchanged(store: Store, article: Article) -> bool:
    stored = store.stored_version(article.id)
    return bool(stored and stored["content_hash"] == article.content_hash and stored["extracted_at"])


def load_into(store: Store, inputs: Iterable[str], registry: OutletRegistry | None = None,
              force: bool = False, on_error: Callable[[LoadError], None] | None = None,
              on_warning: Callable[[str], None] | None = None,
              progress: Callable[[Article | LoadError], None] | None = None,
              budget: float | None = DEFAULT_BUDGET, workers: int = 1,
              start_workers_after: int | None = None) -> LoadSummary:
    """Load, extract and save every input; an article already in the store with the same text
    is skipped unless ``force`` (a new extractor). Errors are collected, the batch goes on;
    ``budget`` is each article's extraction time limit in seconds. ``workers`` > 1 extracts in
    that many processes (started once more than ``start_workers_after`` articles came: a
    small load is done before the workers would have started)."""
    from .corpus import parallel

    registry = registry or default_registry()
    wanted = lambda article: force or not is_unchanged(store, article)  # noqa: E731
    prepared = parallel.prepared_items(inputs, registry, budget, wanted, workers=workers,
                                       start_after=start_workers_after)
    try:
        return store_prepared(store, prepared, registry, force=force, on_error=on_error,
                              on_warning=on_warning, progress=progress, budget=budget)
    finally:
        prepared.close()  # stops the workers, also when the load stopped early


def store_prepared(store: Store, items: Iterable[tuple[Article | LoadError, Prepared | None]],
                   registry: OutletRegistry | None = None, force: bool = False,
                   on_error: Callable[[LoadError], None] | None = None,
                   on_warning: Callable[[str], None] | None = None,
                   progress: Callable[[Article | LoadError], None] | None = None,
                   budget: float | None = DEFAULT_BUDGET) -> LoadSummary:
    """Store prepared articles in input order, several per transaction. The outcome of each
    is reported only once its batch is committed; when a batch fails, it is stored again one
    article at a time, so the summary counts exactly what the database holds (as when every
    article had its own transaction)."""
    registry = registry or default_registry()
    summary = LoadSummary()
    seen: dict[str, tuple[str, str]] = {}  # article id -> (source, content hash) in this batch
    batch: list = []
    limit, started = 1, time.monotonic()

    def report(outcome: _Outcome) -> None:
        if progress:
            progress(outcome.item)
        for warning in outcome.warnings:
            summary.warnings.append(warning)
            if on_warning:
                on_warning(warning)
        if outcome.error is not None:
            summary.errors.append(outcome.error)
            if on_error:
                on_error(outcome.error)
        if outcome.counted is not None:
            summary.count(outcome.item, unchanged=outcome.counted)
        summary.claims += outcome.claims
        summary.gone += outcome.gone

    def flush() -> bool:
        """Commit the batch and report it; False when the load must stop."""
        outcomes = _commit(store, batch, seen, registry, force, budget)
        batch.clear()
        for outcome in outcomes:
            report(outcome)
        return not (outcomes and outcomes[-1].stop)

    for pair in items:
        batch.append(pair)
        if len(batch) >= limit or time.monotonic() - started > MAX_BATCH_SECONDS:
            if not flush():
                return summary
            limit, started = min(2 * limit, MAX_BATCH), time.monotonic()
    if batch:
        flush()
    return summary


@dataclass
class _Outcome:
    item: Article | LoadError
    warnings: list[str] = field(default_factory=list)
    error: LoadError | None = None
    counted: bool | None = None  # stored (False) or found unchanged (True); None: not counted
    claims: int = 0
    gone: int = 0
    stop: bool = False  # the store cannot take more: the load ends here


def _commit(store, batch, seen, registry, force, budget) -> list[_Outcome]:
    if len(batch) > 1:
        try:
            with store.transaction():
                return [_store_one(store, item, done, seen, registry, force, budget, alone=False)
                        for item, done in batch]
        except StoreError:
            pass  # rolled back: store it again article by article below, stopping where it fails
    outcomes = []
    for item, done in batch:
        outcomes.append(_store_one(store, item, done, seen, registry, force, budget, alone=True))
        if outcomes[-1].stop:
            break
    return outcomes


def _store_one(store, item, done: Prepared | None, seen, registry, force, budget, alone: bool) -> _Outcome:
    """One article into the store, exactly as a serial load does it. Safe to run twice on the
    same item (after a rolled-back batch): it changes nothing outside the store."""
    if isinstance(item, LoadError):
        return _Outcome(item, error=item)
    outcome = _Outcome(item)
    # Two inputs in one batch that identify as the same article but differ in text (the same
    # outlet, title and date in two files): keep the first and say so, rather than letting
    # the second silently replace it (and flip back on the next run).
    previous = seen.get(item.id)
    if previous is not None and previous[1] != item.content_hash:
        outcome.error = LoadError(item.source, f"same article as {previous[0]} (id {item.id}) but a different "
                                               "text; not loaded: load it on its own to replace that copy")
        return outcome
    seen[item.id] = (item.source, item.content_hash)
    if done is None:
        done = prepare(item, registry, budget, extract_it=False)
    stored = store.stored_version(item.id)
    unchanged = bool(stored and stored["content_hash"] == item.content_hash and stored["extracted_at"])
    warnings = list(item.warnings)
    if stored is not None and stored["content_hash"] != item.content_hash:
        warnings.append(f"a new version of the article loaded from {stored['source']}: it replaces "
                        "that text; tags stay on every claim still found, the rest are listed as orphans")
    outcome.warnings = [f"{item.source}: {w}" for w in warnings]
    if not force and unchanged:
        outcome.counted = True
        return outcome
    rows, failure = done.rows, done.failure
    if rows is None and failure is None:  # skipped as unchanged before an earlier copy changed it
        rows, failure = extract_rows(item, registry, budget)
    # Extraction ran before touching the store: a failed one leaves the stored claims and
    # their tags exactly as they were.
    if failure is not None:
        outcome.error = LoadError(item.source, f"extraction failed, stored claims kept: {failure}")
        return outcome
    if alone:
        try:
            counts = store.save_article(item, rows)
        except StoreError as exc:  # disk full, read-only: nothing after this can be stored either
            outcome.error, outcome.stop = LoadError(item.source, f"not stored, load stopped: {exc}"), True
            return outcome
    else:  # inside a batch: a StoreError rolls the batch back and it is stored one by one
        counts = store.save_article(item, rows)
    outcome.counted = False
    if counts["gone"]:
        from .review.db import reattach_identical  # only needed when claims changed ids

        reattach_identical(store, item.id)
        reattach_improved(store, item.id)
    outcome.claims, outcome.gone = counts["claims"], counts["gone"]
    if stored is None and item.format == "txt":  # a new id: was this file loaded under another?
        from .retitled import follow_edited_header

        outcome.warnings += [f"{item.source}: {w}" for w in follow_edited_header(store, item)]
    return outcome


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
