"""#17 item 4: the project's 绩效目标 is shown; a suggested goal (drafted for a project without
one) is a suggestion like any other: accepted as written or edited, rejected, undone; only an
accepted one is exported."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import TextArea

from assistant.index import Index
from assistant.schema import Indicator, Project, Table
from assistant.tables import write_table
from tests.pilot import settle
from tui.app import JixiaoApp
from tui.engine import Engine
from tui.modals.goal import GoalModal
from tui.state import ProjectState, Session
from tui.widgets.detail_pane import goal_lines


def text(state: ProjectState) -> str:
    console = Console(width=80, record=True)
    for line in goal_lines(state):
        console.print(line)
    return console.export_text()


def test_the_goal_is_shown_and_a_suggested_one_is_marked() -> None:
    project = Project(name="网格员培训", goal="全年培训网格员300人次")
    assert text(ProjectState(key="a", project=project)).splitlines()[-2:] == [
        "绩效目标",
        "全年培训网格员300人次",
    ]
    empty = ProjectState(key="b", project=Project(name="空"))
    assert "（未填写）" in text(empty)
    empty.goal_offer = "全年培训网格员"
    assert "建议" in text(empty) and "全年培训网格员" in text(empty)


def _session() -> Session:
    table = Table(projects=[Project(name="培训", indicators=[])], department="某局")
    session = Session.from_table(table, "/tmp/goal.json")
    session.offer_goal("培训", "全年培训网格员300人次")
    return session


def test_only_an_accepted_goal_is_exported_and_undo_takes_it_back() -> None:
    session = _session()
    state = session.get("培训")
    assert state.goal_pending and session.export_table().projects[0].goal == ""
    assert session.outstanding().suggestions == 1
    assert session.decide_goal("培训", "accepted", "全年培训网格员320人次")
    assert session.export_table().projects[0].goal == "全年培训网格员320人次"
    assert not state.goal_pending and session.outstanding().suggestions == 0
    assert session.undo() is not None
    assert state.goal_pending and session.export_table().projects[0].goal == ""
    assert session.decide_goal("培训", "rejected")
    assert not state.goal_pending and session.export_table().projects[0].goal == ""
    session.offer_goal("培训", "另一个目标")  # decided: a later offer does not come back
    assert not state.goal_pending


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_m_accepts_an_edited_suggested_goal(
    tmp_path: Path, index: Index, size: tuple[int, int]
) -> None:
    project = Project(
        name="社区网格员培训经费",
        indicators=[
            Indicator.from_text(level2="数量指标", name="培训人次", annual_value="≥300人次")
        ],
    )
    path = tmp_path / "t.json"
    write_table(Table(projects=[project], department="某区委政法委"), path)
    app = JixiaoApp(str(path), engine=Engine(lambda _n: index))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        state = app.workspace.state
        assert state is not None and state.goal_pending
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, GoalModal)
        area = app.screen.query_one("#goal", TextArea)
        assert area.text == state.goal_offer
        area.text = "全年培训网格员300人次，考核合格率不低于95%。"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, GoalModal)
        assert state.project.goal == "全年培训网格员300人次，考核合格率不低于95%。"
        await pilot.press("u")
        await settle(pilot)
        assert state.goal_pending and not state.project.goal


def test_resume_keeps_the_goal_and_type_decisions() -> None:
    table = Table(projects=[Project(name="培训", indicators=[])], department="某局")
    saved = Session.from_table(table, "/tmp/goal.json")
    saved.offer_goal("培训", "全年培训网格员300人次")
    saved.decide_goal("培训", "accepted", "全年培训网格员320人次")
    saved.set_types("培训", ["lease"])
    assert "绩效目标 1 个" in saved.progress() and "选定项目类型 1 个" in saved.progress()
    resumed = Session.from_table(table, "/tmp/goal.json").resumed(saved)
    state = resumed.get("培训")
    assert state.project.goal == "全年培训网格员320人次" and state.goal_decision == "accepted"
    assert state.project.types == ["lease"]
    assert resumed.export_table().projects[0].goal == "全年培训网格员320人次"
