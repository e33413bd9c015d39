"""Which stored articles came from one file: an edited title, date or site line gives a .txt
article a new id, and the copy under the old id is found by its file."""
from __future__ import annotations


def other_ids_from_source(store, source: str, article_id: str) -> list[str]:
    """Ids of the stored articles loaded from ``source`` other than ``article_id``, whose claims
    are still active (a copy already retired has none)."""
    rows = store.db.execute(
        """SELECT a.id FROM articles a WHERE a.source = ? AND a.id != ?
           AND EXISTS (SELECT 1 FROM claims c WHERE c.article_id = a.id AND c.active = 1)""",
        (source, article_id)).fetchall()
    return [r[0] for r in rows]
