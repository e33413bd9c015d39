"""The same claim across articles: sparse TF-IDF, a chunked top-k similarity, and grouping that
does not chain.

How it works (and why):

1. **Vectors.** Word counts (scikit-learn ``CountVectorizer``, English stop words dropped), the
   vocabulary folded by a light suffix stemmer (bombs/bombed/bombing -> bomb; done once per
   vocabulary word as a sparse column merge, so it costs nothing per claim), a few news
   synonyms and demonyms (Azeri -> azerbaijan, airfield -> base), then sublinear TF-IDF with
   L2 rows. Wording differs across outlets; content words mostly do not.
2. **Candidates, never a dense pairwise matrix.** ``X[chunk] @ X_block.T`` for chunks of rows,
   where ``X_block`` leaves out terms found in more than ``max_df_count`` claims (their IDF
   weight is tiny; a term in d claims costs d^2 products, so a cap keeps the cost linear in the
   number of claims). The best ``top_k * 2`` candidates of each row are then scored exactly with
   all terms, and the top ``top_k`` at or above ``threshold`` and sharing at least
   ``min_shared`` terms are kept (one shared word, "need", never makes two claims one). Claims
   with fewer than ``min_terms`` content terms ("South Sudan.", a dateline) match nothing.
3. **Only pairs from different reports.** A pair inside one article is skipped, unless both
   claims are attributed to different outlets (Eurasianet comparing what Foreign Policy and
   Reuters reported): those are two reports that happen to share a page.
4. **Groups without chaining.** Edges are taken strongest first (Kruskal). Two singletons
   join on any edge at or above ``threshold``; once a side has more than one claim, the merge
   must also pass **average link**: the mean cosine over every cross pair of claims (computed
   exactly from the two groups' summed vectors, ``sum_A . sum_B / (|A| |B|)``) must reach
   ``link_threshold``. A chain A~B~C~D where A and D share nothing fails that test once the
   groups grow, while a tight group of twelve outlets wording one claim twelve ways passes.
5. **Reviewer decisions win.** ``must`` pairs (confirmed / merged) are joined before anything
   else; ``cannot`` pairs (split) veto any merge that would put them in one group, on every run.
   A confirmed group is stored as must-links between all its members (``graph.db.must_pairs``),
   so pairs naming a claim not in ``frame`` (inactive) are skipped without breaking the group.
6. **Stable ids.** A group's id is ``g_`` + its anchor claim: the earliest seen claim in it
   (ties: the smallest claim_id); adding claims to a group does not change its id.
"""
from __future__ import annotations

import re

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

DEFAULT_THRESHOLD = 0.35
DEFAULT_LINK_THRESHOLD = 0.4  # average link to join two groups: 0.25 let topics (all "Ted Cruz" claims) form one group
DEFAULT_TOP_K = 10
DEFAULT_CHUNK = 2000
DEFAULT_MAX_DF_COUNT = 300
DEFAULT_MIN_TERMS = 3  # "South Sudan." or a dateline is not a claim anything should match
DEFAULT_MIN_SHARED = 2  # one shared word ("need") is never enough to call two claims the same
IDF_PRIOR = 50  # IDF as if this many more claims lacked every term: steadier on a handful of articles
CANDIDATE_FACTOR = 2  # with common terms left out, score this many candidates per wanted neighbour exactly
CANDIDATE_FLOOR = 0.5  # ... whose similarity on the remaining terms reaches this share of the threshold

# Reporting words say who, not what: they would match every "X said" with every "Y said".
REPORTING_WORDS = {"said", "says", "say", "told", "tell", "tells", "according", "reported", "reports",
                   "report", "reportedly", "added", "adds", "stated", "claimed", "claims", "claim",
                   "announced", "statement", "mr", "mrs", "ms", "dr", "percent", "just", "like", "new"}
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS | REPORTING_WORDS)

# A few foldings news wording needs more than anything else: demonyms and near-synonyms.
SYNONYMS = {
    "azeri": "azerbaijan", "azerbaijani": "azerbaijan", "israeli": "israel", "iranian": "iran",
    "sudanese": "sudan", "american": "america", "russian": "russia", "chinese": "china",
    "airfield": "base", "airbase": "base", "airstrike": "strike", "attack": "strike",
    "raid": "strike", "bombard": "bomb", "wound": "injur", "injure": "injur", "injury": "injur",
}

