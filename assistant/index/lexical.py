"""BM25 over token lists, one sparse matrix per field, fields summed with weights (BM25F-like).

bm25s builds each field's document × token matrix of BM25 weights (CSC: one column per token).
Scoring a query gathers the columns of its tokens and adds them with `np.bincount`, which stays
fast at 100k documents where `np.add.at` does not. Scores are also given normalised to 0..1 by
the query's own score in the main field (its "self-score"), so they mean the same across queries.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

K1, B = 1.5, 0.75


@dataclass
class Field:
    """One field's BM25 weights in CSC form over the shared vocabulary."""

    data: np.ndarray  # float32 weights, grouped by token
    indices: np.ndarray  # int32 document of each weight
    indptr: np.ndarray  # int64, len(vocab) + 1
    n_docs: int
    avg_len: float
    lengths: np.ndarray  # int32 (n_docs,): tokens in each document (a layered index reweights)

    def idf(self, token_ids: np.ndarray) -> np.ndarray:
        df = (self.indptr[token_ids + 1] - self.indptr[token_ids]).astype(np.float64)
        idf: np.ndarray = np.log(1.0 + (self.n_docs - df + 0.5) / (df + 0.5))
        return idf

    def scores(self, token_ids: np.ndarray) -> np.ndarray:
        starts, ends = self.indptr[token_ids], self.indptr[token_ids + 1]
        docs = np.concatenate([self.indices[s:e] for s, e in zip(starts, ends, strict=True)])
        weights = np.concatenate([self.data[s:e] for s, e in zip(starts, ends, strict=True)])
        return np.bincount(docs, weights=weights, minlength=self.n_docs)

    def self_score(self, token_ids: np.ndarray, counts: np.ndarray) -> float:
        """The score a document made of exactly the query's tokens would get."""
        length = float(counts.sum())
        norm = K1 * (1 - B + B * length / self.avg_len) if self.avg_len else K1
        return float((self.idf(token_ids) * counts / (norm + counts)).sum())


def _build_field(doc_ids: list[list[int]], vocab_size: int) -> Field:
    import bm25s

    n_docs = len(doc_ids)
    lengths = np.fromiter((len(d) for d in doc_ids), dtype=np.int32, count=n_docs)
    total = int(lengths.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.float32)
        indptr = np.zeros(vocab_size + 1, np.int64)
        return Field(empty, empty.astype(np.int32), indptr, n_docs, 0.0, lengths)
    bm25 = bm25s.BM25(k1=K1, b=B, method="lucene")
    vocab = {i: i for i in range(vocab_size)}
    bm25.index((doc_ids, vocab), create_empty_token=False, show_progress=False)
    s = bm25.scores
    return Field(
        np.asarray(s["data"], np.float32),
        np.asarray(s["indices"], np.int32),
        np.asarray(s["indptr"], np.int64),
        n_docs,
        total / n_docs,
        lengths,
    )


@dataclass
class Lexical:
    """Weighted BM25 fields sharing one vocabulary."""

    vocab: dict[str, int]
    fields: list[Field]
    weights: tuple[float, ...]

    @classmethod
    def build(cls, docs: list[list[list[str]]], weights: tuple[float, ...]) -> Lexical:
        """docs[doc][field] = tokens of that field of that document."""
        vocab: dict[str, int] = {}
        ids = [
            [[vocab.setdefault(t, len(vocab)) for t in doc[f]] for doc in docs]
            for f in range(len(weights))
        ]
        return cls(vocab, [_build_field(f, len(vocab)) for f in ids], weights)

    @property
    def n_docs(self) -> int:
        return self.fields[0].n_docs

    def query_ids(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        counts = Counter(self.vocab[t] for t in tokens if t in self.vocab)
        ids = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        return ids, np.fromiter(counts.values(), dtype=np.float64, count=len(counts))

    def scores(self, tokens: list[str]) -> np.ndarray:
        """Normalised scores (0..1, clipped) of every document for the query tokens."""
        ids, counts = self.query_ids(tokens)
        total = np.zeros(self.n_docs, dtype=np.float64)
        if ids.size == 0:
            return total
        for field, weight in zip(self.fields, self.weights, strict=True):
            total += weight * field.scores(ids)
        norm = self.weights[0] * self.fields[0].self_score(ids, counts)
        return np.minimum(total / norm, 1.0) if norm > 0 else total

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for i, f in enumerate(self.fields):
            out[f"{prefix}{i}_data"], out[f"{prefix}{i}_indices"] = f.data, f.indices
            out[f"{prefix}{i}_indptr"] = f.indptr
            out[f"{prefix}{i}_lengths"] = f.lengths
            out[f"{prefix}{i}_stats"] = np.array([f.n_docs, f.avg_len], dtype=np.float64)
        return out

    @classmethod
    def from_arrays(
        cls,
        vocab: list[str],
        arrays: dict[str, np.ndarray],
        prefix: str,
        weights: tuple[float, ...],
    ) -> Lexical:
        fields = []
        for i in range(len(weights)):
            n_docs, avg_len = arrays[f"{prefix}{i}_stats"]
            field = Field(
                arrays[f"{prefix}{i}_data"],
                arrays[f"{prefix}{i}_indices"],
                arrays[f"{prefix}{i}_indptr"],
                int(n_docs),
                float(avg_len),
                arrays[f"{prefix}{i}_lengths"].astype(np.int32, copy=False),
            )
            _check(field, len(vocab))
            fields.append(field)
        return cls({t: i for i, t in enumerate(vocab)}, fields, weights)


def _check(field: Field, vocab_size: int) -> None:
    """Reject arrays that do not form a valid matrix (a damaged or foreign cache)."""
    ok = (
        len(field.indptr) == vocab_size + 1
        and len(field.data) == len(field.indices) == int(field.indptr[-1])
        and (field.indices.size == 0 or int(field.indices.max()) < field.n_docs)
        and field.lengths.shape == (field.n_docs,)
    )
    if not ok:
        raise ValueError("BM25 arrays do not agree with the vocabulary or the documents")
