"""A layered index: a large base segment built once (and cached), a small delta segment of the
records added or changed since, and the base records masked out (removed, or superseded by a
new version in the delta).

Scores stay comparable across segments because both are scored with the statistics of the
whole live collection, as a full rebuild would be:

- document frequency of a token = base df − df of the masked base documents + delta df; the
  number of documents and the average length likewise;
- the delta's BM25 weights are computed with those statistics (the Lucene variant bm25s uses:
  idf = ln(1 + (N − df + 0.5) / (df + 0.5)), weight = idf · tf / (tf + k1 (1 − b + b·len/avglen)));
- the base's weights were baked with the base's statistics: from a weight, the document's
  length (kept with the base) and the base's idf and average length, the token's count in the
  document is recovered (a whole number) and the weight recomputed with the live statistics,
  one vectorised pass over the base's arrays (≈0.1 s at 100k records) when the layer is made.

So a layered index scores as a full rebuild of its live records does, to float32 rounding; the
tests compare the two on fixtures (scores within LAYERED_TOLERANCE, the same top hits).

Project documents (similar-project search) are layered the same way: a project whose first
record (the one its name, goal and department are read from) is unchanged keeps its base
document; a project that is new, or whose first record changed, gets a delta document.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from assistant.index.documents import ProjectGroup
from assistant.index.lexical import K1, B, Field, Lexical
from assistant.index.parts import MatVec, Vectors
from assistant.schema import CorpusRecord

# Compact the delta into a new base when it holds more than this share of the base's records,
# or more than COMPACT_RECORDS (whichever is smaller), but not before COMPACT_MIN: below it a
# rebuild is cheap but would churn cache entries at every few records.
COMPACT_SHARE = 0.10
COMPACT_RECORDS = 5_000
COMPACT_MIN = 200
# Largest difference between a layered score and a full rebuild's (scores are 0..1): float32
# rounding of the weights, summed over a query's tokens.
LAYERED_TOLERANCE = 1e-5


def compaction_limit(base_size: int) -> int:
    """How many changed records (delta + masked) a base of `base_size` records carries."""
    return max(COMPACT_MIN, min(COMPACT_RECORDS, int(COMPACT_SHARE * base_size)))


def _idf(n_docs: int, df: np.ndarray) -> np.ndarray:
    return np.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


def _norm(lengths: np.ndarray, avg_len: float) -> np.ndarray:
    """k1 (1 − b + b·len/avglen): the length part of a BM25 weight's denominator."""
    if not avg_len:
        return np.full(lengths.shape, K1)
    return K1 * (1 - B + B * lengths / avg_len)


def _token_ids(
    docs: list[list[str]], vocab: dict[str, int], extra: dict[str, int]
) -> list[list[int]]:
    """Ids in `vocab`, then in `extra` (grown with tokens the base never saw)."""
    out = []
    for tokens in docs:
        ids = []
        for t in tokens:
            i = vocab.get(t)
            if i is None:
                i = extra.setdefault(t, len(vocab) + len(extra))
            ids.append(i)
        out.append(ids)
    return out


def _delta_field(doc_ids: list[list[int]], idf: np.ndarray, avg_len: float) -> Field:
    """The delta documents' BM25 weights with the live statistics, in CSC over the vocabulary."""
    size = len(idf)
    toks, docs, tfs = [], [], []
    for d, ids in enumerate(doc_ids):
        for t, count in Counter(ids).items():
            toks.append(t)
            docs.append(d)
            tfs.append(count)
    tok = np.asarray(toks, dtype=np.int64)
    doc = np.asarray(docs, dtype=np.int32)
    tf = np.asarray(tfs, dtype=np.float64)
    lengths = np.fromiter((len(d) for d in doc_ids), dtype=np.int32, count=len(doc_ids))
    weight = idf[tok] * tf / (tf + _norm(lengths[doc], avg_len))
    order = np.lexsort((doc, tok))
    indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(tok, minlength=size), out=indptr[1:])
    return Field(
        weight[order].astype(np.float32), doc[order], indptr, len(doc_ids), avg_len, lengths
    )


