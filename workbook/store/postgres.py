"""The PostgreSQL side of the store: a connection that speaks the store's SQL.

The store writes one dialect (SQLite's placeholders ``?``, portable statements otherwise) and
this module runs it on PostgreSQL through psycopg 3: placeholders become ``%s``, rows read by
name or index like ``sqlite3.Row``, Python booleans are stored as 0/1 (the schema keeps
SQLite's INTEGER flags so that both backends return the same values) and sums come back as
int, not Decimal. A write transaction holds one advisory lock, so writers queue as they do on
SQLite (BEGIN IMMEDIATE) and a read-modify-write (a reviewer's tag after their last answer)
never interleaves with another.
"""
from __future__ import annotations

import re
from functools import lru_cache
import psycopg
from psycopg.adapt import Dumper, Loader
from psycopg.conninfo import conninfo_to_dict
from psycopg.pq import TransactionStatus

from .errors import StoreError
from .pg_schema import PG_BASELINE, PG_BASELINE_VERSION, PG_MIGRATIONS
from .schema import MIGRATIONS

# A migration appended to one backend's list and not the other's would leave PostgreSQL behind.
assert PG_BASELINE_VERSION + len(PG_MIGRATIONS) == len(MIGRATIONS), "append each migration to both lists"

URL_SCHEMES = ("postgresql://", "postgres://")
WRITE_LOCK = 0x776F726B  # "work": the one advisory lock every write transaction takes


def is_url(target) -> bool:
    return isinstance(target, str) and target.startswith(URL_SCHEMES)


def _params(url: str) -> dict:
    """The URL's connection parameters as libpq reads them ({} when it cannot)."""
    try:
        return conninfo_to_dict(url)
    except psycopg.Error:
        return {}


def redacted(url: str) -> str:
    """The server and database of a URL, never its password (in the URL's user part or in a
    ``?password=`` option), for messages and the report."""
    params = _params(url)
    if not params or any("@" in str(params.get(k, "")) for k in ("host", "port", "dbname")):
        # "postgresql://u:pa/ss@h/db": an unencoded / ? # in the password shifts every part
        return "postgresql://(a URL that cannot be read: percent-encode / ? # @ in the password)"
    user = params.get("user")
    host = params.get("host") or params.get("hostaddr") or "localhost"
    host = f"[{host}]" if ":" in host else host
    port = f":{params['port']}" if params.get("port") else ""
    auth = f"{user}{':***' if params.get('password') else ''}@" if user else ""
    return f"postgresql://{auth}{host}{port}/{params.get('dbname', '')}"


def _scrub(message: str, url: str) -> str:
    """``message`` without the URL's password, however the URL is written (or mis-written)."""
    secrets = {_params(url).get("password") or ""}
    raw = re.match(r"postgres(?:ql)?://[^:/@]*:(.*)@", url)  # the user part, up to the last "@"
    if raw:
        secrets |= {raw.group(1), raw.group(1).split("@")[0]}
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        message = message.replace(secret, "***")
    return message


def database_name(url: str) -> str:
    return _params(url).get("dbname") or "workbook"


class Row(tuple):
    """A result row: by index, by column name, ``dict(row)``, as ``sqlite3.Row`` allows."""

    def __new__(cls, values, index: dict[str, int]):
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self):
        return list(self._index)


def _row_factory(cursor):
    index = {col.name: i for i, col in enumerate(cursor.description or ())}
    return lambda values: Row(values, index)


class _BoolAsInt(Dumper):
    oid = psycopg.postgres.types["int4"].oid

    def dump(self, obj):
        return b"1" if obj else b"0"


class _NumericAsNumber(Loader):
    """SUM over integers is numeric in PostgreSQL; give int (or float) as SQLite does."""

    def load(self, data):
        text = bytes(data).decode()
        return int(text) if re.fullmatch(r"-?\d+", text) else float(text)


@lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """``?`` outside quotes and comments -> ``%s``; every ``%`` doubled (psycopg reads them as
    placeholders, in quotes and comments too)."""
    out, i, n = [], 0, len(sql)
    while i < n:
        ch = sql[i]
        end = _skip(sql, i)
        if end > i + 1:  # a quoted string or identifier, or a comment: copied as it is
            out.append(sql[i:end].replace("%", "%%"))
            i = end
            continue
        out.append("%s" if ch == "?" else "%%" if ch == "%" else ch)
        i += 1
    return "".join(out)


def _skip(sql: str, i: int) -> int:
    """Where the quote or comment starting at ``i`` ends (``i + 1`` when none starts there)."""
    ch = sql[i]
    if ch in "'\"":
        close = sql.find(ch, i + 1)
        return len(sql) if close < 0 else close + 1
    if sql.startswith("--", i):
        close = sql.find("\n", i)
        return len(sql) if close < 0 else close
    if sql.startswith("/*", i):
        close = sql.find("*/", i + 2)
        return len(sql) if close < 0 else close + 2
    return i + 1


