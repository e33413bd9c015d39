"""Benchmark the review panel over a synthetic database of 10,000 claims.

    .venv/bin/python benchmarks/bench_review.py [--claims 10000] [--repeat 200]

Prints the time to open the panel, to move to the next claim, from a tag click (or key: a
sourcing key, y accept, s speculative) to its commit and the next claim on screen (the handler
returns after the transaction committed), to open the grid over every claim and to tag a
selection there, as median and p95, and the peak memory. Targets: panel and grid open < 1 s;
next and tag + next < 50 ms.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbook.review import db  # noqa: E402
from workbook.review.panel import ReviewPanel  # noqa: E402
from workbook.review.synthetic import synthetic_store  # noqa: E402
from workbook.store import Store  # noqa: E402


def stats(name: str, samples: list[float], target_ms: float | None = None) -> str:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    verdict = "" if target_ms is None else ("  ok" if p95 < target_ms else f"  SLOW (target {target_ms:.0f} ms)")
    return f"{name:<34} median {statistics.median(ms):8.2f} ms   p95 {p95:8.2f} ms   n={len(ms)}{verdict}"


def group_decisions(path: str, repeat: int = 5) -> list[str]:
    """Time the group panel: opening it, matching again (what every decision used to cost) and
    one decision (confirm, split, merge: only the groups touched are updated)."""
    from workbook.review.groups import GroupPanel

    with Store(path) as store:
        t0 = time.perf_counter()
        panel = GroupPanel(store, "bench", min_outlets=1)
        opened = time.perf_counter() - t0
        rematch, decisions = [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            panel.reload()
            rematch.append(time.perf_counter() - t0)
        for i in range(repeat * 3):
            t0 = time.perf_counter()
            if i % 3 == 0 or len(panel.members()) < 2:
                panel.merge_with(panel.group_ids[(panel.index + 1) % len(panel.group_ids)])
            elif i % 3 == 1:
                panel.confirm()
            else:
                panel.split_off(panel.members()["claim_id"].iloc[0])
            decisions.append(time.perf_counter() - t0)
        n = len(panel.rows)
    return [f"{f'open group panel ({n} claims)':<34} {opened * 1000:8.0f} ms",
            stats("group: match again (reload)", rematch), stats("group decision (merge/confirm/split)", decisions)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--per-article", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--groups-only", action="store_true", help="only the group panel's timings")
    args = parser.parse_args()
    if args.groups_only:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "bench.db")
            synthetic_store(path, articles=args.claims // args.per_article, claims_per_article=args.per_article).close()
            print("\n".join(group_decisions(path)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.db")
        t0 = time.perf_counter()
        synthetic_store(path, articles=args.claims // args.per_article, claims_per_article=args.per_article).close()
        print(f"built {args.claims} claims in {time.perf_counter() - t0:.1f} s ({path})")
        # a few hundred tags already given, by two reviewers
        with Store(path) as s:
            ids = db.claim_ids(s)
            db.bulk_tag(s, ids[:300], "bench", "named")
            db.bulk_tag(s, ids[:300:2], "other", "anonymous")

        opens = []
        for _ in range(5):
            store = Store(path)  # a fresh kernel: new connection, cold caches of the panel
            t0 = time.perf_counter()
            panel = ReviewPanel(store, "bench")
            opens.append(time.perf_counter() - t0)
            store.close()
        store = Store(path)
        panel = ReviewPanel(store, "bench")
        assert panel.index == 300, panel.index  # resumed at the first untagged claim
        nexts, prevs, clicks, keys, commits, filters = [], [], [], [], [], []
        accepts, flags, grid_clicks, grid_opens, grid_bulk = [], [], [], [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            panel.next_button.click()
            nexts.append(time.perf_counter() - t0)
        for _ in range(args.repeat // 4):
            t0 = time.perf_counter()
            panel.previous()
            prevs.append(time.perf_counter() - t0)
        for i in range(args.repeat):
            t0 = time.perf_counter()
            panel.tag_buttons["named" if i % 2 else "anonymous"].click()  # commit + advance + redraw
            clicks.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            panel.keys._handle_message(panel.keys, {"type": "key", "key": "3"}, [])
            keys.append(time.perf_counter() - t0)
        for _ in range(args.repeat // 2):
            t0 = time.perf_counter()
            panel.keys._handle_message(panel.keys, {"type": "key", "key": "s"}, [])  # flag, stays
            flags.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            panel.keys._handle_message(panel.keys, {"type": "key", "key": "y"}, [])  # accept + next
            accepts.append(time.perf_counter() - t0)
        for i in range(args.repeat):
            t0 = time.perf_counter()
            db.tag(store, ids[i], "bench-raw", "document")  # the commit alone
            commits.append(time.perf_counter() - t0)
        for _ in range(5):
            fresh = ReviewPanel(store, "bench")
            t0 = time.perf_counter()
            fresh.open_grid()  # every active claim, one page sent to the browser
            grid_opens.append(time.perf_counter() - t0)
        grid = panel.open_grid()
        for _ in range(args.repeat // 2):
            t0 = time.perf_counter()
            panel.tag_buttons["outlet"].click()  # with the grid open: it follows the card
            grid_clicks.append(time.perf_counter() - t0)
        for start in range(0, 1000, 100):
            grid.select(grid.view["id"].iloc[start:start + 100])
            t0 = time.perf_counter()
            grid.tag_selected("document", speculative=False)  # 100 claims, one transaction
            grid_bulk.append(time.perf_counter() - t0)
        for status in ("untagged", "tagged", "disagreements", "all") * 3:
            t0 = time.perf_counter()
            panel.set_filter(status=status)
            filters.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        undo = db.undo(store, "bench")
        undo_time = time.perf_counter() - t0
        from workbook.review import agreement, reviewed_table

        t0 = time.perf_counter()
        reviewed_table(store)
        table_time = time.perf_counter() - t0
        t0 = time.perf_counter()
        agreement(store)
        agreement_time = time.perf_counter() - t0
        store.close()
        group_lines = group_decisions(path)

    print(stats("open panel (10k claims)", opens, 1000))
    print(stats("next claim (button)", nexts, 50))
    print(stats("previous claim", prevs, 50))
    print(stats("tag click -> committed + next", clicks, 50))
    print(stats("key press -> committed + next", keys, 50))
    print(stats("s key -> flag committed", flags, 50))
    print(stats("y key -> accept committed + next", accepts, 50))
    print(stats("tag commit alone (db.tag)", commits, 50))
    print(stats(f"open grid ({args.claims // 1000}k claims)", grid_opens, 1000))
    print(stats("tag click + next, grid open", grid_clicks, 50))
    print(stats("grid: tag 100 selected", grid_bulk, 1000))
    print(stats("change filter", filters))
    print(f"{'undo (one event)':<34} {undo_time * 1000:8.2f} ms ({len(undo)} event)")
    print(f"{'reviewed_table (10k rows)':<34} {table_time * 1000:8.2f} ms")
    print(f"{'agreement (3 reviewers)':<34} {agreement_time * 1000:8.2f} ms")
    print("\n".join(group_lines))
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
