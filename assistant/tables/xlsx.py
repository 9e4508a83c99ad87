"""Excel workbooks: read every sheet that has an indicator header; write the official layout.

openpyxl is imported inside the functions (it is not needed by `jixiao --help`). Workbooks are
read in read-only (streaming) mode, and the merged ranges from the same stream: merged
project/category cells are the rule in these tables.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.categories import Framework
from assistant.errors import InputError
from assistant.safe_io import save_workbook
from assistant.schema import RowIssue, Table
from assistant.tables.formats import XLS_MESSAGE
from assistant.tables.grid import Grid, read_grids
from assistant.tables.layout import Layout, build_layout
from assistant.tables.xlsx_sheet import CellStyles
from assistant.values import format_number

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from assistant.tables.xlsx_sheet import CellStyles

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
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


# Reading is bounded whatever the workbook declares: the uncompressed parts must fit a budget
# (a shared-strings bomb is refused before parsing), only cells that hold something are kept,
# and a long run of empty rows or columns ends the table (a stray cell at A1048576 or XFD100 is
# reported, not read as a million empty rows).
MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_EMPTY_ROWS = 1000
MAX_EMPTY_COLUMNS = 100


def read_xlsx(path: Path) -> Table:
    _check_budget(path)
    workbook = _open(path)
    issues: list[RowIssue] = []
    try:
        grids = [
            Grid(str(path), ws.title, _sheet_rows(ws, str(path), issues))
            for ws in workbook.worksheets
            if ws.sheet_state == "visible"
        ]
    finally:
        workbook.close()
    table = read_grids(grids, str(path))
    table.issues = [*issues, *table.issues]
    return table


def _check_budget(path: Path) -> None:
    """Refuse a workbook whose parts unpack to more than the budget (a zip bomb)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            sizes = [(info.file_size, info.filename) for info in archive.infolist()]
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: _open says so in its own words
    total = sum(size for size, _ in sizes)
    if total > MAX_UNCOMPRESSED:
        size, name = max(sizes)
        raise InputError(
            f"工作簿解压后有 {total / 2**20:,.0f} MB（其中 {name} 占 {size / 2**20:,.0f} MB），"
            f"超过可读取的上限 {MAX_UNCOMPRESSED // 2**20} MB，不像一张绩效目标表，已拒绝读取",
            file=str(path),
        )


def _open(path: Path) -> Workbook:
    import warnings

    from openpyxl import load_workbook

    with path.open("rb") as fh:
        if fh.read(4) == _OLE_MAGIC:
            raise InputError(XLS_MESSAGE, file=str(path))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(path, data_only=True, read_only=True)
    except Exception:  # noqa: BLE001 - any failure here means the file is not a usable workbook
        raise InputError(
            "无法打开工作簿：文件已损坏或不是 .xlsx 格式（可在 Excel/WPS 中打开后另存为 .xlsx）",
            file=str(path),
        ) from None


def _sheet_cells(ws: Any) -> tuple[dict[tuple[int, int], str], list[tuple[int, int, int, int]]]:
    """The cells that hold text, by (row, column), and the merged ranges, streamed from the
    sheet's XML: rows and cells the sheet does not store are never created."""
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.worksheet._reader import WorkSheetParser

    cells: dict[tuple[int, int], str] = {}
    wb = ws.parent
    with ws._get_source() as src:  # noqa: SLF001 - the read-only sheet's own streaming parser
        parser = WorkSheetParser(
            src,
            ws._shared_strings,
            data_only=True,
            epoch=wb.epoch,  # noqa: SLF001
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,  # noqa: SLF001
        )
        for row_index, row in parser.parse():
            for cell in row:
                value = cell.get("value")
                if value is None or value == "":
                    continue
                number_format = "General"
                if cell.get("style_id") and isinstance(
                    value, int | float | dt.date | dt.time | dt.timedelta
                ):
                    number_format = ReadOnlyCell(ws, **cell).number_format
                text = cell_text(value, number_format)
                if text:
                    cells[(row_index, cell["column"])] = text
        merged = parser.merged_cells
    ranges = []
    for item in getattr(merged, "mergeCell", []) or []:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(item.ref)
        except (TypeError, ValueError):
            continue
        ranges.append((min_row, min_col, max_row, max_col))
    return cells, ranges


