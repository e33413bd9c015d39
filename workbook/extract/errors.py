"""What extraction raises on purpose: the pipeline turns it into a LoadError for the article."""
from __future__ import annotations

import os
import time

# Seconds one article may take before extraction gives up on it (WORKBOOK_EXTRACT_BUDGET).
DEFAULT_BUDGET = float(os.environ.get("WORKBOOK_EXTRACT_BUDGET", "10"))


class ExtractionError(Exception):
    """Extraction of one article failed; the message says why in one line."""


class Deadline:
    """A per-article time budget, checked between sentences."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.until = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        if self.until is not None and time.monotonic() > self.until:
            raise ExtractionError(f"extraction took longer than its budget of {self.seconds:g} s")
