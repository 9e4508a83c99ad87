"""#17 item 9: a folder browser under the path of 打开 and 导出, usable at 80×24; and the export
dialog says up front what the export leaves undone (pending suggestions, unfilled 【请填写】)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Label

from assistant.index import Index
from assistant.schema import CorpusRecord, Indicator, Project, Suggestion, Table
from assistant.tables import read_table, write_table
from tui.app import JixiaoApp
from tui.engine import Engine
from tui.modals.export import ExportModal, outstanding_text
from tui.modals.open_table import OpenTableModal
from tui.state import Session
from tui.widgets.file_browser import FileBrowser

PROJECT = "网格员培训经费"


def indicator(level2: str, name: str, value: str) -> Indicator:
    return Indicator.from_text(level1="", level2=level2, name=name, annual_value=value)


def table(name: str = PROJECT) -> Table:
    return Table(
        projects=[Project(name=name, indicators=[indicator("数量指标", "培训人次", "≥300人次")])]
    )


@pytest.fixture
def engine() -> Engine:
    record = CorpusRecord(
        id="R1",
        origin="table",
        indicator=indicator("质量指标", "培训合格率", "≥90%"),
        project="教师培训项目",
        source="测试",
    )
    index = Index.build([record])
    return Engine(lambda notify: index)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """表.xlsx, 第二张.csv, a folder, a non-table file and hidden entries; the current folder is
    elsewhere, so the browser has to start in the table's own folder."""
    work = tmp_path / "预算"
    (work / "子目录").mkdir(parents=True)
    (work / ".隐藏目录").mkdir()
    write_table(table(), work / "表.xlsx")
    write_table(table("另一个项目"), work / "第二张.csv")
    write_table(table("子目录里的项目"), work / "子目录" / "子表.txt")
    (work / "说明.pdf").write_text("不是表", encoding="utf-8")
    (work / ".隐藏.xlsx").write_text("", encoding="utf-8")
    elsewhere = tmp_path / "别处"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return work


async def settle(pilot: Pilot[None]) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def shown(browser: FileBrowser) -> list[str]:
    return [str(node.label) for node in browser.root.children]


async def open_dialog(pilot: Pilot[None]) -> FileBrowser:
    await settle(pilot)
    await pilot.press("ctrl+o")
    await settle(pilot)
    assert isinstance(pilot.app.screen, OpenTableModal)
    return pilot.app.screen.query_one(FileBrowser)


async def test_open_browses_the_tables_folder_and_enter_opens(folder: Path, engine: Engine) -> None:
    app = JixiaoApp(str(folder / "表.xlsx"), engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await open_dialog(pilot)
        assert Path(browser.path) == folder.resolve()
        assert shown(browser) == ["子目录", "第二张.csv", "表.xlsx"]  # no pdf, nothing hidden
        browser.focus()
        await pilot.press("down", "down")  # the root, 子目录, then 第二张.csv
        field = app.screen.query_one("#path", Input)
        assert Path(field.value) == folder.resolve() / "第二张.csv"
        assert isinstance(app.screen, OpenTableModal)  # moving to a file only shows its path
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, OpenTableModal)
        assert app.workspace.path == str(folder.resolve() / "第二张.csv")


