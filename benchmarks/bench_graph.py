"""Matching claims across articles and building the outlet graph at 1,000 and 10,000 articles.

Claims are synthesised from real news sentences (ECB+, Wikinews and PolNeAR texts from
../shared/corpora; a built-in word list when those are absent): each "story claim" is a real
sentence with half its words replaced by words drawn from the corpus vocabulary (its other
half keeps the frequencies of news; two story claims from one sentence share only a quarter of
their words), and
is carried by 1-8 articles with its wording perturbed (words dropped, a word swapped in); ~20 claims
per article, ~200 outlets, ~5% of claims attributed to another outlet. Each size runs in its
own process so that peak memory (max RSS) is that size's own.

    .venv/bin/python benchmarks/bench_graph.py [--sizes 1000 10000] [--corpora PATH]

Target: 10,000 articles (~200,000 claims) grouped in under 60 s and 4 GB on 2 cores, with
time growing close to linearly in the number of claims.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DEFAULT_CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
CLAIMS_PER_ARTICLE = 20
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def sentences(corpora: Path, limit: int = 60_000) -> list[str]:
    texts = []
    for path in (corpora / "ecbplus" / "ecbplus_documents.jsonl", corpora / "wikinews" / "wikinews_articles.jsonl"):
        if path.is_file():
            with open(path, encoding="utf-8") as f:
                texts.extend(json.loads(line)["text"] for line in f if line.strip())
    polnear = corpora / "polnear-train" / "text"
    if polnear.is_dir():
        texts.extend(p.read_text(encoding="utf-8") for p in sorted(polnear.glob("*.txt"))[:400])
    out = []
    for text in texts:
        for para in text.split("\n"):
            for s in _SENT.split(para):
                words = s.split()
                if 8 <= len(words) <= 45:
                    out.append(" ".join(words))
                    if len(out) >= limit:
                        return out
    if not out:  # no corpora: a fixed vocabulary still gives realistic term statistics
        import random

        rnd = random.Random(0)
        vocab = [f"{a}{b}{c}" for a in "bcdfghklmnprstvw" for b in "aeiou" for c in "bdgklmnprst"]
        out = [" ".join(rnd.choice(vocab) for _ in range(rnd.randint(10, 30))) for _ in range(20_000)]
    return out


def synthesise(n_articles: int, pool: list[str], seed: int = 7):
    """A claims frame (claim_id, article_id, claim, via_outlet, outlet, original_outlet,
    published, ...) and a propagation frame, for ``n_articles`` articles."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    n_claims = n_articles * CLAIMS_PER_ARTICLE
    outlets = [f"Outlet {i:03d}" for i in range(200)]
    article_outlet = rng.integers(0, len(outlets), n_articles)
    rows_claim, rows_article, rows_story = [], [], []
    total = 0
    tokens = sorted({w for s in pool for w in s.split()})  # the corpus vocabulary
    while total < n_claims:
        base = pool[rng.integers(len(pool))].split()
        swap = rng.random(len(base)) < 0.5  # a new story claim: half its words replaced
        picks = rng.integers(0, len(tokens), len(base))
        base = [tokens[k] if sw else w for w, sw, k in zip(base, swap, picks)]
        copies = int(min(rng.geometric(0.35), 8))
        story = total  # the truth: claims of one story are the same claim
        arts = rng.choice(n_articles, size=copies, replace=False)
        for art in arts:
            words = list(base)
            for _ in range(int(rng.integers(0, 3))):  # drop a word or two
                if len(words) > 6:
                    del words[int(rng.integers(len(words)))]
            if rng.random() < 0.3:  # swap in a word from elsewhere
                other = pool[rng.integers(len(pool))].split()
                words.insert(int(rng.integers(len(words))), other[int(rng.integers(len(other)))])
            rows_claim.append(" ".join(words))
            rows_article.append(int(art))
            rows_story.append(story)
            total += 1
    frame = pd.DataFrame({"claim": rows_claim[:n_claims], "article": rows_article[:n_claims],
                          "story": rows_story[:n_claims]})
    frame["article_id"] = [f"a{i:06d}" for i in frame["article"]]
    frame["claim_id"] = [f"c{i:07d}" for i in range(len(frame))]
    frame["outlet"] = [outlets[article_outlet[i]] for i in frame["article"]]
    frame["original_outlet"] = None
    frame["published"] = [f"2020-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in frame["article"]]
    via = rng.random(len(frame)) < 0.05
    frame["via_outlet"] = [outlets[int(rng.integers(len(outlets)))] if v else None for v in via]
    tags = np.array(["named", "anonymous", "outlet", "document", "unsourced"])
    frame["suggested"] = tags[rng.integers(0, len(tags), len(frame))]
    frame["speculative"] = rng.random(len(frame)) < 0.1
    frame["source"] = [f"Person {i % 5000}" if t == "named" else ("officials" if t == "anonymous" else None)
                       for i, t in enumerate(frame["suggested"])]
    frame["source_name"] = frame["source"]
    frame["resolved_source"] = None
    n_prop = n_articles // 20
    prop = pd.DataFrame({
        "article_id": [f"a{int(i):06d}" for i in rng.integers(0, n_articles, n_prop)],
        "kind": rng.choice(["republishes", "reblogs", "links_to"], n_prop),
        "outlet": [outlets[int(i)] for i in rng.integers(0, len(outlets), n_prop)],
        "of_outlet": [outlets[int(i)] for i in rng.integers(0, len(outlets), n_prop)],
        "date": "2020-01-01", "evidence": "synthetic",
    })
    return frame.drop(columns=["article"]), prop


def run_one(n_articles: int, corpora: Path) -> dict:
    from workbook.graph.build import build_graph
    from workbook.graph.match import match_claims

    pool = sentences(corpora)
    frame, prop = synthesise(n_articles, pool)
    t0 = time.perf_counter()
    matching = match_claims(frame)
    t_match = time.perf_counter() - t0
    rows = frame.merge(matching.groups, on="claim_id")
    rows["tag"] = rows["suggested"]  # a sourcing type; the speculation flag rides beside it
    rows["author_outlet"] = rows["outlet"]
    t1 = time.perf_counter()
    g = build_graph(rows, prop)
    t_graph = time.perf_counter() - t1
    sizes = matching.groups.drop_duplicates("group_id")["group_size"]
    story = frame.set_index("claim_id")["story"]
    found = matching.pairs
    same = (story.loc[found["claim_a"]].to_numpy() == story.loc[found["claim_b"]].to_numpy())
    true_pairs = 0
    for _, grp in frame.groupby("story")["article_id"]:
        k = grp.nunique()
        true_pairs += k * (k - 1) // 2
    # groups: share of claims whose group is exactly their story's claims (cross-article)
    g_of = matching.groups.set_index("claim_id")["group_id"]
    pure = (frame.assign(g=frame["claim_id"].map(g_of)).groupby("g")["story"].nunique() == 1).mean()
    return {"articles": n_articles, "claims": len(frame), "pairs": len(matching.pairs),
            "groups": int((sizes > 1).sum()), "largest": int(sizes.max()),
            "pair_precision": round(float(same.mean()) if len(same) else 1.0, 3),
            "pair_recall": round(float(same.sum()) / max(true_pairs, 1), 3), "pure_groups": round(float(pure), 3),
            "match_s": round(t_match, 2), "graph_s": round(t_graph, 2),
            "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # worker mode
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.corpora)))
        return
    results = []
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--corpora", str(args.corpora)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        print(f"{r['articles']:>6} articles {r['claims']:>7} claims: match {r['match_s']:6.2f} s "
              f"({r['claims'] / max(r['match_s'], 1e-9):,.0f} claims/s), graph {r['graph_s']:6.2f} s; "
              f"{r['pairs']:,} pairs (precision {r['pair_precision']}, recall {r['pair_recall']} against the "
              f"synthetic truth), {r['groups']:,} groups of 2+ (largest {r['largest']}, "
              f"{r['pure_groups']:.1%} of groups hold one story), "
              f"{r['nodes']:,} nodes, {r['edges']:,} edges; peak {r['peak_mb']:,.0f} MB", flush=True)
    if len(results) >= 2:
        a, b = results[0], results[-1]
        scale = b["claims"] / a["claims"]
        print(f"x{scale:.0f} claims -> match time x{b['match_s'] / max(a['match_s'], 1e-9):.1f}, "
              f"graph time x{b['graph_s'] / max(a['graph_s'], 1e-9):.1f}, "
              f"match+graph x{(b['match_s'] + b['graph_s']) / max(a['match_s'] + a['graph_s'], 1e-9):.1f}, "
              f"peak memory x{b['peak_mb'] / a['peak_mb']:.1f} (linear would be x{scale:.0f})")


if __name__ == "__main__":
    main()
