"""The review workbook: 「绩效指标审核」 — the original table, untouched, with the review columns
beside it — then 「项目汇总」 and, when the table had unreadable rows, 「读取问题」."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook

from assistant.batch.review import ORIGINAL, ReviewRow, original_cells, review_rows
from assistant.batch.summary import BatchFigures, ProjectFigures
from assistant.batch.summary_sheet import write_issues_sheet, write_summary_sheet
from assistant.batch.xlsx_style import (
    LINE_HEIGHT,
    MAX_ROW_HEIGHT,
    Styles,
    finish_sheet,
    merge,
    row_height,
    set_widths,
    style,
    text_lines,
)
from assistant.safe_io import save_workbook
from assistant.schema import Project, Table

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

REVIEW_SHEET = "绩效指标审核"
STATUS_COLUMN = "审核状态"
REVIEW_COLUMNS: tuple[tuple[str, float], ...] = (
    (STATUS_COLUMN, 10),
    ("问题代码", 10),
    ("问题与修改提示", 46),
    ("建议类别", 15),
    ("建议三级指标", 24),
    ("建议年度指标值", 14),
    ("建议实施周期指标值", 14),
    ("建议取值依据", 10),
    ("依据（相似的真实指标）", 42),
    ("说明", 30),
)
_AMOUNTS = (
    ("fiscal", "财政拨款（万元）"),
    ("special_account", "财政专户拨款（万元）"),
    ("other", "其他资金（万元）"),
)
Cell = str | float | None


@dataclass(frozen=True)
class Columns:
    """The original-table columns this table needs (optional ones only when some row has them)."""

    departments: bool
    amounts: tuple[str, ...]
    basis: bool
    explanation: bool

    @classmethod
    def of(cls, table: Table) -> Columns:
        indicators = [i for p in table.projects for i in p.indicators]
        return cls(
            departments=any(p.department not in (None, table.department) for p in table.projects),
            amounts=tuple(
                f
                for f, _ in _AMOUNTS
                if any(getattr(p.amounts, f) is not None for p in table.projects)
            ),
            basis=any(i.basis for i in indicators),
            explanation=any(i.explanation for i in indicators),
        )

    def project(self) -> list[tuple[str, float]]:
        labels = dict(_AMOUNTS)
        return [
            ("项目名称", 22),
            *([("单位名称", 16)] if self.departments else []),
            ("总计（万元）", 11),
            *[(labels[f], 11) for f in self.amounts],
            ("绩效目标", 36),
        ]

    def indicator(self) -> list[tuple[str, float]]:
        return [
            ("一级指标", 11),
            ("二级指标", 13),
            ("三级指标", 26),
            ("年度指标值", 15),
            ("实施周期指标值", 18),
            *([("取值依据", 10)] if self.basis else []),
            *([("指标解释", 24)] if self.explanation else []),
        ]


def _project_cells(project: Project, cols: Columns) -> list[Cell]:
    cells: list[Cell] = [project.name]
    if cols.departments:
        cells.append(project.department or "")
    cells.append(project.amounts.total)
    cells += [getattr(project.amounts, f) for f in cols.amounts]
    return [*cells, project.goal]


def _indicator_cells(row: ReviewRow, cols: Columns) -> list[Cell]:
    count = 5 + cols.basis + cols.explanation
    ind = row.original
    if ind is None:
        return [""] * count
    extra = ([ind.basis or ""] if cols.basis else []) + (
        [ind.explanation or ""] if cols.explanation else []
    )
    return [*original_cells(ind), *extra]


def _review_cells(row: ReviewRow) -> list[Cell]:
    s = row.proposal
    proposal: list[Cell] = ["", "", "", "", ""]
    if s is not None:
        period = s.period_value.text() if s.period_value else ""
        proposal = [f"{s.level1}／{s.level2}", s.name, s.annual_value.text(), period, s.basis or ""]
    return [row.status, row.codes, row.problems, *proposal, row.evidence, row.note]


def _fill_key(row: ReviewRow) -> str | None:
    if row.status == ORIGINAL:
        return "error" if row.has_error else None
    return row.status


@dataclass(frozen=True)
class Geometry:
    """Where the column groups start, and every column's width."""

    project: int
    indicator: int
    widths: list[float]

    @property
    def status(self) -> int:
        return self.project + self.indicator + 1


