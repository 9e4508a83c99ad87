"""#17 item 8, second half: 「我的指标库」 lists the user's own records (those an export added), removes
one after asking, says when the library is empty, and closes with Esc; the index stops offering a
removed record."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Label

from assistant.corpus import add_user_records, load_user, records_from_project
from assistant.index import Index
from assistant.library import load_corpus
from assistant.schema import CorpusRecord, Evidence, Indicator, Project, Suggestion, Table
from tui.app import JixiaoApp
from tui.commands import ActionsProvider
from tui.engine import Engine
from tui.modals.confirm import ConfirmModal
from tui.modals.library import EMPTY, LibraryModal
from tui.state import Session

SIZES = [(80, 24), (120, 40)]


def session() -> Session:
    """One project whose export adds two decisions: an accepted addition and an edited original."""
    indicator = Indicator.from_text(
        level1="", level2="质量指标", name="系统可用率", annual_value="≥99%"
    )
    made = Session.from_table(
        Table(projects=[Project(name="运维项目", indicators=[indicator])]), None
    )
    ev = Evidence(id="T1", name="故障响应时间", value="≤2小时", project="别的项目", year=2023)
    offered = Suggestion.from_text(
        level1="", level2="时效指标", name="故障响应时间", annual_value="≤2小时", evidence=[ev]
    )
    (item,) = made.offer_additions("运维项目", [offered], "补充")
    made.accept("运维项目", item.id)
    return made


@pytest.fixture
def exported(tmp_path: Path) -> list[CorpusRecord]:
    assert Engine.export(session(), str(tmp_path / "结果.xlsx"), "legacy").library_records
    return load_user()


def engine() -> Engine:
    """An engine whose index is the whole library, read again whenever it is loaded."""
    return Engine(lambda notify: Index.build(load_corpus()))


def rows(app: JixiaoApp) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]


async def open_library(pilot: Pilot[None]) -> LibraryModal:
    await pilot.press("ctrl+l")
    await pilot.pause()
    assert isinstance(pilot.app.screen, LibraryModal)
    return pilot.app.screen


@pytest.mark.parametrize("size", SIZES)
async def test_the_list_shows_what_an_export_added(
    exported: list[CorpusRecord], size: tuple[int, int]
) -> None:
    app = JixiaoApp(None, engine=engine())
    async with app.run_test(size=size) as pilot:
        modal = await open_library(pilot)
        names = {row[0]: row for row in rows(app)}
        assert set(names) == {"故障响应时间"}
        row = names["故障响应时间"]
        assert row[1:4] == ["≤2小时", "产出/时效", "运维项目"]
        assert row[4] == "jixiao tui 导出：结果.xlsx" and row[5].startswith("结果-")
        detail = str(modal.query_one("#library-detail", Label).render())
        assert "运维项目" in detail and "结果.xlsx" in detail
        for part in ("#library-table", "#library-detail", ".dialog-hint"):
            region = modal.query_one(part).region
            assert region.height > 0 and region.bottom <= size[1] and region.right <= size[0]


async def test_a_long_library_with_long_names_fits_80_by_24() -> None:
    """The name, value and category columns and the lines under the table stay in view."""
    long = "通过提高政法工作人员医疗保障水平，提高政法工作效率，维护社会和谐稳定"
    named = [f"{long}{n}" for n in range(40)]
    indicators = [
        Indicator.from_text(level1="", level2="可持续影响指标", name=name, annual_value="有效提升")
        for name in named
    ]
    project = Project(name="公费医疗及自付经费" * 3, indicators=indicators)
    add_user_records(records_from_project(project, "user", "历史表.xlsx"), "历史表")
    app = JixiaoApp(None, engine=engine())
    async with app.run_test(size=(80, 24)) as pilot:
        modal = await open_library(pilot)
        table = modal.query_one(DataTable)
        shown = list(table.columns.values())[:3]
        assert [str(c.label) for c in shown] == ["指标名称", "指标值", "类别"]
        width = sum(c.get_render_width(table) for c in shown)
        assert width <= table.scrollable_content_region.width
        assert named[0] in str(modal.query_one("#library-detail", Label).render())
        for part in ("#library-detail", ".dialog-hint"):
            region = modal.query_one(part).region
            assert region.height > 0 and region.bottom <= 24


async def test_removal_asks_then_removes_from_disk_and_from_the_index(
    exported: list[CorpusRecord],
) -> None:
    work = engine()
    app = JixiaoApp(None, engine=work)
    async with app.run_test(size=(120, 40)) as pilot:
        before = {r.indicator.name for r in work.index().records if r.origin == "user"}
        assert before == {"故障响应时间"}
        await open_library(pilot)
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmModal)
        assert "故障响应时间" in str(app.screen.query_one(".dialog-title", Label).render())
        await pilot.press("n")
        assert isinstance(app.screen, LibraryModal) and len(load_user()) == 1
        await pilot.press("delete", "y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert load_user() == []
        assert not [r for r in work.index().records if r.origin == "user"]
        assert isinstance(app.screen, LibraryModal)
        assert app.screen.query_one("#library-empty").display


async def test_closing_after_a_removal_reloads_the_index_and_its_count(
    exported: list[CorpusRecord],
) -> None:
    app = JixiaoApp(None, engine=engine())
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        before = app.workspace.library_size
        assert before is not None
        await open_library(pilot)
        await pilot.press("d", "y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.workspace.library_size == before - 1


@pytest.mark.parametrize("size", SIZES)
async def test_an_empty_library_says_so(size: tuple[int, int]) -> None:
    app = JixiaoApp(None, engine=engine())
    async with app.run_test(size=size) as pilot:
        modal = await open_library(pilot)
        empty = modal.query_one("#library-empty", Label)
        assert str(empty.render()) == EMPTY and empty.region.height > 0
        assert not modal.query_one(DataTable).display
        await pilot.press("d")
        assert app.screen is modal


async def test_escape_closes(exported: list[CorpusRecord]) -> None:
    app = JixiaoApp(None, engine=engine())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_library(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LibraryModal)
        assert len(load_user()) == 1


async def test_the_command_palette_opens_it() -> None:
    app = JixiaoApp(None, engine=engine())
    async with app.run_test(size=(120, 40)) as pilot:
        hits = [hit async for hit in ActionsProvider(app.workspace).search("我的指标库")]
        best = max(hits, key=lambda h: h.score)
        assert str(best.text) == "我的指标库（^l）"
        await best.command()
        await pilot.pause()
        assert isinstance(app.screen, LibraryModal)