def stem(word: str) -> str:
    """A light, predictable suffix stripper (not Porter): enough to fold inflections."""
    w = word.lower().replace("’", "'").split("'")[0]
    w = SYNONYMS.get(w, w)
    if len(w) > 4:
        if w.endswith(("ations", "ation")):
            w = w[: w.rfind("ation")]
        elif w.endswith(("ings", "ing")) and len(w) - 3 >= 3:
            w = _undouble(w[: w.rfind("ing")])
        elif w.endswith("edly"):
            w = _undouble(w[:-4])
        elif w.endswith(("ied", "ies")):
            w = w[:-3] + "y"
        elif w.endswith("ed") and not w.endswith("eed"):
            w = _undouble(w[:-2])
        elif w.endswith(("ches", "shes", "sses", "xes", "zes")):
            w = w[:-2]
        elif w.endswith("ly"):
            w = w[:-2]
        elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
            w = w[:-1]
    return SYNONYMS.get(w, w)


def _undouble(w: str) -> str:  # bombed->bomb (no change), planned->plan, stopping->stop
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        return w[:-1]
    return w


def claim_vectors(texts: Sequence[str]) -> sp.csr_matrix:
    """Sublinear TF-IDF rows (L2-normalised, float32) over stemmed content words."""
    counter = CountVectorizer(lowercase=True, stop_words=sorted(STOP_WORDS), dtype=np.float32,
                              token_pattern=r"(?u)\b[^\W\d_][^\W\d_'’-]+\b")
    try:
        counts = counter.fit_transform([t or "" for t in texts])
    except ValueError:  # nothing but stop words anywhere
        return sp.csr_matrix((len(texts), 1), dtype=np.float32)
    vocab = counter.get_feature_names_out()
    stems = [stem(w) for w in vocab]
    stems_index = {s: i for i, s in enumerate(dict.fromkeys(stems))}
    fold = sp.csr_matrix((np.ones(len(vocab), dtype=np.float32),
                          (np.arange(len(vocab)), [stems_index[s] for s in stems])),
                         shape=(len(vocab), len(stems_index)))
    counts = (counts @ fold).tocsr()
    counts.sum_duplicates()
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float32)
    idf = np.log((1 + n + IDF_PRIOR) / (1 + df)) + 1.0
    x = counts.copy()
    x.data = (1.0 + np.log(x.data)) * idf[x.indices]
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    x = sp.diags((1.0 / norms).astype(np.float32)) @ x
    return x.astype(np.float32).tocsr()


def _row_topk(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, k: int):
    """Keep the k largest values of each row (arrays of a COO block)."""
    if not len(vals):
        return rows, cols, vals
    order = np.lexsort((-vals, rows))
    rows, cols, vals = rows[order], cols[order], vals[order]
    starts = np.r_[0, np.flatnonzero(np.diff(rows)) + 1]
    rank = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
    keep = rank < k
    return rows[keep], cols[keep], vals[keep]


def _exact(x: sp.csr_matrix, i: np.ndarray, j: np.ndarray, batch: int = 200_000) -> tuple[np.ndarray, np.ndarray]:
    """Cosine and number of shared terms of row pairs (i[k], j[k])."""
    sims = np.empty(len(i), dtype=np.float32)
    shared = np.empty(len(i), dtype=np.int32)
    for s in range(0, len(i), batch):
        prod = x[i[s:s + batch]].multiply(x[j[s:s + batch]]).tocsr()
        prod.eliminate_zeros()
        sims[s:s + batch] = np.asarray(prod.sum(axis=1)).ravel()
        shared[s:s + batch] = np.diff(prod.indptr)
    return sims, shared


