"""Waiting in Pilot tests: until the workers a key or a message started are done, the results
they post applied, and whatever those started done too."""

from __future__ import annotations

from textual.pilot import Pilot


async def settle(pilot: Pilot[None], rounds: int = 40) -> None:
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
