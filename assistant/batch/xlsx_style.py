"""Cell writing and styling shared by the sheets of the review workbook.

Every style is a named style registered once per workbook (`Styles`): assigning Font, Fill and
Border objects cell by cell hashes them on every assignment, far too slow for a department of a
thousand projects. Cells and merges go through the linear sheet writer shared with the table
writer (`assistant.tables.xlsx_sheet`).
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

from assistant.tables.xlsx_sheet import CellStyles, record_merge

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

LINE_HEIGHT = 15.0
MAX_ROW_HEIGHT = 409.0
HEADER_FILL = "1F4E78"
FILLS = {
    "建议修改": "FFF2CC",
    "建议新增": "E2EFDA",
    "error": "FBE3E0",
    "项目整体": "DDEBF7",
    "处理失败": "F4B183",
    "未处理": "EDEDED",
    "original_group": "D9E1F2",
    "review_group": "FCE4D6",
    "good": "C6EFCE",
    "fair": "FFEB9C",
    "poor": "FFC7CE",
}
TEXT, NUMBER, HEADER = "jx-text", "jx-number", "jx-header"
_WIDE = re.compile("[^\x00-\u2e7f]")  # CJK and other full-width characters take two units

_side = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_side, right=_side, top=_side, bottom=_side)
_WRAP_TOP = Alignment(vertical="top", wrap_text=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def style(fill: str | None = None, *, bold: bool = False) -> str:
    """The name of the text style with this fill (a FILLS key) and weight."""
    if fill is None and not bold:
        return TEXT
    return f"jx-{fill or 'plain'}{'-bold' if bold else ''}"


def _solid(colour: str) -> PatternFill:
    return PatternFill("solid", start_color=colour, end_color=colour)


def _named_styles() -> list[NamedStyle]:
    base = {"border": _BORDER, "alignment": _WRAP_TOP}
    styles = [
        NamedStyle(TEXT, **base),
        NamedStyle(NUMBER, number_format="#,##0.00", **base),
        NamedStyle(
            HEADER,
            font=Font(bold=True, color="FFFFFF"),
            fill=_solid(HEADER_FILL),
            border=_BORDER,
            alignment=_CENTER,
        ),
    ]
    for key in (None, *FILLS):
        for bold in (False, True) if key else (True,):
            fill = {"fill": _solid(FILLS[key])} if key else {}
            styles.append(NamedStyle(style(key, bold=bold), font=Font(bold=bold), **fill, **base))
    return styles


class Styles(CellStyles):
    """The workbook's named styles. A cell gets one by a copy of the style's array — what
    `cell.style = name` does, without its two linear searches of the style names per cell."""

    def __init__(self, workbook: Workbook) -> None:
        super().__init__(workbook)
        for named in _named_styles():
            workbook.add_named_style(named)
            self.register(named.name, named.as_tuple())

    def put(self, ws: Worksheet, row: int, col: int, value: Any, name: str = TEXT) -> Cell:
        """Write a value; text stays text (`=100%` must not become a formula); "" leaves it blank."""
        if isinstance(value, float) and name == TEXT:
            name = NUMBER
        return super().put(ws, row, col, value, name)

    def header_row(self, ws: Worksheet, row: int, titles: list[str], height: float = 32.0) -> None:
        for col, title in enumerate(titles, start=1):
            self.put(ws, row, col, title, HEADER)
        ws.row_dimensions[row].height = height


def merge(ws: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
    """Merge a block whose cells are already written and styled: the range is recorded directly
    (`CellStyles.merge` without cleaning — every cell of the block keeps its own style)."""
    record_merge(ws, first_row, first_col, last_row, last_col)


def set_widths(ws: Worksheet, widths: list[float]) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def text_lines(text: str, width: float) -> int:
    """How many lines `text` takes in a wrapped column of `width` (CJK counts double)."""
    usable = max(width - 1.5, 1.0)
    if len(text) * 2 <= usable and "\n" not in text:
        return 1
    total = 0
    for line in str(text).split("\n"):
        units = len(line) + len(_WIDE.findall(line))
        total += max(1, math.ceil(units / usable))
    return total


def row_height(texts: list[tuple[str, float]]) -> float:
    lines = max((text_lines(t, w) for t, w in texts if t), default=1)
    return min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines + 3)


def finish_sheet(ws: Worksheet, header: int, columns: int, freeze: str) -> None:
    """Freeze panes, autofilter over the header row, landscape printing fit to width."""
    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A{header}:{get_column_letter(columns)}{max(ws.max_row, header)}"
    ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
