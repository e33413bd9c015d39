"""Never losing a tag: two processes tagging one database at once, and a process killed
(SIGKILL) while it tags. Every committed tag must be in the database afterwards."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbook.review import db
from workbook.review.synthetic import synthetic_store

TAGS = ["anonymous", "named", "speculative", "outlet", "document", "unsourced"]

WORKER = r"""
import sys, time, os
from pathlib import Path
from workbook.store import Store
from workbook.review import db

path, reviewer, n, report, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
tags = ["anonymous", "named", "speculative", "outlet", "document", "unsourced"]
store = Store(path)
ids = db.claim_ids(store)
while not Path(go).exists():
    time.sleep(0.005)
with open(report, "w", buffering=1) as out:
    for i in range(n):
        event = db.tag(store, ids[i % len(ids)], reviewer, tags[(i + len(reviewer)) % len(tags)], note=f"{reviewer} {i}")
        out.write(f"{event}\n")  # written only after the commit returned
        out.flush()
"""


def _start(tmp_path, path, reviewer, n):
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    report = tmp_path / f"{reviewer}.ids"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    proc = subprocess.Popen([sys.executable, str(script), path, reviewer, str(n), str(report), str(tmp_path / "go")],
                            env=env)
    return proc, report


def _check_consistent(path):
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # the current tag of every claim and reviewer is the one its latest event set
        bad = con.execute("""SELECT COUNT(*) FROM tags t WHERE t.event_id <> (SELECT MAX(e.event_id) FROM tag_events e
                             WHERE e.claim_id = t.claim_id AND e.reviewer = t.reviewer)
                             OR t.tag IS NOT (SELECT e.new_tag FROM tag_events e WHERE e.event_id = t.event_id)""").fetchone()[0]
        assert bad == 0
    finally:
        con.close()


def test_two_processes_tagging_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "c.db")
    synthetic_store(path, articles=10, claims_per_article=30).close()  # 300 claims, each tagged ~3 times
    procs = [_start(tmp_path, path, name, 1000) for name in ("alice", "bob")]
    (tmp_path / "go").touch()
    for proc, _ in procs:
        assert proc.wait(timeout=240) == 0
    con = sqlite3.connect(path)
    assert con.execute("SELECT COUNT(*) FROM tag_events").fetchone()[0] == 2000
    for (_, report), name in zip(procs, ("alice", "bob")):
        reported = [int(x) for x in report.read_text().split()]
        assert len(reported) == 1000
        stored = {r[0] for r in con.execute("SELECT event_id FROM tag_events WHERE reviewer = ?", (name,))}
        assert stored == set(reported)
        # the current tags are what the last write to each claim said
        store_ids = [r[0] for r in con.execute(
            "SELECT c.claim_id FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.active = 1 "
            "ORDER BY a.loaded_at, a.id, c.position, c.claim_start, c.claim_id")]
        expected = {}
        for i in range(1000):
            expected[store_ids[i % len(store_ids)]] = TAGS[(i + len(name)) % len(TAGS)]
        current = dict(con.execute("SELECT claim_id, tag FROM tags WHERE reviewer = ?", (name,)))
        assert current == expected
    con.close()
    _check_consistent(path)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_a_killed_process_keeps_every_committed_tag(tmp_path):
    path = str(tmp_path / "k.db")
    synthetic_store(path, articles=5, claims_per_article=20).close()
    proc, report = _start(tmp_path, path, "alice", 1_000_000)
    other, other_report = _start(tmp_path, path, "bob", 1_000_000)  # a second writer, for contention
    (tmp_path / "go").touch()
    deadline = time.time() + 60
    while time.time() < deadline:
        if report.exists() and len(report.read_text().split()) >= 300:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    other.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    other.wait(timeout=30)
    con = sqlite3.connect(path)
    stored = {r[0] for r in con.execute("SELECT event_id FROM tag_events")}
    con.close()
    for rep in (report, other_report):
        lines = rep.read_text().split("\n") if rep.exists() else []
        reported = [int(x) for x in lines[:-1] if x.strip()]  # the last line may be cut mid-write
        assert set(reported) <= stored
    assert len([x for x in report.read_text().split() if x]) >= 300
    _check_consistent(path)
    # and the database is fine to keep working on
    store = synthetic_store(path, articles=0)
    assert db.tag(store, db.claim_ids(store)[0], "alice", "named") > max(stored)
    store.close()
