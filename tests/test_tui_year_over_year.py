"""#16 in the TUI: with last year's table (`jixiao tui THIS --previous LAST`, or after 续编) the
changes since last year are findings of their projects and rows, and opening says what changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.index import Index
from assistant.tables import read_table, write_table
from assistant.year_over_year import LastYear
from tests.pilot import settle
from tests.test_year_over_year import _changed
from tui.app import JixiaoApp
from tui.engine import Engine
from tui.modals.message import MessageModal


def _codes(app: JixiaoApp, project: str) -> list[tuple[str | None, str]]:
    report = app.workspace.reports[project]
    return [(f.indicator, f.code) for f in report.findings if f.code.startswith("Y")]


async def test_previous_years_changes_are_findings(
    seed_path: Path, index: Index, tmp_path: Path
) -> None:
    last = read_table(seed_path)
    this = _changed(last)
    this.projects.append(last.projects[0].model_copy(update={"name": "社区矫正经费"}))
    path = tmp_path / "2025.json"
    write_table(this, path)
    engine = Engine(lambda _n: index, last_year=LastYear(last))
    app = JixiaoApp(str(path), engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MessageModal)
        assert app.screen.title_text.startswith("与上年比较")
        assert (
            "3 个项目有 3 处变化" in app.screen.text
            and "上年为「48小时内解决」" in app.screen.text
            and "社区矫正经费" in app.screen.text
        )
        await pilot.press("enter")
        assert _codes(app, "矛盾纠纷多元化解平台运维费") == [("维护及时时间", "Y001")]
        assert _codes(app, "政府雇员工资经费") == [("编外人员工资支付及时性", "Y002")]
        assert _codes(app, "来穗工作经费") == []
        app.workspace.show_project("矛盾纠纷多元化解平台运维费")
        await settle(pilot)
        checked = app.workspace.query_one("ProjectView").checked  # type: ignore[attr-defined]
        timing = next(i for i in checked.state.items if i.indicator.name == "维护及时时间")
        assert "Y001" in [f.code for f in checked.rows[timing.id]]


async def test_without_last_year_there_are_no_such_findings(seed_path: Path, index: Index) -> None:
    app = JixiaoApp(str(seed_path), engine=Engine(lambda _n: index))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not isinstance(app.screen, MessageModal)
        assert all(not _codes(app, key) for key in app.workspace.reports)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--previous", "{other}"], "部门不同"),
        (["--previous", "{missing}"], "上年的表不存在"),
    ],
)
def test_bad_last_year_stops_before_the_screen_opens(
    seed_path: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    import subprocess
    import sys

    other = tmp_path / "other.json"
    write_table(read_table(seed_path).model_copy(update={"department": "某区教育局"}), other)
    given = [a.format(other=other, missing=tmp_path / "无.xlsx") for a in args]
    cmd = [sys.executable, "-m", "assistant.cli.main", "tui", str(seed_path), *given]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert run.returncode == 2 and message in run.stderr


async def test_opening_another_table_drops_last_years(
    seed_path: Path, index: Index, tmp_path: Path
) -> None:
    last = read_table(seed_path)
    this, other = tmp_path / "2025.json", tmp_path / "other.json"
    write_table(_changed(last), this)
    write_table(_changed(last), other)
    engine = Engine(lambda _n: index, last_year=LastYear(last))
    app = JixiaoApp(str(this), engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        app.workspace.open_table(str(other))
        await settle(pilot)
        assert engine.last_year is None
        assert not _codes(app, "矛盾纠纷多元化解平台运维费")


def test_a_table_of_a_kind_not_read_stops_before_the_screen_opens(tmp_path: Path) -> None:
    import subprocess
    import sys

    doc = tmp_path / "表格.docx"
    doc.write_bytes(b"PK")
    cmd = [sys.executable, "-m", "assistant.cli.main", "tui", str(doc)]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert run.returncode == 2 and "不支持的文件类型" in run.stderr