def similar_pairs(x: sp.csr_matrix, units: np.ndarray, threshold: float = DEFAULT_THRESHOLD,
                  top_k: int = DEFAULT_TOP_K, chunk: int = DEFAULT_CHUNK,
                  max_df_count: int = DEFAULT_MAX_DF_COUNT, allowed=None,
                  min_terms: int = DEFAULT_MIN_TERMS, min_shared: int = DEFAULT_MIN_SHARED) -> pd.DataFrame:
    """Pairs (i < j) of rows with cosine >= threshold and at least ``min_shared`` terms in
    common, among each row's top-k; never inside one unit (``units[i] == units[j]``) unless
    ``allowed(i_array, j_array)`` says so, and never for a row with fewer than ``min_terms``
    distinct terms. Returns a frame i, j, similarity."""
    n = x.shape[0]
    empty = pd.DataFrame({"i": np.empty(0, np.int64), "j": np.empty(0, np.int64),
                          "similarity": np.empty(0, np.float32)})
    if n < 2 or x.nnz == 0:
        return empty
    df = np.bincount(x.indices, minlength=x.shape[1])
    common = df > max_df_count
    short = np.diff(x.indptr) < min_terms
    x_block, rescore = x, False
    if short.any():
        x_block = (sp.diags((~short).astype(np.float32)) @ x_block).tocsr()
    if common.any():
        x_block = (x_block @ sp.diags((~common).astype(np.float32))).tocsr()
        rescore = True
    if x_block is not x:
        x_block.eliminate_zeros()
    xt = x_block.T.tocsr()
    units = np.asarray(units)
    found_i, found_j, found_s = [], [], []
    k_candidates = top_k * CANDIDATE_FACTOR if rescore else top_k
    floor = threshold * CANDIDATE_FLOOR if rescore else threshold
    for start in range(0, n, chunk):
        block = (x_block[start:start + chunk] @ xt).tocoo()
        rows = block.row.astype(np.int64) + start
        cols = block.col.astype(np.int64)
        vals = block.data
        mask = (rows != cols) & (vals >= floor)
        same = units[rows] == units[cols]
        if allowed is not None and same.any():
            idx = np.flatnonzero(same & mask)
            if len(idx):
                ok = np.asarray(allowed(rows[idx], cols[idx]), dtype=bool)
                same[idx[ok]] = False
        mask &= ~same
        rows, cols, vals = _row_topk(rows[mask], cols[mask], vals[mask], k_candidates)
        if len(rows):
            exact, shared = _exact(x, rows, cols)
            if rescore:
                vals = exact
            ok = (vals >= threshold) & (shared >= min_shared)
            rows, cols, vals = _row_topk(rows[ok], cols[ok], vals[ok], top_k)
        found_i.append(rows)
        found_j.append(cols)
        found_s.append(vals.astype(np.float32))
        del block
    if not found_i:
        return empty
    i = np.concatenate(found_i)
    j = np.concatenate(found_j)
    s = np.concatenate(found_s)
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    pairs = pd.DataFrame({"i": lo, "j": hi, "similarity": s})
    pairs = pairs.drop_duplicates(["i", "j"]).sort_values(["similarity", "i", "j"],
                                                          ascending=[False, True, True], kind="stable")
    return pairs.reset_index(drop=True)


class _Groups:
    """Union-find with group sizes, cannot-link sets and summed vectors for average link."""

    def __init__(self, x: sp.csr_matrix):
        n = x.shape[0]
        self.x = x
        self.parent = np.arange(n)
        self.size = np.ones(n, dtype=np.int64)
        self.cannot: dict[int, set[int]] = {}
        self.sums: dict[int, dict[int, float]] = {}

    def find(self, a: int) -> int:
        parent = self.parent
        root = a
        while parent[root] != root:
            root = parent[root]
        while parent[a] != root:
            parent[a], a = root, parent[a]
        return root

    def vector(self, root: int) -> dict[int, float]:
        vec = self.sums.get(root)
        if vec is None:
            x = self.x
            lo, hi = x.indptr[root], x.indptr[root + 1]
            vec = dict(zip(x.indices[lo:hi].tolist(), x.data[lo:hi].tolist()))
            if self.size[root] > 1:
                raise AssertionError("group vector lost")
            self.sums[root] = vec
        return vec

    def forbidden(self, ra: int, rb: int) -> bool:
        """True when a cannot-link joins the two groups (the sets are symmetric: checking the
        smaller against the other group is enough)."""
        ca, cb = self.cannot.get(ra), self.cannot.get(rb)
        if not ca or not cb:
            return False
        if len(cb) < len(ca):
            ca, rb = cb, ra
        return any(self.find(c) == rb for c in ca)

    def average_link(self, ra: int, rb: int) -> float:
        va, vb = self.vector(ra), self.vector(rb)
        if len(vb) < len(va):
            va, vb = vb, va
        dot = sum(w * vb.get(t, 0.0) for t, w in va.items())
        return dot / (self.size[ra] * self.size[rb])

    def union(self, ra: int, rb: int) -> int:
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        va, vb = self.vector(ra), self.vector(rb)
        for t, w in vb.items():
            va[t] = va.get(t, 0.0) + w
        self.sums.pop(rb, None)
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        cb = self.cannot.pop(rb, None)
        if cb:
            self.cannot.setdefault(ra, set()).update(cb)
        return ra


