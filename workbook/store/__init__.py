"""The database: articles, claims, propagation, tags and the tag log, on SQLite or PostgreSQL.

One :class:`Store` per database: a SQLite file (the embedded default; WAL mode and a busy
timeout let two notebooks write to one file at once) or a PostgreSQL server given by a URL
(``postgresql://user@host/dbname``), for a team reviewing together. Every module of the store
writes one SQL dialect (``?`` placeholders, portable statements); :mod:`.postgres` runs it on
PostgreSQL. Every tag is its own committed transaction on both.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

import psycopg

from ..models import Article, Propagation
from . import postgres
from .errors import StoreError, explain, missing, newer_schema, translated
from .schema import MIGRATIONS

# What an append-only log or a constraint raises when broken, on either backend.
IntegrityError = (sqlite3.IntegrityError, psycopg.IntegrityError)

DEFAULT_DB = "workbook.db"
CLAIM_COLUMNS = ("claim_id", "article_id", "claim", "claim_start", "claim_end", "source", "source_start",
                 "source_end", "source_name", "source_role", "resolved_source", "cue", "cue_start",
                 "cue_end", "kind", "via_outlet", "suggested", "speculative", "hedges",
                 "sentence_start", "sentence_end", "position", "origin")


def default_db_path() -> str:
    return os.environ.get("WORKBOOK_DB", DEFAULT_DB)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def is_url(target) -> bool:
    """A PostgreSQL URL (``postgresql://...``) rather than a SQLite path."""
    return postgres.is_url(str(target) if target is not None else None)


class Store:
    def __init__(self, path: str | os.PathLike | None = None, timeout: float = 60.0, create: bool = True):
        """Open (and migrate) the database at ``path``: a SQLite file, or a PostgreSQL URL.
        With ``create=False`` a database that does not exist (no file; no workbook schema on
        the server) is a StoreError: read commands must not leave an empty database behind.
        Every database problem the user can fix is raised as a one-line StoreError."""
        target = str(path if path is not None else default_db_path())
        if is_url(target):
            self._open_postgres(target, timeout, create)
            return
        self.backend = "sqlite"
        self.url = None
        self.path = target
        if self.path != ":memory:":
            if Path(self.path).is_dir() or (not create and not Path(self.path).is_file()):
                raise missing(self.path)
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder of {self.path} ({exc.strerror}): "
                                 "choose a writable place for the database") from None
        with translated(self.path):
            self._connect(timeout)
            self.migrate()

    def _open_postgres(self, url: str, timeout: float, create: bool) -> None:
        self.backend = "postgresql"
        self.url = url
        self.path = postgres.redacted(url)  # what messages and the report show: no password
        self.db = postgres.connect(url, timeout)
        with translated(self.path):
            if not create and postgres.schema_version(self.db) == 0:
                self.db.close()
                raise StoreError(f"no workbook database at {self.path}: the database is empty; create it "
                                 f"with `workbook load data/ --db {self.path}`")
            self.migrate()

    def _connect(self, timeout: float) -> None:
        # isolation_level=None: we open transactions ourselves (BEGIN IMMEDIATE), so a write
        # never upgrades a read lock half-way and deadlocks with another writer.
        self.db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None,
                                  check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        if self.path != ":memory:":
            self.db.execute("PRAGMA journal_mode = WAL")
            # FULL: a committed tag survives a power cut too, not only a crashed process; it costs
            # one fsync per tag (a few ms), well inside the 50 ms budget of a tag click.
            self.db.execute("PRAGMA synchronous = FULL")

    # -- schema ----------------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        if self.backend == "postgresql":
            return postgres.schema_version(self.db)
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        with self.transaction():
            version = self.schema_version
            if version > len(MIGRATIONS):
                raise newer_schema(self.path, version, len(MIGRATIONS))
            if self.backend == "postgresql":
                postgres.migrate(self.db)
                return
            for number, script in enumerate(MIGRATIONS[version:], version + 1):
                for statement in _statements(script):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number}")

    def transaction(self):
        return _Transaction(self.db, self.path)

    @contextmanager
    def snapshot(self):
        """Reads inside see one consistent state of the database, while others go on writing
        (for copying a live review). Not inside a write transaction."""
        with translated(self.path):
            if self.backend == "postgresql":
                self.db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            else:
                self.db.execute("BEGIN DEFERRED")  # WAL: the first read fixes the snapshot
        try:
            yield self
        finally:
            with translated(self.path):
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")  # read only: nothing to keep

    def frame(self, sql: str, params=()) -> pd.DataFrame:
        """A query's rows as a DataFrame, the same on both backends."""
        cursor = self.db.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return pd.DataFrame.from_records([tuple(r) for r in cursor.fetchall()], columns=names)

    def stream(self, sql: str, params=(), size: int = 2000):
        """A query's rows, fetched ``size`` at a time on both backends (for copying big tables)."""
        if self.backend == "postgresql":
            yield from self.db.stream(sql, params, size)
            return
        cursor = self.db.execute(sql, params)
        while batch := cursor.fetchmany(size):
            yield from batch

    def columns(self, table: str) -> list[str]:
        """A table's column names, in order."""
        cursor = self.db.execute(f"SELECT * FROM {table} WHERE 1 = 0")
        cursor.fetchall()
        return [d[0] for d in cursor.description]

    def sync_sequences(self) -> None:
        """After rows were inserted with their own event ids (``workbook db copy``), make new
        events number after them. SQLite's AUTOINCREMENT does so by itself."""
        if self.backend == "postgresql":
            postgres.sync_sequences(self.db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- articles and claims ---------------------------------------------------------------
    def stored_version(self, article_id: str):
        """What the store holds of an article: its source, content_hash and extracted_at."""
        return self.db.execute("SELECT source, content_hash, extracted_at FROM articles WHERE id = ?",
                               (article_id,)).fetchone()

    def save_article(self, article: Article, rows: Iterable[dict], extracted: bool = True) -> dict:
        """Insert or update an article and its claim rows in one transaction.

        Claims the new extraction still finds are updated in place (same claim_id, so tags stay);
        claims it no longer finds are marked inactive, never deleted. Returns counts.
        """
        stamp = now()
        rows = list(rows)
        with self.transaction():
            self._move_span_corrections(article, stamp)  # before the new text replaces the old hash
            self.db.execute(
                """INSERT INTO articles (id, source, format, outlet, original_outlet, url, title, author,
                       published, text, body, comments, content_hash, words, loaded_at, extracted_at, language)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                   ON CONFLICT(id) DO UPDATE SET source=excluded.source, format=excluded.format,
                       outlet=excluded.outlet, original_outlet=excluded.original_outlet, url=excluded.url,
                       title=excluded.title, author=excluded.author, published=excluded.published,
                       text=excluded.text, body=excluded.body, comments=excluded.comments,
                       content_hash=excluded.content_hash, words=excluded.words,
                       extracted_at=excluded.extracted_at, language=excluded.language""",
                (article.id, article.source, article.format, article.outlet, article.original_outlet,
                 article.url, article.title, article.author, article.published, article.text,
                 json.dumps(article.body), json.dumps(article.comments), article.content_hash,
                 article.words, stamp, stamp if extracted else None, article.language))
            self.db.execute("DELETE FROM propagation WHERE article_id = ?", (article.id,))
            self.db.executemany(
                "INSERT INTO propagation VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                [(article.id, p.kind, p.outlet, p.of_outlet, p.date, p.evidence, p.url)
                 for p in article.propagation])
            before = {r[0] for r in self.db.execute(
                "SELECT claim_id FROM claims WHERE article_id = ? AND active = 1 AND origin = 'extractor'",
                (article.id,))}
            placeholders = ",".join("?" * (len(CLAIM_COLUMNS) + 3))
            updates = ", ".join(f"{c}=excluded.{c}" for c in CLAIM_COLUMNS if c not in ("claim_id", "origin"))
            self.db.executemany(
                f"""INSERT INTO claims ({', '.join(CLAIM_COLUMNS)}, active, first_seen, last_seen)
                    VALUES ({placeholders})
                    ON CONFLICT(claim_id) DO UPDATE SET {updates}, active=1, last_seen=excluded.last_seen""",
                [_db_row(row) + (1, stamp, stamp) for row in rows])
            found = {row["claim_id"] for row in rows}
            gone = before - found
            self.db.executemany("UPDATE claims SET active = 0 WHERE claim_id = ?", [(c,) for c in gone])
            # A reviewer's corrected span may lie outside the sentence the extractor saw.
            from .spans import widen_sentences

            widen_sentences(self, "article_id = ?", (article.id,))
        return {"claims": len(found), "new": len(found - before), "gone": len(gone)}

    def _move_span_corrections(self, article: Article, stamp: str) -> None:
        """When an article's text changed, move each reviewer span correction to where its text
        now stands (the occurrence nearest its old place). One whose text is gone is withdrawn,
        and the withdrawal is logged, rather than pointing at whatever now sits at the old
        offsets."""
        old = self.db.execute("SELECT content_hash FROM articles WHERE id = ?", (article.id,)).fetchone()
        if old is None or old[0] == article.content_hash:
            return
        text = article.text
        overrides = self.db.execute(
            """SELECT o.claim_id, o.field, o.start, o."end", o.text FROM span_overrides o
               JOIN claims c ON c.claim_id = o.claim_id WHERE c.article_id = ? AND o.text IS NOT NULL""",
            (article.id,)).fetchall()
        for claim_id, field_name, start, end, value in overrides:
            if start is not None and text[start:end] == value:
                continue
            places = [m.start() for m in re.finditer(re.escape(value), text)] if value else []
            if places:
                new_start = min(places, key=lambda p: abs(p - (start or 0)))
                self.db.execute('UPDATE span_overrides SET start = ?, "end" = ? WHERE claim_id = ? AND field = ?',
                                (new_start, new_start + len(value), claim_id, field_name))
                continue
            self.db.execute("DELETE FROM span_overrides WHERE claim_id = ? AND field = ?", (claim_id, field_name))
            self.db.execute(
                """INSERT INTO span_events (claim_id, article_id, reviewer, action, field, old_start, old_end,
                       new_start, new_end, old_text, new_text, note, at)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                (claim_id, article.id, "workbook", "withdrawn", field_name, start, end, None, None, value, None,
                 "the article was edited and the corrected text is no longer in it", stamp))

    def articles(self, with_text: bool = False) -> pd.DataFrame:
        cols = "a.*" if with_text else ", ".join(f"a.{c}" for c in (
            "id", "source", "format", "outlet", "original_outlet", "url", "title", "author", "published",
            "words", "content_hash", "loaded_at", "language"))
        frame = self.frame(f"SELECT {cols} FROM articles a ORDER BY a.loaded_at, a.id")
        # A missing author, outlet, date ... is None, as in Article, not pandas' NaN.
        for col in frame.columns:
            if frame[col].dtype != "int64" and frame[col].isna().any():
                frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
        return frame

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        return Article(id=row["id"], source=row["source"], text=row["text"], format=row["format"],
                       outlet=row["outlet"], original_outlet=row["original_outlet"], url=row["url"],
                       title=row["title"], author=row["author"], published=row["published"],
                       body=[tuple(r) for r in json.loads(row["body"])], comments=json.loads(row["comments"]),
                       content_hash=row["content_hash"], language=row["language"],
                       propagation=self.propagation_of(article_id))

    def propagation_of(self, article_id: str) -> list[Propagation]:
        return [Propagation(r["kind"], r["outlet"], r["of_outlet"], r["date"], r["evidence"], r["url"])
                for r in self.db.execute("SELECT * FROM propagation WHERE article_id = ?", (article_id,))]

    def sources(self) -> pd.DataFrame:
        """Who each article cites, with the kind of source and how many claims."""
        return self.frame("SELECT * FROM sources ORDER BY article_id, claims DESC, source")

    def propagation(self) -> pd.DataFrame:
        # NULL dates first on both backends (PostgreSQL would put them last).
        return self.frame("SELECT * FROM propagation ORDER BY date IS NOT NULL, date, article_id, kind, outlet")

    def claims(self, active_only: bool = True) -> pd.DataFrame:
        where = "WHERE c.active = 1" if active_only else ""
        frame = self.frame(
            f"""SELECT c.*, a.outlet, a.original_outlet, a.published, a.title
                FROM claims c JOIN articles a ON a.id = c.article_id {where}
                ORDER BY a.loaded_at, a.id, c.position, c.claim_start, c.claim_id""")
        frame["speculative"] = frame["speculative"].astype(bool)
        frame["active"] = frame["active"].astype(bool)
        frame["hedges"] = [json.loads(h) for h in frame["hedges"]]
        return frame

    # -- tags ------------------------------------------------------------------------------
    def record_tag(self, claim_id: str, reviewer: str, tag: str | None, note: str | None = None,
                   action: str = "tag", batch: str | None = None) -> int:
        """Append one tag event and update the current tag, in one committed transaction.
        ``tag=None`` clears the reviewer's tag. Returns the event id."""
        with self.transaction():
            return self.write_tag_event(claim_id, reviewer, tag, note, action, batch)

    def write_tag_event(self, claim_id: str, reviewer: str, tag: str | None, note: str | None = None,
                        action: str = "tag", batch: str | None = None) -> int:
        """A reviewer's tag (and note; the flag and status stay), inside the caller's
        transaction: an event in the append-only log, with a snapshot of the claim text so an
        orphan can still be read, and the current tag. ``batch`` groups a bulk action for undo.
        See :mod:`workbook.store.tags`, where every tag event is written."""
        from . import tags

        return tags.write_event(self, claim_id, reviewer, action, tag=tag, note=note, batch=batch)

    def tags(self) -> pd.DataFrame:
        """Current tags, one row per claim and reviewer (cleared tags excluded)."""
        return self.frame("SELECT * FROM tags WHERE tag IS NOT NULL ORDER BY claim_id, reviewer")

    def tag_events(self) -> pd.DataFrame:
        return self.frame("SELECT * FROM tag_events ORDER BY event_id")


_PLAIN = (str, int, float, type(None))  # stored as they are (bool is not among them: it is 0/1)


def _db_row(row: dict) -> tuple:
    """A claim row's values in CLAIM_COLUMNS order, as the database takes them (the hot loop of
    a load: one call per claim)."""
    return tuple([v if v.__class__ in _PLAIN else _db_value(v) for v in map(row.get, CLAIM_COLUMNS)])


def _db_value(value):
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value))
    if isinstance(value, bool):
        return int(value)
    return value


