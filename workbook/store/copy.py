"""Copy a whole review from one store to another (SQLite <-> PostgreSQL, either way).

Every table is copied as it is, ids included (event ids too, so undo, tags -> tag_events and
group_links -> group_events still point at the right events), into an empty destination in one
transaction. Then the row counts of source and destination are compared table by table.
"""
from __future__ import annotations

from .errors import StoreError

# Parents before children: articles before claims, events before the rows that point at them.
TABLES = ("articles", "propagation", "claims", "tag_events", "tags", "final_tags", "span_events",
          "span_overrides", "group_events", "group_links", "assignments")
BATCH = 2000


class CountMismatch(StoreError):
    """The destination does not hold what the source does after a copy."""


def row_counts(store, tables=TABLES) -> dict[str, int]:
    return {t: store.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def copy_review(source, destination) -> dict[str, int]:
    """Copy every table of ``source`` into the empty ``destination``; returns the rows per
    table, verified against both stores. StoreError (one line) when the destination is not
    empty, its tables differ, or the counts disagree (then nothing is kept)."""
    columns = {t: source.columns(t) for t in TABLES}
    _check_same_columns(destination, columns)
    written = {}
    # One snapshot of the source (reviewers may go on tagging: the copy is of one moment), and
    # the destination's write lock first: nobody fills it between the check and the copy.
    with source.snapshot(), destination.transaction():
        _refuse_non_empty(destination)
        for table in TABLES:
            written[table] = _copy_table(source, destination, table, columns[table])
        # Explicit ids leave PostgreSQL's identity sequences behind; the next event must get a new id.
        destination.sync_sequences()
        return verify(source, destination, written)  # before COMMIT: a bad copy is not kept


def _copy_table(source, destination, table: str, cols: list[str]) -> int:
    names = ", ".join(f'"{c}"' for c in cols)
    insert = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(cols))})"
    count, batch = 0, []
    for row in source.stream(f"SELECT {names} FROM {table}", size=BATCH):
        batch.append(tuple(row))
        if len(batch) == BATCH:
            destination.db.executemany(insert, batch)
            count, batch = count + len(batch), []
    destination.db.executemany(insert, batch)
    return count + len(batch)


def verify(source, destination, written: dict[str, int]) -> dict[str, int]:
    """Rows per table, when the copy wrote what the source holds and the destination holds it."""
    have, got = row_counts(source), row_counts(destination)
    wrong = [f"{t}: {have[t]} in the source, {written[t]} copied, {got[t]} in the copy" for t in TABLES
             if not have[t] == got[t] == written[t]]
    if wrong:
        raise CountMismatch(f"the copy does not match its source ({'; '.join(wrong)}): "
                            "nothing of it was kept; copy again")
    return got


def _refuse_non_empty(destination) -> None:
    full = {t: n for t, n in row_counts(destination).items() if n}
    if full:
        rows = ", ".join(f"{n} in {t}" for t, n in full.items())
        raise StoreError(f"{destination.path} is not empty (rows: {rows}): copy into a new, empty database")


def _check_same_columns(destination, columns: dict[str, list[str]]) -> None:
    for table, cols in columns.items():
        missing = set(cols) - set(destination.columns(table))
        if missing:
            raise StoreError(f"{destination.path} has no column {', '.join(sorted(missing))} in {table}: "
                             "open both databases with the same workbook version")
