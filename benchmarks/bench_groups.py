"""The group review panel at 2,000 and 20,000 claims: opening it, and one decision.

A store is filled through ``Store.save_article`` with the claims of ``bench_graph.synthesise``
(real news sentences, each story claim carried by 1-8 articles of ~200 outlets with its wording
perturbed; ~20 claims per article, ~5% attributed to another outlet). Then, in a fresh process
per size (so peak memory is that size's own), it times ``GroupPanel(store, ...)`` (matching,
graph, group summary, first view) and the decisions: confirm, split a claim off, merge two
groups, undo (each rebuilds only the groups it touches).

    .venv/bin/python benchmarks/bench_groups.py [--sizes 2000 20000] [--repeat 5]

Targets: open < 30 s and a decision < 0.5 s at 20,000 claims.

Measured on the team machine (2 cores shared by five engineers, load average about 5), 2026-12-02:

    before (every decision rebuilt the graph and group_summary over the whole store; first_report
    built a DataFrame per group; the circular check scanned every citation cycle per group):
      2,000 claims:  open 6.9 s; decision median 7.4-14.5 s (max 23 s)
     20,000 claims:  open 167 s; one confirm 158 s (the same database as below, 4,767 groups)
    after (only the touched groups rebuilt; outlet pairs on a cycle precomputed; no pandas per group):
      2,000 claims:  open 5.1 s; decision median 88-125 ms (max 211 ms)
     20,000 claims:  open 17.9 s (matching ~10 s of it); decision median 136-200 ms (max 276 ms); 631 MB
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_graph import DEFAULT_CORPORA, sentences, synthesise  # noqa: E402


def _text(value) -> str | None:
    return value if isinstance(value, str) else None  # pandas gives NaN for a missing value


def fill(store, n_claims: int, corpora: Path) -> None:
    """Articles whose text is their claims, each '"<claim>," <source> said.'."""
    from workbook.models import Article, Attribution
    from workbook.table import rows_for

    frame, _ = synthesise(max(n_claims // 20, 1), sentences(corpora))
    for article_id, claims in frame.groupby("article_id", sort=True):
        text, atts = f"Report {article_id}\n\n", []
        for claim in claims.to_dict("records"):
            start = len(text) + 1
            text += f"“{claim['claim']},” "
            source = _text(claim["source"]) or "the statement"
            s0 = len(text)
            text += f"{source} said.\n\n"
            atts.append(Attribution(claim=(start, start + len(claim["claim"])), source=(s0, s0 + len(source)),
                                    cue=(s0 + len(source) + 1, s0 + len(source) + 5), kind="direct",
                                    suggested=claim["suggested"], speculative=bool(claim["speculative"]),
                                    source_name=source if claim["suggested"] == "named" else None,
                                    via_outlet=_text(claim["via_outlet"])))
        first = claims.iloc[0]
        article = Article(id=article_id, source=f"bench/{article_id}.txt", text=text, outlet=first["outlet"],
                          title=f"Report {article_id}", published=first["published"])
        store.save_article(article, rows_for(article, atts))


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def run_one(n_claims: int, corpora: Path, repeat: int) -> dict:
    from workbook.review.groups import GroupPanel
    from workbook.store import Store

    with tempfile.TemporaryDirectory() as tmp, Store(os.path.join(tmp, "bench.db")) as store:
        fill_s = timed(lambda: fill(store, n_claims, corpora))
        t0 = time.perf_counter()
        panel = GroupPanel(store, "bench")
        open_s = time.perf_counter() - t0
        times: dict[str, list[float]] = {"confirm": [], "split": [], "merge": [], "undo": []}
        for i in range(repeat):
            panel.index = min(i, len(panel.group_ids) - 1)
            times["confirm"].append(timed(panel.confirm))
            neighbour = panel.group_ids[(panel.index + 1) % len(panel.group_ids)]
            times["merge"].append(timed(lambda: panel.merge_with(neighbour)))
            times["split"].append(timed(lambda: panel.split_off(panel.members()["claim_id"].iloc[-1])))
            times["undo"].append(timed(panel.undo))
        return {"claims": len(panel.rows), "groups": len(panel.group_ids), "fill_s": round(fill_s, 1),
                "open_s": round(open_s, 2),
                **{f"{k}_ms": round(1000 * statistics.median(v), 1) for k, v in times.items()},
                **{f"{k}_max_ms": round(1000 * max(v), 1) for k, v in times.items()},
                "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # worker mode
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.corpora, args.repeat)))
        return
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--repeat", str(args.repeat),
                              "--corpora", str(args.corpora)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        slowest = max(r[f"{k}_max_ms"] for k in ("confirm", "split", "merge", "undo"))
        verdict = "ok" if r["open_s"] < 30 and slowest < 500 else "SLOW (targets at 20k: open < 30 s, decision < 0.5 s)"
        print(f"{r['claims']:>6} claims, {r['groups']:>5} groups of 2+ outlets: open {r['open_s']:6.2f} s; "
              f"decision median (max) ms: confirm {r['confirm_ms']} ({r['confirm_max_ms']}), "
              f"split {r['split_ms']} ({r['split_max_ms']}), merge {r['merge_ms']} ({r['merge_max_ms']}), "
              f"undo {r['undo_ms']} ({r['undo_max_ms']}); peak {r['peak_mb']:,.0f} MB; "
              f"store filled in {r['fill_s']} s  {verdict}", flush=True)


if __name__ == "__main__":
    main()
