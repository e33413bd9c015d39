"""Run every benchmark in this folder (bench_*.py) in turn; each prints throughput and peak memory.

    python benchmarks/run.py            # all
    python benchmarks/run.py load graph # only those whose name contains a word given
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(words: list[str]) -> int:
    status = 0
    for script in sorted(HERE.glob("bench_*.py")):
        if words and not any(w in script.stem for w in words):
            continue
        print(f"== {script.stem}", flush=True)
        status |= subprocess.call([sys.executable, str(script)])
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
