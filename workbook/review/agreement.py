"""Several reviewers: agreement scores, the disagreements to reconcile, and the reviewed table.

Cohen's kappa per pair of reviewers (on the claims both tagged), Fleiss' kappa over the claims
every reviewer tagged, and Krippendorff's alpha (nominal) over every claim at least two
reviewers tagged (it allows missing tags). Implemented with numpy; no extra dependency.
"""
from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from ..store import Store
from ..table import claims_table


def cohen_kappa(a, b) -> float:
    """Cohen's kappa of two equally long label sequences (nan when undefined)."""
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise ValueError("two sequences of equal length")
    if not a:
        return float("nan")
    labels = sorted(set(a) | set(b))
    index = {label: i for i, label in enumerate(labels)}
    m = np.zeros((len(labels), len(labels)))
    for x, y in zip(a, b):
        m[index[x], index[y]] += 1
    n = m.sum()
    po = np.trace(m) / n
    pe = float((m.sum(axis=1) / n) @ (m.sum(axis=0) / n))
    if pe == 1.0:
        return 1.0 if po == 1.0 else float("nan")
    return float((po - pe) / (1 - pe))


def fleiss_kappa(counts: np.ndarray) -> float:
    """Fleiss' kappa from an items x categories matrix of counts (same number of raters per item)."""
    counts = np.asarray(counts, dtype=float)
    if counts.size == 0 or counts.shape[0] == 0:
        return float("nan")
    n = counts.sum(axis=1)
    if not np.all(n == n[0]) or n[0] < 2:
        raise ValueError("Fleiss' kappa needs the same number (>= 2) of ratings per item")
    raters = n[0]
    p_j = counts.sum(axis=0) / counts.sum()
    p_i = ((counts * counts).sum(axis=1) - raters) / (raters * (raters - 1))
    p_bar, pe = p_i.mean(), float((p_j * p_j).sum())
    if pe == 1.0:
        return 1.0 if p_bar == 1.0 else float("nan")
    return float((p_bar - pe) / (1 - pe))


def krippendorff_alpha(units: list[list[str]]) -> float:
    """Krippendorff's alpha for nominal data; ``units`` lists the labels given to each item
    (any number of reviewers; items with fewer than two labels are not pairable and ignored)."""
    units = [u for u in units if len(u) >= 2]
    if not units:
        return float("nan")
    labels = sorted({x for u in units for x in u})
    index = {label: i for i, label in enumerate(labels)}
    o = np.zeros((len(labels), len(labels)))
    for u in units:
        m = len(u)
        c = np.zeros(len(labels))
        for x in u:
            c[index[x]] += 1
        o += (np.outer(c, c) - np.diag(c)) / (m - 1)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    d_o = n - np.trace(o)
    d_e = (n * n - (n_c * n_c).sum()) / (n - 1)
    if d_e == 0:
        return 1.0 if d_o == 0 else float("nan")
    return float(1 - d_o / d_e)


def tag_matrix(store: Store, active_only: bool = True) -> pd.DataFrame:
    """claims x reviewers: each reviewer's current tag (NaN where not tagged)."""
    join = "JOIN claims c ON c.claim_id = t.claim_id" + (" AND c.active = 1" if active_only else "")
    tags = pd.read_sql_query(f"SELECT t.claim_id, t.reviewer, t.tag FROM tags t {join} WHERE t.tag IS NOT NULL",
                             store.db)
    if tags.empty:
        return pd.DataFrame()
    return tags.pivot(index="claim_id", columns="reviewer", values="tag")


def agreement(store: Store) -> dict:
    """Agreement between reviewers on their current tags of active claims::

        {"reviewers": [...], "pairs": DataFrame(reviewer_a, reviewer_b, n, agree, kappa),
         "fleiss_kappa": float, "fleiss_n": claims every reviewer tagged,
         "alpha": Krippendorff's alpha (nominal), "alpha_n": claims with >= 2 tags,
         "disagreements": number of claims whose reviewers disagree}
    """
    matrix = tag_matrix(store)
    reviewers = list(matrix.columns)
    pairs = []
    for a, b in combinations(reviewers, 2):
        both = matrix[[a, b]].dropna()
        pairs.append({"reviewer_a": a, "reviewer_b": b, "n": len(both),
                      "agree": float((both[a] == both[b]).mean()) if len(both) else float("nan"),
                      "kappa": cohen_kappa(both[a], both[b]) if len(both) else float("nan")})
    pairs = pd.DataFrame(pairs, columns=["reviewer_a", "reviewer_b", "n", "agree", "kappa"])
    result = {"reviewers": reviewers, "pairs": pairs, "fleiss_kappa": float("nan"), "fleiss_n": 0,
              "alpha": float("nan"), "alpha_n": 0, "disagreements": 0}
    if len(reviewers) >= 2:
        full = matrix.dropna()
        if len(full):
            labels = sorted(set(full.to_numpy().ravel()))
            counts = np.array([[list(row).count(label) for label in labels] for row in full.to_numpy()])
            result["fleiss_kappa"], result["fleiss_n"] = fleiss_kappa(counts), len(full)
        units = [[x for x in row if isinstance(x, str)] for row in matrix.to_numpy()]
        units = [u for u in units if len(u) >= 2]
        result["alpha"], result["alpha_n"] = krippendorff_alpha(units), len(units)
        result["disagreements"] = sum(1 for u in units if len(set(u)) > 1)
    return result


