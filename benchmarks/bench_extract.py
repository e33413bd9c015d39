"""Throughput and memory of extraction on real news text.

Extracts the Wikinews and PolNeAR-train texts (from ../shared/corpora next to the repo),
replicated 1x and 10x (and 100x with --big), and prints words/s and peak memory. Articles are
processed one at a time and their results dropped, as a loader would stream them, so peak
memory should stay flat as the replication grows.

    .venv/bin/python benchmarks/bench_extract.py [--big] [--corpora PATH]
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbook.extract import extract_text  # noqa: E402
from workbook.outlets import default_registry  # noqa: E402

DEFAULT_CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"


def load_texts(corpora: Path) -> list[str]:
    texts = []
    wikinews = corpora / "wikinews" / "wikinews_articles.jsonl"
    if wikinews.is_file():
        with open(wikinews, encoding="utf-8") as f:
            texts.extend(json.loads(line)["text"] for line in f if line.strip())
    polnear = corpora / "polnear-train" / "text"
    if polnear.is_dir():
        texts.extend(p.read_text(encoding="utf-8") for p in sorted(polnear.glob("*.txt")))
    return texts


def run(texts: list[str], times: int, trace: bool) -> tuple[int, float, int, int]:
    registry = default_registry()
    words = rows = 0
    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    for _ in range(times):
        for text in texts:
            rows += len(extract_text(text, registry=registry))
            words += len(text.split())
    elapsed = time.perf_counter() - t0
    peak = 0
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return words, elapsed, rows, peak


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--big", action="store_true", help="also run 100x")
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    args = ap.parse_args(argv)
    texts = load_texts(args.corpora)
    if not texts:
        print(f"skipped: no corpora under {args.corpora}")
        return 0
    extract_text(texts[0])  # warm up: compile regexes, load the outlet registry
    for times in (1, 10, 100) if args.big else (1, 10):
        words, elapsed, rows, _ = run(texts, times, trace=False)
        _, _, _, peak = run(texts[: max(1, len(texts) // 4)], 1, trace=True) if times == 1 else \
            (0, 0, 0, None)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        line = (f"{times:>4}x  {len(texts) * times:6d} articles  {words:9d} words  {elapsed:7.2f} s  "
                f"{words / elapsed:9.0f} words/s  {rows:8d} rows  max RSS {rss:6.1f} MB")
        if peak:
            line += f"  tracemalloc peak (1/4 corpus) {peak / 1e6:.1f} MB"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