def _reweighted(field: Field, idf: np.ndarray, avg_len: float) -> Field:
    """The base field's weights recomputed with the live statistics. A weight is
    idf · tf / (tf + norm(len)): with the document's length and the base's idf and average
    length, tf (a whole number) is recovered from it, and the weight made again."""
    if field.data.size == 0:
        return field
    tok = np.repeat(np.arange(len(field.indptr) - 1), np.diff(field.indptr))
    weight = field.data.astype(np.float64)
    lengths = field.lengths[field.indices]
    base_idf = field.idf(tok)
    tf = np.rint(weight * _norm(lengths, field.avg_len) / (base_idf - weight))
    live = idf[tok] * tf / (tf + _norm(lengths, avg_len))
    return Field(
        live.astype(np.float32), field.indices, field.indptr, field.n_docs, avg_len, field.lengths
    )


@dataclass
class _FieldLayer:
    """One field: the base's documents and the delta's, weighted with the live statistics."""

    base: Field
    delta: Field
    idf: np.ndarray  # float64 (whole vocabulary,): the live idf
    avg_len: float  # live average length

    def __post_init__(self) -> None:
        self._in_delta = np.diff(self.delta.indptr) > 0

    def scores(self, ids: np.ndarray, n_base_vocab: int) -> np.ndarray:
        in_base = ids[ids < n_base_vocab]
        base = self.base.scores(in_base) if in_base.size else np.zeros(self.base.n_docs)
        if self.delta.n_docs == 0:
            return base
        in_delta = ids[self._in_delta[ids]]  # most of a long query's tokens are not in the delta
        delta = self.delta.scores(in_delta) if in_delta.size else np.zeros(self.delta.n_docs)
        return np.concatenate([base, delta])

    def self_score(self, ids: np.ndarray, counts: np.ndarray) -> float:
        norm = _norm(np.array([counts.sum()]), self.avg_len)[0]
        return float((self.idf[ids] * counts / (norm + counts)).sum())


