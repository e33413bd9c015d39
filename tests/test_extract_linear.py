"""Extraction stays linear in the text's length: no sentence is longer than the cap, and
repetitive input that used to be quadratic finishes well inside the time budget."""
from __future__ import annotations

import gc
import time

import pytest

from workbook.extract import extract_text
from workbook.extract.sentences import MAX_SENTENCE_CHARS, split_sentences


def test_a_paragraph_with_no_full_stop_is_cut_at_clause_boundaries():
    text = "the harbour board met again, and the ferry plan was discussed at length " * 300
    spans = split_sentences(text)
    assert len(spans) > 1 and all(e - s <= MAX_SENTENCE_CHARS for s, e in spans)
    assert all(text[e - 1] == "," for s, e in spans[:-1])  # each cut after a comma
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize("pattern", ["said ", "\"x,\" he said \"", "(officials said ", "told Reuters ",
                                     "was denied by the minister and rejected by ", "according to "])
def test_repetitive_input_time_grows_linearly(pattern):
    def seconds(kb):
        text = "Title\n\n" + (pattern * (kb * 1024 // len(pattern) + 1))[:kb * 1024]
        # Collector pauses depend on what earlier tests left on the heap, not on this code.
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            extract_text(text, budget=None)
            return time.perf_counter() - started
        finally:
            gc.enable()

    small, large = min(seconds(4) for _ in range(2)), min(seconds(64) for _ in range(2))
    # 16 times the text: quadratic code takes ~256 times as long; allow a loaded machine 48.
    assert large < max(48 * small, 0.5), (small, large)
