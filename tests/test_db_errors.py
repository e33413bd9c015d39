"""Database problems: one line naming the file and what to do, never a traceback; read commands
never create a database; a full disk stops a load with a true count. Real failures only: a
missing file, files made immutable with chattr (root ignores chmod), damaged bytes, SQLite's own
page limit and a tiny tmpfs for a full disk."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
from contextlib import contextmanager

import pytest
from click.testing import CliRunner

from conftest import DATA
from workbook.cli import main
from workbook.pipeline import load_into
from workbook.store import Store
from workbook.store.errors import StoreError

READ_COMMANDS = [["table"], ["articles"], ["review", "table"], ["review", "agreement"], ["review", "orphans"],
                 ["groups"], ["graph", "-o", "{tmp}/g.graphml"], ["report", "-o", "{tmp}/r.html"]]


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def one_error_line(result, *expected: str) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines[0]
    for part in expected:
        assert part in lines[0], lines[0]
    assert "Traceback" not in result.output
    return lines[0]


def write_articles(folder, count: int) -> None:
    folder.mkdir()
    for i in range(count):
        body = " ".join(f"Officials said bridge {i} section {j} would reopen after the repairs."
                        for j in range(40))
        (folder / f"story{i:02d}.txt").write_text(
            f"Harbour Courier\nBridge {i} repairs\nBy Ann Writer | Harbour Courier | May {i % 27 + 1}, 2024\n\n"
            f"{body}\n", encoding="utf-8")


@contextmanager
def immutable(path):
    """chattr +i: even root cannot write the file, or create files in the folder."""
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)]).returncode:
        pytest.skip("needs chattr on a filesystem with the immutable attribute")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.fixture
def loaded(tmp_path):
    path = tmp_path / "w.db"
    assert cli("load", DATA, "--db", path).exit_code == 0
    return path


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_read_commands_refuse_a_missing_database(tmp_path, command):
    typo = tmp_path / "typo.db"
    result = cli(*[c.format(tmp=tmp_path) for c in command], "--db", typo)
    assert result.exit_code == 2
    one_error_line(result, f"no database at {typo}")
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "a read command left a file behind"


def test_load_creates_the_database(tmp_path):
    path = tmp_path / "new" / "w.db"
    assert cli("load", DATA, "--db", path).exit_code == 0
    assert path.is_file()


def test_a_folder_given_as_database(tmp_path):
    with pytest.raises(StoreError, match="is a folder, not a database file"):
        Store(tmp_path)


def test_damaged_databases_are_one_line(loaded, tmp_path):
    with sqlite3.connect(loaded) as con:  # fold the WAL in, so the file alone holds everything
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = loaded.read_bytes()
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(data[: len(data) // 3])
    scribbled = tmp_path / "scribbled.db"
    scribbled.write_bytes(data[:4096] + bytes((i * 7 + 3) % 256 for i in range(len(data) - 4096)))
    not_db = tmp_path / "notes.db"
    not_db.write_text("These are my notes, not a database.\n" * 200, encoding="utf-8")
    for path, meaning in ((truncated, "is damaged"), (scribbled, "is damaged"), (not_db, "is not a workbook database")):
        result = cli("table", "--db", path)
        assert result.exit_code == 2, (path, result.output)
        one_error_line(result, str(path), meaning)


def test_newer_schema_says_upgrade(loaded):
    with sqlite3.connect(loaded) as con:
        con.execute("PRAGMA user_version = 999")
    one_error_line(cli("articles", "--db", loaded), str(loaded), "newer than this workbook", "upgrade")


def test_read_only_database_reads_but_refuses_writes_in_one_line(loaded, tmp_path):
    extra = tmp_path / "more"
    write_articles(extra, 1)
    with immutable(loaded):
        assert cli("table", "--db", loaded).exit_code == 0  # reading needs no write access
        result = cli("load", extra, "--db", loaded)
        assert result.exit_code == 1
        one_error_line(result, str(loaded), "is read-only")
        assert "0 articles loaded" in result.stdout


def test_read_only_folder_cannot_hold_a_new_database(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    with immutable(folder):
        result = cli("load", DATA, "--db", folder / "w.db")
        assert result.exit_code == 2
        one_error_line(result, str(folder / "w.db"), "cannot be opened", "writable")


def test_full_database_stops_the_load_and_counts_only_what_was_stored(tmp_path):
    folder = tmp_path / "stories"
    write_articles(folder, 30)
    with Store(tmp_path / "full.db") as store:
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages + 12}")  # SQLite's own "disk is full"
        summary = load_into(store, [folder])
        stored = store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert 0 < summary.articles == stored < 30
    assert len(summary.errors) == 1
    assert "disk is full" in summary.errors[0].reason and str(tmp_path / "full.db") in summary.errors[0].reason
    with Store(tmp_path / "full.db") as store:  # what was stored is intact
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_full_disk_during_a_cli_load_is_one_line(tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(mount)],
                      capture_output=True).returncode:
        pytest.skip("needs permission to mount a tmpfs (root)")
    try:
        folder = tmp_path / "stories"
        write_articles(folder, 60)
        db = mount / "w.db"
        result = cli("load", folder, "--db", db)
        assert result.exit_code in (1, 2)
        one_error_line(result, str(db), "disk is full")
        if result.exit_code == 1:  # stopped mid-batch: the summary counts what the file holds
            with Store(db) as store:
                stored = len(store.articles())
            assert f"{stored} articles loaded" in result.stdout and stored < 60
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_store_error_is_a_database_error_for_old_callers(tmp_path):
    with pytest.raises(sqlite3.DatabaseError):
        Store(tmp_path / "absent.db", create=False)
    with pytest.raises(StoreError, match="no database at"):
        Store(tmp_path / "absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()
