"""#17 item 11, layout: long names are cut so the figures show, Chinese wraps between whole units,
the busy label says what runs and for which project, the marks and 分 are explained, resuming
reopens the last project, and a dialog's footer shows only the dialog's keys."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from assistant.checks.score import PENALTY
from assistant.index import Index
from assistant.schema import Amounts, Finding, Indicator, IndicatorValue, Project, Table
from tui.app import JixiaoApp
from tui.engine import Engine
from tui.modals.confirm import ConfirmModal
from tui.screens.help import HelpScreen
from tui.state import ProjectState, Session
from tui.widgets.detail_pane import DetailPane
from tui.widgets.project_list import ProjectList

LONG_NAME = "白云区2082支高清摄像头视频监控系统运行维护及全区网格化综合治理指挥调度平台升级改造项目"
SHORT_NAME = "信创工作经费"


@pytest.fixture
def engine(index: Index) -> Engine:
    return Engine(lambda notify: index)


def screen_lines(app: App[None]) -> list[str]:
    """What the terminal shows, one string per row (a wide character is one character)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True)
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text().splitlines()


def region_lines(app: App[None], selector: str) -> list[str]:
    """The rows a widget covers, cut to its columns by cells."""
    region = app.screen.query_one(selector).region
    return [
        cells(line, region.x, region.right) for line in screen_lines(app)[region.y : region.bottom]
    ]


def cells(line: str, start: int, end: int) -> str:
    out, at = [], 0
    for char in line:
        if start <= at < end:
            out.append(char)
        at += cell_len(char)
    return "".join(out)


async def settle(pilot: Pilot[None]) -> None:
    for _ in range(20):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def table(*names: str) -> Table:
    indicators = [
        Indicator.from_text(
            level1="产出指标",
            level2="数量指标",
            name="监控点位维护数量",
            annual_value=IndicatorValue(raw="≥2082个"),
        )
    ]
    return Table(
        projects=[
            Project(name=n, amounts=Amounts(total=1234.5), indicators=indicators) for n in names
        ]
    )


async def open_session(pilot: Pilot[None], *names: str) -> None:
    app = pilot.app
    assert isinstance(app, JixiaoApp)
    await settle(pilot)
    app.workspace.begin(Session.from_table(table(*names), None))
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_long_name_is_cut_and_the_figures_show(
    engine: Engine, size: tuple[int, int]
) -> None:
    app = JixiaoApp(engine=engine)
    async with app.run_test(size=size) as pilot:
        await open_session(pilot, LONG_NAME, SHORT_NAME)
        state = app.workspace.state
        assert state is not None and state.pending()
        pending = f"待定{state.undecided}"
        summary = region_lines(app, "#summary")[0]
        assert "…" in summary and "1234.5万元" in summary, summary
        assert f"{app.workspace.reports[state.key].score}分" in summary, summary
        slots = f" · 待填写{len(state.open_slots())}" if state.open_slots() else ""
        assert summary.rstrip().endswith(pending + slots), summary
        entry = region_lines(app, "#projects")[1:3]
        assert entry[0].strip("│ ").endswith("…") and pending in entry[1], entry


FINDING = Finding(
    code="T1",
    severity="error",
    message="年度指标值「百分比100%」不可衡量，改为≥95%；共2082支摄像头，2025年12月底前完成维护。",
    hint="写成「≥95%」，标 ✗ 的先改。",
)
KEEP_WHOLE = ("100%」", "≥95%；", "2082支", "2025年12月", "✗ 的", "周期 ≥2082个", "依据 计划标准")


class PaneApp(App[None]):
    def compose(self) -> ComposeResult:
        yield DetailPane()

    def on_mount(self) -> None:
        indicator = (
            table(SHORT_NAME)
            .projects[0]
            .indicators[0]
            .model_copy(update={"period_value": IndicatorValue(raw="≥2082个"), "basis": "计划标准"})
        )
        state = ProjectState.from_project("a", Project(name=SHORT_NAME, indicators=[indicator]))
        self.query_one(DetailPane).show(state, state.items[0], [FINDING], [])


async def test_chinese_wraps_between_whole_numbers_and_keeps_marks_attached() -> None:
    app = PaneApp()
    async with app.run_test(size=(80, 24)) as pilot:
        for width in range(18, 48):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            lines = [line.strip("│╭╮╰╯─ ") for line in screen_lines(app)[1:-1]]
            text = "\n".join(lines)
            for whole in KEEP_WHOLE:
                assert whole in text, (width, whole, lines)
            assert not [line for line in lines if line and line[0] in "。，、；：！？」）"], (
                width,
                lines,
            )


async def test_the_busy_label_names_the_work_and_its_project(
    index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()

    def slow_index(notify: object) -> Index:
        gate.wait(10)
        return index

    app = JixiaoApp(engine=Engine(slow_index))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        session = Session.from_table(table(SHORT_NAME, "政法工作经费"), None)
        app.workspace.begin(session)
        await pilot.pause()
        assert app.workspace.busy == f"正在检索指标库，为「{SHORT_NAME}」生成建议"
        monkeypatch.setenv("JIXIAO_MODEL", "openai/test")  # a model from now on
        app.workspace.ask(SHORT_NAME, "再加一个时效指标", session.projects[0])
        app.workspace.action_step_project(1)  # its suggestions start: the first ones are dropped
        await pilot.pause()
        assert app.workspace.busy == (
            f"正在询问大模型，为「{SHORT_NAME}」回答要求、正在询问大模型，为「政法工作经费」生成建议"
        )
        summary = region_lines(app, "#summary")[0]
        assert summary.lstrip().startswith("政法工作经费"), summary
        assert f"正在询问大模型，为「{SHORT_NAME}」回答要求" in summary, summary
        await pilot.press("escape")
        gate.set()


async def test_the_marks_and_the_score_are_explained(engine: Engine) -> None:
    app = JixiaoApp(engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, SHORT_NAME)
        lines = screen_lines(app)
        assert any("✗ 错误  ! 警告  · 提示" in line for line in lines), lines
        assert any("分：检查得分" in line for line in lines), lines
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        lines = screen_lines(app)
        help_text = "".join(line.strip("█ ") for line in lines)
        per, cap = PENALTY["error"]
        assert any("✗ 错误  ! 警告  · 提示  分：检查得分，满分100" in line for line in lines)
        assert f"错误每条{per}分（最多{cap}）" in help_text, help_text


async def test_resuming_reopens_the_project_last_shown(seed_path: Path, engine: Engine) -> None:
    app = JixiaoApp(str(seed_path), engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")  # a decision on the first project, so there is work to resume
        app.query_one(ProjectList).focus()
        await pilot.press("down", "down")
        await settle(pilot)
        third = app.workspace.current
        assert third == app.workspace.session.projects[2].key  # type: ignore[union-attr]
    again = JixiaoApp(str(seed_path), engine=engine)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert again.workspace.current == third
        assert again.query_one(ProjectList).highlighted == 2


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_dialog_footer_shows_only_its_own_keys(
    engine: Engine, size: tuple[int, int]
) -> None:
    app = JixiaoApp(engine=engine)
    async with app.run_test(size=size) as pilot:
        await open_session(pilot, SHORT_NAME)
        assert "接受" in screen_lines(app)[-1]
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        footer = screen_lines(app)[-1]
        assert "取消" in footer and "接受" not in footer and "退出" not in footer, footer
