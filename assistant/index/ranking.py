"""From score vectors to a ranked list: mask, top-n, and reciprocal-rank fusion of the two."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.index.fusion import RRF_K, rrf

FUSION_DEPTH = 100


@dataclass(frozen=True)
class Ranked:
    doc: int
    score: float
    lexical_rank: int | None
    dense_rank: int | None
    lexical_score: float
    dense_score: float | None


def top(scores: np.ndarray, mask: np.ndarray | None, n: int, positive: bool) -> np.ndarray:
    """Positions of the n best scores (best first, ties by position) where mask allows; with
    `positive`, only scores above 0 count (a lexical score of 0 is no match)."""
    if positive:
        allowed = scores > 0
        candidates = np.flatnonzero(allowed if mask is None else allowed & mask)
    else:
        candidates = np.arange(len(scores)) if mask is None else np.flatnonzero(mask)
    if n <= 0 or len(candidates) == 0:
        return np.zeros(0, dtype=np.int64)
    if n < len(candidates):
        values = scores if len(candidates) == len(scores) else scores[candidates]
        cut = len(candidates) - n
        threshold = np.partition(values, cut)[cut]
        above = candidates[values > threshold]
        candidates = np.concatenate([above, candidates[values == threshold][: n - len(above)]])
    return candidates[np.lexsort((candidates, -scores[candidates]))]


def rank(
    lexical: np.ndarray, dense: np.ndarray | None, mask: np.ndarray | None, k: int
) -> list[Ranked]:
    """The k best documents: by lexical score alone, or RRF of lexical and dense rankings."""
    if k <= 0:
        return []
    if dense is None:
        return [
            Ranked(int(d), float(lexical[d]), r, None, float(lexical[d]), None)
            for r, d in enumerate(top(lexical, mask, k, positive=True), 1)
        ]
    depth = max(2 * k, FUSION_DEPTH)
    lex_order = top(lexical, mask, depth, positive=True).tolist()
    dense_order = top(dense, mask, depth, positive=False).tolist()
    lex_rank = {d: r for r, d in enumerate(lex_order, 1)}
    dense_rank = {d: r for r, d in enumerate(dense_order, 1)}
    best = 2.0 / (RRF_K + 1)
    return [
        Ranked(d, s / best, lex_rank.get(d), dense_rank.get(d), float(lexical[d]), float(dense[d]))
        for d, s in rrf([lex_order, dense_order])[:k]
    ]
