"""Several reviewers: agreement scores, the disagreements to reconcile, and the reviewed table.

Two answers per claim (the sourcing type and the speculation flag), each scored on its own:
Cohen's kappa per pair of reviewers (on the claims both answered), Fleiss' kappa over the claims
every reviewer tagged, and Krippendorff's alpha (nominal) over every claim at least two
reviewers tagged (it allows missing tags). Implemented with numpy; no extra dependency.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd

from ..store import Store
from ..store import tags as store_tags
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


ANSWERS = ("tag", "speculative")  # the two answers a reviewer gives per claim


def _flag_label(value) -> str | None:
    return None if value is None else ("speculative" if value else "not speculative")


def tag_matrix(store: Store, active_only: bool = True, answer: str = "tag") -> pd.DataFrame:
    """claims x reviewers: each reviewer's current answer (NaN where not given). ``answer``:
    "tag" (the sourcing type) or "speculative" (labels "speculative" / "not speculative")."""
    if answer not in ANSWERS:
        raise ValueError(f"answer is one of {ANSWERS}")
    given = store_tags.answers(store, active_only=active_only)
    values = given["tag"] if answer == "tag" else given["speculative"].map(_flag_label)
    given = given.assign(value=values)[values.notna()]
    if given.empty:
        return pd.DataFrame()
    return given.pivot(index="claim_id", columns="reviewer", values="value")


def _scores(matrix: pd.DataFrame) -> dict:
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


def agreement(store: Store) -> dict:
    """Agreement between reviewers on their current answers on active claims. The sourcing
    type at the top level, the speculation flag under "speculation", each::

        {"reviewers": [...], "pairs": DataFrame(reviewer_a, reviewer_b, n, agree, kappa),
         "fleiss_kappa": float, "fleiss_n": claims every reviewer answered,
         "alpha": Krippendorff's alpha (nominal), "alpha_n": claims with >= 2 answers,
         "disagreements": number of claims whose reviewers disagree}
    """
    result = _scores(tag_matrix(store, answer="tag"))
    result["speculation"] = _scores(tag_matrix(store, answer="speculative"))
    return result


def _format_scores(result: dict, what: str) -> list[str]:
    lines = []
    for p in result["pairs"].itertuples():
        lines.append(f"  {p.reviewer_a} / {p.reviewer_b}: {p.n} claims both answered, "
                     f"agree {p.agree:.0%}, Cohen's kappa {p.kappa:.3f}")
    if len(result["reviewers"]) >= 2:
        lines.append(f"  Fleiss' kappa {result['fleiss_kappa']:.3f} over {result['fleiss_n']} claims every reviewer answered")
        lines.append(f"  Krippendorff's alpha {result['alpha']:.3f} over {result['alpha_n']} claims with 2+ answers")
        lines.append(f"  {result['disagreements']} claims where reviewers disagree on the {what}")
    return lines


def format_agreement(result: dict) -> str:
    lines = [f"reviewers: {', '.join(result['reviewers']) or '(none)'}", "sourcing type:"]
    lines += _format_scores(result, "sourcing")
    if "speculation" in result:
        lines += ["speculation flag:"] + _format_scores(result["speculation"], "flag")
    return "\n".join(lines)


# -- the one final-tag rule ---------------------------------------------------------------------
@dataclass(frozen=True)
class Decision:
    """The outcome of a claim's review (see :func:`decide`)."""

    tag: str | None
    speculative: bool | None
    by: str | None
    note: str | None
    status: str  # reconciled | agreed | single | disagreement | untagged
    n_reviewers: int
    agreement: bool | None  # on the sourcing type: None with fewer than two tags
    speculative_agreement: bool | None  # on the flag: None with fewer than two flags


def _agreed(values: dict[str, object]):
    """(the value every reviewer gave, or None; True/False/None: do 2+ reviewers agree)."""
    distinct = set(values.values())
    value = next(iter(distinct)) if len(distinct) == 1 else None
    return value, (None if len(values) < 2 else len(distinct) == 1)


def decide(answers: dict[str, dict], reconciled: dict | None = None) -> Decision:
    """The one final-tag rule, for one claim. ``answers``: {reviewer: {tag, speculative, note}}
    (None where a reviewer gave no such answer); ``reconciled``: the final_tags row or None.

    For each answer (the sourcing type and the speculation flag) the reconciled value wins;
    else the value every reviewer who gave that answer agrees on (one reviewer is enough);
    else None: reviewers who disagree are a disagreement until someone reconciles it."""
    tags = {r: a["tag"] for r, a in answers.items() if a.get("tag") is not None}
    flags = {r: bool(a["speculative"]) for r, a in answers.items() if a.get("speculative") is not None}
    notes = {r: a["note"] for r, a in sorted(answers.items()) if a.get("note")}
    tag, tag_agree = _agreed(tags)
    flag, flag_agree = _agreed(flags)
    reconciled = reconciled or {}
    open_tag = tag_agree is False and reconciled.get("tag") is None
    open_flag = flag_agree is False and reconciled.get("speculative") is None
    if reconciled.get("tag") is not None:
        tag = reconciled["tag"]
    if reconciled.get("speculative") is not None:
        flag = bool(reconciled["speculative"])
    n = len(set(tags) | set(flags))
    if open_tag or open_flag:
        status, by, note = "disagreement", None, None
    elif reconciled.get("tag") is not None or reconciled.get("speculative") is not None:
        status, by, note = "reconciled", reconciled.get("reviewer"), reconciled.get("note")
    elif n == 0:
        status, by, note = "untagged", None, None
    else:
        status = "single" if n == 1 else "agreed"
        by = ", ".join(sorted(set(tags) | set(flags)))
        note = " | ".join(notes.values()) or None
    return Decision(tag, flag, by, note, status, n, tag_agree, flag_agree)


