"""Load + extract throughput (words per second, one core) and peak memory, streaming the shared
corpora replicated 1x, 10x and (with --big) 100x through iter_load and the extractor.

Memory must not grow with the number of articles: compare peak RSS growth across the sizes.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from workbook.extract import extract
from workbook.load import iter_load
from workbook.models import LoadError
from workbook.outlets import default_registry

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def corpus_lines() -> list[str]:
    """JSON lines of every text corpus: wikinews, ecbplus, polnear-train texts."""
    lines = []
    for name in ("wikinews/wikinews_articles.jsonl", "ecbplus/ecbplus_documents.jsonl"):
        path = CORPORA / name
        if path.exists():
            lines += [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    for txt in sorted((CORPORA / "polnear-train" / "text").glob("*.txt")):
        lines.append(json.dumps({"id": txt.stem, "text": txt.read_text(encoding="utf-8")}))
    return lines


def run(path: Path, with_extract: bool) -> tuple[int, int, float]:
    registry = default_registry()
    articles = words = 0
    started = time.perf_counter()
    for item in iter_load([path], registry):
        if isinstance(item, LoadError):
            continue
        articles += 1
        words += item.words
        if with_extract:
            extract(item, registry)
    return articles, words, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--big", action="store_true", help="also 100x")
    parser.add_argument("--trace", action="store_true", help="tracemalloc peak (slower)")
    args = parser.parse_args()
    lines = corpus_lines()
    if not lines:
        print(f"skipped: no corpora at {CORPORA}")
        return
    sizes = [1, 10] + ([100] if args.big else [])
    with tempfile.TemporaryDirectory() as tmp:
        for times in sizes:
            path = Path(tmp) / f"corpus_{times}x.jsonl"
            with open(path, "w", encoding="utf-8") as f:  # streamed, so the file is not in memory
                for _ in range(times):
                    f.writelines(ln + "\n" for ln in lines)
            for stage, with_extract in (("load", False), ("load+extract", True)):
                if args.trace:
                    tracemalloc.start()
                n, words, seconds = run(path, with_extract)
                peak = tracemalloc.get_traced_memory()[1] / 1e6 if args.trace else float("nan")
                if args.trace:
                    tracemalloc.stop()
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # whole-process peak so far
                print(f"{times:>4}x {stage:<13} {n:>7} articles {words:>10,} words {seconds:7.2f} s "
                      f"{words / seconds:>10,.0f} words/s  peak RSS {rss:7.1f} MB"
                      + (f"  traced peak {peak:.1f} MB" if args.trace else ""), flush=True)


if __name__ == "__main__":
    sys.exit(main())
