"""The collector paused while many long-lived objects are made."""

from __future__ import annotations

import gc

from assistant.bulk import collector_paused


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
