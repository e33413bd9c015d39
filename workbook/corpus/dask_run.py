"""`workbook load --dask [ADDRESS]`: load and extract a corpus on a Dask cluster.

The driver plans partitions without reading the corpus: byte ranges of JSON lines files
(cut at line starts), row groups of Parquet article files, and groups of other files. Workers
count the lines of each range (so every article keeps the ``file:line`` source, and the id,
a serial load gives it), then load, detect the language and extract each partition. The
results either go to Parquet partitions (``--parquet-out DIR``, for `workbook import-parquet`)
or stream back to the driver, which stores them in input order, a few partitions in flight.

Workers need the workbook installed and, with ``--parquet-out``, DIR on a shared file system.
"""
from __future__ import annotations

import io
import json
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from ..load import JSONL_SUFFIXES, expand, is_url
from ..models import LoadError
from ..outlets import OutletRegistry

PARQUET_SUFFIXES = {".parquet", ".pq"}
BLOCK_BYTES = 4_000_000  # a partition: about 1,000 articles, a few seconds of one core
FILES_PER_PART = 64
IN_FLIGHT_PER_WORKER = 2


@dataclass(frozen=True)
class Part:
    """One partition of the inputs, in input order."""

    index: int
    kind: str  # jsonl | parquet | files | errors
    path: str = ""
    start: int = 0  # jsonl: byte range [start, end), both at line starts
    end: int = 0
    first_line: int = 1  # jsonl: number of the range's first line; parquet: of its first row
    row_group: int = 0
    items: tuple = ()  # files: paths and URLs; errors: LoadErrors


def plan(inputs: Iterable[str], block_bytes: int = BLOCK_BYTES) -> list[Part]:
    """Partitions of the inputs, in the order a serial load reads them."""
    parts: list[Part] = []
    files: list[str] = []

    def add(kind: str, **fields) -> None:
        parts.append(Part(len(parts), kind, **fields))

    def flush_files() -> None:
        if files:
            add("files", items=tuple(files))
            files.clear()

    for item in _expanded(inputs):
        suffix = "" if isinstance(item, LoadError) or is_url(item) else Path(item).suffix.lower()
        if isinstance(item, LoadError):
            flush_files()
            add("errors", items=(item,))
        elif suffix in JSONL_SUFFIXES:
            flush_files()
            for start, end in _line_ranges(item, block_bytes):
                add("jsonl", path=item, start=start, end=end)
        elif suffix in PARQUET_SUFFIXES:
            flush_files()
            first = 1
            for group, rows in enumerate(_row_groups(item)):
                add("parquet", path=item, row_group=group, first_line=first)
                first += rows
        else:
            files.append(item)
            if len(files) >= FILES_PER_PART:
                flush_files()
    flush_files()
    return parts


def _expanded(inputs: Iterable[str]) -> Iterator[str | LoadError]:
    """As :func:`workbook.load.expand`, and Parquet article files (which a folder scan skips)."""
    from ..load import SUFFIXES

    for item in inputs:
        item, path = str(item), Path(str(item))
        found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES | PARQUET_SUFFIXES
                       and not any(part.startswith(".") for part in p.relative_to(path).parts)) if path.is_dir() else []
        if found:
            yield from (str(p) for p in found)
        elif path.suffix.lower() in PARQUET_SUFFIXES and path.is_file():
            yield item
        else:
            yield from expand([item])


def _line_ranges(path: str, block_bytes: int) -> list[tuple[int, int]]:
    """Byte ranges of about ``block_bytes``, each starting where a line starts."""
    size = os.path.getsize(path)
    cuts = [0]
    with open(path, "rb") as f:
        while cuts[-1] + block_bytes < size:
            f.seek(cuts[-1] + block_bytes - 1)
            f.readline()  # to the end of the line the cut falls in
            if f.tell() >= size:
                break
            cuts.append(f.tell())
    return list(zip(cuts, cuts[1:] + [size])) if size else [(0, 0)]


def _row_groups(path: str) -> list[int]:
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path).metadata
    return [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]


def count_lines(part: Part) -> int:
    """Lines that start in a JSON lines range (run on a worker: it reads the range)."""
    with open(part.path, "rb") as f:
        f.seek(part.start)
        return f.read(part.end - part.start).count(b"\n")


def numbered(parts: list[Part], client) -> list[Part]:
    """The parts with the first line number of each JSON lines range, counted on the cluster."""
    ranges = [p for p in parts if p.kind == "jsonl"]
    counts = dict(zip((p.index for p in ranges), client.gather(client.map(count_lines, ranges, pure=False))))
    out, line = [], 1
    for part in parts:
        if part.kind == "jsonl":
            line = 1 if part.start == 0 else line
            out.append(replace(part, first_line=line))
            line += counts[part.index]
        else:
            out.append(part)
    return out


def run_part(part: Part, registry: OutletRegistry, budget: float | None) -> list[tuple]:
    """(item, Prepared) pairs of one partition: load, language, extraction (on a worker)."""
    from ..pipeline import prepare

    try:
        items = _items(part, registry)
    except OSError as exc:  # a file that vanished or cannot be read on this worker
        items = [LoadError(part.path, f"cannot read ({exc.strerror or exc})")]
    return [(item, None if isinstance(item, LoadError) else prepare(item, registry, budget)) for item in items]