class LayeredLexical:
    """BM25 over base documents (some masked out) followed by delta documents, scored as one
    collection of the live documents."""

    def __init__(self, base: Lexical, dead: np.ndarray, added: list[list[list[str]]]) -> None:
        """`dead`: base documents that no longer count (the caller masks their scores);
        `added`: the fields of the delta documents."""
        self.base = base
        self.weights = base.weights
        self.extra: dict[str, int] = {}
        n_vocab = len(base.vocab)
        added_ids = [
            _token_ids([doc[f] for doc in added], base.vocab, self.extra)
            for f in range(len(base.weights))
        ]
        size = n_vocab + len(self.extra)
        n_live = base.n_docs - int(dead.sum()) + len(added)
        self.layers: list[_FieldLayer] = []
        # A token only masked documents have is not in the live vocabulary: a query ignores it.
        self.present = np.zeros(size, dtype=bool)
        for f, field in enumerate(base.fields):
            df = np.zeros(size, dtype=np.float64)
            df[:n_vocab] = np.diff(field.indptr)
            if dead.any():
                tok = np.repeat(np.arange(n_vocab), np.diff(field.indptr))
                df[:n_vocab] -= np.bincount(tok[dead[field.indices]], minlength=n_vocab)
            distinct = [i for ids in added_ids[f] for i in set(ids)]
            df += np.bincount(np.asarray(distinct, dtype=np.int64), minlength=size)
            length = int(field.lengths[~dead].sum()) + sum(len(d) for d in added_ids[f])
            avg_len = length / n_live if n_live and length else 0.0
            idf = _idf(n_live, df)
            self.present |= df > 0
            self.layers.append(
                _FieldLayer(
                    _reweighted(field, idf, avg_len),
                    _delta_field(added_ids[f], idf, avg_len),
                    idf,
                    avg_len,
                )
            )
        self.n_docs = base.n_docs + len(added)

    def query_ids(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        vocab, extra, present = self.base.vocab, self.extra, self.present
        known = (vocab[t] if t in vocab else extra.get(t) for t in tokens)
        counts = Counter(i for i in known if i is not None and present[i])
        ids = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        return ids, np.fromiter(counts.values(), dtype=np.float64, count=len(counts))

    def scores(self, tokens: list[str]) -> np.ndarray:
        """Normalised scores (0..1), base documents then delta documents, as `Lexical.scores`."""
        ids, counts = self.query_ids(tokens)
        total = np.zeros(self.n_docs, dtype=np.float64)
        if ids.size == 0:
            return total
        n_vocab = len(self.base.vocab)
        for layer, weight in zip(self.layers, self.weights, strict=True):
            total += weight * layer.scores(ids, n_vocab)
        norm = self.weights[0] * self.layers[0].self_score(ids, counts)
        return np.minimum(total / norm, 1.0) if norm > 0 else total


class Taken:
    """Scores of a layered document set, taken in another order (live projects)."""

    def __init__(self, lexical: LayeredLexical, order: np.ndarray) -> None:
        self.lexical = lexical
        self.order = order

    def scores(self, tokens: list[str]) -> np.ndarray:
        taken: np.ndarray = self.lexical.scores(tokens)[self.order]
        return taken


@dataclass
class LayeredVectors:
    """Cosines over base documents then delta documents, optionally taken in `order`."""

    base: Vectors
    delta: Vectors
    order: np.ndarray | None = None

    def scores(self, query: np.ndarray, matvec: MatVec) -> np.ndarray:
        both = np.concatenate([self.base.scores(query, matvec), self.delta.scores(query, matvec)])
        return both if self.order is None else both[self.order]


@dataclass
class LayeredParts:
    """What `Index` searches when it is layered: the same attributes as `Parts`."""

    lexical: LayeredLexical
    projects: Taken
    vectors: LayeredVectors | None = None
    project_vectors: LayeredVectors | None = None


@dataclass
class Projects:
    """The live projects of a layered index and where each one's document is."""

    groups: list[ProjectGroup]  # in full-rebuild order, members as slot positions
    source: np.ndarray  # int64 (len(groups),): base project doc, or n_base_groups + delta doc
    masked: list[int]  # base project docs no longer used
    added: list[int]  # slot of the first record of each delta project doc, in order


def layered_projects(
    base_groups: list[ProjectGroup],
    dead: np.ndarray,
    delta: list[CorpusRecord],
) -> Projects:
    """The grouping a full rebuild of (live base records + delta) would make, at the cost of
    the changed projects alone. `dead`: base positions masked out; delta slot i is len(dead) + i."""
    n_base = len(dead)
    incoming: dict[tuple[str, str | None], list[int]] = {}
    for i, r in enumerate(delta):
        if r.project:
            incoming.setdefault((r.project, r.department), []).append(n_base + i)
    dead_positions = set(np.flatnonzero(dead).tolist())
    kept: list[tuple[int, ProjectGroup, int]] = []  # (first slot, group, base doc or -1)
    masked: list[int] = []
    for b, g in enumerate(base_groups):
        key = (g.name, g.department)
        arriving = incoming.pop(key, None)
        if arriving is None and dead_positions.isdisjoint(g.members):
            kept.append((g.members[0], g, b))
            continue
        members = [m for m in g.members if m not in dead_positions] + (arriving or [])
        same_first = bool(members) and members[0] == g.members[0]
        if not same_first:
            masked.append(b)
        if members:
            kept.append(
                (
                    members[0],
                    ProjectGroup(g.name, g.department, tuple(members)),
                    b if same_first else -1,
                )
            )
    for (name, department), members in incoming.items():
        kept.append((members[0], ProjectGroup(name, department, tuple(members)), -1))
    kept.sort(key=lambda item: item[0])
    source = np.empty(len(kept), dtype=np.int64)
    added: list[int] = []
    for p, (first, _, b) in enumerate(kept):
        if b >= 0:
            source[p] = b
        else:
            source[p] = len(base_groups) + len(added)
            added.append(first)
    return Projects([g for _, g, _ in kept], source, masked, added)
