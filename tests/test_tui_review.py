"""The TUI's review of the shared library (ctrl+b), against a real PostgreSQL: a reviewer sees the
pending records, approves one with `a`, returns one with `r` and a reason; a reviewer of the
submitting department is refused by the server and told so; without a shared library it says how
to set one."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Label

from assistant.index import Index
from assistant.library import load_corpus
from tests.library_fixtures import DEPT_A, Library, use
from tui.app import JixiaoApp
from tui.engine import Engine
from tui.modals.review import NOT_SHARED, ReasonModal, ReviewModal


def app() -> JixiaoApp:
    return JixiaoApp(None, engine=Engine(lambda notify: Index.build(load_corpus())))


async def settle(pilot: Pilot[None], modal: ReviewModal, rows: int | None = None) -> None:
    for _ in range(100):
        await pilot.pause(0.05)
        state = str(modal.query_one("#review-state", Label).render())
        table = modal.query_one(DataTable)
        if "正在读取" not in state and (rows is None or table.row_count == rows):
            return
    raise AssertionError("the review list did not load")


async def open_review(pilot: Pilot[None]) -> ReviewModal:
    await pilot.press("ctrl+b")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ReviewModal)
    return pilot.app.screen


def _submit_seed(library: Library, seed_path: Path) -> list[str]:
    from assistant.library.store import submission_of
    from assistant.tables import read_table

    table = read_table(seed_path)
    ids: list[str] = library.store("a").submit(submission_of(table, DEPT_A, seed_path.name)).ids
    return ids


async def test_a_reviewer_approves_and_returns_in_the_tui(
    library: Library, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _submit_seed(library, seed_path)
    use(monkeypatch, library, "reviewer")
    async with app().run_test(size=(120, 40)) as pilot:
        modal = await open_review(pilot)
        await settle(pilot, modal, len(ids))
        first = modal.query_one(DataTable).get_row_at(0)
        assert first[0] == DEPT_A and first[5] == library.role("a")
        assert "seed-baiyun-zhengfawei-2024.txt 第" in str(
            modal.query_one("#review-detail", Label).render()
        )
        await pilot.press("a")
        await settle(pilot, modal, len(ids) - 1)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReasonModal)
        await pilot.press("enter")  # no reason: refused, the question stays
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReasonModal)
        for key in "不可衡量":
            await pilot.press(key)
        await pilot.press("enter")
        await pilot.pause()
        await settle(pilot, modal, len(ids) - 2)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ReviewModal)
    held = {r.id: r for r in library.store("admin").records()}
    assert held[ids[0]].status == "已入库" and held[ids[0]].reviewer == library.role("reviewer")
    assert held[ids[1]].status == "退回" and held[ids[1]].reason == "不可衡量"


async def test_a_reviewer_of_the_submitting_department_is_refused(
    library: Library, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _submit_seed(library, seed_path)
    use(monkeypatch, library, "reviewer_a")
    async with app().run_test(size=(80, 24)) as pilot:
        modal = await open_review(pilot)
        await settle(pilot, modal, len(ids))
        await pilot.press("a")
        for _ in range(40):
            await pilot.pause(0.05)
            if any("不能审核本单位" in str(n.message) for n in pilot.app._notifications):
                break
        assert any("不能审核本单位" in str(n.message) for n in pilot.app._notifications)
        assert modal.query_one(DataTable).row_count == len(ids)
    assert {r.status for r in library.store("admin").records()} == {"待审核"}


async def test_without_a_shared_library_the_review_says_how_to_set_one() -> None:
    async with app().run_test(size=(80, 24)) as pilot:
        modal = await open_review(pilot)
        await settle(pilot, modal)
        assert str(modal.query_one("#review-state", Label).render()) == NOT_SHARED
        assert not modal.query_one(DataTable).display
