"""Excel workbooks: read every sheet that has an indicator header; write the official layout.

openpyxl is imported inside the functions (it is not needed by `jixiao --help`). Workbooks are
opened in normal (not read-only) mode because read-only mode does not report merged cells,
and merged project/category cells are the rule in these tables.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.categories import Framework
from assistant.errors import InputError
from assistant.schema import Table
from assistant.tables.grid import Grid, read_grids
from assistant.tables.layout import Layout, build_layout
from assistant.values import format_number

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from assistant.tables.xlsx_sheet import CellStyles

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
XLS_MESSAGE = "不支持旧版 Excel（.xls）文件，请在 Excel 或 WPS 中打开后“另存为” .xlsx 再试"
_WIDTHS = {
    "项目名称": 24,
    "单位名称": 20,
    "绩效目标": 40,
    "一级指标": 12,
    "二级指标": 16,
    "三级指标": 28,
    "指标方向": 9,
    "年度指标值": 18,
    "实施周期指标值": 18,
    "计量单位": 9,
    "取值依据": 12,
    "指标解释": 30,
    "依据（相似的真实指标）": 44,
}
_AMOUNT_WIDTH = 14
_HEADER_FILL = "DDEBF7"


def read_xlsx(path: Path) -> Table:
    workbook = _open(path)
    try:
        grids = [
            Grid(str(path), ws.title, _sheet_rows(ws))
            for ws in workbook.worksheets
            if ws.sheet_state == "visible"
        ]
    finally:
        workbook.close()
    return read_grids(grids, str(path))


def _open(path: Path) -> Workbook:
    import warnings

    from openpyxl import load_workbook

    with path.open("rb") as fh:
        if fh.read(4) == _OLE_MAGIC:
            raise InputError(XLS_MESSAGE, file=str(path))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(path, data_only=True)
    except Exception:  # noqa: BLE001 - any failure here means the file is not a usable workbook
        raise InputError(
            "无法打开工作簿：文件已损坏或不是 .xlsx 格式（可在 Excel/WPS 中打开后另存为 .xlsx）",
            file=str(path),
        ) from None


def _sheet_rows(ws: Worksheet) -> list[list[str]]:
    """Cell texts, with every cell of a merged range holding the range's value."""
    rows = [[cell_text(c.value, c.number_format) for c in row] for row in ws.iter_rows()]
    for rng in ws.merged_cells.ranges:
        if rng.min_row > len(rows):
            continue
        value = rows[rng.min_row - 1][rng.min_col - 1]
        for r in range(rng.min_row, min(rng.max_row, len(rows)) + 1):
            row = rows[r - 1]
            for c in range(rng.min_col, min(rng.max_col, len(row)) + 1):
                row[c - 1] = value
    return rows


def cell_text(value: Any, number_format: str = "General") -> str:
    """A cell as the table shows it: `95%` for a percent-formatted 0.95, `2082` for 2082.0,
    `2024年12月31日` for a date."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        if "%" in (number_format or ""):
            return format_number(round(value * 100, 6)) + "%"
        return format_number(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"{value.year}年{value.month}月{value.day}日"  # how tables write a deadline
    if isinstance(value, dt.time | dt.datetime | dt.timedelta):
        return str(value)
    return str(value).strip()


def write_xlsx(table: Table, path: Path, framework: Framework) -> None:
    """The official layout, written in time linear in the table's size (see `xlsx_sheet`)."""
    from openpyxl import Workbook

    from assistant.tables.xlsx_sheet import CellStyles

    layout = build_layout(table, framework)
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None  # a new Workbook always has one sheet
    ws.title = "绩效目标表"
    styles = CellStyles(workbook)
    header_row = _write_title(ws, styles, layout)
    _write_header(ws, styles, layout, header_row)
    _write_body(ws, styles, layout, header_row + 1)
    _merge_spans(ws, styles, layout, header_row + 1)
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

    return get_column_letter(col)


def _title_style(cell: Any, first: bool) -> None:
    from openpyxl.styles import Alignment, Font

    cell.font = Font(bold=first, size=16 if first else 11)
    cell.alignment = Alignment(horizontal="center" if first else "left", vertical="center")


def _write_title(ws: Worksheet, styles: CellStyles, layout: Layout) -> int:
    width = len(layout.columns)
    for row, line in enumerate(layout.title, start=1):
        name = "title" if row == 1 else "subtitle"
        styles.style(name, lambda c, first=row == 1: _title_style(c, first))
        styles.put(ws, row, 1, line, name)
        styles.merge(ws, row, 1, row, width, clean=True)
    ws.row_dimensions[1].height = 28
    return len(layout.title) + 1


def _border() -> Any:
    from openpyxl.styles import Border, Side

    side = Side(style="thin", color="808080")
    return Border(left=side, right=side, top=side, bottom=side)


def _header_style(cell: Any) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    cell.font = Font(bold=True)
    cell.fill = PatternFill("solid", start_color=_HEADER_FILL, end_color=_HEADER_FILL)
    cell.border = _border()
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _body_style(cell: Any, number: bool) -> None:
    from openpyxl.styles import Alignment

    cell.border = _border()
    cell.alignment = Alignment(vertical="center", wrap_text=True)
    if number:
        cell.number_format = "#,##0.00"


def _write_header(ws: Worksheet, styles: CellStyles, layout: Layout, row: int) -> None:
    styles.style("header", _header_style)
    for col, name in enumerate(layout.columns, start=1):
        styles.put(ws, row, col, name, "header")
    ws.row_dimensions[row].height = 30


def _write_body(ws: Worksheet, styles: CellStyles, layout: Layout, first_row: int) -> None:
    styles.style("body", lambda c: _body_style(c, False))
    styles.style("number", lambda c: _body_style(c, True))
    for offset, values in enumerate(layout.rows):
        for col, value in enumerate(values, start=1):
            styles.put(ws, first_row + offset, col, value, "number" if isinstance(value, float) else "body")


def _merge_spans(ws: Worksheet, styles: CellStyles, layout: Layout, first_row: int) -> None:
    """Project cells merged over the project's rows; equal 一级/二级 cells merged within it."""
    level1, level2 = layout.index("一级指标"), layout.index("二级指标")

    def merge(first: int, last: int, col: int) -> None:
        if last > first:
            styles.merge(ws, first, col, last, col, clean=True)

    for start, end in layout.spans:
        for col in range(layout.project_columns):
            merge(first_row + start, first_row + end, col + 1)
        for run_start, run_end in _runs(layout.rows, start, end, [level1]):
            merge(first_row + run_start, first_row + run_end, level1 + 1)
            for l2_start, l2_end in _runs(layout.rows, run_start, run_end, [level1, level2]):
                merge(first_row + l2_start, first_row + l2_end, level2 + 1)


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
