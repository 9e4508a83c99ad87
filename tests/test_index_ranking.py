"""Top-n selection under masks and ties, and the lexical-only / fused ranking."""

from __future__ import annotations

import numpy as np

from assistant.index.ranking import rank, top


def test_top_orders_by_score_then_position() -> None:
    scores = np.array([0.5, 0.9, 0.0, 0.9, 0.2, 0.5, 0.5])
    assert top(scores, None, 3, positive=True).tolist() == [1, 3, 0]
    # ties at the cut go to the earlier positions
    assert top(scores, None, 4, positive=True).tolist() == [1, 3, 0, 5]
    assert top(scores, None, 10, positive=True).tolist() == [1, 3, 0, 5, 6, 4]
    assert top(scores, None, 10, positive=False).tolist() == [1, 3, 0, 5, 6, 4, 2]


def test_top_respects_the_mask_and_n() -> None:
    scores = np.array([0.5, 0.9, 0.0, 0.9, 0.2])
    mask = np.array([True, False, True, False, True])
    assert top(scores, mask, 5, positive=True).tolist() == [0, 4]
    assert top(scores, mask, 5, positive=False).tolist() == [0, 4, 2]
    assert top(scores, mask, 0, positive=False).tolist() == []
    assert top(scores, np.zeros(5, bool), 3, positive=False).tolist() == []


def test_rank_lexical_only_and_fused() -> None:
    lexical = np.array([0.0, 0.8, 0.3, 0.6])
    only = rank(lexical, None, None, 5)
    assert [(r.doc, r.lexical_rank, r.dense_rank) for r in only] == [
        (1, 1, None),
        (3, 2, None),
        (2, 3, None),
    ]
    assert [r.score for r in only] == [0.8, 0.6, 0.3]
    dense = np.array([0.9, 0.1, 0.5, 0.7])
    fused = rank(lexical, dense, None, 4)
    # 3 is second in both rankings and overtakes 1 (first lexically, last by dense); 0, first by
    # dense but without any lexical match, still comes in last
    assert [r.doc for r in fused] == [3, 1, 2, 0]
    assert fused[3].lexical_rank is None and fused[3].dense_rank == 1
    assert fused[0].score == (1 / 62 + 1 / 62) / (2 / 61)
