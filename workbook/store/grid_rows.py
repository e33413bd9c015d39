"""The review grid's one read: every active claim's short columns, in reading order.

Lean on purpose (no article text, no hedge lists): the grid opens over tens of thousands of
claims in well under a second. Used by ``workbook.review.grid``.
"""
from __future__ import annotations

import pandas as pd

from .tags import _ORDER


def grid_rows(store) -> pd.DataFrame:
    """id, article_id, outlet, claim, source, suggested, speculative (the extractor's, 0/1)."""
    return store.frame(
        f"""SELECT c.claim_id AS id, c.article_id, COALESCE(a.outlet, '') AS outlet, c.claim,
                   COALESCE(c.source, '') AS source, COALESCE(c.suggested, '') AS suggested, c.speculative
            FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.active = 1 {_ORDER}""")
