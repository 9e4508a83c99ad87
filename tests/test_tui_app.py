"""The TUI driven with Textual's Pilot: a whole piece of work on the seed table, restore, requests in
plain words, a new project, help and the command palette."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import Input, Label

from assistant.corpus import user_library_dir
from assistant.index import Index
from assistant.refine.project import ProjectSuggestions
from assistant.schema import Project
from assistant.tables import read_table
from tui.app import JixiaoApp
from tui.engine import Engine
from tui.modals.confirm import ConfirmModal
from tui.modals.edit_indicator import EditIndicatorModal
from tui.modals.export import ExportModal
from tui.screens.help import HelpScreen
from tui.state import ProjectState
from tui.store import session_path
from tui.widgets.indicator_table import IndicatorTable
from tui.widgets.project_list import ProjectList

PROJECT = "政府雇员公用经费"


@pytest.fixture
def engine(index: Index) -> Engine:
    return Engine(lambda notify: index)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until no worker has run for a few rounds of message processing: a result a worker
    posts may start the next worker (table read → project opened → suggestions)."""
    idle = 0
    for _ in range(60):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        idle = 0 if list(pilot.app.workers) else idle + 1
        if idle == 3:
            return
    raise AssertionError("workers did not finish")


def workspace_state(app: JixiaoApp) -> ProjectState:
    assert app.workspace.state is not None
    return app.workspace.state


async def open_project(pilot: Pilot[None], key: str) -> None:
    """Move down the project list with the keyboard until the project is open."""
    projects = pilot.app.query_one(ProjectList)
    projects.focus()
    while workspace_state(pilot.app).key != key:  # type: ignore[arg-type]
        await pilot.press("down")
    await settle(pilot)
    pilot.app.query_one(IndicatorTable).focus()


async def goto(pilot: Pilot[None], item_id: str) -> None:
    """Move the table cursor with the keyboard to a row."""
    table = pilot.app.query_one(IndicatorTable)
    rows = [r.value for r in table.rows]
    while table.selected_id != item_id:
        step = "down" if rows.index(item_id) > rows.index(table.selected_id) else "up"
        await pilot.press(step)


async def fill(pilot: Pilot[None], field: str, value: str) -> None:
    field_input = pilot.app.screen.query_one(f"#{field}", Input)
    field_input.focus()
    field_input.value = value
    await pilot.pause()


async def press_ok(pilot: Pilot[None]) -> None:
    """Press the dialog's OK once its layout has settled (an error message above it moves it)."""
    await pilot.pause()
    await pilot.click("#ok")
    await pilot.pause()


async def test_review_a_project_and_export(seed_path: Path, engine: Engine, tmp_path: Path) -> None:
    app = JixiaoApp(str(seed_path), engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_project(pilot, PROJECT)
        state = workspace_state(app)
        first, second, third = [i.id for i in state.rows() if i.pending][:3]

        await goto(pilot, first)
        await pilot.press("a")
        assert state.item(first).status == "accepted"

        await goto(pilot, second)
        before = state.item(second).model_copy(deep=True)
        await pilot.press("e")
        assert isinstance(app.screen, EditIndicatorModal)
        await fill(pilot, "annual_value", "提高")
        await press_ok(pilot)
        error = str(app.screen.query_one("#error", Label).render())
        assert "✗" in error and "提高" in error
        await fill(pilot, "level2", "不存在的类别")
        await fill(pilot, "annual_value", "≥95%")
        await press_ok(pilot)
        assert "不属于任一指标框架" in str(app.screen.query_one("#error", Label).render())
        assert isinstance(app.screen, EditIndicatorModal)
        assert state.item(second) == before
        await fill(pilot, "level2", before.indicator.level2)
        await fill(pilot, "name", "编外人员聘用合规率")
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, EditIndicatorModal), str(
            app.screen.query_one("#error", Label).render()
        )
        edited = state.item(second)
        assert edited.status == "edited"
        assert (edited.indicator.name, edited.indicator.annual_value.text()) == (
            "编外人员聘用合规率",
            "≥95%",
        )

        await goto(pilot, third)
        await pilot.press("r")
        assert state.item(third).status == "rejected"
        await pilot.press("u")
        assert state.item(third).status == "suggested"

        expected = app.workspace.session.get(PROJECT).assembled()
        out = tmp_path / "结果.xlsx"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ExportModal)
        await fill(pilot, "path", str(out))
        await pilot.press("enter")
        await settle(pilot)

    exported = next(p for p in read_table(out).projects if p.name == PROJECT)
    rows = [(i.name, i.annual_value.text()) for i in exported.indicators]
    assert rows == [(i.name, i.annual_value.text()) for i in expected.indicators]
    assert ("编外人员聘用合规率", "≥95%") in rows
    accepted = state.item(first)
    assert (accepted.indicator.name, accepted.indicator.annual_value.text()) in rows
    pending = state.item(third)
    if pending.kind == "addition":
        assert pending.indicator.name not in [name for name, _ in rows]
    kept_originals = [i for i in state.items if i.kind == "original" and not state.replaced(i.id)]
    kept_suggestions = [i for i in state.items if i.kind != "original" and i.kept]
    assert len(kept_suggestions) == 2 and len(exported.indicators) == len(kept_originals) + 2
    library = "".join(p.read_text(encoding="utf-8") for p in user_library_dir().glob("*.jsonl"))
    assert "编外人员聘用合规率" in library and accepted.indicator.name in library


