"""The linear sheet writer (issue 20): the table writer's workbooks are the same as those of the
writer it replaced (openpyxl's `merge_cells`, styles set cell by cell) — every cell's value, type
and style, the merged ranges, the sheet settings — and the review workbook still records its
merges without touching the cells."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from assistant.schema import (
    Amounts,
    Evidence,
    Indicator,
    IndicatorValue,
    Project,
    Suggestion,
    Table,
)
from assistant.tables import read_table
from assistant.tables.xlsx import write_xlsx
from assistant.tables.xlsx_sheet import CellStyles
from tests.xlsx_reference import reference_write_xlsx


def _value(raw: str) -> IndicatorValue:
    from assistant.values import parse_value

    return parse_value(raw)


def _mixed_table(seed: Table) -> Table:
    """The seed, plus what else a table can carry: other departments, split amounts, a total
    row, evidence, a project without indicators, text that looks like a formula, control
    characters, equal 一级/二级 runs broken by blanks."""
    extra = [
        Project(
            name="甲项目=1",
            department="另一单位",
            year=2024,
            amounts=Amounts(total=12.5, fiscal=10.0, other=2.5),
            goal="目标\x01一\n第二行",
            indicators=[
                Suggestion.from_text(
                    level1="产出指标",
                    level2="数量指标",
                    name='=HYPERLINK("x")',
                    annual_value=_value("≥100人"),
                    basis="历史标准",
                    evidence=[
                        Evidence(id="r1", name="培训人数", value="≥100人", project="乙", year=2023)
                    ],
                ),
                Indicator.from_text(
                    level1="产出指标",
                    level2="数量指标",
                    name="场次",
                    annual_value=_value("=4场"),
                    period_value=_value("=8场"),
                ),
                Indicator.from_text(
                    level1="产出指标", level2="质量指标", name="合格率", annual_value=_value("≥95%")
                ),
                Indicator.from_text(
                    level1="效益指标",
                    level2="社会效益指标",
                    name="满意度",
                    annual_value=_value("≥90%"),
                    explanation="问卷",
                ),
            ],
        ),
        Project(name="空项目", amounts=Amounts(total=3.0), goal=""),
        Project(
            name="单指标",
            amounts=Amounts(total=1.0),
            goal="g",
            indicators=[
                Indicator.from_text(
                    level1="成本指标",
                    level2="经济成本指标",
                    name="成本",
                    annual_value=_value("≤1万元"),
                )
            ],
        ),
    ]
    return seed.model_copy(update={"projects": [*seed.projects, *extra], "total": 999.0})


def _snapshot(path: Path) -> dict[str, Any]:
    wb = load_workbook(path)
    out: dict[str, Any] = {"sheets": wb.sheetnames}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                cells[c.coordinate] = (
                    type(c).__name__,
                    c.value,
                    c.data_type,
                    repr(c.font),
                    repr(c.fill),
                    repr(c.border),
                    repr(c.alignment),
                    c.number_format,
                    repr(c.protection),
                )
        out[ws.title] = {
            "cells": cells,
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "widths": {k: d.width for k, d in ws.column_dimensions.items()},
            "heights": {k: d.height for k, d in ws.row_dimensions.items()},
            "freeze": ws.freeze_panes,
            "print_titles": ws.print_title_rows,
            "setup": (
                ws.page_setup.orientation,
                ws.page_setup.fitToWidth,
                ws.page_setup.fitToHeight,
                ws.sheet_properties.pageSetUpPr.fitToPage,
            ),
        }
    return out


@pytest.mark.parametrize("framework", ["legacy", "2021"])
@pytest.mark.parametrize("which", ["seed", "mixed"])
def test_same_workbook_as_the_previous_writer(
    seed_path: Path, tmp_path: Path, framework: str, which: str
) -> None:
    table = read_table(seed_path)
    if which == "mixed":
        table = _mixed_table(table)
    new, old = tmp_path / "new.xlsx", tmp_path / "old.xlsx"
    write_xlsx(table, new, framework)  # type: ignore[arg-type]
    reference_write_xlsx(table, old, framework)  # type: ignore[arg-type]
    a, b = _snapshot(new), _snapshot(old)
    assert a["sheets"] == b["sheets"]
    for sheet in a["sheets"]:
        assert a[sheet]["merged"] == b[sheet]["merged"]
        assert a[sheet]["cells"] == b[sheet]["cells"]
        assert a[sheet] == b[sheet]
    assert a[a["sheets"][0]]["merged"]  # the comparison covered merged ranges
    assert (
        read_table(new).model_dump_json().replace("new.xlsx", "old.xlsx")
        == read_table(old).model_dump_json()
    )


def test_same_sheet_xml_as_the_previous_writer(seed_path: Path, tmp_path: Path) -> None:
    """Byte for byte, the sheet and its styles: even the order of the style lists is kept."""
    import zipfile

    table = _mixed_table(read_table(seed_path))
    new, old = tmp_path / "new.xlsx", tmp_path / "old.xlsx"
    write_xlsx(table, new, "legacy")
    reference_write_xlsx(table, old, "legacy")
    with zipfile.ZipFile(new) as zn, zipfile.ZipFile(old) as zo:
        names = sorted(n for n in zn.namelist() if n != "docProps/core.xml")  # core: timestamps
        assert names == sorted(n for n in zo.namelist() if n != "docProps/core.xml")
        assert "xl/worksheets/sheet1.xml" in names and "xl/styles.xml" in names
        for name in names:
            assert zn.read(name) == zo.read(name), name


def test_plain_merge_records_the_range_and_leaves_cells(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    styles = CellStyles(wb)
    styles.style(
        "bold", lambda c: setattr(c, "font", __import__("openpyxl").styles.Font(bold=True))
    )
    for row in (1, 2, 3):
        styles.put(ws, row, 1, f"v{row}", "bold")
    styles.merge(ws, 1, 1, 3, 1)
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:A3"]
    assert ws["A2"].value == "v2" and ws["A2"].font.bold  # untouched: the caller wrote it
    styles.put(ws, 4, 1, "=1", "bold")
    styles.put(ws, 5, 1, "\x01\x02", "bold")
    assert ws["A4"].data_type == "s" and ws["A5"].value is None


def test_export_time_is_linear(tmp_path: Path, seed_path: Path) -> None:
    """Not a timing test: the number of merge checks does not grow with the table. openpyxl's
    quadratic `MultiCellRange.add` is never used by the writer."""
    from openpyxl.worksheet.cell_range import MultiCellRange

    seed = read_table(seed_path)
    big = seed.model_copy(update={"projects": seed.projects * 20})
    calls = {"n": 0}
    original = MultiCellRange.add

    def counting(self: MultiCellRange, coord: Any) -> None:
        calls["n"] += 1
        original(self, coord)

    MultiCellRange.add = counting
    try:
        write_xlsx(big, tmp_path / "big.xlsx", "legacy")
    finally:
        MultiCellRange.add = original
    assert calls["n"] == 0
