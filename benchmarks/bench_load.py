"""End-to-end `workbook load` (read, language, extract, table rows, store) on the shared
corpora replicated 1x, 10x and (with --big) 100x: words per second with 1 and 2 workers, the
CPU seconds all processes used, and peak memory (RSS of the parent and its workers together),
on SQLite and, given --pg URL or WORKBOOK_BENCH_PG, on PostgreSQL. "idle w/s" estimates the rate
on idle cores from CPU times: the longer of the parent's CPU seconds and an even share of all.

Targets (issue 12): one process >= 45,000 words/s (25x the 1,800 w/s spaCy-parse baseline);
2 workers >= 1.7x one; peak memory < 500 MB at 10x and 100x. The machine is shared: words per
CPU second tell the speed of the code when other jobs take cores away.

    .venv/bin/python benchmarks/bench_load.py [--big] [--sizes 1,10] [--workers 1,2] [--pg URL|local]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
ROOT = Path(__file__).resolve().parents[1]
BASELINE = 1_800  # words/s of the spaCy-parse baseline on this machine (issue 12)


def corpus_lines() -> list[str]:
    """JSON lines of every text corpus: wikinews, ecbplus, polnear-train texts."""
    lines = []
    for name in ("wikinews/wikinews_articles.jsonl", "ecbplus/ecbplus_documents.jsonl"):
        path = CORPORA / name
        if path.exists():
            lines += [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    for txt in sorted((CORPORA / "polnear-train" / "text").glob("*.txt")):
        lines.append(json.dumps({"id": txt.stem, "text": txt.read_text(encoding="utf-8")}))
    return lines


def replicate(lines: list[str], times: int, path: Path) -> None:
    """``times`` copies, each with its own ids (copy k of id X is X~k), so every copy is a new
    article to extract and store, not an unchanged one."""
    with open(path, "w", encoding="utf-8") as f:  # streamed: the file is never in memory
        for copy in range(times):
            for line in lines:
                obj = json.loads(line)
                key = obj.get("id") or obj.get("doc_id") or obj.get("doc_name")
                if copy:
                    obj["id"] = f"{key}~{copy}"
                f.write(json.dumps(obj) + "\n")


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_load(corpus: Path, db: str, workers: int) -> dict:
    """One `workbook load` in a child process, sampled every 0.1 s for the memory of its tree."""
    cmd = [sys.executable, "-m", "workbook.cli", "load", str(corpus), "--db", db, "--workers", str(workers),
           "--no-progress"]
    started = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    proc, peak, cpu = psutil.Process(child.pid), 0, {}
    while child.poll() is None:
        try:
            peak = max(peak, tree_rss(proc))
            for p in [proc, *proc.children(recursive=True)]:
                t = p.cpu_times()
                cpu[p.pid] = t.user + t.system
        except psutil.Error:
            pass
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    out = child.stdout.read()
    words = int(out.split(" words")[0].rsplit(" ", 1)[-1]) if " words" in out else 0
    return {"seconds": seconds, "words": words, "peak_mb": peak / 1e6, "cpu": sum(cpu.values()),
            "parent_cpu": cpu.get(child.pid, 0.0), "out": out.strip()}


def fresh_pg(url: str, name: str) -> str:
    """A new empty database on the server of ``url`` (dropped first if it exists)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name}")
        con.execute(f"CREATE DATABASE {name}")
    return url.rsplit("/", 1)[0] + f"/{name}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--big", action="store_true", help="also 100x")
    parser.add_argument("--sizes", default=None, help="comma-separated multiples (default 1,10)")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--pg", default=os.environ.get("WORKBOOK_BENCH_PG"),
                        help="a PostgreSQL URL whose server may get scratch databases; 'local': start a "
                             "throwaway cluster (tests/pgcluster.py)")
    args = parser.parse_args()
    cluster = None
    if args.pg == "local":
        sys.path.insert(0, str(ROOT / "tests"))
        from pgcluster import start_cluster

        cluster = start_cluster()
        args.pg = cluster.url()
    try:
        bench(args)
    finally:
        if cluster is not None:
            cluster.stop()


def bench(args) -> None:
    lines = corpus_lines()
    if not lines:
        print(f"skipped: no corpora at {CORPORA}")
        return
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [1, 10] + ([100] if args.big else [])
    backends = ["sqlite"] + (["postgresql"] if args.pg else [])
    print(f"{'size':>5} {'store':<10} {'workers':>7} {'articles':>9} {'words':>11} {'s':>7} {'words/s':>9} "
          f"{'x base':>6} {'w/cpu-s':>8} {'cpu-s':>7} {'parent':>7} {'idle w/s':>9} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for times in sizes:
            corpus = Path(tmp) / f"corpus_{times}x.jsonl"
            replicate(lines, times, corpus)
            for backend in backends:
                for workers in (int(w) for w in args.workers.split(",")):
                    db = (str(Path(tmp) / f"b{times}_{workers}.db") if backend == "sqlite"
                          else fresh_pg(args.pg, f"wb_bench_{times}_{workers}"))
                    r = run_load(corpus, db, workers)
                    articles = r["out"].split(" articles")[0] if " articles" in r["out"] else "?"
                    rate = r["words"] / r["seconds"]
                    # On ``workers`` idle cores the run would take the longer of the parent's CPU
                    # time and an even share of everyone's (an estimate when the machine is busy).
                    idle = r["words"] / max(r["parent_cpu"], r["cpu"] / min(workers, os.cpu_count() or 1), 1e-9)
                    print(f"{times:>4}x {backend:<10} {workers:>7} {articles:>9} {r['words']:>11,} {r['seconds']:7.1f} "
                          f"{rate:>9,.0f} {rate / BASELINE:>6.1f} {r['words'] / max(r['cpu'], 1e-9):>8,.0f} "
                          f"{r['cpu']:>7.1f} {r['parent_cpu']:>7.1f} {idle:>9,.0f} {r['peak_mb']:>8.0f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
