"""Autosaved sessions: one saved by an earlier version still loads, and one that cannot be read
is set aside (never overwritten by the next autosave) with a Chinese message saying where."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.errors import InputError
from assistant.schema import Project, Table
from tui.state import Session
from tui.store import load_session, save_session, session_path

TABLE = "/tmp/jixiao-store-test.json"


def _saved() -> Session:
    project = Project(name="网格员培训", goal="全年培训网格员300人次")
    session = Session.from_table(Table(projects=[project]), TABLE)
    save_session(session)
    return session


def test_a_session_of_the_earlier_version_loads_its_drafted_goal_as_a_suggestion() -> None:
    _saved()
    path = session_path(TABLE)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["projects"][0].pop("goal_offer", None)
    data["projects"][0].pop("goal_decision", None)
    data["projects"][0]["goal_drafted"] = True  # as the earlier version wrote it
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    loaded = load_session(TABLE)
    assert loaded is not None
    state = loaded.projects[0]
    assert state.goal_pending and state.goal_offer == "全年培训网格员300人次"
    assert state.project.goal == ""


def test_an_unreadable_session_is_set_aside_not_overwritten() -> None:
    _saved()
    path = session_path(TABLE)
    path.write_text('{"projects": [', encoding="utf-8")
    with pytest.raises(InputError, match="已原样另存为") as info:
        load_session(TABLE)
    kept = [p for p in path.parent.iterdir() if p.name.startswith(f"{path.stem}-无法读取-")]
    assert kept and kept[-1].name in info.value.message
    assert kept[-1].read_text(encoding="utf-8") == '{"projects": ['
    assert not path.exists()
    for p in kept:
        p.unlink()


async def test_rows_that_could_not_be_read_are_said_on_opening(tmp_path: Path) -> None:
    from assistant.corpus import load_shipped
    from assistant.index import Index
    from assistant.schema import RowIssue
    from assistant.tables import write_table
    from tests.pilot import settle
    from tui.app import JixiaoApp
    from tui.engine import Engine
    from tui.modals.message import MessageModal

    issue = RowIssue(file="部门表.xlsx", row=28, column="三级指标", message="缺少三级指标名称")
    path = tmp_path / "t.json"
    write_table(Table(projects=[Project(name="甲项目")], issues=[issue]), path)
    index = Index.build(load_shipped())
    app = JixiaoApp(str(path), engine=Engine(lambda _n: index))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MessageModal) and "1 处未能读取" in app.screen.title_text
        assert "第 28 行" in app.screen.text and "缺少三级指标名称" in app.screen.text