class PgConnection:
    """The part of ``sqlite3.Connection`` the store uses, over one psycopg connection."""

    backend = "postgresql"

    def __init__(self, url: str, timeout: float):
        self.url, self.timeout = url, timeout
        self._open()

    def _open(self) -> None:
        self.conn = psycopg.connect(self.url, autocommit=True, row_factory=_row_factory,
                                    connect_timeout=max(1, int(min(self.timeout, 30))))
        self.conn.adapters.register_dumper(bool, _BoolAsInt)
        self.conn.adapters.register_loader("numeric", _NumericAsNumber)
        # A lock wait as long as SQLite's busy timeout, then an error rather than a hang.
        self.conn.execute(f"SET lock_timeout = {int(self.timeout * 1000)}")
        self.open_by_store = False  # set by the store's transaction while one of its own is open

    def _live(self):
        """The connection, opened again after the server restarted or the network dropped (the
        failed statement's error was already raised; a notebook panel then just goes on)."""
        if self.conn.closed or self.conn.broken:
            self._open()
        return self.conn

    def execute(self, sql: str, params=()):
        return self._live().execute(translate(sql), tuple(params))

    def executemany(self, sql: str, rows):
        rows = [tuple(r) for r in rows]
        cursor = self._live().cursor()
        if rows:
            cursor.executemany(translate(sql), rows)
        return cursor

    def stream(self, sql: str, params=(), size: int = 2000):
        """Rows in batches from a server-side cursor: a whole table never sits in memory."""
        with self._live().cursor(name=f"workbook_stream_{id(self)}", withhold=True) as cursor:
            cursor.execute(translate(sql), tuple(params))
            while batch := cursor.fetchmany(size):
                yield from batch

    @property
    def in_transaction(self) -> bool:
        if self.conn.closed or self.conn.broken:
            return False  # nothing is open on a lost connection; the next statement reconnects
        return self.conn.info.transaction_status != TransactionStatus.IDLE

    @property
    def aborted(self) -> bool:
        """A statement failed inside the open transaction: PostgreSQL will only roll it back."""
        return self.conn.info.transaction_status == TransactionStatus.INERROR

    def begin(self) -> None:
        # One round trip: a tag's transaction is a handful of statements, each one a trip.
        try:
            self._live().execute(f"BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})")
        except psycopg.Error:
            self.rollback()  # BEGIN ran before the lock wait failed: leave no open transaction
            raise

    def rollback(self) -> None:
        if self.in_transaction and not self.conn.broken:
            self.conn.execute("ROLLBACK")

    def commit(self) -> None:
        """As ``sqlite3.Connection.commit`` outside a transaction of ours: commit one if open."""
        if self.in_transaction:
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


def connect(url: str, timeout: float) -> PgConnection:
    try:
        return PgConnection(url, timeout)
    except psycopg.Error as exc:  # refused, bad password, no such database, a malformed URL
        # psycopg: 'connection failed: connection to server at "h", port 5432 failed: Connection refused'
        reason = _scrub(_first_line(exc).rsplit("failed: ", 1)[-1], url)
        remedy = ("check the user name and password (in the URL, PGPASSWORD or ~/.pgpass)"
                  if "authentication" in reason or "password" in reason else "start the server, or check the URL")
        raise StoreError(f"cannot connect to {redacted(url)} ({reason}): {remedy} given to --db or "
                         "WORKBOOK_DB") from None


def schema_version(db: PgConnection) -> int:
    exists = db.execute("SELECT to_regclass('workbook_schema')").fetchone()[0]
    if exists is None:
        return 0
    return db.execute("SELECT version FROM workbook_schema").fetchone()[0]


def migrate(db: PgConnection) -> None:
    """Bring a database to the newest schema, inside the caller's transaction. An empty database
    gets the baseline (the SQLite schema at version PG_BASELINE_VERSION) in one step. Scripts
    run whole (no parameters: PostgreSQL then takes several statements in one call)."""
    version = schema_version(db)
    if version == 0:
        db.conn.execute(PG_BASELINE)
        db.execute("CREATE TABLE workbook_schema (version INTEGER NOT NULL)")
        db.execute("INSERT INTO workbook_schema VALUES (?)", (PG_BASELINE_VERSION,))
        version = PG_BASELINE_VERSION
    for number, script in enumerate(PG_MIGRATIONS[version - PG_BASELINE_VERSION:], version + 1):
        db.conn.execute(script)
        db.execute("UPDATE workbook_schema SET version = ?", (number,))


def sync_sequences(db: PgConnection) -> None:
    """After rows were copied in with their ids, move each identity past the largest id."""
    for table in ("tag_events", "group_events", "span_events"):
        db.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'event_id'), "
                   f"GREATEST((SELECT MAX(event_id) FROM {table}), 0) + 1, false)")


def explain(path: str, exc: BaseException) -> StoreError | None:
    """A StoreError for a server problem the user can act on (connection lost, no rights)."""
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return StoreError(f"{path}: the database user may not do this ({_first_line(exc)}): "
                          "ask the database's owner for write rights")
    if isinstance(exc, psycopg.errors.LockNotAvailable):
        return StoreError(f"{path} is busy: another writer held it too long; try again")
    if isinstance(exc, psycopg.errors.ReadOnlySqlTransaction):
        return StoreError(f"{path} is read-only (a standby server?): point --db or WORKBOOK_DB at the primary")
    if isinstance(exc, psycopg.errors.QueryCanceled):
        return StoreError(f"{path}: the server cancelled a statement ({_first_line(exc)}): try again, or "
                          "raise the server's statement_timeout")
    if isinstance(exc, (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure)):
        return StoreError(f"{path}: another writer conflicted with this one: run the command again")
    if isinstance(exc, psycopg.errors.UntranslatableCharacter) or isinstance(exc, psycopg.errors.CharacterNotInRepertoire):
        return StoreError(f"{path}: the server refused a character in the text ({_first_line(exc)})")
    if isinstance(exc, psycopg.errors.DiskFull):
        return StoreError(f"{path} cannot be written: the server's disk is full: free some space "
                          "and run the command again (what was saved before stays)")
    if isinstance(exc, psycopg.OperationalError):
        return StoreError(f"{path}: the connection to the server failed ({_first_line(exc)}): "
                          "check the server and run the command again (what was saved before stays)")
    return None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
