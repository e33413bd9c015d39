"""Claim matching scored on ECB+: each subtopic is one real event covered by many outlets, and
each topic pairs two similar events, so a claim group that joins two subtopics is a wrong match.

The documents of one half (topics of one parity: odd topics tune, even topics are held out) are
loaded together through the real pipeline into a temporary store, extracted and matched, and
then scored:

- **pair precision**: of the cross-article claim pairs the matcher puts in one group, the share
  whose two articles belong to the same subtopic;
- **subtopic recall**: of the subtopics with at least ``MIN_OUTLETS`` outlets, the share with at
  least one group carrying claims of two of its outlets;
- **mixed groups**: groups holding claims of two or more subtopics.
"""
from __future__ import annotations

import json
import tempfile
import time
from collections import Counter
from pathlib import Path

import pandas as pd

HALVES = {"tuning": 1, "held-out": 0}  # topic number mod 2
MIN_OUTLETS = 3
DOCUMENTS = "ecbplus_documents.jsonl"


def documents_path(path: str | Path) -> Path:
    """The ECB+ documents file, given it or the folder holding it."""
    path = Path(path)
    return path / DOCUMENTS if path.is_dir() else path


def write_half(documents: Path, half: str, out: Path) -> list[str]:
    """Write the documents of ``half`` to ``out`` (JSON lines); returns their subtopics in order."""
    parity = HALVES[half]
    subtopics = []
    with open(documents, encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        for line in src:
            doc = json.loads(line)
            if int(doc["topic"]) % 2 == parity:
                dst.write(line)
                subtopics.append(str(doc["subtopic"]))
    return subtopics


def labelled_claims(store, subtopics: list[str]) -> pd.DataFrame:
    """The store's active claims with each article's subtopic and outlet (an article with no
    outlet is its own outlet)."""
    articles = store.articles()
    line = articles["source"].astype(str).str.rsplit(":", n=1).str[-1].astype(int)
    subtopic = dict(zip(articles["id"], [subtopics[k - 1] for k in line]))
    claims = store.claims()[["claim_id", "article_id", "outlet", "claim"]].copy()
    claims["subtopic"] = claims["article_id"].map(subtopic)
    claims["outlet"] = claims["outlet"].where(claims["outlet"].notna(), "article " + claims["article_id"])
    return claims


def _pairs(counts) -> int:
    return sum(n * (n - 1) // 2 for n in counts)


def score(claims: pd.DataFrame, groups: pd.DataFrame) -> dict:
    """Pair precision, subtopic recall and mixed groups of a matching (``groups``: claim_id,
    group_id) over ``labelled_claims``."""
    rows = claims.merge(groups[["claim_id", "group_id"]], on="claim_id")
    cross = same = mixed = n_groups = 0
    kept: set[str] = set()
    for _, g in rows.groupby("group_id"):
        if g["article_id"].nunique() < 2:
            continue
        n_groups += 1
        in_article = _pairs(Counter(g["article_id"]).values())
        cross += _pairs([len(g)]) - in_article
        same += _pairs(Counter(g["subtopic"]).values()) - in_article
        mixed += g["subtopic"].nunique() > 1
        kept |= {s for s, outlets in g.groupby("subtopic")["outlet"] if outlets.nunique() >= 2}
    outlets = claims.groupby("subtopic")["outlet"].nunique()
    wanted = set(outlets[outlets >= MIN_OUTLETS].index)
    return {"claims": len(claims), "groups": n_groups, "cross_pairs": cross,
            "pair_precision": same / cross if cross else 1.0,
            "subtopics": len(wanted), "subtopics_kept": len(wanted & kept),
            "subtopic_recall": len(wanted & kept) / len(wanted) if wanted else 0.0,
            "mixed_groups": int(mixed)}


def evaluate(path: str | Path, halves=tuple(HALVES), workdir: str | Path | None = None, **match_params) -> dict:
    """Load, extract, match and score each half; ``match_params`` go to ``match_claims``."""
    from workbook.graph.match import claim_groups
    from workbook.pipeline import load_into
    from workbook.store import Store

    documents = documents_path(path)
    results = {}
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        for half in halves:
            subset = Path(tmp) / f"ecbplus_{half}.jsonl"
            subtopics = write_half(documents, half, subset)
            with Store(Path(tmp) / f"{half}.db") as store:
                load_into(store, [str(subset)])
                claims = labelled_claims(store, subtopics)
                t0 = time.perf_counter()
                matching = claim_groups(store, **match_params)
                result = score(claims, matching.groups)
            result["match_s"] = time.perf_counter() - t0
            results[half] = result
    return results


def format_report(results: dict) -> str:
    lines = []
    for half, r in results.items():
        lines.append(f"{half}: {r['claims']} claims, {r['groups']} cross-article groups, "
                     f"{r['cross_pairs']} cross-article pairs; pair precision {r['pair_precision']:.3f}; "
                     f"subtopic recall {r['subtopic_recall']:.3f} ({r['subtopics_kept']}/{r['subtopics']} "
                     f"subtopics with {MIN_OUTLETS}+ outlets keep a cross-outlet group); "
                     f"{r['mixed_groups']} groups join two subtopics; matching {r['match_s']:.1f} s")
    return "\n".join(lines)


__all__ = ["evaluate", "format_report", "labelled_claims", "score", "write_half"]