async def test_decisions_are_autosaved_and_restored(seed_path: Path, engine: Engine) -> None:
    app = JixiaoApp(str(seed_path), engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_project(pilot, PROJECT)
        state = workspace_state(app)
        pending = [i.id for i in state.rows() if i.pending]
        await goto(pilot, pending[0])
        await pilot.press("a")
        await goto(pilot, pending[1])
        await pilot.press("r")
        await pilot.press("slash")
        await pilot.press(*"再加一个时效指标")
        await pilot.press("enter")
        await settle(pilot)
    assert session_path(str(seed_path)).exists()

    again = JixiaoApp(str(seed_path), engine=engine)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        restored = again.workspace.session.get(PROJECT)  # type: ignore[union-attr]
        assert restored.item(pending[0]).status == "accepted"
        assert restored.item(pending[1]).status == "rejected"
        assert [t.text for t in restored.conversation][0] == "再加一个时效指标"
        assert len(restored.conversation) == 2


async def test_declining_to_resume_starts_fresh(seed_path: Path, engine: Engine) -> None:
    app = JixiaoApp(str(seed_path), engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")  # drop the first original of the first project
        await settle(pilot)
    again = JixiaoApp(str(seed_path), engine=engine)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(again.screen, ConfirmModal)  # dropping saved work is confirmed first
        await pilot.press("y")
        await settle(pilot)
        assert again.workspace.session.progress() == ""  # type: ignore[union-attr]
        assert workspace_state(again).items[0].status == "original"


async def test_not_confirming_the_discard_keeps_the_saved_work(
    seed_path: Path, engine: Engine
) -> None:
    app = JixiaoApp(str(seed_path), engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
    again = JixiaoApp(str(seed_path), engine=engine)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("n")  # 确定放弃？ 否
        await settle(pilot)
        assert workspace_state(again).items[0].status == "rejected"


async def test_plain_words_request_offers_library_indicators(
    seed_path: Path, engine: Engine
) -> None:
    app = JixiaoApp(str(seed_path), engine=engine)
    posted: list[Message] = []
    async with app.run_test(size=(120, 40), message_hook=posted.append) as pilot:
        await settle(pilot)
        await open_project(pilot, PROJECT)
        state = workspace_state(app)
        before = len(state.items)
        await pilot.press("slash")
        await pilot.press(*"再加一个时效指标")
        await pilot.press("enter")
        await settle(pilot)
        added = state.items[before:]
        assert added and all(
            i.kind == "addition" and i.indicator.level2 == "时效指标" for i in added
        )
        assert all(i.evidence and i.evidence[0].project != PROJECT for i in added)
        assert [t.role for t in state.conversation] == ["user", "assistant"]
        assert any("jixiao llm" in m.notification.message for m in posted if isinstance(m, Notify))
        assert app.query_one(IndicatorTable).selected_id == added[0].id
        shown = added[0].indicator.name
        await pilot.press("g")
        await settle(pilot)
        assert state.item(added[0].id).indicator.name != shown


async def test_at_80_columns_the_answer_to_a_request_stays_on_screen(
    seed_path: Path, engine: Engine
) -> None:
    """The conversation pane is hidden at 80 columns: the last exchange leads the detail pane."""
    from textual.widgets import Static

    app = JixiaoApp(str(seed_path), engine=engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_project(pilot, PROJECT)
        await pilot.press("slash", *"再加一个时效指标", "enter")
        await settle(pilot)
        reply = workspace_state(app).conversation[-1].text
        body = Console(width=200, record=True, file=io.StringIO())
        body.print(app.query_one("#detail-body", Static).content)
        shown = body.export_text()
        assert shown.startswith("对话") and "你：再加一个时效指标" in shown
        assert reply[:10] in shown.replace("\n", "")


async def test_new_project_form_validates_then_drafts(engine: Engine) -> None:
    app = JixiaoApp(None, engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await fill(pilot, "name", "社区网格员培训经费")
        await fill(pilot, "amount", "十六万")
        await pilot.click("#ok")
        assert "金额" in str(app.screen.query_one("#error", Label).render())
        await fill(pilot, "amount", "16")
        await fill(pilot, "goal", "全年组织网格员业务培训，提升网格事件处置能力")
        await pilot.press("ctrl+s")
        await settle(pilot)
        state = workspace_state(app)
        assert state.drafted and state.project.amounts.total == 16
        assert len(state.pending()) >= 6
        await pilot.press("A")
        assert not state.pending()
        count = len(state.assembled().indicators)
        assert count >= 6

    again = JixiaoApp(None, engine=engine)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        restored = workspace_state(again)
        assert (
            restored.key == "社区网格员培训经费" and len(restored.assembled().indicators) == count
        )


async def test_new_project_form_lets_the_user_choose_the_type(engine: Engine) -> None:
    from textual.widgets import Select

    app = JixiaoApp(None, engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await fill(pilot, "name", "量子纠缠观测站")
        app.screen.query_one("#type", Select).value = "research"
        await pilot.click("#ok")
        await settle(pilot)
        names = [item.indicator.name for item in workspace_state(app).pending()]
        assert "研究报告数量" in names and "成果评审通过率" in names


async def test_help_lists_every_binding(engine: Engine) -> None:
    from tui.bindings import all_bindings

    app = JixiaoApp(None, engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(app.screen.keys_table())
        text = console.export_text()
        for binding in all_bindings():
            assert binding.description in text and app.get_key_display(binding) in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_offers_the_actions(seed_path: Path, engine: Engine) -> None:
    from tui.commands import ActionsProvider

    app = JixiaoApp(str(seed_path), engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        provider = ActionsProvider(app.workspace)
        titles = [hit.text async for hit in provider.discover()]
        assert any("全部接受" in str(t) for t in titles) and any(PROJECT in str(t) for t in titles)
        hits = sorted([hit async for hit in provider.search("导出")], key=lambda h: -h.score)
        assert str(hits[0].text) == "导出（^s）"
        switch = [hit async for hit in provider.search(f"切换到项目：{PROJECT}")][0]
        await switch.command()
        await settle(pilot)
        assert workspace_state(app).key == PROJECT


async def test_escape_cancels_running_work(seed_path: Path, index: Index) -> None:
    import threading

    gate = threading.Event()

    def slow_index(notify: object) -> Index:
        gate.wait(5)
        return index

    app = JixiaoApp(str(seed_path), engine=Engine(slow_index))
    posted: list[Message] = []
    async with app.run_test(size=(120, 40), message_hook=posted.append) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if app.workspace.busy:
                break
        assert "生成建议" in app.workspace.busy
        await pilot.press("escape")
        await pilot.pause()
        assert app.workspace.busy == ""
        assert any(isinstance(m, Notify) and m.notification.message == "已取消。" for m in posted)
        gate.set()
        await settle(pilot)
        assert not workspace_state(app).suggested


def test_importing_the_app_stays_light() -> None:
    code = (
        "import sys, tui.app\n"
        "heavy = [m for m in ('litellm', 'sentence_transformers', 'torch') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


class BrokenSuggestions(Engine):
    def suggest(self, project: Project) -> ProjectSuggestions:
        raise RuntimeError("模拟的故障")


async def test_a_failing_worker_is_reported_and_the_table_stays(
    seed_path: Path, index: Index
) -> None:
    app = JixiaoApp(str(seed_path), engine=BrokenSuggestions(lambda notify: index))
    posted: list[Message] = []
    async with app.run_test(size=(120, 40), message_hook=posted.append) as pilot:
        await settle(pilot)
        errors = [
            m.notification
            for m in posted
            if isinstance(m, Notify) and m.notification.severity == "error"
        ]
        assert (
            errors and "模拟的故障" in errors[0].message and errors[0].message.startswith("出错了")
        )
        state = workspace_state(app)
        assert len(state.items) == len(state.project.indicators) and not state.suggested
        assert app.query_one(IndicatorTable).row_count == len(state.items)
        await pilot.press("r")
        assert state.items[0].status == "rejected"


def test_cli_rejects_a_missing_file_before_starting(tmp_path: Path) -> None:
    missing = tmp_path / "没有这个表.xlsx"
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli.main", "tui", str(missing)],
        capture_output=True,
        text=True,
    )
    assert (
        result.returncode == 2 and "文件不存在" in result.stderr and "没有这个表" in result.stderr
    )


async def test_results_that_outlive_their_project_are_ignored(
    seed_path: Path, engine: Engine
) -> None:
    from tui.engine import Answer
    from tui.messages import AnswerReady, CandidatesReady

    app = JixiaoApp(str(seed_path), engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        state = workspace_state(app)
        before = state.model_dump()
        session = app.workspace.session
        app.workspace.post_message(
            AnswerReady(session, "另一张表的项目", "再加一个时效指标", Answer([], ""))
        )
        app.workspace.post_message(CandidatesReady(session, state.key, "s999", []))
        # asked for a project of the same name in the table open before this one
        app.workspace.post_message(
            AnswerReady(object(), state.key, "再加一个时效指标", Answer([], "回答"))
        )
        await settle(pilot)
        assert workspace_state(app).model_dump() == before
