"""The collector around long-lived objects: paused while they are made, frozen once they last."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from assistant.bulk import collector_paused, freeze_survivors


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


@pytest.fixture(autouse=True)
def _thawed() -> Iterator[None]:
    yield
    gc.unfreeze()


def test_the_collector_is_paused_for_the_block_and_left_as_the_caller_had_it() -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_survivors_of_the_next_full_collection_are_frozen_and_thawed_by_the_next_call() -> None:
    earlier = Node()
    gone = weakref.ref(earlier)
    freeze_survivors()
    assert gc.get_freeze_count() == 0  # nothing frozen before a full collection
    gc.collect()
    assert gc.get_freeze_count() > 0 and gone() is not None
    del earlier  # garbage now, but frozen: the collector does not see it
    gc.collect()
    assert gone() is not None
    freeze_survivors()  # the next table: what was frozen is collectable again
    gc.collect()
    assert gone() is None
    assert gc.get_freeze_count() > 0  # and what survived that collection is frozen in turn
