"""Database problems as one line that names the file and says what to do.

SQLite's own messages ("unable to open database file", "database disk image is malformed") name
neither the file nor a remedy; :func:`explain` turns the ones a user can meet into a
:class:`StoreError`. Programming errors (bad SQL, a constraint or trigger) are left alone.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg


class StoreError(sqlite3.DatabaseError):
    """A database problem the user can act on; ``str()`` is one line naming the file."""


class NewerSchema(StoreError, RuntimeError):
    """The database was written by a newer workbook."""


def missing(path: str) -> StoreError:
    if Path(path).is_dir():
        return StoreError(f"{path} is a folder, not a database file: give the path of a .db file")
    return StoreError(f"no database at {path}: check the path, or create it with "
                      f"`workbook load data/ --db {path}`")


def newer_schema(path: str, version: int, known: int) -> NewerSchema:
    return NewerSchema(f"{path} has database schema {version}, newer than this workbook's {known}: "
                       "upgrade the workbook (pip install -U workbook) to open it")


# (a phrase of SQLite's message, what it means for the file and what to do)
_KNOWN = (
    ("readonly", "is read-only", "make the file and its folder writable, or copy the database somewhere writable"),
    ("read-only", "is read-only", "make the file and its folder writable, or copy the database somewhere writable"),
    ("disk is full", "cannot be written: the disk is full",
     "free some space and run the command again (what was saved before stays)"),
    ("not a database", "is not a workbook database (or its header is damaged)",
     "check the path, or restore the file from a backup"),
    ("malformed", "is damaged (truncated or overwritten)",
     "restore it from a backup; `sqlite3 FILE .recover` can save what is left"),
    ("disk i/o error", "cannot be read or written (disk I/O error)",
     "check the disk and the file's permissions, then try again"),
    ("locked", "is locked by another program", "close other notebooks or commands using it and try again"),
    ("unable to open", "cannot be opened", "check that its folder exists and is writable"),
)


def explain(path: str, exc: BaseException) -> StoreError | None:
    """A StoreError for a database problem the user can fix, else None."""
    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, psycopg.Error):
        from .postgres import explain as explain_postgres

        return explain_postgres(path, exc)
    if isinstance(exc, sqlite3.IntegrityError) or not isinstance(exc, (sqlite3.OperationalError,
                                                                          sqlite3.DatabaseError)):
        return None
    message = str(exc).lower()
    for phrase, meaning, remedy in _KNOWN:
        if phrase in message:
            return StoreError(f"{path} {meaning}: {remedy.replace('FILE', path)}")
    return None


def _sqlite_cause(exc: BaseException) -> BaseException:
    """pandas wraps a failed query in its own DatabaseError; the SQLite error is its cause."""
    cause = exc.__cause__
    return cause if isinstance(cause, (sqlite3.Error, psycopg.Error)) else exc


@contextmanager
def translated(path: str) -> Iterator[None]:
    """Inside: a database problem the user can fix is raised as a StoreError naming ``path``."""
    from pandas.errors import DatabaseError as PandasDatabaseError

    try:
        yield
    except (sqlite3.DatabaseError, PandasDatabaseError, psycopg.Error) as exc:
        error = explain(path, _sqlite_cause(exc))
        if error is None or error is exc:
            raise
        raise error from exc
