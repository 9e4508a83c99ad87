"""A linear sheet writer on top of openpyxl, shared by the table writer (`tables/xlsx.py`) and the
batch review workbook (`batch/xlsx_style.py`).

openpyxl's convenient paths are quadratic or slow on a big sheet:
- `cell.font = …` (and fill, border, alignment, number_format) hashes the style object into the
  workbook's list on every assignment; here a style is built once (`CellStyles.style`) and a cell
  gets a copy of its style array.
- `ws.merge_cells` checks every new range against all earlier ones (`CellRange.issubset`, 9.6 M
  calls at 1,000 projects) and re-borders each edge cell with new Border objects; here the range
  is recorded directly (the ranges written here never overlap) and, with `clean=True`, the cells
  are made exactly what `merge_cells` makes of them — the covered cells emptied into MergedCells,
  the edge borders copied from the top-left cell — each distinct case computed once by openpyxl
  itself and then copied.

openpyxl is imported by the functions and classes that need it, never at module import.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

_EDGES = ("top", "left", "right", "bottom")


class CellStyles:
    """Cell styles of one workbook, each built once and then copied onto cells."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self._arrays: dict[str, StyleArray] = {}
        self._merged: dict[tuple[Any, ...], StyleArray] = {}

    def style(self, name: str, build: Callable[[Cell], None] | None = None) -> StyleArray:
        """The style called `name`; the first time, `build` sets it up on a scratch cell, exactly
        as it would on a real one (so the workbook's style lists grow in the same order)."""
        array = self._arrays.get(name)
        if array is None:
            from openpyxl.cell.cell import Cell

            scratch = Cell(self.workbook.active or self.workbook.worksheets[0])
            if build is not None:
                build(scratch)
            array = self._arrays[name] = copy(scratch._style)
        return array

    def register(self, name: str, array: StyleArray) -> None:
        """A style array made elsewhere (a named style's), known here by `name`."""
        self._arrays[name] = array

    def put(self, ws: Worksheet, row: int, col: int, value: Any, name: str) -> Cell:
        """Write a value with a style already built. Text stays text (`=1` must not become a
        formula), illegal control characters are dropped, "" leaves the cell blank."""
        cell = ws.cell(row=row, column=col)
        write_value(cell, value)
        cell._style = copy(self._arrays[name])
        return cell

    def merge(
        self,
        ws: Worksheet,
        first_row: int,
        first_col: int,
        last_row: int,
        last_col: int,
        *,
        clean: bool = False,
    ) -> None:
        """Merge a block whose cells are already written.

        Without `clean` the range is only recorded: the cells keep their values and styles (the
        review workbook writes every cell of a block itself). With `clean` the cells end up as
        `ws.merge_cells` leaves them."""
        record_merge(ws, first_row, first_col, last_row, last_col)
        if clean:
            self._clean(ws, first_row, first_col, last_row, last_col)

    def _clean(
        self, ws: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int
    ) -> None:
        from openpyxl.cell.cell import MergedCell

        cells = ws._cells
        start = ws.cell(row=first_row, column=first_col)
        end = cells.get((last_row, last_col))
        base = (tuple(start._style), tuple(end._style) if end is not None else None)
        for row in range(first_row, last_row + 1):
            for col in range(first_col, last_col + 1):
                at_start = row == first_row and col == first_col
                edges = (row == first_row, col == first_col, col == last_col, row == last_row)
                key = (*base, at_start, edges)
                array = self._merged.get(key)
                if array is None:
                    array = self._merged[key] = self._merged_style(ws, start, end, at_start, edges)
                if at_start:
                    start._style = copy(array)
                else:
                    cell = MergedCell(ws, row=row, column=col)
                    cell._style = copy(array)
                    cells[(row, col)] = cell

    @staticmethod
    def _merged_style(
        ws: Worksheet, start: Cell, end: Cell | None, at_start: bool, edges: tuple[bool, ...]
    ) -> StyleArray:
        """What `merge_cells` gives one cell of a range, worked out by openpyxl's own steps on
        scratch cells: the start cell takes the end cell's right and bottom border
        (`MergedCellRange._get_borders`), covered cells start empty, edge cells take the start
        cell's sides and every cell its protection (`MergedCellRange.format`)."""
        from openpyxl.cell.cell import Cell, MergedCell
        from openpyxl.styles import Border

        head = Cell(ws)
        head._style = copy(start._style)
        if end is not None:
            head.border += Border(right=end.border.right, bottom=end.border.bottom)
        target = head if at_start else MergedCell(ws)
        for name, on_edge in zip(_EDGES, edges, strict=True):
            side = getattr(head.border, name)
            if side and side.style is None:
                continue
            if on_edge:
                target.border += Border(**{name: side})
        target.protection = copy(head.protection)
        return copy(target._style)


def record_merge(
    ws: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int
) -> None:
    """Add a merged range without `MultiCellRange.add`'s check against every earlier range
    (the callers never write overlapping ranges)."""
    from openpyxl.worksheet.cell_range import CellRange

    ws.merged_cells.ranges.add(
        CellRange(min_col=first_col, min_row=first_row, max_col=last_col, max_row=last_row)
    )


def write_value(cell: Cell, value: Any) -> None:
    """A value into a cell: text is always text; "" (or text of control characters only) is blank."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = text or None
        if text:
            cell.data_type = "s"
    else:
        cell.value = value