def final_decisions(store: Store, active_only: bool = True) -> dict[str, Decision]:
    """{claim_id: Decision} for every claim with an answer or a reconciled tag (a claim missing
    here is untagged): :func:`decide` over the store's answers and final_tags."""
    given: dict[str, dict[str, dict]] = {}
    for r in store_tags.answers(store, active_only=active_only).itertuples(index=False):
        given.setdefault(r.claim_id, {})[r.reviewer] = {"tag": r.tag, "speculative": r.speculative, "note": r.note}
    finals = {r["claim_id"]: r for r in store_tags.finals(store).to_dict("records")}
    return {cid: decide(given.get(cid, {}), finals.get(cid)) for cid in set(given) | set(finals)}


UNTAGGED_DECISION = decide({})
FINAL_COLUMNS = {"final_tag": "tag", "final_speculative": "speculative", "final_by": "by", "final_note": "note",
                 "final_status": "status", "n_reviewers": "n_reviewers", "agreement": "agreement",
                 "speculative_agreement": "speculative_agreement"}


def reviewed_table(store: Store, active_only: bool = True) -> pd.DataFrame:
    """The claim-and-source table with the review's outcome: what the report and graph use.

    Every column of ``workbook.table.claims_table`` (claim, source, spans, outlet, published,
    suggested, speculative (the extractor's), ... and ``tags``: {reviewer: tag}), plus the
    outcome of :func:`decide`, the one final-tag rule:

    - ``final_tag``: the sourcing type that counts: reconciled, else agreed, else None
      (untagged, or reviewers disagree and nobody has reconciled yet).
    - ``final_speculative``: the speculation flag that counts, by the same rule (None: nobody
      answered it, or reviewers disagree).
    - ``final_by``: the reconciler's name, or the agreeing reviewers joined with ", ".
    - ``final_note``: the reconciler's note, or the reviewers' notes joined with " | ".
    - ``final_status``: "reconciled" | "agreed" (2+ reviewers, same answers) | "single" (one
      reviewer) | "disagreement" (reviewers differ on the tag or the flag, not reconciled) |
      "untagged".
    - ``n_reviewers``: how many reviewers answered the claim (int).
    - ``agreement`` / ``speculative_agreement``: True when 2+ reviewers gave the same tag
      (flag), False when they differ, None with fewer than two.
    - ``notes``: {reviewer: note}; ``flags``: {reviewer: True/False}.
    - ``tag_<reviewer>`` and ``speculative_<reviewer>``: one column each per reviewer.
    """
    frame = claims_table(store, active_only=active_only)
    given = store_tags.answers(store, active_only=active_only)
    decisions = final_decisions(store, active_only=active_only)
    chosen = [decisions.get(cid, UNTAGGED_DECISION) for cid in frame["claim_id"]]
    for column, attr in FINAL_COLUMNS.items():
        values = [getattr(d, attr) for d in chosen]
        frame[column] = pd.Series(values, index=frame.index, dtype="int64" if column == "n_reviewers" else object)
    by_claim: dict[str, dict[str, tuple]] = {}
    for r in given.itertuples(index=False):
        by_claim.setdefault(r.claim_id, {})[r.reviewer] = (r.tag, r.speculative, r.note)
    notes_of = store_tags.notes(store, active_only=active_only)
    frame["notes"] = pd.Series([notes_of.get(cid, {}) for cid in frame["claim_id"]], index=frame.index, dtype=object)
    frame["flags"] = pd.Series([{r: a[1] for r, a in by_claim.get(cid, {}).items() if a[1] is not None}
                                for cid in frame["claim_id"]], index=frame.index, dtype=object)
    for reviewer in sorted(set(given["reviewer"])):
        for i, prefix in ((0, "tag_"), (1, "speculative_")):
            frame[prefix + reviewer] = pd.Series([by_claim.get(cid, {}).get(reviewer, (None, None))[i]
                                                  for cid in frame["claim_id"]], index=frame.index, dtype=object)
    return frame


def disagreements(store: Store, pending_only: bool = True) -> pd.DataFrame:
    """Claims whose reviewers disagree on the tag or the flag (and, with ``pending_only``,
    nobody reconciled it yet), with each reviewer's answers: the list to reconcile
    (``workbook.review.db.reconcile``)."""
    frame = reviewed_table(store)
    if pending_only:
        mask = frame["final_status"] == "disagreement"
    else:
        mask = frame["agreement"].map(lambda a: a is False) | frame["speculative_agreement"].map(lambda a: a is False)
    cols = ["claim_id", "article_id", "outlet", "claim", "source", "suggested", "tags", "flags", "notes",
            "final_tag", "final_speculative", "final_status"]
    return frame.loc[mask, cols].reset_index(drop=True)
