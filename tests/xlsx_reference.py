"""The table writer as it was before issue 20 (openpyxl's `merge_cells` and per-cell style
objects, quadratic over a big table), frozen here as the reference the linear writer must match."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from assistant.categories import Framework
from assistant.schema import Table
from assistant.tables.layout import Layout, build_layout
from assistant.tables.xlsx import _AMOUNT_WIDTH, _HEADER_FILL, _WIDTHS


def reference_write_xlsx(table: Table, path: Path, framework: Framework) -> None:
    from openpyxl import Workbook

    layout = build_layout(table, framework)
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None  # a new Workbook always has one sheet
    ws.title = "绩效目标表"
    header_row = _write_title(ws, layout)
    _write_header(ws, layout, header_row)
    _write_body(ws, layout, header_row + 1)
    _merge_spans(ws, layout, header_row + 1)
    for col, name in enumerate(layout.columns, start=1):
        ws.column_dimensions[_letter(col)].width = _WIDTHS.get(name, _AMOUNT_WIDTH)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    workbook.save(path)


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    letter: str = get_column_letter(col)
    return letter


def _set(ws: Worksheet, row: int, col: int, value: Any) -> Any:
    """Write a value; text is always text (a value like `=1` must not become a formula)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = ws.cell(row=row, column=col)
    if value == "":
        cell.value = None
    elif isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _write_title(ws: Worksheet, layout: Layout) -> int:
    from openpyxl.styles import Alignment, Font

    width = len(layout.columns)
    for row, line in enumerate(layout.title, start=1):
        cell = _set(ws, row, 1, line)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell.font = Font(bold=row == 1, size=16 if row == 1 else 11)
        cell.alignment = Alignment(horizontal="center" if row == 1 else "left", vertical="center")
    ws.row_dimensions[1].height = 28
    return len(layout.title) + 1


def _border() -> Any:
    from openpyxl.styles import Border, Side

    side = Side(style="thin", color="808080")
    return Border(left=side, right=side, top=side, bottom=side)


def _write_header(ws: Worksheet, layout: Layout, row: int) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    fill = PatternFill("solid", start_color=_HEADER_FILL, end_color=_HEADER_FILL)
    for col, name in enumerate(layout.columns, start=1):
        cell = _set(ws, row, col, name)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.border = _border()
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[row].height = 30


def _write_body(ws: Worksheet, layout: Layout, first_row: int) -> None:
    from openpyxl.styles import Alignment

    border = _border()
    wrap = Alignment(vertical="center", wrap_text=True)
    for offset, values in enumerate(layout.rows):
        for col, value in enumerate(values, start=1):
            cell = _set(ws, first_row + offset, col, value)
            cell.border = border
            cell.alignment = wrap
            if isinstance(value, float):
                cell.number_format = "#,##0.00"


def _merge_spans(ws: Worksheet, layout: Layout, first_row: int) -> None:
    """Project cells merged over the project's rows; equal 一级/二级 cells merged within it."""
    level1, level2 = layout.index("一级指标"), layout.index("二级指标")
    for start, end in layout.spans:
        for col in range(layout.project_columns):
            _merge(ws, first_row + start, first_row + end, col + 1)
        for run_start, run_end in _runs(layout.rows, start, end, [level1]):
            _merge(ws, first_row + run_start, first_row + run_end, level1 + 1)
            for l2_start, l2_end in _runs(layout.rows, run_start, run_end, [level1, level2]):
                _merge(ws, first_row + l2_start, first_row + l2_end, level2 + 1)


def _runs(rows: list[list[Any]], start: int, end: int, cols: list[int]) -> list[tuple[int, int]]:
    """Consecutive rows in start..end with equal (non-blank) values in `cols`."""
    runs: list[tuple[int, int]] = []
    run_start = start
    for i in range(start + 1, end + 2):
        key = [rows[run_start][c] for c in cols]
        if i > end or [rows[i][c] for c in cols] != key:
            if key[-1]:
                runs.append((run_start, i - 1))
            run_start = i
    return runs


def _merge(ws: Worksheet, first: int, last: int, col: int) -> None:
    if last > first:
        ws.merge_cells(start_row=first, start_column=col, end_row=last, end_column=col)