def format_agreement(result: dict) -> str:
    lines = [f"reviewers: {', '.join(result['reviewers']) or '(none)'}"]
    for p in result["pairs"].itertuples():
        lines.append(f"  {p.reviewer_a} / {p.reviewer_b}: {p.n} claims both tagged, "
                     f"agree {p.agree:.0%}, Cohen's kappa {p.kappa:.3f}")
    if len(result["reviewers"]) >= 2:
        lines.append(f"Fleiss' kappa {result['fleiss_kappa']:.3f} over {result['fleiss_n']} claims every reviewer tagged")
        lines.append(f"Krippendorff's alpha {result['alpha']:.3f} over {result['alpha_n']} claims with 2+ tags")
        lines.append(f"{result['disagreements']} claims with disagreements")
    return "\n".join(lines)


def reviewed_table(store: Store, active_only: bool = True) -> pd.DataFrame:
    """The claim-and-source table with the review's outcome: what the report and graph use.

    Every column of ``workbook.table.claims_table`` (claim, source, spans, outlet, published,
    suggested, ... and ``tags``: {reviewer: tag}), plus:

    - ``final_tag``: the tag that counts. The reconciled tag when someone reconciled the claim;
      else the tag when every reviewer who tagged it agrees (one reviewer is enough); else None
      (untagged, or reviewers disagree and nobody has reconciled yet).
    - ``final_by``: who gave the final tag: the reconciler's name, or the agreeing reviewers
      joined with ", "; None when there is no final tag.
    - ``final_note``: the reconciler's note, or the reviewers' notes joined with " | "; None if none.
    - ``final_status``: "reconciled" | "agreed" (2+ reviewers, same tag) | "single" (one
      reviewer) | "disagreement" (2+ reviewers, different tags, not reconciled) | "untagged".
    - ``n_reviewers``: how many reviewers tagged the claim (int).
    - ``agreement``: True when 2+ reviewers gave the same tag, False when they differ, None with
      fewer than two reviewers.
    - ``notes``: {reviewer: note} of the current notes.
    - ``tag_<reviewer>``: one column per reviewer with that reviewer's tag (None when not tagged).
    """
    frame = claims_table(store, active_only=active_only)
    tags = pd.read_sql_query("SELECT claim_id, reviewer, tag, note FROM tags WHERE tag IS NOT NULL "
                             "ORDER BY claim_id, reviewer", store.db)
    finals = {r["claim_id"]: dict(r) for r in store.db.execute(
        "SELECT claim_id, tag, note, reviewer FROM final_tags WHERE tag IS NOT NULL")}
    by_claim: dict[str, dict[str, tuple]] = {}
    for r in tags.itertuples(index=False):
        by_claim.setdefault(r.claim_id, {})[r.reviewer] = (r.tag, r.note if isinstance(r.note, str) else None)
    reviewers = sorted(tags["reviewer"].unique()) if len(tags) else []
    out = {k: [] for k in ("final_tag", "final_by", "final_note", "final_status", "n_reviewers", "agreement", "notes")}
    for cid in frame["claim_id"]:
        given = by_claim.get(cid, {})
        distinct = {t for t, _ in given.values()}
        n = len(given)
        agree = None if n < 2 else len(distinct) == 1
        notes = {r: note for r, (_, note) in given.items() if note}
        final = finals.get(cid)
        if final:
            row = (final["tag"], final["reviewer"], final["note"], "reconciled")
        elif n == 0:
            row = (None, None, None, "untagged")
        elif len(distinct) == 1:
            row = (next(iter(distinct)), ", ".join(sorted(given)), " | ".join(notes[r] for r in sorted(notes)) or None,
                   "single" if n == 1 else "agreed")
        else:
            row = (None, None, None, "disagreement")
        for key, value in zip(("final_tag", "final_by", "final_note", "final_status"), row):
            out[key].append(value)
        out["n_reviewers"].append(n)
        out["agreement"].append(agree)
        out["notes"].append(notes)
    for key, values in out.items():
        frame[key] = pd.Series(values, index=frame.index, dtype=object if key != "n_reviewers" else "int64")
    for reviewer in reviewers:
        frame[f"tag_{reviewer}"] = pd.Series([by_claim.get(cid, {}).get(reviewer, (None,))[0]
                                              for cid in frame["claim_id"]], index=frame.index, dtype=object)
    return frame


def disagreements(store: Store, pending_only: bool = True) -> pd.DataFrame:
    """Claims whose reviewers disagree (and, with ``pending_only``, nobody reconciled yet), with
    each reviewer's tag: the list to reconcile (``workbook.review.db.reconcile``)."""
    frame = reviewed_table(store)
    mask = frame["agreement"].map(lambda a: a is False)
    if pending_only:
        mask &= frame["final_status"] != "reconciled"
    cols = ["claim_id", "article_id", "outlet", "claim", "source", "suggested", "tags", "notes", "final_tag", "final_status"]
    return frame.loc[mask, cols].reset_index(drop=True)