async def test_a_click_fills_the_path_and_a_double_click_opens(
    folder: Path, engine: Engine
) -> None:
    app = JixiaoApp(str(folder / "表.xlsx"), engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dialog(pilot)
        await pilot.click(FileBrowser, offset=(8, 3))  # 表.xlsx
        await settle(pilot)
        assert isinstance(app.screen, OpenTableModal)
        assert Path(app.screen.query_one("#path", Input).value).name == "表.xlsx"
        await pilot.click(FileBrowser, offset=(8, 2), times=2)  # 第二张.csv
        await settle(pilot)
        assert not isinstance(app.screen, OpenTableModal)
        assert app.workspace.path == str(folder.resolve() / "第二张.csv")


async def test_up_and_a_typed_folder_move_the_browser(folder: Path, engine: Engine) -> None:
    app = JixiaoApp(str(folder / "表.xlsx"), engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await open_dialog(pilot)
        await pilot.click("#up")
        await settle(pilot)
        assert isinstance(app.screen, OpenTableModal)  # 上一级 is not 取消
        assert Path(browser.path) == folder.resolve().parent
        assert "预算" in shown(browser) and str(folder.parent.name) in str(
            app.screen.query_one("#folder", Label).content
        )
        field = app.screen.query_one("#path", Input)
        field.focus()
        field.value = str(folder / "子目录")
        await settle(pilot)
        assert Path(browser.path) == (folder / "子目录").resolve()


async def test_an_open_browser_leaves_no_worker_running(folder: Path, engine: Engine) -> None:
    """Textual's own loader waits for folders for as long as the tree lives: every test (and
    helper) that waits for the app's workers would wait forever while the dialog is open."""
    app = JixiaoApp(str(folder / "表.xlsx"), engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        browser = app.screen.query_one(FileBrowser)
        for _ in range(50):
            if shown(browser) and not any(w.is_running for w in app.workers):
                break
            await pilot.pause()
        assert shown(browser)
        assert [w.name for w in app.workers if w.is_running] == []
        subfolder = browser.root.children[0]
        subfolder.expand()  # a folder opened later still loads
        await settle(pilot)
        assert [str(n.label) for n in subfolder.children] == ["子表.txt"]


def reachable(pilot: Pilot[None], widget_id: str) -> bool:
    """On screen and not covered: the widget itself is what a click at its centre hits."""
    button = pilot.app.screen.query_one(f"#{widget_id}", Button)
    x, y = button.region.center
    hit, _ = pilot.app.screen.get_widget_at(int(x), int(y))
    return hit is button and pilot.app.screen.region.contains_region(button.region)


async def test_both_dialogs_fit_80x24(folder: Path, engine: Engine) -> None:
    app = JixiaoApp(str(folder / "表.xlsx"), engine=engine)
    async with app.run_test(size=(80, 24)) as pilot:
        browser = await open_dialog(pilot)
        assert browser.region.height >= 5
        assert all(reachable(pilot, b) for b in ("ok", "cancel", "up"))
        await pilot.press("escape")
        session = app.workspace.session
        assert session is not None
        session.offer_additions(
            PROJECT, [suggestion("时效指标", "培训完成及时率", "=100%")], "补充"
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExportModal)
        assert app.screen.query_one("#outstanding", Label).region.height >= 1
        assert app.screen.query_one(FileBrowser).region.height >= 3
        assert all(reachable(pilot, b) for b in ("ok", "cancel", "up"))
        await pilot.click("#cancel")
        assert not isinstance(app.screen, ExportModal)


async def test_export_picks_a_folder_and_keeps_the_file_name(
    folder: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)
    app = JixiaoApp(str(folder / "表.xlsx"), engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExportModal)
        browser = app.screen.query_one(FileBrowser)
        assert Path(browser.path) == folder.resolve()
        assert shown(browser) == ["子目录"]  # folders only
        browser.focus()
        await pilot.press("down", "enter")
        field = app.screen.query_one("#path", Input)
        assert Path(field.value) == folder.resolve() / "子目录" / "表-完善.xlsx"
        await pilot.click("#ok")
        await settle(pilot)
    assert read_table(folder / "子目录" / "表-完善.xlsx").projects[0].name == PROJECT


def suggestion(level2: str, name: str, value: str) -> Suggestion:
    return Suggestion.from_text(level1="", level2=level2, name=name, annual_value=value)


def session_with_work() -> Session:
    projects = [
        Project(name=f"项目{n}", indicators=[indicator("数量指标", "培训人次", "≥【请填写】人次")])
        for n in range(1, 5)
    ]
    session = Session.from_table(Table(projects=[*projects, *table().projects]), None)
    offered = [
        suggestion("时效指标", "培训完成及时率", "=100%"),
        suggestion("质量指标", "合格率", "≥90%"),
    ]
    session.offer_additions(PROJECT, offered, "补充")
    return session


def test_outstanding_counts_pending_suggestions_and_unfilled_slots() -> None:
    session = session_with_work()
    left = session.outstanding()
    assert (left.suggestions, left.slots) == (2, 4)
    assert left.projects == ["项目1", "项目2", "项目3", "项目4", PROJECT]
    text = outstanding_text(left)
    assert text.startswith("还有2条建议未处理、4个【请填写】未填（项目：项目1、项目2、项目3等5个）")
    assert "未处理的建议不会写入" in text and "未填的位置保留【请填写】" in text
    first = session.get(PROJECT).pending()[0]
    session.reject(PROJECT, first.id)
    assert session.outstanding().suggestions == 1
    assert outstanding_text(Session.from_table(table(), None).outstanding()) == ""


async def test_export_dialog_says_what_is_left_undone(folder: Path, engine: Engine) -> None:
    slotted = Project(
        name="项目1", indicators=[indicator("数量指标", "培训人次", "≥【请填写】人次")]
    )
    write_table(Table(projects=[slotted, *table().projects]), folder / "有空位.xlsx")
    app = JixiaoApp(str(folder / "有空位.xlsx"), engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        session = app.workspace.session
        assert session is not None
        session.offer_additions(
            PROJECT, [suggestion("时效指标", "培训完成及时率", "=100%")], "补充"
        )
        left = session.outstanding()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExportModal)
        text = str(app.screen.query_one("#outstanding", Label).content)
    assert left.suggestions >= 1 and left.slots == 1
    assert f"{left.suggestions}条建议未处理、1个【请填写】未填" in text
    assert "项目1" in text and PROJECT in text
