"""Sentence embeddings from WordLlama's static model, which ships inside its PyPI wheel (16 MB,
MIT): no download at run time.

A claim's vector is the mean of its token vectors, as WordLlama computes it, but pooled
through one sparse token-count matrix instead of padded batches: 200,000 claims take seconds.
Rows are L2-normalised, so a dot product is the cosine.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

BATCH = 50_000  # chunks tokenised at a time: bounds the memory of the token lists


@lru_cache(maxsize=1)
def _model():
    import wordllama
    from tokenizers import Tokenizer
    from wordllama import WordLlama

    # The wheel keeps its tokenizer in tokenizers/, where plain disable_download=True does not look.
    model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    tokenizer = Tokenizer.from_str(model.tokenizer.to_str())
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer, np.ascontiguousarray(model.embedding, dtype=np.float32)


def token_counts(texts: Sequence[str]) -> sp.csr_matrix:
    """Rows: texts; columns: the model's token ids; values: how often each token occurs.

    The tokenizer has no pre-tokenizer (it prepends "▁" and turns spaces into "▁"), and its
    tokens do not cross a "▁", so each distinct space-separated chunk is tokenised once and a
    text's counts are the sum of its chunks': far fewer strings to tokenise than whole texts.
    Runs of white space (newlines too) count as one space."""
    tokenizer, table = _model()
    chunker = CountVectorizer(token_pattern=r"\S+", lowercase=False, dtype=np.float32)
    try:
        per_text = chunker.fit_transform([t or "" for t in texts])
    except ValueError:  # no text has a chunk
        return sp.csr_matrix((len(texts), table.shape[0]), dtype=np.float32)
    chunks = chunker.get_feature_names_out().tolist()
    indptr, indices = [0], []
    for start in range(0, len(chunks), BATCH):
        for enc in tokenizer.encode_batch(chunks[start:start + BATCH], add_special_tokens=False):
            indices.extend(enc.ids)
            indptr.append(len(indices))
    cols = np.clip(np.asarray(indices, dtype=np.int64), 0, table.shape[0] - 1)
    per_chunk = sp.csr_matrix((np.ones(len(cols), dtype=np.float32), cols, np.asarray(indptr, dtype=np.int64)),
                              shape=(len(chunks), table.shape[0]))
    per_chunk.sum_duplicates()
    return (per_text @ per_chunk).tocsr()


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised mean token vectors, float32, one row per text (zeros for an empty text)."""
    _, table = _model()
    if not len(texts):
        return np.zeros((0, table.shape[1]), dtype=np.float32)
    vectors = np.asarray(token_counts(texts) @ table, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


def row_cosines(vectors: np.ndarray, i: np.ndarray, j: np.ndarray, batch: int = 500_000) -> np.ndarray:
    """Cosine of row pairs (i[k], j[k]) of L2-normalised ``vectors``."""
    out = np.empty(len(i), dtype=np.float32)
    for s in range(0, len(i), batch):
        out[s:s + batch] = np.einsum("ij,ij->i", vectors[i[s:s + batch]], vectors[j[s:s + batch]])
    return out


__all__ = ["embed", "row_cosines", "token_counts"]
