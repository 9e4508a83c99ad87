"""#17 types in the TUI: the project's type is shown (with the words that chose it) and can be
changed with `t`; the checks and the suggestions follow the chosen type."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from assistant.index import Index
from assistant.project_types import of_project
from assistant.refine.project import draft_request
from assistant.schema import Indicator, Project, Suggestion, Table
from assistant.tables import write_table
from tests.pilot import settle
from tui.app import JixiaoApp
from tui.engine import Engine
from tui.modals.project_type import ProjectTypeModal
from tui.state import Session

TRAINING = Project(
    name="社区网格员培训经费",
    goal="全年组织网格员业务培训",
    indicators=[Indicator.from_text(level2="数量指标", name="培训人次", annual_value="≥300人次")],
)


def test_a_chosen_type_is_the_projects_type_everywhere() -> None:
    assert of_project(TRAINING)[0].type.key == "training"
    chosen = TRAINING.model_copy(update={"types": ["lease"]})
    assert [k.type.key for k in of_project(chosen)] == ["lease"] and of_project(chosen)[0].forced
    assert draft_request(chosen).types == ["lease"]


def test_changing_the_type_drops_pending_suggestions_and_keeps_decisions() -> None:
    session = Session.from_table(Table(projects=[TRAINING]), "/tmp/type.json")
    key = TRAINING.name
    adds = [
        Suggestion.from_text(level2=l2, name=n, annual_value=v)
        for l2, n, v in [("质量指标", "培训合格率", "≥95%"), ("时效指标", "培训完成时间", "≤12月")]
    ]
    session.offer_additions(key, adds, "补充")
    kept, dropped = [i for i in session.get(key).items if i.kind == "addition"]
    session.accept(key, kept.id)
    assert session.set_types(key, ["training"])
    state = session.get(key)
    assert state.project.types == ["training"] and not state.suggested
    assert kept.id in [i.id for i in state.items] and dropped.id not in [i.id for i in state.items]
    assert not session.set_types(key, ["training"])


def _detail(app: JixiaoApp) -> str:
    import io

    from rich.console import Console
    from textual.widgets import Static

    console = Console(width=200, record=True, file=io.StringIO())
    console.print(app.workspace.query_one("#detail-body", Static).content)
    return console.export_text()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_t_changes_the_type_and_the_suggestions_follow(
    tmp_path: Path, index: Index, size: tuple[int, int]
) -> None:
    path = tmp_path / "t.json"
    write_table(Table(projects=[TRAINING], department="某区委政法委"), path)
    app = JixiaoApp(str(path), engine=Engine(lambda _n: index))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        state = app.workspace.state
        assert state is not None and "项目类型：培训" in _detail(app)
        before = {i.indicator.name for i in state.items if i.pending}
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ProjectTypeModal)
        options = app.screen.query_one("#types", OptionList)
        options.highlighted = options.get_option_index("lease")
        await pilot.press("enter")
        await settle(pilot)
        state = app.workspace.state
        assert state is not None and state.project.types == ["lease"]
        assert "租赁（你选定）" in _detail(app)
        after = {i.indicator.name for i in state.items if i.pending}
        assert after and after != before


def test_an_unknown_type_is_refused_where_the_table_is_read(tmp_path: Path) -> None:
    from assistant.errors import InputError
    from assistant.tables import read_table

    assert Project(name="x", types=["租赁"]).types == ["lease"]  # a label is taken too
    path = tmp_path / "t.json"
    write_table(Table(projects=[TRAINING]), path)
    path.write_text(path.read_text(encoding="utf-8").replace('"types": []', '"types": ["无此类"]'))
    with pytest.raises(InputError, match="无此类"):
        read_table(path)


def test_what_the_user_asked_for_stays_when_the_type_changes() -> None:
    session = Session.from_table(Table(projects=[TRAINING]), "/tmp/type.json")
    key = TRAINING.name
    asked = Suggestion.from_text(
        level2="服务对象满意度指标", name="参训人员满意度", annual_value="≥95%"
    )
    (item,) = session.offer_additions(key, [asked], "对话：再加一个满意度指标", query="满意度")
    assert session.set_types(key, ["lease"])
    assert item.id in [i.id for i in session.get(key).items]
