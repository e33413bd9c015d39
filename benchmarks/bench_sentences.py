"""The sentence splitter against pysbd on the PolNeAR-train paragraphs: words per second."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pysbd

from workbook.extract.sentences import split_sentences

TEXTS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "polnear-train" / "text"


def main() -> int:
    if not TEXTS.is_dir():
        print(f"skipped: no corpus at {TEXTS}")
        return 0
    paragraphs = [p for t in sorted(TEXTS.glob("*.txt")) for p in t.read_text(encoding="utf-8").split("\n\n")
                  if len(p.split()) > 5]
    words = sum(len(p.split()) for p in paragraphs)
    t0 = time.perf_counter()
    for p in paragraphs:
        split_sentences(p)
    ours = time.perf_counter() - t0
    sample = paragraphs[:1000]
    seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
    t0 = time.perf_counter()
    for p in sample:
        seg.segment(p)
    theirs = time.perf_counter() - t0
    sample_words = sum(len(p.split()) for p in sample)
    print(f"workbook splitter: {len(paragraphs):,} paragraphs {words:,} words {words / ours:>12,.0f} words/s")
    print(f"pysbd (per paragraph, first 1,000): {sample_words:,} words {sample_words / theirs:>12,.0f} words/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
