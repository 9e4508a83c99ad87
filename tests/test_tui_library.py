"""#17 item 8: exporting the same decisions twice adds them to the user's library once."""

from __future__ import annotations

from pathlib import Path

from assistant.corpus import load_user
from assistant.schema import Evidence, Indicator, Project, Suggestion, Table
from tui.engine import Engine
from tui.state import Session


def session() -> Session:
    indicator = Indicator.from_text(
        level1="", level2="质量指标", name="系统可用率", annual_value="≥99%"
    )
    project = Project(name="运维项目", indicators=[indicator])
    made = Session.from_table(Table(projects=[project]), None)
    ev = Evidence(id="T1", name="故障响应时间", value="≤2小时", project="别的项目", year=2023)
    offered = Suggestion.from_text(
        level1="", level2="时效指标", name="故障响应时间", annual_value="≤2小时", evidence=[ev]
    )
    (item,) = made.offer_additions("运维项目", [offered], "补充")
    made.accept("运维项目", item.id)
    return made


def test_two_exports_of_the_same_decisions_add_them_once(tmp_path: Path) -> None:
    work = session()
    first = Engine.export(work, str(tmp_path / "一.xlsx"), "legacy")
    second = Engine.export(work, str(tmp_path / "二.xlsx"), "legacy")
    assert first.library_records == 1
    assert second.library_records == 0
    assert [r.indicator.name for r in load_user()] == ["故障响应时间"]


async def test_after_an_export_the_library_count_includes_what_it_added(tmp_path: Path) -> None:
    """The index is loaded again after an export added records: they are offered, and counted."""
    from assistant.corpus import load_shipped
    from assistant.index import Index
    from tests.pilot import settle
    from tui.app import JixiaoApp

    app = JixiaoApp(engine=Engine(lambda _n: Index.build([*load_shipped(), *load_user()])))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = app.workspace.library_size
        assert before is not None
        app.workspace.export(session(), str(tmp_path / "一.xlsx"), "legacy")
        await settle(pilot)
        assert app.workspace.library_size == before + 1
        assert f"指标库 {before + 1} 条" in app.sub_title
