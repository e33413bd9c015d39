"""Report building time and peak memory on synthetic databases of 1,000 and 10,000 claim rows.

Target: 10,000 rows in under 5 s (checked on the cold build: the first report in a fresh
process, including the lazy imports of review, graph and matplotlib). Each size runs in its own
subprocess, so cold means cold and peak RSS is per size.

    python benchmarks/bench_report.py              # 1,000 and 10,000
    python benchmarks/bench_report.py 1000 50000   # other sizes
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = {10_000: 5.0}


def one(n: int) -> dict:
    from workbook.report import build_report
    from workbook.report.synthetic import fill_store
    from workbook.store import Store

    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        with Store(Path(tmp) / "bench.db") as store:
            t0 = time.perf_counter()
            fill_store(store, n, claims_per_article=20)
            fill = time.perf_counter() - t0
            # cold: the first report in this process, as `workbook report` runs it (includes the
            # lazy imports of review, graph, matplotlib); warm: a second report (a notebook re-run)
            t0 = time.perf_counter()
            path = build_report(store, progress=False)
            cold = time.perf_counter() - t0
            t0 = time.perf_counter()
            build_report(store, progress=False)
            warm = time.perf_counter() - t0
            html = path.read_text(encoding="utf-8")
    return {"rows": n, "fill_s": round(fill, 2), "cold_s": round(cold, 2), "warm_s": round(warm, 2),
            "mb": round(len(html.encode()) / 1e6, 2), "tr_elements": html.count("<tr"),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def main(sizes: list[int]) -> int:
    status = 0
    print(f"{'rows':>7} {'cold s':>7} {'warm s':>7} {'file MB':>8} {'<tr>':>6} {'peak RSS MB':>12}")
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True)
        if out.returncode:
            print(out.stderr)
            return 1
        r = json.loads(out.stdout.strip().splitlines()[-1])
        flag = ""
        if n in TARGET:
            ok = r["cold_s"] < TARGET[n]
            flag = f"  target < {TARGET[n]:.0f} s: {'ok' if ok else 'MISSED'}"
            status |= 0 if ok else 1
        print(f"{r['rows']:>7,} {r['cold_s']:>7.2f} {r['warm_s']:>7.2f} {r['mb']:>8.2f} "
              f"{r['tr_elements']:>6} {r['peak_rss_mb']:>12.1f}{flag}", flush=True)
    return status


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(one(int(sys.argv[2]))))
    else:
        sys.exit(main([int(a) for a in sys.argv[1:]] or [1_000, 10_000]))
