"""Snapshots of the workspace with the seed loaded and of the help screen, at 80×24 and 120×40.

Deterministic: the suggestions are fixed (tests/tui_stub.py), so a drafting change does not
churn them; the index is built in memory from the shipped corpus (no disk cache, no vector
model), JIXIAO_HOME is isolated, there is no clock, workers are awaited and notifications cleared."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from assistant.index import Index
from tests.tui_stub import StubEngine
from tui.app import JixiaoApp

SnapCompare = Callable[..., bool]
SIZES = [(80, 24), (120, 40)]


async def settle(pilot: Pilot[None]) -> None:
    idle = 0
    while idle < 3:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        idle = 0 if list(pilot.app.workers) else idle + 1
    pilot.app.clear_notifications()
    await pilot.pause()


def app_for(seed_path: Path, index: Index) -> JixiaoApp:
    return JixiaoApp(str(seed_path), engine=StubEngine(lambda notify: index))


def settled(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        state = pilot.app.workspace.state  # type: ignore[attr-defined]
        assert state is not None and state.suggested and state.pending()
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_workspace_with_seed(
    snap_compare: SnapCompare, seed_path: Path, index: Index, size: tuple[int, int]
) -> None:
    assert snap_compare(app_for(seed_path, index), terminal_size=size, run_before=settled())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_screen(
    snap_compare: SnapCompare, seed_path: Path, index: Index, size: tuple[int, int]
) -> None:
    assert snap_compare(
        app_for(seed_path, index), terminal_size=size, run_before=settled("question_mark")
    )
