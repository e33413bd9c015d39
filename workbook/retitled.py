"""A .txt article whose title, date or site line was edited gets a new id (the id comes from
outlet + title + date, so copies and moved files keep theirs). When the file it came from was
loaded before under another id, the old copy is retired (its claims inactive, nothing deleted)
and each tag moves to the claim of the new copy with the same wording and source; tags with no
such claim stay listed as orphans (`workbook review orphans`)."""
from __future__ import annotations

from .models import Article, normalize_for_id
from .review.db import reattach
from .store import Store
from .store import claims as store_claims
from .store.identity import other_ids_from_source


def follow_edited_header(store: Store, article: Article) -> list[str]:
    """Retire older copies of ``article``'s file and move their tags to it; returns warnings."""
    if article.format != "txt":
        return []
    warnings = []
    for old_id in other_ids_from_source(store, article.source, article.id):
        old = store.article(old_id)
        store.save_article(old, [])  # every claim of the old copy inactive, the rows kept
        moved, left = _move_tags(store, old_id, article.id)
        warnings.append(f"the title, date or site line changed since this file was loaded (id {old_id} -> "
                        f"{article.id}): {moved} tag(s) moved to the new copy"
                        + (f", {left} left as orphans (workbook review orphans)" if left else ""))
    return warnings


def _move_tags(store: Store, old_id: str, new_id: str) -> tuple[int, int]:
    def key(claim, source):
        return normalize_for_id(claim or ""), normalize_for_id(source or "")

    targets: dict[tuple[str, str], list[str]] = {}
    for row in store_claims.active_in_article(store, new_id):
        targets.setdefault(key(row["claim"], row["source"]), []).append(row["claim_id"])
    moved = left = 0
    for row in store_claims.tagged_inactive_in_article(store, old_id):
        candidates = targets.get(key(row["claim"], row["source"]), [])
        if len(candidates) == 1:
            reattach(store, row["claim_id"], row["reviewer"], to_claim_id=candidates[0],
                     by="workbook (the article's header was edited)")
            moved += 1
        else:
            left += 1
    return moved, left