class ReviewSheet:
    """Writes the review sheet: two header rows, then each project's block of rows."""

    def __init__(self, ws: Worksheet, styles: Styles, table: Table) -> None:
        self.ws, self.styles, self.cols = ws, styles, Columns.of(table)
        spec = [*self.cols.project(), *self.cols.indicator(), *REVIEW_COLUMNS]
        self.titles = [t for t, _ in spec]
        self.geo = Geometry(
            len(self.cols.project()), len(self.cols.indicator()), [w for _, w in spec]
        )

    def write(self, figures: BatchFigures) -> None:
        self.ws.title = REVIEW_SHEET
        self._group_row()
        self.styles.header_row(self.ws, 2, self.titles)
        at = 3
        for project in figures.projects:
            at = self._project(at, project)
        set_widths(self.ws, self.geo.widths)
        finish_sheet(self.ws, header=2, columns=len(self.titles), freeze="B3")

    def _group_row(self) -> None:
        original = self.geo.project + self.geo.indicator
        for first, last, title, key in (
            (1, original, "原表（照原文，未作任何改动）", "original_group"),
            (
                original + 1,
                len(self.titles),
                "审核意见与建议（jixiao 生成，供审核取舍）",
                "review_group",
            ),
        ):
            for col in range(first, last + 1):
                self.styles.put(
                    self.ws, 1, col, title if col == first else None, style(key, bold=True)
                )
            merge(self.ws, 1, first, 1, last)
        self.ws.row_dimensions[1].height = 22

    def _project(self, at: int, figures: ProjectFigures) -> int:
        rows = review_rows(figures) or [ReviewRow(status="项目整体")]
        project_cells = _project_cells(figures.project, self.cols)
        for offset, row in enumerate(rows):
            values = [*project_cells, *_indicator_cells(row, self.cols), *_review_cells(row)]
            self._row(at + offset, values, row, first=offset == 0)
        last = at + len(rows) - 1
        if last > at:
            for col in range(1, self.geo.project + 1):
                merge(self.ws, at, col, last, col)
        self._fit_goal(at, last, figures.project.goal)
        return last + 1

    def _row(self, at: int, values: list[Cell], row: ReviewRow, *, first: bool) -> None:
        """One body row; project cells hold values only on the block's first row (merged below)."""
        key, geo = _fill_key(row), self.geo
        for col, value in enumerate(values, start=1):
            if col <= geo.project:
                self.styles.put(self.ws, at, col, value if first else None)
            else:
                self.styles.put(self.ws, at, col, value, style(key, bold=col == geo.status))
        start = 0 if first else geo.project
        texts = [
            (v, w)
            for v, w in zip(values[start:], geo.widths[start:], strict=True)
            if isinstance(v, str)
        ]
        self.ws.row_dimensions[at].height = row_height(texts)

    def _fit_goal(self, first: int, last: int, goal: str) -> None:
        """Make the merged goal cell tall enough: add what is missing to the block's last row."""
        dims = self.ws.row_dimensions
        have = sum(dims[r].height or LINE_HEIGHT for r in range(first, last + 1))
        need = text_lines(goal, self.geo.widths[self.geo.project - 1]) * LINE_HEIGHT + 3
        if need > have:
            dims[last].height = min(
                MAX_ROW_HEIGHT, (dims[last].height or LINE_HEIGHT) + need - have
            )


def write_workbook(figures: BatchFigures, path: Path) -> None:
    workbook = Workbook()
    styles = Styles(workbook)
    sheet = workbook.active
    assert sheet is not None  # a new Workbook always has one sheet
    ReviewSheet(sheet, styles, figures.table).write(figures)
    write_summary_sheet(workbook.create_sheet(), styles, figures)
    if figures.table.issues:
        write_issues_sheet(workbook.create_sheet(), styles, figures.table)
    workbook.properties.title = f"{figures.table.department or ''}绩效指标审核"

    save_workbook(workbook, path)
