"""Reciprocal-rank fusion is a pure function; check order, ties and k."""

from __future__ import annotations

import pytest

from assistant.index.fusion import rrf


def test_documents_in_both_lists_rise() -> None:
    fused = rrf([[1, 2, 3], [3, 1, 4]])
    assert [doc for doc, _ in fused] == [1, 3, 2, 4]
    scores = dict(fused)
    assert scores[1] == pytest.approx(1 / 61 + 1 / 62)
    assert scores[3] == pytest.approx(1 / 63 + 1 / 61)
    assert scores[4] == pytest.approx(1 / 63)


def test_agreement_beats_one_first_place() -> None:
    # 7 is second in both lists; 5 and 9 are first in one list each and absent from the other
    assert rrf([[5, 7], [9, 7]])[0][0] == 7


def test_ties_go_to_better_best_rank_then_smaller_id() -> None:
    assert [d for d, _ in rrf([[2, 1], [1, 2]])] == [1, 2]
    # 4 and 8 tie (ranks 1 and 3 each) and both beat 6 (rank 2 twice: 2/62 < 1/61 + 1/63)
    assert [d for d, _ in rrf([[8, 6, 4], [4, 6, 8]])] == [4, 8, 6]


def test_single_ranking_keeps_its_order_and_k_matters() -> None:
    assert [d for d, _ in rrf([[9, 3, 5]])] == [9, 3, 5]
    assert dict(rrf([[5, 6]], k=0)) == {5: 1.0, 6: 0.5}


def test_empty() -> None:
    assert rrf([]) == []
    assert rrf([[], []]) == []