@dataclass
class Matching:
    """The result of matching: one row per claim (claim_id, group_id, group_size) and the pairs."""

    groups: pd.DataFrame
    pairs: pd.DataFrame
    params: dict = field(default_factory=dict)

    def group_of(self, claim_id: str) -> str:
        return self.groups.set_index("claim_id").at[claim_id, "group_id"]

    def members(self, group_id: str) -> list[str]:
        return self.groups.loc[self.groups["group_id"] == group_id, "claim_id"].tolist()

    @property
    def multi(self) -> pd.DataFrame:
        """Only the claims in groups of two or more."""
        return self.groups[self.groups["group_size"] > 1]


def _reporters(frame: pd.DataFrame) -> np.ndarray:
    """The outlet each claim is attributed to (via_outlet), None when there is none."""
    if "via_outlet" not in frame:
        return np.full(len(frame), None, dtype=object)
    return np.array([v.strip() if isinstance(v, str) and v.strip() else None for v in frame["via_outlet"]],
                    dtype=object)


_DATE_PART = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
                        r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b"
                        r"|\b(?:19|20)\d\d\b|\b\d{1,2}\s*:\s*\d\d\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def claim_numbers(text: str) -> frozenset[str]:
    """The figures a claim states ("404 yards", "1,000 people", "3.1 percent"), leaving out dates,
    years and clock times, which outlets write differently for the same event."""
    text = _DATE_PART.sub(" ", text or "")
    return frozenset(m.group(0).replace(",", "") for m in _NUMBER.finditer(text))


