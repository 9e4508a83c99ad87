"""Slots in exports: the value cells keep `≥【请填写】…`, a column says what to fill and the
closest real values, the layout lists the cells to mark, and the file reads back with its slots."""

from __future__ import annotations

from pathlib import Path

from assistant.schema import Project, Suggestion, Table
from assistant.tables import read_table, write_table
from assistant.tables.layout import REFERENCE_COLUMN, build_layout


def _table() -> Table:
    slot = Suggestion.from_text(
        level1="产出指标",
        level2="数量指标",
        name="培训人次",
        annual_value="≥【请填写】人次",
        period_value="≥【请填写】人次",
        reference="参考：同类项目 120–600 人次（3 个项目）",
    )
    rate = Suggestion.from_text(
        level1="产出指标", level2="质量指标", name="培训考核合格率", annual_value="≥95%"
    )
    return Table(
        projects=[Project(name="网格员培训经费", goal="全年培训网格员", indicators=[slot, rate])]
    )


def test_layout_marks_the_slot_cells_and_adds_the_reference_column() -> None:
    layout = build_layout(_table(), "legacy")
    column = layout.index(REFERENCE_COLUMN)
    assert layout.rows[0][column] == "待填写：参考：同类项目 120–600 人次（3 个项目）"
    assert layout.rows[1][column] == ""
    marked = {(r, c) for r, c, _ in layout.pending}
    assert marked == {(0, layout.index("年度指标值")), (0, layout.index("实施周期指标值"))}


def test_no_slots_no_column() -> None:
    table = _table()
    table.projects[0].indicators = table.projects[0].indicators[1:]
    assert REFERENCE_COLUMN not in build_layout(table, "legacy").columns


def test_slots_read_back_pending_from_csv_and_xlsx(tmp_path: Path) -> None:
    for ext in ("csv", "xlsx"):
        path = tmp_path / f"t.{ext}"
        write_table(_table(), path)
        back = read_table(path).projects[0].indicators
        assert back[0].annual_value.pending and back[0].annual_value.text() == "≥【请填写】人次", (
            ext
        )
        assert back[1].annual_value.text() == "≥95%"


def test_the_suggested_goal_has_no_slot_in_its_prose() -> None:
    from assistant.draft import make_request
    from assistant.draft.goal import write_goal

    chosen = _table().projects[0].indicators
    goal = write_goal(make_request(name="网格员培训经费"), chosen)  # type: ignore[arg-type]
    assert "【请填写】" not in goal and "培训考核合格率不低于95%" in goal


def test_xlsx_slot_cells_are_filled_and_commented(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from assistant.tables.xlsx import SLOT_FILL

    path = tmp_path / "t.xlsx"
    write_table(_table(), path)
    ws = load_workbook(path).active
    slots = [c for row in ws.iter_rows() for c in row if c.value == "≥【请填写】人次"]
    assert len(slots) == 2  # annual and period value
    for cell in slots:
        assert cell.fill.start_color.rgb.endswith(SLOT_FILL)
        assert cell.comment is not None and "120–600 人次" in cell.comment.text
    rate = next(c for row in ws.iter_rows() for c in row if c.value == "≥95%")
    assert rate.comment is None and not rate.fill.start_color.rgb.endswith(SLOT_FILL)
