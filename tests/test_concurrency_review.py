"""Never losing a tag, on both backends: four reviewer processes tagging one database at once,
and a process killed (SIGKILL) while it tags; on PostgreSQL also the server killed mid-run.
Every tag whose commit returned must be in the database afterwards, and the current tags must
be what the log's last event per claim and reviewer says."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbook.review import db
from workbook.review.synthetic import synthetic_store
from workbook.store import Store
from workbook.store.errors import StoreError

TAGS = ["anonymous", "named", "speculative", "outlet", "document", "unsourced"]
REVIEWERS = ("alice", "bob", "carol", "dave")

WORKER = r"""
import sys, time
from pathlib import Path
from workbook.store import Store
from workbook.review import db

target, reviewer, n, report, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
tags = ["anonymous", "named", "speculative", "outlet", "document", "unsourced"]
store = Store(target)
ids = db.claim_ids(store)
while not Path(go).exists():
    time.sleep(0.005)
with open(report, "w", buffering=1) as out:
    for i in range(n):
        event = db.tag(store, ids[i % len(ids)], reviewer, tags[(i + len(reviewer)) % len(tags)], note=f"{reviewer} {i}")
        out.write(f"{event}\n")  # written only after the commit returned
        out.flush()
"""


def _start(tmp_path, target, reviewer, n):
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    report = tmp_path / f"{reviewer}.ids"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    proc = subprocess.Popen([sys.executable, str(script), target, reviewer, str(n), str(report), str(tmp_path / "go")],
                            env=env)
    return proc, report


def _reported(report: Path) -> list[int]:
    """The event ids a worker saw committed; the last line may be cut mid-write by a kill."""
    lines = report.read_text().split("\n") if report.exists() else []
    return [int(x) for x in lines[:-1] if x.strip()]


def _events(store) -> list:
    return store.db.execute("SELECT event_id, claim_id, reviewer, new_tag FROM tag_events ORDER BY event_id").fetchall()


def _check_consistent(store) -> None:
    """The tags table is exactly the last event per (claim, reviewer) of the log."""
    if store.backend == "sqlite":
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    last = {}
    for event_id, claim_id, reviewer, new_tag in _events(store):
        last[(claim_id, reviewer)] = (event_id, new_tag)
    current = {(r[0], r[1]): (r[2], r[3]) for r in store.db.execute("SELECT claim_id, reviewer, event_id, tag FROM tags")}
    assert current == last


def _wait_for(report: Path, lines: int, procs, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline and len(_reported(report)) < lines:
        assert all(p.poll() is None for p, _ in procs), "a worker died before it was killed"
        time.sleep(0.02)
    assert len(_reported(report)) >= lines


def test_four_processes_tagging_at_once_lose_nothing(tmp_path, db_target):
    synthetic_store(db_target, articles=10, claims_per_article=30).close()  # 300 claims, each tagged ~3 times by each reviewer
    procs = [_start(tmp_path, db_target, name, 1000) for name in REVIEWERS]
    (tmp_path / "go").touch()
    for proc, _ in procs:
        assert proc.wait(timeout=240) == 0
    with Store(db_target) as store:
        events = _events(store)
        assert len(events) == 4000
        ids = db.claim_ids(store)
        for (_, report), name in zip(procs, REVIEWERS):
            reported = _reported(report)
            assert len(reported) == 1000
            assert {e[0] for e in events if e[2] == name} == set(reported)
            # the current tags are what each reviewer's last write to a claim said
            expected = {ids[i % len(ids)]: TAGS[(i + len(name)) % len(TAGS)] for i in range(1000)}
            current = {r[0]: r[1] for r in store.db.execute("SELECT claim_id, tag FROM tags WHERE reviewer = ?", (name,))}
            assert current == expected
        _check_consistent(store)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_a_killed_process_keeps_every_committed_tag(tmp_path, db_target):
    synthetic_store(db_target, articles=5, claims_per_article=20).close()
    procs = [_start(tmp_path, db_target, name, 1_000_000) for name in ("alice", "bob")]  # bob: contention
    (tmp_path / "go").touch()
    _wait_for(procs[0][1], 300, procs)
    for proc, _ in procs:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    with Store(db_target) as store:
        stored = {e[0] for e in _events(store)}
        for _, report in procs:
            assert set(_reported(report)) <= stored
        _check_consistent(store)
        # and the database is fine to keep working on
        assert db.tag(store, db.claim_ids(store)[0], "alice", "named") > max(stored)
        _check_consistent(store)


@pytest.mark.postgres
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_a_killed_server_keeps_every_committed_tag(tmp_path, pg_cluster):
    """kill -9 of the PostgreSQL server itself while two reviewers tag (its own cluster, so the
    session's server is not touched); after crash recovery every acknowledged tag is there."""
    from pgcluster import PgCluster

    cluster = PgCluster(pg_cluster.bin_dir)
    try:
        cluster.start()
        url = cluster.create_database()
        synthetic_store(url, articles=5, claims_per_article=20).close()
        procs = [_start(tmp_path, url, name, 1_000_000) for name in ("alice", "bob")]
        (tmp_path / "go").touch()
        _wait_for(procs[0][1], 200, procs)
        notebook = Store(url)  # a reviewer's open panel, idle while the server dies
        os.kill(cluster.postmaster_pid(), signal.SIGKILL)
        for proc, _ in procs:  # they lose the server mid-tag; stop them if they have not failed already
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=30)
        cluster.restart()  # crash recovery replays the WAL
        with Store(url) as store:
            stored = {e[0] for e in _events(store)}
            for _, report in procs:
                reported = _reported(report)
                assert set(reported) <= stored
            assert len(_reported(procs[0][1])) >= 200
            _check_consistent(store)
            assert db.tag(store, db.claim_ids(store)[0], "alice", "named") > max(stored)
        # The open panel's next tag meets the lost connection: one line, nothing half-done; the
        # one after reconnects by itself, without restarting the kernel.
        with pytest.raises(StoreError, match="connection"):
            db.tag(notebook, db.claim_ids(store)[1], "carol", "outlet")
        assert db.tag(notebook, db.claim_ids(store)[1], "carol", "outlet") > max(stored)
        notebook.close()
    finally:
        cluster.stop()