def _used_extent(positions: list[int], gap: int) -> int:
    """The last position before the first run of more than `gap` empty ones (0 if none)."""
    last = 0
    for pos in sorted(set(positions)):
        if last and pos - last > gap:
            break
        last = pos
    return last


def _sheet_rows(ws: Any, file: str, issues: list[RowIssue]) -> list[list[str]]:
    """Cell texts of the used range, with every cell of a merged range holding the range's value."""
    cells, merges = _sheet_cells(ws)
    last_row = _used_extent([r for r, _ in cells], MAX_EMPTY_ROWS)
    last_col = _used_extent([c for r, c in cells if r <= last_row], MAX_EMPTY_COLUMNS)
    stray = sorted(pos for pos in cells if pos[0] > last_row or pos[1] > last_col)
    if stray:
        from openpyxl.utils import get_column_letter

        row, col = stray[0]
        issues.append(
            RowIssue(
                file=file,
                sheet=ws.title,
                row=row,
                column=get_column_letter(col),
                message=(
                    f"表格在第 {last_row} 行、第 {get_column_letter(last_col)} 列之后有大片空白，"
                    f"其后的 {len(stray)} 个单元格（如 {get_column_letter(col)}{row}「{cells[(row, col)][:20]}」）"
                    "像是误填，未读取"
                ),
            )
        )
    rows = [[""] * last_col for _ in range(last_row)]
    for (r, c), text in cells.items():
        if r <= last_row and c <= last_col:
            rows[r - 1][c - 1] = text
    for min_row, min_col, max_row, max_col in merges:
        if min_row > last_row or min_col > last_col:
            continue
        value = rows[min_row - 1][min_col - 1]
        for r in range(min_row, min(max_row, last_row) + 1):
            merged_row = rows[r - 1]
            for c in range(min_col, min(max_col, last_col) + 1):
                merged_row[c - 1] = value
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
    _mark_slots(ws, styles, layout, header_row + 1)
    for col, name in enumerate(layout.columns, start=1):
        ws.column_dimensions[_letter(col)].width = _WIDTHS.get(name, _AMOUNT_WIDTH)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    save_workbook(workbook, path)


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    letter: str = get_column_letter(col)
    return letter


def _title_style(cell: Any, first: bool) -> None:
    from openpyxl.styles import Alignment, Font

    cell.font = Font(bold=first, size=16 if first else 11)
    cell.alignment = Alignment(horizontal="center" if first else "left", vertical="center")


def _write_title(ws: Worksheet, styles: CellStyles, layout: Layout) -> int:
    width = len(layout.columns)
    for row, line in enumerate(layout.title, start=1):
        name = "title" if row == 1 else "subtitle"
        styles.style(name, partial(_title_style, first=row == 1))
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
            styles.put(
                ws, first_row + offset, col, value, "number" if isinstance(value, float) else "body"
            )


SLOT_FILL = "FFF2CC"  # a light yellow: the cells the unit has still to fill


def _slot_style(cell: Any) -> None:
    from openpyxl.styles import PatternFill

    _body_style(cell, False)
    cell.fill = PatternFill("solid", start_color=SLOT_FILL, end_color=SLOT_FILL)


def _mark_slots(ws: Worksheet, styles: CellStyles, layout: Layout, first_row: int) -> None:
    """Slots (`≥【请填写】人次`) stand out: a fill, and a comment saying what to fill and the
    closest real values."""
    from openpyxl.comments import Comment

    if not layout.pending:
        return
    styles.style("slot", _slot_style)
    for row, col, note in layout.pending:
        cell = styles.put(ws, first_row + row, col + 1, layout.rows[row][col], "slot")
        cell.comment = Comment(note, "jixiao")


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