def number_conflicts(numbers: Sequence[frozenset], i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """True where both claims state figures and share none: "rushed for 404 yards" and "has 189
    rushing yards" are two claims however alike their words (and so are two polls of 1,000)."""
    return np.array([bool(numbers[a]) and bool(numbers[b]) and numbers[a].isdisjoint(numbers[b])
                     for a, b in zip(i, j)], dtype=bool)


def match_claims(frame: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD,
                 link_threshold: float = DEFAULT_LINK_THRESHOLD, top_k: int = DEFAULT_TOP_K,
                 chunk: int = DEFAULT_CHUNK, max_df_count: int = DEFAULT_MAX_DF_COUNT,
                 min_terms: int = DEFAULT_MIN_TERMS, min_shared: int = DEFAULT_MIN_SHARED,
                 must: Iterable[tuple[str, str]] = (), cannot: Iterable[tuple[str, str]] = ()) -> Matching:
    """Group the claims of ``frame`` (columns claim_id, article_id, claim; optional via_outlet,
    first_seen) into claim groups. ``must``/``cannot``: reviewer pairs of claim_ids."""
    frame = frame.reset_index(drop=True)
    ids = frame["claim_id"].astype(str).to_numpy()
    n = len(ids)
    params = dict(threshold=threshold, link_threshold=link_threshold, top_k=top_k, chunk=chunk,
                  max_df_count=max_df_count, min_terms=min_terms, min_shared=min_shared)
    if n == 0:
        return Matching(pd.DataFrame(columns=["claim_id", "group_id", "group_size"]),
                        pd.DataFrame(columns=["claim_a", "claim_b", "similarity"]), params)
    x = claim_vectors(frame["claim"].fillna("").astype(str).tolist())
    units = pd.factorize(frame["article_id"].astype(str))[0]
    reporter = _reporters(frame)

    def allowed(i, j):  # one article reporting what two different outlets reported
        ri, rj = reporter[i], reporter[j]
        return np.array([a is not None and b is not None and a != b for a, b in zip(ri, rj)], dtype=bool)

    pairs = similar_pairs(x, units, threshold, top_k, chunk, max_df_count, allowed=allowed, min_terms=min_terms,
                          min_shared=min_shared)
    numbers = [claim_numbers(t) for t in frame["claim"].fillna("").astype(str)]
    if len(pairs):
        pairs = pairs[~number_conflicts(numbers, pairs["i"].to_numpy(), pairs["j"].to_numpy())]

    index = {c: k for k, c in enumerate(ids)}
    g = _Groups(x)
    for a, b in cannot:
        if a in index and b in index:
            ia, ib = index[a], index[b]
            g.cannot.setdefault(ia, set()).add(ib)
            g.cannot.setdefault(ib, set()).add(ia)
    for a, b in must:
        if a in index and b in index:
            ra, rb = g.find(index[a]), g.find(index[b])
            if ra != rb and not g.forbidden(ra, rb):
                g.union(ra, rb)
    size = g.size
    figures: dict[int, frozenset] = {}
    for i, j, s in zip(pairs["i"].to_numpy(), pairs["j"].to_numpy(), pairs["similarity"].to_numpy()):
        ra, rb = g.find(i), g.find(j)
        if ra == rb or g.forbidden(ra, rb):
            continue
        if size[ra] + size[rb] > 2 and g.average_link(ra, rb) < link_threshold:
            continue
        # Figures again, group against group: a figure-less claim must not bridge "a poll of
        # 1,000 people" and "a poll of 2,000 people" into one group.
        fa, fb = figures.get(ra, numbers[ra]), figures.get(rb, numbers[rb])
        if fa and fb and fa.isdisjoint(fb):
            continue
        root = g.union(ra, rb)
        figures[root] = fa | fb

    roots = np.array([g.find(i) for i in range(n)])
    first_seen = frame["first_seen"].fillna("").astype(str).to_numpy() if "first_seen" in frame else np.full(n, "")
    order = np.lexsort((ids, first_seen))  # earliest first, then smallest id
    anchor: dict[int, str] = {}
    for k in order:
        anchor.setdefault(roots[k], ids[k])
    group_ids = np.array(["g_" + anchor[r] for r in roots], dtype=object)
    groups = pd.DataFrame({"claim_id": ids, "group_id": group_ids})
    groups["group_size"] = groups.groupby("group_id")["claim_id"].transform("size").astype(int)
    pair_frame = pd.DataFrame({"claim_a": ids[pairs["i"].to_numpy()], "claim_b": ids[pairs["j"].to_numpy()],
                               "similarity": pairs["similarity"].to_numpy()})
    if len(pair_frame):
        pair_frame["same_group"] = (group_ids[pairs["i"].to_numpy()] == group_ids[pairs["j"].to_numpy()])
    else:
        pair_frame["same_group"] = pd.Series(dtype=bool)
    return Matching(groups, pair_frame, params)


def claim_groups(store, active_only: bool = True, **params) -> Matching:
    """Match the store's claims, honouring every reviewer decision recorded in it."""
    from .db import links_for_matching

    frame = store.claims(active_only=active_only)
    must, cannot = links_for_matching(store)
    return match_claims(frame, must=must, cannot=cannot, **params)


def group_table(matching: Matching, frame: pd.DataFrame) -> pd.DataFrame:
    """One row per group: group_id, size, articles, outlets, and the anchor claim's text."""
    merged = matching.groups.merge(frame, on="claim_id", how="left", suffixes=("", "_c"))
    outlet = merged["original_outlet"].fillna(merged["outlet"]) if "original_outlet" in merged else merged.get("outlet")
    merged["_outlet"] = outlet
    rows = []
    for gid, g in merged.groupby("group_id", sort=False):
        anchor = gid[2:]
        text = g.loc[g["claim_id"] == anchor, "claim"]
        outlets = sorted({o for o in g["_outlet"].dropna()} | {o for o in g.get("via_outlet", pd.Series()).dropna()})
        rows.append({"group_id": gid, "size": len(g), "articles": g["article_id"].nunique(),
                     "outlets": outlets, "n_outlets": len(outlets),
                     "claim": text.iloc[0] if len(text) else g["claim"].iloc[0]})
    table = pd.DataFrame(rows, columns=["group_id", "size", "articles", "outlets", "n_outlets", "claim"])
    return table.sort_values(["n_outlets", "size", "group_id"], ascending=[False, False, True]).reset_index(drop=True)


__all__ = ["Matching", "claim_groups", "claim_vectors", "group_table", "match_claims", "similar_pairs", "stem",
           "DEFAULT_THRESHOLD", "DEFAULT_LINK_THRESHOLD", "DEFAULT_TOP_K"]
