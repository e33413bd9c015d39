"""Claim reads for the review: one claim with its article, counts, filter options."""
from __future__ import annotations

import json


def claim(store, claim_id: str) -> dict | None:
    """One claim row with its article's outlet, date, title, url, author and text."""
    row = store.db.execute(
        """SELECT c.*, a.outlet, a.original_outlet, a.published, a.title, a.url, a.author, a.text AS article_text
           FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.claim_id = ?""", (claim_id,)).fetchone()
    if row is None:
        return None
    out = dict(row)
    out["hedges"] = json.loads(out["hedges"] or "[]")
    out["speculative"] = bool(out["speculative"])
    return out


def is_active(store, claim_id: str) -> bool | None:
    """True / False, or None when there is no such claim."""
    row = store.db.execute("SELECT active FROM claims WHERE claim_id = ?", (claim_id,)).fetchone()
    return None if row is None else bool(row[0])


def article_text(store, article_id: str) -> str | None:
    row = store.db.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
    return None if row is None else row[0]


def active_in_article(store, article_id: str) -> list:
    """(claim_id, claim, source) of the article's active claims."""
    return store.db.execute("SELECT claim_id, claim, source FROM claims WHERE article_id = ? AND active = 1",
                            (article_id,)).fetchall()


def tagged_inactive_in_article(store, article_id: str) -> list:
    """(claim_id, reviewer, claim, source) of the tags on the article's inactive claims."""
    return store.db.execute(
        """SELECT t.claim_id, t.reviewer, c.claim, c.source FROM tags t JOIN claims c ON c.claim_id = t.claim_id
           WHERE c.article_id = ? AND c.active = 0 AND t.tag IS NOT NULL""", (article_id,)).fetchall()


def progress(store, reviewer: str) -> tuple[int, int]:
    """(active claims this reviewer has given a sourcing tag, active claims)."""
    total = store.db.execute("SELECT COUNT(*) FROM claims WHERE active = 1").fetchone()[0]
    done = store.db.execute(
        "SELECT COUNT(*) FROM tags t JOIN claims c ON c.claim_id = t.claim_id "
        "WHERE t.reviewer = ? AND t.tag IS NOT NULL AND c.active = 1", (reviewer,)).fetchone()[0]
    return done, total


def tagged_ids(store, reviewer: str) -> set[str]:
    """The claims the reviewer has given a sourcing tag."""
    return {r[0] for r in store.db.execute("SELECT claim_id FROM tags WHERE reviewer = ? AND tag IS NOT NULL",
                                           (reviewer,))}


def filter_options(store) -> dict:
    """The outlets, articles (id, title) and suggested types of the active claims."""
    outlets = [r[0] for r in store.db.execute(
        "SELECT DISTINCT a.outlet FROM articles a JOIN claims c ON c.article_id = a.id "
        "WHERE c.active = 1 AND a.outlet IS NOT NULL ORDER BY a.outlet")]
    articles = [(r[0], r[1]) for r in store.db.execute(
        "SELECT a.id, COALESCE(a.title, a.source) FROM articles a WHERE EXISTS "
        "(SELECT 1 FROM claims c WHERE c.article_id = a.id AND c.active = 1) ORDER BY a.loaded_at, a.id")]
    suggested = [r[0] for r in store.db.execute(
        "SELECT DISTINCT suggested FROM claims WHERE active = 1 ORDER BY suggested")]
    return {"outlets": outlets, "articles": articles, "suggested": suggested}