def _items(part: Part, registry: OutletRegistry):
    from ..load import _decode_line, iter_load

    if part.kind == "errors":
        return list(part.items)
    if part.kind == "files":
        return list(iter_load(part.items, registry))
    if part.kind == "jsonl":
        with open(part.path, "rb") as f:
            f.seek(part.start)
            data = f.read(part.end - part.start)
        return _parse_lines((_decode_line(line) for line in io.BytesIO(data)), part, registry)
    import pyarrow.parquet as pq

    table = pq.ParquetFile(part.path).read_row_group(part.row_group)
    return _parse_lines((json.dumps(row, default=str) for row in table.to_pylist()), part, registry)


def _parse_lines(lines, part: Part, registry: OutletRegistry) -> list:
    """As :func:`workbook.load.jsonl.parse_jsonl` and ``iter_load``, numbering from the part's first line."""
    from ..load.jsonl import PARSE_FAILURES, _parse_line
    from ..load.language import mark_language

    out = []
    for number, line in enumerate(lines, part.first_line):
        where = f"{part.path}:{number}"
        try:
            out.extend(map(mark_language, _parse_line(line, where, part.path, registry)))
        except PARSE_FAILURES as exc:
            out.append(LoadError(where, f"cannot read this line ({type(exc).__name__}: {exc})"))
    return out


def run_and_write(part: Part, registry: OutletRegistry, budget: float | None, out_dir: str) -> dict:
    from .parquet import write_part

    return write_part(out_dir, part.index, run_part(part, registry, budget))


@contextmanager
def dask_client(address: str | None = None, workers: int | None = None):
    """A client of the cluster at ``address``, or of a LocalCluster of processes (one thread
    each: extraction is pure Python and holds the GIL)."""
    from dask.distributed import Client, LocalCluster

    if address:
        with Client(address) as client:
            yield client
        return
    with LocalCluster(n_workers=workers or os.cpu_count(), threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def prepared_from_cluster(client, inputs: Iterable[str], registry: OutletRegistry, budget: float | None,
                          block_bytes: int = BLOCK_BYTES) -> Iterator[tuple]:
    """(item, Prepared) pairs in input order, computed on the cluster, a few parts in flight."""
    parts = numbered(plan(inputs, block_bytes), client)
    shared = client.scatter(registry, broadcast=True)
    window = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info()["workers"]))
    pending: deque = deque()
    for part in parts:
        pending.append(client.submit(run_part, part, shared, budget, pure=False))
        while len(pending) > window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def write_parquet(client, inputs: Iterable[str], out_dir: str, registry: OutletRegistry,
                  budget: float | None, block_bytes: int = BLOCK_BYTES) -> dict:
    """Run every part on the cluster and write it to ``out_dir``; returns the totals."""
    parts = numbered(plan(inputs, block_bytes), client)
    shared = client.scatter(registry, broadcast=True)
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    futures = client.map(run_and_write, parts, registry=shared, budget=budget, out_dir=str(out_dir), pure=False)
    total = {"parts": len(parts), "articles": 0, "claims": 0, "words": 0, "errors": []}
    for result in client.gather(futures):
        for key in ("articles", "claims", "words"):
            total[key] += result[key]
        total["errors"] += result["errors"]
    return total


def load_on_dask(store, inputs: Iterable[str], address: str | None = None, registry=None,
                 force: bool = False, workers: int | None = None, block_bytes: int = BLOCK_BYTES, **callbacks):
    """Load ``inputs`` into ``store`` with the work done on a Dask cluster; a LoadSummary."""
    from ..extract.errors import DEFAULT_BUDGET
    from ..outlets import default_registry
    from ..pipeline import store_prepared

    registry = registry or default_registry()
    budget = callbacks.pop("budget", DEFAULT_BUDGET)
    with dask_client(address, workers) as client:
        pairs = prepared_from_cluster(client, inputs, registry, budget, block_bytes)
        return store_prepared(store, pairs, registry, force=force, budget=budget, **callbacks)


def address_and_inputs(value: str, inputs: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
    """`--dask` takes an optional address: `--dask corpus.jsonl` means a LocalCluster and
    one more input, `--dask tcp://host:8786` (or host:8786) a running scheduler."""
    import re

    if value in ("", "local"):
        return None, inputs
    if re.match(r"^[a-z]+://", value) or (re.match(r"^[\w.-]+:\d+$", value) and not Path(value).exists()):
        return value, inputs
    return None, (value, *inputs)


def parquet_on_dask(inputs, out_dir: str, address: str | None, registry, workers: int | None = None) -> int:
    """`load --dask --parquet-out DIR`: write the parts, print one line per failure and the
    totals; the exit code (1 when anything failed)."""
    from ..extract.errors import DEFAULT_BUDGET

    if any(Path(out_dir).glob("*/part-*.parquet")):  # stale parts would be imported with the new
        print(f"error: {out_dir} already holds partitions: give an empty or new folder", file=sys.stderr)
        return 2
    with dask_client(address, workers) as client:
        total = write_parquet(client, inputs, out_dir, registry, DEFAULT_BUDGET)
    for line in total["errors"]:
        print(f"error: {line}", file=sys.stderr)
    print(f"{total['articles']} articles, {total['claims']} claim rows, {total['words']} words in "
          f"{total['parts']} partitions -> {out_dir} (store them with: workbook import-parquet {out_dir} --db DB)")
    return 1 if total["errors"] else 0
