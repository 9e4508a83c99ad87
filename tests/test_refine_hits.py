"""refine's hit filter (issue 20): the same result as `h not in same`, without deep comparisons."""

from __future__ import annotations

from assistant.index import load_index
from assistant.index.hits import Hit
from assistant.refine.offline import _not_in


def test_not_in_is_the_list_membership_filter() -> None:
    from assistant.index import SearchFilters

    index = load_index()
    same = index.search("培训人数", k=10, filters=SearchFilters(level2="数量指标"))
    other = index.search("培训人数", k=20)
    assert same and other
    assert _not_in(other, same) == [h for h in other if h not in same]
    assert len(_not_in(other, same)) < len(other)  # some hits are in both
    copies = [h.model_copy(deep=True) for h in same]  # equal content, other objects
    assert _not_in(other, copies) == [h for h in other if h not in copies]
    shifted = [h.model_copy(update={"score": h.score + 1}) for h in same]
    assert _not_in(other, shifted) == [h for h in other if h not in shifted] == other
    assert _not_in([], same) == [] and _not_in(other, []) == other
    assert isinstance(other[0], Hit)