def _statements(script: str) -> list[str]:
    """Split a migration into statements (sqlite3.executescript would commit our transaction)."""
    out, buf = [], []
    for line in script.splitlines():
        buf.append(line)
        joined = "\n".join(buf)
        if line.rstrip().endswith(";") and sqlite3.complete_statement(joined):
            out.append(joined.strip())
            buf = []
    if "".join(buf).strip():
        out.append("\n".join(buf).strip())
    return out


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on error; re-entrant. A database problem the
    user can fix (disk full, read-only, damaged) leaves as a StoreError naming the file."""

    def __init__(self, db, path: str = "the database"):
        self.db = db
        self.path = path
        self.outer = False

    def __enter__(self):
        postgres_db = isinstance(self.db, postgres.PgConnection)
        if postgres_db and self.db.in_transaction and not self.db.open_by_store:
            self.db.rollback()  # a failed statement outside our transactions left one open
        if not self.db.in_transaction:
            with translated(self.path):
                if postgres_db:
                    self.db.begin()  # BEGIN and the one write lock
                    self.db.open_by_store = True
                else:
                    self.db.execute("BEGIN IMMEDIATE")
            self.outer = True
        return self.db

    def __exit__(self, exc_type, exc, tb):
        if not self.outer:
            return False
        if isinstance(self.db, postgres.PgConnection):
            self.db.open_by_store = False
            if exc_type is None and self.db.aborted:
                # PostgreSQL answers COMMIT on an aborted transaction with a silent ROLLBACK.
                self.db.rollback()
                raise StoreError(f"{self.path}: a statement failed inside a transaction, so none of it was "
                                 "saved; run the command again")
        with translated(self.path):
            if exc_type is None:
                try:
                    self.db.execute("COMMIT")
                except (sqlite3.Error, psycopg.Error):
                    if self.db.in_transaction:
                        self.db.execute("ROLLBACK")
                    raise
            elif self.db.in_transaction:  # SQLite may already have rolled back (disk full)
                self.db.execute("ROLLBACK")
        error = explain(self.path, exc) if exc is not None else None
        if error is not None and error is not exc:
            raise error from exc
        return False
