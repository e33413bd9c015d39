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
    -- The sources of each article: who is cited, how often, of what kind.
    CREATE VIEW sources AS
        SELECT article_id, COALESCE(resolved_source, source_name, source) AS source, suggested,
               via_outlet, COUNT(*) AS claims
        FROM claims WHERE active = 1 AND source IS NOT NULL
        GROUP BY article_id, COALESCE(resolved_source, source_name, source), suggested, via_outlet;
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
    # Claim groups (workbook/graph): every reviewer decision on the matching of claims across
    # articles, append-only like tag_events, and the current must/cannot link per claim pair
    # derived from it in the same transaction. Matching honours group_links on every run.
    """
    CREATE TABLE group_events (
        event_id INTEGER PRIMARY KEY AUTOINCREMENT,
        action TEXT NOT NULL,          -- confirm | split | merge | unlink
        reviewer TEXT NOT NULL,
        at TEXT NOT NULL,              -- ISO 8601 UTC
        group_id TEXT,                 -- the group as the reviewer saw it
        claim_ids TEXT NOT NULL,       -- JSON list: the group (confirm, merge) or the part split off
        other_ids TEXT NOT NULL DEFAULT '[]',  -- JSON list: the rest of the group (split)
        note TEXT
    );
    CREATE TRIGGER group_events_no_update BEFORE UPDATE ON group_events
        BEGIN SELECT RAISE(ABORT, 'group_events is append-only'); END;
    CREATE TRIGGER group_events_no_delete BEFORE DELETE ON group_events
        BEGIN SELECT RAISE(ABORT, 'group_events is append-only'); END;
    CREATE TABLE group_links (
        claim_a TEXT NOT NULL,         -- claim_a < claim_b
        claim_b TEXT NOT NULL,
        link TEXT NOT NULL,            -- must | cannot
        reviewer TEXT NOT NULL,
        at TEXT NOT NULL,
        event_id INTEGER NOT NULL REFERENCES group_events(event_id),
        PRIMARY KEY (claim_a, claim_b)
    );
    """,
    # 3 (review): bulk batches on tag events, final (reconciled) tags, span corrections that
    # survive re-extraction, reviewer-added claims, and indexes for the review panel's queries.
    """
    ALTER TABLE tag_events ADD COLUMN batch TEXT;
    CREATE INDEX tag_events_reviewer ON tag_events(reviewer, event_id);
    CREATE INDEX tags_reviewer ON tags(reviewer, claim_id);
    -- The outcome of reconciling reviewers: one final tag per claim; its history is in
    -- tag_events (action = 'reconcile', reviewer = who reconciled).
    CREATE TABLE final_tags (
        claim_id TEXT PRIMARY KEY,
        tag TEXT,
        note TEXT,
        reviewer TEXT NOT NULL,
        at TEXT NOT NULL,
        event_id INTEGER NOT NULL REFERENCES tag_events(event_id)
    );
    -- Every span correction and every claim a reviewer added, append-only.
    CREATE TABLE span_events (
        event_id INTEGER PRIMARY KEY AUTOINCREMENT,
        claim_id TEXT NOT NULL,
        article_id TEXT,
        reviewer TEXT NOT NULL,
        action TEXT NOT NULL,          -- correct | add_claim | undo
        field TEXT NOT NULL,           -- claim | source | cue
        old_start INTEGER,
        old_end INTEGER,
        new_start INTEGER,
        new_end INTEGER,
        old_text TEXT,
        new_text TEXT,
        note TEXT,
        at TEXT NOT NULL,
        batch TEXT
    );
    CREATE INDEX span_events_claim ON span_events(claim_id, event_id);
    CREATE TRIGGER span_events_no_update BEFORE UPDATE ON span_events
        BEGIN SELECT RAISE(ABORT, 'span_events is append-only'); END;
    CREATE TRIGGER span_events_no_delete BEFORE DELETE ON span_events
        BEGIN SELECT RAISE(ABORT, 'span_events is append-only'); END;
    -- The current correction per claim and field (start NULL: the span was removed).
    CREATE TABLE span_overrides (
        claim_id TEXT NOT NULL,
        field TEXT NOT NULL,
        start INTEGER,
        "end" INTEGER,
        text TEXT,
        event_id INTEGER NOT NULL,
        PRIMARY KEY (claim_id, field)
    );
    -- A re-extraction rewrites a claim row's spans; put the reviewer's corrections back.
    CREATE TRIGGER claims_keep_span_corrections
    AFTER UPDATE OF claim, claim_start, claim_end, source, source_start, source_end, cue, cue_start, cue_end
    ON claims
    WHEN EXISTS (SELECT 1 FROM span_overrides o WHERE o.claim_id = NEW.claim_id)
    BEGIN
        UPDATE claims SET
            claim = COALESCE((SELECT o.text FROM span_overrides o WHERE o.claim_id = NEW.claim_id AND o.field = 'claim'), NEW.claim),
            claim_start = COALESCE((SELECT o.start FROM span_overrides o WHERE o.claim_id = NEW.claim_id AND o.field = 'claim'), NEW.claim_start),
            claim_end = COALESCE((SELECT o."end" FROM span_overrides o WHERE o.claim_id = NEW.claim_id AND o.field = 'claim'), NEW.claim_end),
            source = CASE WHEN EXISTS (SELECT 1 FROM span_overrides o WHERE o.claim_id = NEW.claim_id AND o.field = 'source')
                THEN (SELECT o.text FROM span_overrides o WHERE o.claim_id = NEW.claim_id AND o.field = 'source') ELSE NEW.source END,
            source_start = CASE WHEN EXISTS (SELECT 1 FROM span_overrides o WHERE o.claim_id = NEW.claim_id AND o.field = 'source')
                THEN (SELECT o.start FROM span_overrides o WHERE o.claim_id = NEW.claim_id AND o.field = 'source') ELSE NEW.source_start END,
            source_end = CASE WHEN EXISTS (SELECT 1 FROM span_overrides o WHERE o.claim_id = NEW.claim_id AND o.field = 'source')
                THEN (SELECT o."end" FROM span_overrides o WHERE o.claim_id = NEW.claim_id AND o.field = 'source') ELSE NEW.source_end END,
            cue = CASE WHEN EXISTS (SELECT 1 FROM span_overrides o WHERE o.claim_id = NEW.claim_id AND o.field = 'cue')
                THEN (SELECT o.text FROM span_overrides o WHERE o.claim_id = NEW.claim_id AND o.field = 'cue') ELSE NEW.cue END,
            cue_start = CASE WHEN EXISTS (SELECT 1 FROM span_overrides o WHERE o.claim_id = NEW.claim_id AND o.field = 'cue')
                THEN (SELECT o.start FROM span_overrides o WHERE o.claim_id = NEW.claim_id AND o.field = 'cue') ELSE NEW.cue_start END,
            cue_end = CASE WHEN EXISTS (SELECT 1 FROM span_overrides o WHERE o.claim_id = NEW.claim_id AND o.field = 'cue')
                THEN (SELECT o."end" FROM span_overrides o WHERE o.claim_id = NEW.claim_id AND o.field = 'cue') ELSE NEW.cue_end END
        WHERE claim_id = NEW.claim_id;
    END;
    """,
    # 4 (two answers per claim): beside the sourcing tag, a speculation flag and a status
    # (unsure | skipped); every event holds the reviewer's whole answer after it (new_*) and
    # before it (old_*), so undo restores all of it. An old "speculative" tag becomes the flag,
    # with the sourcing type taken from the claim's suggestion and marked derived = 'migration';
    # the original event stays in the log and a new 'migrate' event records the change.
    # Assignments: which reviewer reviews which claim (overlap claims go to two reviewers).
    """
    ALTER TABLE tag_events ADD COLUMN old_speculative INTEGER;
    ALTER TABLE tag_events ADD COLUMN new_speculative INTEGER;
    ALTER TABLE tag_events ADD COLUMN old_status TEXT;
    ALTER TABLE tag_events ADD COLUMN new_status TEXT;
    -- derived: NULL as the reviewer gave it; 'migration' (from an old speculative tag)
    ALTER TABLE tag_events ADD COLUMN derived TEXT;
    -- speculative: NULL no answer, 0 or 1; status: NULL, unsure or skipped
    ALTER TABLE tags ADD COLUMN speculative INTEGER;
    ALTER TABLE tags ADD COLUMN status TEXT;
    ALTER TABLE tags ADD COLUMN derived TEXT;
    ALTER TABLE final_tags ADD COLUMN speculative INTEGER;
    ALTER TABLE final_tags ADD COLUMN derived TEXT;
    INSERT INTO tag_events (claim_id, reviewer, action, old_tag, new_tag, note, at, claim_text, article_id,
                            batch, new_speculative, derived)
        SELECT t.claim_id, t.reviewer, 'migrate', t.tag, COALESCE(c.suggested, 'unsourced'), t.note,
               strftime('%Y-%m-%dT%H:%M:%f000+00:00', 'now'), c.claim, c.article_id, 'migration-4', 1, 'migration'
        FROM tags t LEFT JOIN claims c ON c.claim_id = t.claim_id
        WHERE t.tag = 'speculative' ORDER BY t.claim_id, t.reviewer;
    UPDATE tags SET
        tag = (SELECT e.new_tag FROM tag_events e WHERE e.claim_id = tags.claim_id AND e.reviewer = tags.reviewer
               AND e.batch = 'migration-4'),
        event_id = (SELECT e.event_id FROM tag_events e WHERE e.claim_id = tags.claim_id
                    AND e.reviewer = tags.reviewer AND e.batch = 'migration-4'),
        speculative = 1, derived = 'migration'
    WHERE tag = 'speculative';
    INSERT INTO tag_events (claim_id, reviewer, action, old_tag, new_tag, note, at, claim_text, article_id,
                            batch, new_speculative, derived)
        SELECT f.claim_id, f.reviewer, 'reconcile', f.tag, COALESCE(c.suggested, 'unsourced'), f.note,
               strftime('%Y-%m-%dT%H:%M:%f000+00:00', 'now'), c.claim, c.article_id, 'migration-4-final', 1,
               'migration'
        FROM final_tags f LEFT JOIN claims c ON c.claim_id = f.claim_id
        WHERE f.tag = 'speculative' ORDER BY f.claim_id;
    UPDATE final_tags SET
        tag = (SELECT e.new_tag FROM tag_events e WHERE e.claim_id = final_tags.claim_id
               AND e.batch = 'migration-4-final'),
        event_id = (SELECT e.event_id FROM tag_events e WHERE e.claim_id = final_tags.claim_id
                    AND e.batch = 'migration-4-final'),
        speculative = 1, derived = 'migration'
    WHERE tag = 'speculative';
    CREATE TABLE assignments (
        claim_id TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        overlap INTEGER NOT NULL,      -- 1: the claim also goes to a second reviewer (agreement)
        assigned_at TEXT NOT NULL,
        PRIMARY KEY (claim_id, reviewer)
    );
    CREATE INDEX assignments_reviewer ON assignments(reviewer, claim_id);
    """,
    # 5 (language): the article's detected language (ISO 639-1), NULL when not detected.
    """
    ALTER TABLE articles ADD COLUMN language TEXT;
    """,
]
