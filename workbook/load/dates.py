from __future__ import annotations

import re
from datetime import datetime

from dateutil import parser as dateparser

_HAS_DIGIT = re.compile(r"\d")


def parse_date(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) from a date as written, or None."""
    if not value or not _HAS_DIGIT.search(value) or len(value) > 60:
        return None
    try:
        parsed = dateparser.parse(value.strip(), fuzzy=False, default=datetime(1900, 1, 1))
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed.year < 1900 or parsed.year > 2100:
        return None
    return parsed.date().isoformat()
