"""#17 slots in the TUI: a value still to fill (`≥【请填写】人次`) stands out in the table and is
filled in place with `i`, the reference values shown beside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text

from assistant.index import Index
from assistant.schema import Indicator, Project, Table
from assistant.tables import write_table
from tests.pilot import settle
from tui.app import JixiaoApp
from tui.engine import Engine
from tui.modals.fill_slot import FillSlotModal
from tui.render import SLOT_STYLE
from tui.widgets.indicator_table import IndicatorTable
from tui.widgets.summary import ProjectSummary


@pytest.fixture
def table_path(tmp_path: Path) -> Path:
    project = Project(
        name="社区网格员培训经费",
        goal="全年组织网格员业务培训",
        indicators=[
            Indicator.from_text(level2="数量指标", name="培训人次", annual_value="≥【请填写】人次"),
            Indicator.from_text(level2="质量指标", name="培训合格率", annual_value="≥95%"),
        ],
    )
    path = tmp_path / "t.json"
    write_table(Table(projects=[project], department="某区委政法委"), path)
    return path


def _item(app: JixiaoApp, name: str):  # type: ignore[no-untyped-def]
    state = app.workspace.state
    assert state is not None
    return next(i for i in state.items if i.indicator.name == name)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_i_fills_the_slot_in_place(
    table_path: Path, index: Index, size: tuple[int, int]
) -> None:
    app = JixiaoApp(str(table_path), engine=Engine(lambda _n: index))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = app.workspace.query_one(IndicatorTable)
        slot = _item(app, "培训人次")
        cell = table.get_cell(slot.id, "value")
        assert isinstance(cell, Text) and cell.style == SLOT_STYLE
        summary = app.workspace.query_one(ProjectSummary)
        assert "待填写" in summary.figures.plain
        table.focus()
        table.move_cursor(row=table.get_row_index(_item(app, "培训合格率").id))
        await pilot.press("i")  # on a row without a slot: the project's first slot
        await pilot.pause()
        assert isinstance(app.screen, FillSlotModal)
        assert app.screen.indicator.name == "培训人次"
        await pilot.press("3", "0", "0", "enter")
        await settle(pilot)
        filled = _item(app, "培训人次")
        assert filled.indicator.annual_value.as_written() == "≥300人次"
        assert filled.status == "edited" and not filled.slotted
        assert table.selected_id == filled.id
        left = app.workspace.state.open_slots()  # type: ignore[union-attr]
        assert (
            f"待填写{len(left)}" in summary.figures.plain
            if left
            else "待填写" not in summary.figures.plain
        )


async def test_a_non_number_is_refused(table_path: Path, index: Index) -> None:
    app = JixiaoApp(str(table_path), engine=Engine(lambda _n: index))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.workspace.query_one(IndicatorTable).focus()
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("很", "多", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FillSlotModal)
        assert "请填一个数值" in str(app.screen.query_one("#error").render())
        await pilot.press("escape")
        assert _item(app, "培训人次").slotted


def test_filling_keeps_an_absent_period_value_absent() -> None:
    from assistant.draft.slots import fill_slot

    slot = Indicator.from_text(level2="数量指标", name="培训人次", annual_value="≥【请填写】人次")
    assert fill_slot(slot, "300").period_value is None
    both = slot.model_copy(update={"period_value": slot.annual_value})
    assert fill_slot(both, "300").period_value.as_written() == "≥300人次"  # type: ignore[union-attr]


def test_an_exported_slot_carries_its_reference(tmp_path: Path) -> None:
    """The 待填写 column of the exported table shows what the TUI showed (last year's value)."""
    from openpyxl import load_workbook

    from assistant.tables.layout import REFERENCE_COLUMN
    from tui.state import Session

    project = Project(
        name="宣传经费",
        indicators=[
            Indicator.from_text(
                level2="数量指标", name="宣传活动次数", annual_value="≥【请填写】次"
            )
        ],
    )
    session = Session.from_table(Table(projects=[project]), None)
    session.get("宣传经费").items[0].slot_reference = "上年 =6次"
    path = tmp_path / "out.xlsx"
    write_table(session.export_table(), path)
    cells = [str(c) for row in load_workbook(path).active.iter_rows(values_only=True) for c in row]
    assert REFERENCE_COLUMN in cells and "待填写：上年 =6次" in cells
    write_table(session.export_table(), tmp_path / "out.json")  # the JSON writer takes it too
