"""Loading many long-lived objects at once (a shared library's snapshot, its index, a large
table): the cyclic garbage collector paused meanwhile. Every object made is kept, so each
collection would only walk them all again; at 80k records that is 40% of the load.

    with collector_paused():
        records = read_many()

Objects that then live as long as a session (an open table) can be left out of the
collector's later passes: `freeze_survivors()` unfreezes what an earlier call froze (so that
an earlier table, now garbage, is collected) and freezes whatever survives the next full
collection.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block (reference counting still frees what is
    dropped); resumed afterwards unless it was already paused by the caller."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def freeze_survivors() -> None:
    """After the next full collection, move every object still alive out of the collector's
    passes (`gc.freeze`): each later pass then walks only what was made since. What was frozen
    before is made collectable again now, so nothing frozen outlives its use."""
    gc.unfreeze()
    if _freeze_once not in gc.callbacks:
        gc.callbacks.append(_freeze_once)


def _freeze_once(phase: str, info: dict[str, int]) -> None:
    if phase == "stop" and info["generation"] == 2:
        gc.callbacks.remove(_freeze_once)
        gc.freeze()
