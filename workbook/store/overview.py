"""Read-only summaries of a store for the report: counts, sentences, the tag history."""
from __future__ import annotations


def sentence_texts(store) -> dict[str, str]:
    """claim_id -> the text from the earliest to the latest of its claim/source/cue spans.
    Cut in SQLite (substr counts characters like Python), so no article text is loaded whole."""
    cursor = store.db.execute(
        """SELECT c.claim_id, substr(a.text, c.sentence_start + 1, c.sentence_end - c.sentence_start)
           FROM claims c JOIN articles a ON a.id = c.article_id""")
    return {cid: text or "" for cid, text in cursor}


def article_urls(store) -> dict[str, str | None]:
    return dict(store.db.execute("SELECT id, url FROM articles").fetchall())


def active_claims(store) -> int:
    return store.db.execute("SELECT COUNT(*) FROM claims WHERE active = 1").fetchone()[0]


def article_counts(store) -> dict:
    """articles, outlets publishing them, and every outlet the story touches: publishers,
    originals of reposts, rebloggers and linkers, and outlets cited as reporters."""
    articles, outlets = store.db.execute("SELECT COUNT(*), COUNT(DISTINCT outlet) FROM articles").fetchone()
    involved = store.db.execute(
        """SELECT COUNT(*) FROM (SELECT outlet AS o FROM articles UNION SELECT original_outlet FROM articles
           UNION SELECT outlet FROM propagation UNION SELECT of_outlet FROM propagation
           UNION SELECT via_outlet FROM claims WHERE active = 1) AS involved WHERE o IS NOT NULL""").fetchone()[0]
    return {"articles": articles, "outlets": outlets, "outlets_involved": involved}


def tag_history(store) -> list[dict]:
    """Every tag event, oldest first, with the claim's text (or its snapshot) and outlet."""
    cursor = store.db.execute(
        """SELECT e.event_id, e.at, e.reviewer, e.action, e.old_tag, e.new_tag, e.old_speculative,
                  e.new_speculative, e.new_status, e.note, COALESCE(c.claim, e.claim_text) AS claim, a.outlet
           FROM tag_events e LEFT JOIN claims c ON c.claim_id = e.claim_id
                LEFT JOIN articles a ON a.id = COALESCE(c.article_id, e.article_id)
           ORDER BY e.event_id""")
    return [dict(r) for r in cursor]


def load_stats(store, sources_shown: int = 12) -> dict:
    """When and what was loaded: first/last load, last extraction, articles, words, formats,
    inactive claims and the first ``sources_shown`` sources."""
    first, last, extracted, articles, words = store.db.execute(
        "SELECT MIN(loaded_at), MAX(loaded_at), MAX(extracted_at), COUNT(*), SUM(words) FROM articles").fetchone()
    formats = store.db.execute("SELECT format, COUNT(*) FROM articles GROUP BY format ORDER BY 2 DESC").fetchall()
    languages = store.db.execute("SELECT COALESCE(language, 'not detected'), COUNT(*) FROM articles "
                                 "GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
    not_english = [dict(r) for r in store.db.execute(
        "SELECT COALESCE(title, source) AS title, language FROM articles "
        "WHERE language IS NOT NULL AND language != 'en' ORDER BY loaded_at, id")]
    inactive = store.db.execute("SELECT COUNT(*) FROM claims WHERE active = 0").fetchone()[0]
    sources = [r[0] for r in store.db.execute("SELECT source FROM articles ORDER BY loaded_at, id LIMIT ?",
                                              (sources_shown,))]
    return {"first_loaded": first, "last_loaded": last, "last_extracted": extracted, "articles": articles,
            "words": words or 0, "formats": [tuple(f) for f in formats], "inactive": inactive, "sources": sources,
            "languages": [tuple(r) for r in languages], "not_english": not_english}
