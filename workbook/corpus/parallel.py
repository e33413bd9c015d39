"""`workbook load --workers N`: extraction in worker processes, results back in input order.

The parent reads the inputs and stores them (one writer, see :mod:`workbook.pipeline`); workers
detect each article's language, extract it and make its table rows (:mod:`.work`, which imports
neither pandas nor the store). At most a few chunks per worker are in flight, so memory does
not grow with the corpus. Workers come from a forkserver that imported the extractor once;
each gets the outlet registry once and loads the models once.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import types
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from ..load import iter_load
from ..load.language import mark_language
from ..models import Article, LoadError
from ..outlets import OutletRegistry
from . import work

CHUNK = 8  # articles per task: small enough to keep both cores busy, large enough to pay the IPC
IN_FLIGHT_PER_WORKER = 3  # chunks queued per worker while the parent stores
# Below this many articles a load is over before workers would have started (about a second).
START_AFTER = 32


def prepared_items(inputs: Iterable[str], registry: OutletRegistry, budget: float | None,
                   wanted: Callable[[Article], bool], workers: int = 1,
                   start_after: int | None = None) -> "PreparedItems":
    """(item, Prepared) pairs in input order; LoadErrors pair with None. ``wanted(article)``
    says whether to extract it (False: the store holds it unchanged)."""
    return PreparedItems(iter_load(inputs, registry, languages=False), registry, budget, wanted, workers,
                         START_AFTER if start_after is None else start_after)


class PreparedItems:
    def __init__(self, items: Iterable[Article | LoadError], registry: OutletRegistry,
                 budget: float | None, wanted: Callable[[Article], bool], workers: int, start_after: int):
        self.items, self.registry, self.budget, self.wanted = items, registry, budget, wanted
        self.workers, self.start_after = max(1, int(workers)), start_after
        self.pool: ProcessPoolExecutor | None = None
        self._iter = self._run()

    def __iter__(self) -> Iterator:
        return self._iter

    def __next__(self):
        return next(self._iter)

    def close(self) -> None:
        """Stop the workers; chunks not started yet are dropped."""
        self._iter.close()
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def _run(self) -> Iterator[tuple[Article | LoadError, object]]:
        pending: deque = deque()
        chunk: list = []
        articles = 0
        for item in self.items:
            chunk.append(item)
            articles += isinstance(item, Article)
            if self.pool is None and self.workers > 1 and articles > self.start_after:
                self.pool = _start_pool(self.workers, self.registry, self.budget)
            if self.pool is None or len(chunk) >= CHUNK:
                pending.append((chunk, self._submit(chunk)))
                chunk = []
            while len(pending) > IN_FLIGHT_PER_WORKER * self.workers or (pending and self.pool is None):
                yield from _pairs(*pending.popleft())
        if chunk:
            pending.append((chunk, self._submit(chunk)))
        while pending:
            yield from _pairs(*pending.popleft())

    def _submit(self, chunk: list):
        """Languages are marked here, or in the worker for the articles it extracts."""
        jobs = [(item, self.wanted(item)) for item in chunk if isinstance(item, Article)]
        if self.pool is None:
            from .. import pipeline

            return [pipeline.prepare(mark_language(article), self.registry, self.budget, flag)
                    for article, flag in jobs]
        todo = [article for article, flag in jobs if flag]
        for article, flag in jobs:
            if not flag:
                mark_language(article)
        return jobs, (self.pool.submit(work.run, todo) if todo else None)


def _pairs(chunk: list, results: list | tuple) -> Iterator[tuple]:
    """The chunk's items with their Prepared, once the chunk's worker is done."""
    if isinstance(results, tuple):  # from a worker: (article, extract?) jobs and the future
        jobs, future = results
        extracted = iter(future.result() if future is not None else [])
        results = [_prepared(article, next(extracted) if flag else None) for article, flag in jobs]
    done = iter(results)
    for item in chunk:
        yield item, (next(done) if isinstance(item, Article) else None)


def _prepared(article: Article, result: tuple | None):
    """The worker's (language, warnings, rows, failure), set on the parent's copy of the article."""
    from ..pipeline import Prepared

    if result is None:  # not extracted: the store holds it unchanged
        return Prepared(article.language, list(article.warnings))
    article.language, article.warnings, rows, failure = result
    return Prepared(article.language, list(article.warnings), rows, failure)


def _start_pool(workers: int, registry: OutletRegistry, budget: float | None) -> ProcessPoolExecutor:
    # forkserver: the server imports the workbook once and each worker is a cheap fork of it
    # (plain fork would copy a parent that may hold threads and an open database).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["workbook.corpus.work"])
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=work.init, initargs=(registry, budget))
    with _main_hidden():  # each submit starts one worker, until there are ``workers``
        started = [pool.submit(os.getpid) for _ in range(workers)]
    for future in started:
        future.result()
    return pool


@contextmanager
def _main_hidden():
    """Workers need nothing from ``__main__``; without this each would import it again (the
    CLI module, which brings pandas and the store: 110 MB of RSS per worker, for nothing)."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main
