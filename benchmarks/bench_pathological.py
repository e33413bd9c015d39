"""Load + extract time on pathological inputs: does time grow linearly with length?

Feeds 2, 4, 8, ... 128 KB (and 1 MB with --mb) of each pattern below through ``load_text`` and
``extract`` and prints the time per KB. Linear means a flat column: within 2x from 2 KB to
128 KB. A runaway input ends as an ExtractionError at the per-article budget, printed as such.

    .venv/bin/python benchmarks/bench_pathological.py [--mb] [--sizes 2,4,8]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbook.extract import ExtractionError, extract  # noqa: E402
from workbook.load import load_text  # noqa: E402
from workbook.outlets import default_registry  # noqa: E402

PATTERNS = {
    "said": "said ",
    "no full stop": "the minister and the officials in the capital spoke about the plan and ",
    "quote said": "\"x,\" he said \"",
    "newlines": "word\n\n\n\n",
    "(officials said": "(officials said ",
    "told Reuters": "told Reuters ",
    "passive by": "was denied by the minister and rejected by ",
    "according to": "according to ",
    "colon lines": "Mayor: the bridge is open again\n",
}


def text_of(pattern: str, kb: int) -> str:
    body = (pattern * (kb * 1024 // len(pattern) + 1))[: kb * 1024]
    return "Title\n\n" + body


def time_one(text: str, registry, repeat: int = 3) -> tuple[float, str]:
    """The best of ``repeat`` runs (the machine is shared: the minimum is the least noisy)."""
    best, outcome = float("inf"), ""
    for _ in range(repeat):
        started = time.perf_counter()
        article = load_text(text, "pathological.txt", registry)
        try:
            outcome = f"{len(extract(article, registry))} rows"
        except ExtractionError as exc:
            outcome = f"ExtractionError: {exc}"
        best = min(best, time.perf_counter() - started)
    return best, outcome


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="2,4,8,16,32,64,128", help="KB sizes, comma separated")
    ap.add_argument("--mb", action="store_true", help="also time a 1 MB input of each pattern")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.mb:
        sizes.append(1024)
    registry = default_registry()
    time_one(text_of("said ", 1), registry)  # warm up: regexes, registry
    worst_ratio = 0.0
    print(f"{'pattern':16}" + "".join(f"{s:>9}KB" for s in sizes) + "   (ms per KB)   max/min")
    for name, pattern in PATTERNS.items():
        per_kb, notes = [], set()
        for kb in sizes:
            seconds, outcome = time_one(text_of(pattern, kb), registry, 1 if kb > 128 else 3)
            per_kb.append(1000 * seconds / kb)
            if outcome.startswith("ExtractionError"):
                notes.add(f"{kb} KB: {outcome}")
        linear = [v for kb, v in zip(sizes, per_kb) if kb <= 128]
        ratio = max(linear) / max(min(linear), 1e-9)
        worst_ratio = max(worst_ratio, ratio)
        print(f"{name:16}" + "".join(f"{v:11.2f}" for v in per_kb) + f"   {ratio:8.2f}")
        for note in sorted(notes):
            print(f"    {note}")
    print(f"worst max/min ratio of ms per KB (2-128 KB): {worst_ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
