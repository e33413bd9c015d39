"""The same claim across articles: lexical and semantic evidence, constraints that keep two
stories apart, and grouping that does not chain.

How it works (and why):

1. **Lexical vectors.** Word counts (scikit-learn ``CountVectorizer``, English stop words and
   reporting words dropped), the vocabulary folded by a light suffix stemmer (bombs/bombed/
   bombing -> bomb; done once per vocabulary word as a sparse column merge), then sublinear
   TF-IDF with L2 rows.
2. **Semantic vectors.** WordLlama's static embeddings (``semantic.py``; shipped in its wheel):
   they know that "quake" and "tremor", "attack" and "assault" say the same, which no word
   list written for one story should.
3. **Candidates, never a dense pairwise matrix.** ``X[chunk] @ X_block.T`` for chunks of rows,
   where ``X_block`` leaves out terms found in more than ``max_df_count`` claims (a term in d
   claims costs d^2 products, so the cap keeps the cost linear). Each row's best candidates are
   re-scored exactly; a pair must share ``min_shared`` content terms.
4. **The score and its bar.** ``score = LEXICAL_WEIGHT * lexical + (1 - LEXICAL_WEIGHT) *
   semantic``. The bar rises for short claims: from ``threshold`` for claims of
   ``LONG_TERMS`` content terms or more to ``short_threshold`` at ``SHORT_TERMS`` or fewer
   (the shorter claim of the pair counts). Short claims share words by chance.
5. **Constraints.** A claim with fewer than ``min_terms`` content terms or less than
   ``min_information`` informative content (``features.py``: general word rarity) matches
   nothing ("a really great guy", "Read the original article."). Two claims that both state
   figures must share one; two claims that both name entities must share one. Both hold group
   against group too, so a claim naming nobody cannot bridge "Lohan" and "Reid".
6. **Only pairs from different reports.** A pair inside one article is skipped, unless both
   claims are attributed to different outlets (Eurasianet comparing what Foreign Policy and
   Reuters reported).
7. **Groups without chaining.** Edges are taken strongest first (Kruskal). Two singletons join
   on any accepted edge; once a side has more than one claim, the merge must also pass
   **average link**: the mean score over every cross pair (exact, from the two groups' summed
   lexical and semantic vectors) must reach ``link_threshold``.
8. **Reviewer decisions win.** ``must`` pairs (confirmed / merged) are joined before anything
   else, constraints or not; ``cannot`` pairs (split) veto any merge that would put them in one
   group, on every run.
9. **Stable ids.** A group's id is ``g_`` + its anchor claim: the earliest seen claim in it
   (ties: the smallest claim_id).
10. **Evidence.** Every group carries why its claims are one (``Matching.evidence``): the
   scores of the edges that joined it (lexical, semantic, combined), the entities and figures
   its claims share, and whether a reviewer linked it.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from . import semantic
from .features import WORD, capitalised_words, claim_numbers, claim_times, name_ids, word_information

DEFAULT_THRESHOLD = 0.65  # combined score two long claims need
DEFAULT_SHORT_THRESHOLD = 0.75  # ... and two short ones
SHORT_TERMS = 5  # content terms of a short claim
LONG_TERMS = 12  # content terms from which a claim counts as long
LEXICAL_WEIGHT = 0.5  # share of the lexical cosine in the score (the rest: semantic)
DEFAULT_LINK_THRESHOLD = 0.7  # average link (combined score) to join two groups
DEFAULT_TOP_K = 10
DEFAULT_CHUNK = 2000
DEFAULT_MAX_DF_COUNT = 300
DEFAULT_MIN_TERMS = 3  # "South Sudan." or a dateline is not a claim anything should match
DEFAULT_MIN_SHARED = 2  # one shared word ("need") is never enough to call two claims the same
DEFAULT_MIN_INFORMATION = 4.0  # summed word information (features.word_information) a claim needs
NAMED_SHARED = 3  # entities two claims must share (all of the shorter list) to be matched on meaning ...
NAMED_SEMANTIC = 0.65  # ... with this semantic similarity, whatever their wording
CANDIDATE_THRESHOLD = 0.15  # lexical cosine that makes a pair worth scoring
IDF_PRIOR = 50  # IDF as if this many more claims lacked every term: steadier on a handful of articles
CANDIDATE_FACTOR = 2  # with common terms left out, score this many candidates per wanted neighbour exactly
CANDIDATE_FLOOR = 0.75  # ... whose similarity on the remaining terms reaches this share of the threshold

# Reporting words say who, not what: they would match every "X said" with every "Y said".
REPORTING_WORDS = {"said", "says", "say", "told", "tell", "tells", "according", "reported", "reports",
                   "report", "reportedly", "added", "adds", "stated", "claimed", "claims", "claim",
                   "announced", "statement", "mr", "mrs", "ms", "dr", "percent", "just", "like", "new"}
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS | REPORTING_WORDS)
# Capitalised, but not names: function words, reporting words and the calendar.
NOT_NAMES = frozenset(STOP_WORDS | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                                     "january", "february", "march", "april", "june", "july", "august",
                                     "september", "october", "november", "december", "i", "i'm"})


def stem(word: str) -> str:
    """A light, predictable suffix stripper (not Porter): enough to fold inflections."""
    w = word.lower().replace("’", "'").split("'")[0]
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
    return w


def _undouble(w: str) -> str:  # bombed->bomb (no change), planned->plan, stopping->stop
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        return w[:-1]
    return w


def _term_counts(texts: Sequence[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """(stemmed term counts, information of each claim as a column) over content words."""
    counter = CountVectorizer(lowercase=True, stop_words=sorted(STOP_WORDS), dtype=np.float32,
                              token_pattern=WORD.pattern)
    try:
        counts = counter.fit_transform([t or "" for t in texts])
    except ValueError:  # nothing but stop words anywhere
        return sp.csr_matrix((len(texts), 1), dtype=np.float32), np.zeros(len(texts), dtype=np.float32)
    vocab = counter.get_feature_names_out()
    present = counts.copy()
    present.data[:] = 1.0
    information = np.asarray(present @ word_information(vocab)).ravel()
    stems = [stem(w) for w in vocab]
    stems_index = {s: i for i, s in enumerate(dict.fromkeys(stems))}
    fold = sp.csr_matrix((np.ones(len(vocab), dtype=np.float32),
                          (np.arange(len(vocab)), [stems_index[s] for s in stems])),
                         shape=(len(vocab), len(stems_index)))
    counts = (counts @ fold).tocsr()
    counts.sum_duplicates()
    return counts, information


def _tfidf(counts: sp.csr_matrix) -> sp.csr_matrix:
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float32)
    idf = np.log((1 + n + IDF_PRIOR) / (1 + df)) + 1.0
    x = counts.copy()
    x.data = (1.0 + np.log(x.data)) * idf[x.indices]
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    x = sp.diags((1.0 / norms).astype(np.float32)) @ x
    return x.astype(np.float32).tocsr()


def claim_vectors(texts: Sequence[str]) -> sp.csr_matrix:
    """Sublinear TF-IDF rows (L2-normalised, float32) over stemmed content words."""
    return _tfidf(_term_counts(texts)[0])

def _row_topk(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, k: int):
    """Keep the k largest values of each row (arrays of a COO block; values in [0, 1])."""
    if not len(vals):
        return rows, cols, vals
    order = np.argsort(rows * 4.0 - vals, kind="stable")  # by row, then largest value first
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
    """Union-find with group sizes, cannot-link sets, summed lexical and semantic vectors (for
    average link) and the figures and names each group states."""

    def __init__(self, x: sp.csr_matrix, emb: np.ndarray, constraints: dict[str, list[frozenset]]):
        n = x.shape[0]
        self.x, self.emb = x, emb
        self.parent = np.arange(n)
        self.size = np.ones(n, dtype=np.int64)
        self.cannot: dict[int, set[int]] = {}
        self.sums: dict[int, dict[int, float]] = {}
        self.dense: dict[int, np.ndarray] = {}
        self.constraints = {key: list(values) for key, values in constraints.items()}

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
            if self.size[root] > 1:
                raise AssertionError("group vector lost")
            x = self.x
            lo, hi = x.indptr[root], x.indptr[root + 1]
            vec = dict(zip(x.indices[lo:hi].tolist(), x.data[lo:hi].tolist()))
            self.sums[root] = vec
        return vec

    def dense_sum(self, root: int) -> np.ndarray:
        return self.dense.get(root, self.emb[root])

    def forbidden(self, ra: int, rb: int) -> bool:
        """True when a cannot-link joins the two groups (the sets are symmetric: checking the
        smaller against the other group is enough)."""
        ca, cb = self.cannot.get(ra), self.cannot.get(rb)
        if not ca or not cb:
            return False
        if len(cb) < len(ca):
            ca, rb = cb, ra
        return any(self.find(c) == rb for c in ca)

    def disagree(self, ra: int, rb: int) -> bool:
        """Both groups state figures (or name entities, or years ...) and share none."""
        return any(v[ra] and v[rb] and v[ra].isdisjoint(v[rb]) for v in self.constraints.values())

    def average_link(self, ra: int, rb: int) -> float:
        va, vb = self.vector(ra), self.vector(rb)
        if len(vb) < len(va):
            va, vb = vb, va
        lexical = sum(w * vb.get(t, 0.0) for t, w in va.items())
        dense = float(self.dense_sum(ra) @ self.dense_sum(rb))
        return (LEXICAL_WEIGHT * lexical + (1 - LEXICAL_WEIGHT) * dense) / (self.size[ra] * self.size[rb])

    def union(self, ra: int, rb: int) -> int:
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        va, vb = self.vector(ra), self.vector(rb)
        for t, w in vb.items():
            va[t] = va.get(t, 0.0) + w
        self.dense[ra] = self.dense_sum(ra) + self.dense_sum(rb)
        self.sums.pop(rb, None)
        self.dense.pop(rb, None)
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        for values in self.constraints.values():
            values[ra] = values[ra] | values[rb]
        cb = self.cannot.pop(rb, None)
        if cb:
            self.cannot.setdefault(ra, set()).update(cb)
        return ra


@dataclass
class Matching:
    """The result of matching: one row per claim (claim_id, group_id, group_size and the
    group's evidence in scalar columns), the scored pairs, and per group its evidence
    (``evidence``: scores, shared entities and figures, the links that joined it)."""

    groups: pd.DataFrame
    pairs: pd.DataFrame
    params: dict = field(default_factory=dict)
    evidence: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=EVIDENCE_COLUMNS))

    def group_of(self, claim_id: str) -> str:
        return self.groups.set_index("claim_id").at[claim_id, "group_id"]

    def members(self, group_id: str) -> list[str]:
        return self.groups.loc[self.groups["group_id"] == group_id, "claim_id"].tolist()

    def evidence_of(self, group_id: str) -> dict:
        """The evidence of one group of two or more claims (KeyError for a single claim)."""
        rows = self.evidence[self.evidence["group_id"] == group_id]
        if rows.empty:
            raise KeyError(group_id)
        return rows.iloc[0].to_dict()

    @property
    def multi(self) -> pd.DataFrame:
        """Only the claims in groups of two or more."""
        return self.groups[self.groups["group_size"] > 1]


EVIDENCE_COLUMNS = ["group_id", "size", "score", "score_min", "lexical", "semantic", "shared_entities",
                    "shared_figures", "reviewer_linked", "links"]
GROUP_EVIDENCE = {"score": "match_score", "lexical": "match_lexical", "semantic": "match_semantic",
                  "shared_entities": "shared_entities", "shared_figures": "shared_figures"}
MATCH_EVIDENCE = tuple(GROUP_EVIDENCE.values())  # per-claim columns of ``Matching.groups``: the group's evidence


def _reporters(frame: pd.DataFrame) -> np.ndarray:
    """The outlet each claim is attributed to (via_outlet), None when there is none."""
    if "via_outlet" not in frame:
        return np.full(len(frame), None, dtype=object)
    return np.array([v.strip() if isinstance(v, str) and v.strip() else None for v in frame["via_outlet"]],
                    dtype=object)


def number_conflicts(numbers: Sequence[frozenset], i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """True where both claims state figures (or name entities, given name ids) and share none:
    "rushed for 404 yards" and "has 189 rushing yards" are two claims however alike their words."""
    return np.array([bool(numbers[a]) and bool(numbers[b]) and numbers[a].isdisjoint(numbers[b])
                     for a, b in zip(i, j)], dtype=bool)


def pair_threshold(terms: np.ndarray, threshold: float, short_threshold: float) -> np.ndarray:
    """The bar a pair's score must reach, given the content terms of its shorter claim."""
    share = np.clip((LONG_TERMS - terms) / (LONG_TERMS - SHORT_TERMS), 0.0, 1.0)
    return threshold + (short_threshold - threshold) * share


@dataclass
class _Claims:
    """What matching knows of each claim."""

    x: sp.csr_matrix  # TF-IDF rows
    emb: np.ndarray  # semantic rows
    terms: np.ndarray  # distinct content terms
    information: np.ndarray
    numbers: list[frozenset]
    name_words: list[dict]  # name id -> a spelling, per claim
    constraints: dict[str, list[frozenset]]  # what two claims must share when both state it


def _claims(texts: list[str]) -> _Claims:
    counts, information = _term_counts(texts)
    words = [capitalised_words(t, NOT_NAMES) for t in texts]
    ids = name_ids([w for ws in words for w in ws])
    name_words = [{ids[w]: w for w in sorted(ws)} for ws in words]
    numbers = [claim_numbers(t) for t in texts]
    times = [claim_times(t) for t in texts]
    constraints = {"figures": numbers, "entities": [frozenset(d) for d in name_words],
                   **{key: [t[key] for t in times] for key in ("weekday", "year", "date")}}
    return _Claims(_tfidf(counts), semantic.embed(texts), np.diff(counts.indptr), information, numbers,
                   name_words, constraints)


def scored_pairs(c: _Claims, units: np.ndarray, allowed, threshold: float, short_threshold: float,
                 top_k: int, chunk: int, max_df_count: int, min_terms: int, min_shared: int,
                 min_information: float) -> pd.DataFrame:
    """Candidate pairs with their lexical, semantic and combined scores, kept when the score
    reaches the pair's bar and figures and entities agree; strongest first."""
    eligible = (c.information >= min_information).astype(np.float32)
    x = (sp.diags(eligible) @ c.x).tocsr()
    x.eliminate_zeros()
    pairs = similar_pairs(x, units, CANDIDATE_THRESHOLD, top_k, chunk, max_df_count,
                          allowed=allowed, min_terms=min_terms, min_shared=min_shared)
    i, j = pairs["i"].to_numpy(), pairs["j"].to_numpy()
    pairs = pairs.rename(columns={"similarity": "lexical"})
    pairs["semantic"] = semantic.row_cosines(c.emb, i, j)
    pairs["similarity"] = LEXICAL_WEIGHT * pairs["lexical"] + (1 - LEXICAL_WEIGHT) * pairs["semantic"]
    bar = pair_threshold(np.minimum(c.terms[i], c.terms[j]), threshold, short_threshold)
    strong = pairs["similarity"].to_numpy() >= bar
    close = strong | (pairs["semantic"].to_numpy() >= NAMED_SEMANTIC)
    pairs, strong, i, j = pairs[close], strong[close], i[close], j[close]
    keep = strong | _same_names(c.constraints["entities"], i, j)
    for values in c.constraints.values():
        keep &= ~number_conflicts(values, i, j)
    pairs = pairs[keep].sort_values(["similarity", "i", "j"], ascending=[False, True, True], kind="stable")
    return pairs.reset_index(drop=True)


def _same_names(names: list[frozenset], i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """True where the two claims name the same entities, at least ``NAMED_SHARED`` of them: a
    paraphrase ("quake" / "tremor") scores low on shared words but names who and where alike."""
    return np.array([len(names[a] & names[b]) >= NAMED_SHARED and len(names[a] & names[b]) == min(
        len(names[a]), len(names[b])) for a, b in zip(i, j)], dtype=bool)


def _group(c: _Claims, pairs: pd.DataFrame, index: dict, must, cannot, link_threshold: float):
    """Union-find over the pairs, strongest first; returns the groups and the edges that joined."""
    g = _Groups(c.x, c.emb, c.constraints)
    for a, b in cannot:
        if a in index and b in index:
            ia, ib = index[a], index[b]
            g.cannot.setdefault(ia, set()).add(ib)
            g.cannot.setdefault(ib, set()).add(ia)
    joined = []  # (i, j, lexical, semantic, score); None scores: a reviewer's link
    for a, b in must:
        if a in index and b in index:
            ra, rb = g.find(index[a]), g.find(index[b])
            if ra != rb and not g.forbidden(ra, rb):
                g.union(ra, rb)
                joined.append((index[a], index[b], None, None, None))
    for i, j, lex, sem, s in zip(pairs["i"].to_numpy(), pairs["j"].to_numpy(), pairs["lexical"].to_numpy(),
                                 pairs["semantic"].to_numpy(), pairs["similarity"].to_numpy()):
        ra, rb = g.find(i), g.find(j)
        if ra == rb or g.forbidden(ra, rb) or g.disagree(ra, rb):
            continue
        if g.size[ra] + g.size[rb] > 2 and g.average_link(ra, rb) < link_threshold:
            continue
        g.union(ra, rb)
        joined.append((int(i), int(j), float(lex), float(sem), float(s)))
    return g, joined


def _shared(values: Iterable[Iterable]) -> list:
    """Values found in at least two of the members."""
    seen, shared = set(), set()
    for vs in values:
        for v in set(vs):
            (shared if v in seen else seen).add(v)
    return sorted(shared)


def _shared_names(spellings: Iterable[dict]) -> list[str]:
    """Names found in at least two of the members, each by its shortest spelling."""
    spellings = list(spellings)
    shortest = {}
    for d in spellings:
        for key, word in d.items():
            if key not in shortest or len(word) < len(shortest[key]):
                shortest[key] = word
    return sorted(shortest[key] for key in _shared(d.keys() for d in spellings))


def group_evidence(c: _Claims, ids: np.ndarray, group_ids: np.ndarray, joined: list) -> pd.DataFrame:
    """One row per group of two or more claims: why its claims are one."""
    edges: dict[str, list] = {}
    for i, j, lex, sem, s in joined:
        edges.setdefault(group_ids[i], []).append((i, j, lex, sem, s))
    members: dict[str, list[int]] = {}
    for k in np.flatnonzero(pd.Series(group_ids).isin(edges.keys()).to_numpy()):
        members.setdefault(group_ids[k], []).append(int(k))
    rows = []
    for gid, links in edges.items():
        scored = [e for e in links if e[4] is not None]
        mean = (lambda k: round(sum(e[k] for e in scored) / len(scored), 3) if scored else None)  # noqa: E731
        ks = members[gid]
        rows.append({"group_id": gid, "size": len(ks), "score": mean(4), "lexical": mean(2), "semantic": mean(3),
                     "score_min": round(min(e[4] for e in scored), 3) if scored else None,
                     "shared_entities": _shared_names(c.name_words[k] for k in ks),
                     "shared_figures": _shared(c.numbers[k] for k in ks),
                     "reviewer_linked": len(scored) < len(links),
                     "links": [{"claim_a": ids[i], "claim_b": ids[j], "lexical": _round(lex),
                                "semantic": _round(sem), "score": _round(s)} for i, j, lex, sem, s in links]})
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)


def _round(v):
    return None if v is None else round(v, 3)


def match_claims(frame: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD,
                 short_threshold: float = DEFAULT_SHORT_THRESHOLD,
                 link_threshold: float = DEFAULT_LINK_THRESHOLD, top_k: int = DEFAULT_TOP_K,
                 chunk: int = DEFAULT_CHUNK, max_df_count: int = DEFAULT_MAX_DF_COUNT,
                 min_terms: int = DEFAULT_MIN_TERMS, min_shared: int = DEFAULT_MIN_SHARED,
                 min_information: float = DEFAULT_MIN_INFORMATION,
                 must: Iterable[tuple[str, str]] = (), cannot: Iterable[tuple[str, str]] = ()) -> Matching:
    """Group the claims of ``frame`` (columns claim_id, article_id, claim; optional via_outlet,
    first_seen) into claim groups. ``must``/``cannot``: reviewer pairs of claim_ids."""
    frame = frame.reset_index(drop=True)
    ids = frame["claim_id"].astype(str).to_numpy()
    n = len(ids)
    params = dict(threshold=threshold, short_threshold=short_threshold, link_threshold=link_threshold,
                  top_k=top_k, chunk=chunk, max_df_count=max_df_count, min_terms=min_terms,
                  min_shared=min_shared, min_information=min_information)
    if n == 0:
        return Matching(pd.DataFrame(columns=["claim_id", "group_id", "group_size", *GROUP_EVIDENCE.values()]),
                        pd.DataFrame(columns=["claim_a", "claim_b", "similarity", "lexical", "semantic"]), params)
    c = _claims(frame["claim"].fillna("").astype(str).tolist())
    units = pd.factorize(frame["article_id"].astype(str))[0]
    reporter = _reporters(frame)

    def allowed(i, j):  # one article reporting what two different outlets reported
        ri, rj = reporter[i], reporter[j]
        return np.array([a is not None and b is not None and a != b for a, b in zip(ri, rj)], dtype=bool)

    pairs = scored_pairs(c, units, allowed, threshold, short_threshold, top_k, chunk, max_df_count,
                         min_terms, min_shared, min_information)
    index = {cid: k for k, cid in enumerate(ids)}
    g, joined = _group(c, pairs, index, must, cannot, link_threshold)
    roots = np.array([g.find(i) for i in range(n)])
    first_seen = frame["first_seen"].fillna("").astype(str).to_numpy() if "first_seen" in frame else np.full(n, "")
    order = np.lexsort((ids, first_seen))  # earliest first, then smallest id
    anchor: dict[int, str] = {}
    for k in order:
        anchor.setdefault(roots[k], ids[k])
    group_ids = np.array(["g_" + anchor[r] for r in roots], dtype=object)
    groups = pd.DataFrame({"claim_id": ids, "group_id": group_ids})
    groups["group_size"] = groups.groupby("group_id")["claim_id"].transform("size").astype(int)
    evidence = group_evidence(c, ids, group_ids, joined)
    flat = evidence.set_index("group_id")
    for key, column in GROUP_EVIDENCE.items():
        values = flat[key].map(lambda v: "; ".join(map(str, v)) if isinstance(v, list) else v)
        groups[column] = groups["group_id"].map(values)
    i, j = pairs["i"].to_numpy(), pairs["j"].to_numpy()
    pair_frame = pd.DataFrame({"claim_a": ids[i], "claim_b": ids[j], "similarity": pairs["similarity"].to_numpy(),
                               "lexical": pairs["lexical"].to_numpy(), "semantic": pairs["semantic"].to_numpy(),
                               "same_group": group_ids[i] == group_ids[j]})
    return Matching(groups, pair_frame, params, evidence)


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
                     "claim": text.iloc[0] if len(text) else g["claim"].iloc[0],
                     **{col: g[col].iloc[0] for col in GROUP_EVIDENCE.values() if col in g}})
    table = pd.DataFrame(rows, columns=["group_id", "size", "articles", "outlets", "n_outlets", "claim",
                                        *GROUP_EVIDENCE.values()])
    return table.sort_values(["n_outlets", "size", "group_id"], ascending=[False, False, True]).reset_index(drop=True)


__all__ = ["Matching", "claim_groups", "claim_numbers", "claim_vectors", "group_evidence", "group_table",
           "match_claims", "similar_pairs", "stem", "DEFAULT_THRESHOLD", "DEFAULT_LINK_THRESHOLD", "DEFAULT_TOP_K"]
