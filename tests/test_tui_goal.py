"""#17 item 4: the project's 绩效目标 is shown, and a goal drafting wrote is marked as a suggestion."""

from __future__ import annotations

from rich.console import Console

from assistant.schema import Project
from tui.state import ProjectState
from tui.widgets.detail_pane import goal_lines


def text(state: ProjectState) -> str:
    console = Console(width=80, record=True)
    for line in goal_lines(state):
        console.print(line)
    return console.export_text()


def test_the_goal_is_shown_and_a_drafted_one_is_marked() -> None:
    project = Project(name="网格员培训", goal="全年培训网格员300人次")
    assert text(ProjectState(key="a", project=project)).splitlines() == [
        "绩效目标",
        "全年培训网格员300人次",
    ]
    drafted = ProjectState(key="a", project=project, goal_drafted=True)
    assert "起草建议" in text(drafted)
    assert "（未填写）" in text(ProjectState(key="b", project=Project(name="空")))
