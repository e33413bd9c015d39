"""The SQLite schema, as numbered migrations. ``PRAGMA user_version`` holds the version applied.

Add a migration by appending to MIGRATIONS; never edit one that has shipped.
"""
from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: articles, their propagation records, claims, and the review's tags with an append-only log.
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        format TEXT NOT NULL,
        outlet TEXT,
        original_outlet TEXT,
        url TEXT,
        title TEXT,
        author TEXT,
        published TEXT,
        text TEXT NOT NULL,
        body TEXT NOT NULL,            -- JSON list of [start, end] regions of text
        comments TEXT NOT NULL DEFAULT '[]',
        content_hash TEXT NOT NULL,
        words INTEGER NOT NULL,
        loaded_at TEXT NOT NULL,
        extracted_at TEXT
    );
    CREATE TABLE propagation (
        article_id TEXT NOT NULL REFERENCES articles(id),
        kind TEXT NOT NULL,
        outlet TEXT NOT NULL,
        of_outlet TEXT NOT NULL,
        date TEXT,
        evidence TEXT NOT NULL DEFAULT '',
        url TEXT,
        PRIMARY KEY (article_id, kind, outlet, of_outlet)
    );
    -- One row per claim and source. Rows are never deleted: a claim that a new extraction no
    -- longer finds gets active = 0, so tags on it stay and show up as orphans.
    CREATE TABLE claims (
        claim_id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id),
        claim TEXT NOT NULL,
        claim_start INTEGER NOT NULL,
        claim_end INTEGER NOT NULL,
        source TEXT,
        source_start INTEGER,
        source_end INTEGER,
        source_name TEXT,
        source_role TEXT,
        resolved_source TEXT,
        cue TEXT,
        cue_start INTEGER,
        cue_end INTEGER,
        kind TEXT NOT NULL,
        via_outlet TEXT,
        suggested TEXT NOT NULL,
        speculative INTEGER NOT NULL,
        hedges TEXT NOT NULL DEFAULT '[]',
        sentence_start INTEGER NOT NULL,
        sentence_end INTEGER NOT NULL,
        position INTEGER NOT NULL,     -- order within the article
        origin TEXT NOT NULL DEFAULT 'extractor',  -- extractor | reviewer (a claim added by hand)
        active INTEGER NOT NULL DEFAULT 1,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL
    );
    CREATE INDEX claims_article ON claims(article_id, position);
    -- Every tag decision, append-only: undo and corrections are new events.
    CREATE TABLE tag_events (
        event_id INTEGER PRIMARY KEY AUTOINCREMENT,
        claim_id TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        action TEXT NOT NULL,          -- tag | clear | undo | reconcile
        old_tag TEXT,
        new_tag TEXT,
        note TEXT,
        at TEXT NOT NULL,              -- ISO 8601 UTC
        claim_text TEXT,               -- a snapshot, so an orphaned tag can still be read
        article_id TEXT
    );
    CREATE INDEX tag_events_claim ON tag_events(claim_id, reviewer, event_id);
    CREATE TRIGGER tag_events_no_update BEFORE UPDATE ON tag_events
        BEGIN SELECT RAISE(ABORT, 'tag_events is append-only'); END;
    CREATE TRIGGER tag_events_no_delete BEFORE DELETE ON tag_events
        BEGIN SELECT RAISE(ABORT, 'tag_events is append-only'); END;
    -- The current tag per claim and reviewer: derived from tag_events, kept in the same
    -- transaction as the event that changes it.
    CREATE TABLE tags (
        claim_id TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        tag TEXT,
        note TEXT,
        at TEXT NOT NULL,
        event_id INTEGER NOT NULL REFERENCES tag_events(event_id),
        PRIMARY KEY (claim_id, reviewer)
    );
    """,
]
