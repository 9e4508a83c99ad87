"""A sheet as a grid of text cells, read into projects and indicators (shared by xlsx and csv).

One indicator per row. Blank project cells (merged in the source, or simply left empty)
continue the project above; blank 一级/二级 cells continue the category above. A row that cannot
become an indicator is kept as a `RowIssue` and the other rows still load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from assistant.errors import InputError
from assistant.schema import Amounts, Indicator, Project, RowIssue, Table
from assistant.tables.cells import basis_of, combined_value, direction
from assistant.tables.columns import (
    AMOUNT_FIELDS,
    Header,
    amount_scale,
    clean,
    find_header,
    is_category_label,
    is_title_line,
    read_title,
    repeats_header,
)
from assistant.tables.packed import MAX_NAME, packed_indicators
from assistant.values import parse_amount

_TOTAL_NAMES = ("合计", "总计")
_DEFAULT_SHEET = re.compile(r"^(sheet|工作表|表)\s*\d*$", re.IGNORECASE)
_FOOTNOTE = re.compile(
    r"^(注|说明|备注|填表人?|制表人?|审核人?|单位负责人|负责人|联系人|联系电话)\s*\d*\s*[:：.、]"
)
_UNIT_NAME = re.compile(r"(委员会|委|局|院|厅|办公室|中心|部|政府|办事处|学校|中学|小学|医院)$")
_INDICATOR_FIELDS = ("name", "level1", "level2", "annual", "period", "packed")


@dataclass
class Grid:
    """The text of one sheet: rows[0] is row 1."""

    file: str
    sheet: str | None
    rows: list[list[str]]

    def where(self, row: int) -> str:
        sheet = f" 工作表「{self.sheet}」" if self.sheet else ""
        return f"{Path(self.file).name}{sheet} 第{row}行"

    def is_blank(self) -> bool:
        return all(_blank(row) for row in self.rows)


def _blank(row: list[str]) -> bool:
    return all(not c.strip() or re.fullmatch(r":?-{2,}:?", c.strip()) for c in row)


def _banner(row: list[str]) -> bool:
    """A line across the table rather than a row of it: a merged heading or note, `单位：万元`,
    or a footnote such as `注：…` / `填表人：…`."""
    filled = {c.strip() for c in row if c.strip()}
    if len([c for c in row if c.strip()]) > 1:
        return len(filled) == 1
    text = next(iter(filled))
    return bool(_FOOTNOTE.match(text)) or is_title_line(text)


class _SheetReader:
    """Reads the body of one grid below its header into `table`."""

    def __init__(self, grid: Grid, header: Header, table: Table) -> None:
        self.grid, self.header, self.table = grid, header, table
        self.title = read_title(grid.rows[: header.first])
        self.project: Project | None = None
        self.level1 = self.level2 = ""
        self.department = self.title.department
        table.department = table.department or self.title.department

    def cell(self, row: list[str], name: str) -> str:
        col = self.header.columns.get(name)
        return row[col].strip() if col is not None and col < len(row) else ""

    def issue(self, row: int, column: str | None, message: str) -> None:
        self.table.issues.append(
            RowIssue(
                file=self.grid.file, sheet=self.grid.sheet, row=row, column=column, message=message
            )
        )

    def run(self) -> None:
        for index in range(self.header.last + 1, len(self.grid.rows)):
            row = self.grid.rows[index]
            if _blank(row) or repeats_header(row, self.header):
                continue
            if _banner(row):
                self.read_banner(row)
                continue
            self.read_row(self.aligned(row), index + 1)

    def read_banner(self, row: list[str]) -> None:
        """A second table's `部门名称：…` in the same sheet names the department of what follows."""
        info = read_title([row])
        if info.department:
            self.department = info.department

    def aligned(self, row: list[str]) -> list[str]:
        """A row that leaves out the project cells (published tables write the project once, then
        its indicator rows from 一级指标 on) moved under the columns it belongs to."""
        level1 = self.header.columns.get("level1")
        filled = [c for c in row if c.strip()]
        width = self.header.width
        if level1 is None or not filled or len(row) >= width or not row[0].strip():
            return row
        if not is_category_label(row[0]) or is_category_label(self.cell(row, "level1")):
            return row
        if width - len(row) < level1:
            return row
        return [""] * level1 + row  # its first cell under 一级指标 (a cut-short row stays short)

    def read_row(self, row: list[str], number: int) -> None:
        name = self.cell(row, "project")
        if clean(name) in _TOTAL_NAMES:
            if self.table.total is None:
                self.table.total = self.amount(row, "total", number)
            return
        if len(name) > MAX_NAME:
            self.issue(
                number,
                self.header.label("project", "项目名称"),
                f"项目名称长达 {len(name)} 字，不像一个名称（引号不成对，或几行粘在了一起？），该行已跳过",
            )
            return
        if name and self._new_project(row, name):
            self.start_project(row, name, number)
        if not any(self.cell(row, f) for f in _INDICATOR_FIELDS):
            return
        project = self.project or self.start_project(
            row, self.fallback_name(), number, from_title=True
        )
        if "packed" in self.header.columns and "name" not in self.header.columns:
            self.read_packed(project, row, number)
        else:
            self.read_indicator(project, row, number)

    def _new_project(self, row: list[str], name: str) -> bool:
        """Another name, or the same name for another unit (单位名称 column), starts a project."""
        if self.project is None or name != self.project.name:
            return True
        department = self.cell(row, "department")
        return bool(department) and department != self.project.department

    def fallback_name(self) -> str:
        """A one-project form names its project above the header, else the sheet or file does."""
        if self.title.project:
            return self.title.project
        if self.grid.sheet and not _DEFAULT_SHEET.match(self.grid.sheet.strip()):
            return self.grid.sheet.strip()
        return Path(self.grid.file).stem

    def amount(
        self, row: list[str], name: str, number: int, text: str | None = None
    ) -> float | None:
        text = self.cell(row, name) if text is None else text
        value = parse_amount(text)
        if value is None:
            if text.strip() and text.strip() not in ("-", "—", "/"):
                label = self.header.label(name, "金额")
                self.issue(number, label, f"金额「{text}」不是数字，已按空白处理")
            return None
        scale = amount_scale(self.header.label(name, ""), self.title.amount_scale)
        return round(value * scale, 6)

    def start_project(
        self, row: list[str], name: str, number: int, from_title: bool = False
    ) -> Project:
        amounts = Amounts(**{f: self.amount(row, f, number) for f in AMOUNT_FIELDS})
        goal = self.cell(row, "goal")
        if from_title:
            goal = goal or self.title.goal or ""
            if amounts.total is None and self.title.total:
                amounts.total = self.amount(row, "total", number, text=self.title.total)
        self.project = Project(
            name=name,
            department=self.cell(row, "department") or self.department,
            year=self.title.year,
            amounts=amounts,
            goal=goal,
            origin=self.grid.where(number),
        )
        self.level1 = self.level2 = ""
        self.table.projects.append(self.project)
        return self.project

    def read_packed(self, project: Project, row: list[str], number: int) -> None:
        indicators, failures = packed_indicators(self.cell(row, "packed"), self.grid.where(number))
        project.indicators.extend(indicators)
        for message in failures:
            self.issue(number, self.header.label("packed", "绩效指标"), message)

    def categories(self, row: list[str]) -> tuple[str, str]:
        level1, level2 = self.cell(row, "level1"), self.cell(row, "level2")
        if not level1:
            level1, level2 = self.level1, level2 or self.level2
        elif level1 == self.level1 and not level2:
            level2 = self.level2
        self.level1, self.level2 = level1, level2
        return level1, level2

    def read_indicator(self, project: Project, row: list[str], number: int) -> None:
        level1, level2 = self.categories(row)
        name = self.cell(row, "name")
        if not name:
            self.issue(
                number, self.header.label("name", "三级指标"), "缺少三级指标名称，该行已跳过"
            )
            return
        if len(name) > MAX_NAME:
            self.issue(
                number,
                self.header.label("name", "三级指标"),
                f"指标名称长达 {len(name)} 字，像是几条指标或整段文字粘在了一起，该行已跳过",
            )
            return
        operator = direction(self.cell(row, "sign")) or direction(self.cell(row, "nature"))
        unit = self.cell(row, "unit")
        period = self.cell(row, "period")
        explanation = self.cell(row, "explanation")
        basis_text = self.cell(row, "basis")
        basis = basis_of(basis_text)
        if basis_text and basis is None:
            explanation = "；".join(filter(None, [explanation, f"取值依据：{basis_text}"]))
        try:
            indicator = Indicator.from_text(
                level1=level1,
                level2=level2,
                name=name,
                annual_value=combined_value(self.cell(row, "annual"), operator, unit, name),
                period_value=combined_value(period, operator, unit, name) if period else None,
                explanation=explanation or None,
                basis=basis,
                source=self.grid.where(number),
            )
        except ValidationError as err:
            column = "level2" if "level2" in self.header.columns else "level1"
            message = str(err.errors()[0]["msg"]).removeprefix("Value error, ")
            self.issue(
                number,
                self.header.label(column, "二级指标"),
                f"{message}，该行已跳过（指标：{name}）",
            )
            return
        project.indicators.append(indicator)


def read_grids(grids: list[Grid], file: str) -> Table:
    """Every sheet with a recognisable header, into one table."""
    table = Table(source=file)
    filled = [g for g in grids if not g.is_blank()]
    if not filled:
        raise InputError("表格是空的，没有任何内容", file=file)
    skipped = []
    for grid in filled:
        header = find_header(grid.rows)
        if header is None:
            skipped.append(grid)
        else:
            _SheetReader(grid, header, table).run()
    if len(skipped) == len(filled):
        raise InputError(
            "找不到表头行：应有「三级指标」（或「指标名称」）列及「一级指标」「二级指标」或「指标值」列，"
            "或至少有「项目名称」列及「绩效目标」或金额列",
            file=file,
            sheet=skipped[0].sheet,
        )
    for grid in skipped:
        table.issues.append(
            RowIssue(
                file=file,
                sheet=grid.sheet,
                message="未找到表头（三级指标、指标值等列），已跳过该工作表",
            )
        )
    _drop_department_row(table)
    check_misreads(table, file, [find_header(g.rows) for g in filled])
    return table


# A project total above this (in 万元, i.e. 10 亿元) is not plausible for one spending project:
# the table is most likely in 元 while read as 万元.
IMPLAUSIBLE_AMOUNT = 100_000.0


def check_misreads(table: Table, file: str, headers: list[Header | None]) -> None:
    """Say loudly when a table was read but not understood: projects named like an indicator
    category, amounts implausible for 万元, and no indicator at all although the header has
    indicator columns and rows went unread (then nothing useful was read: InputError naming the
    columns understood). A list of projects that simply have no indicators yet is not a misread."""
    for project in table.projects:
        if is_category_label(project.name):
            table.issues.append(
                RowIssue(
                    file=file,
                    row=_row_of(project),
                    column="项目名称",
                    message=(
                        f"「{project.name}」是指标类别，却被读成了项目：指标行的列可能没有对齐"
                        "（缺少前面的项目列），请检查表格"
                    ),
                )
            )
        total = project.amounts.total
        if total is not None and abs(total) >= IMPLAUSIBLE_AMOUNT:
            table.issues.append(
                RowIssue(
                    file=file,
                    row=_row_of(project),
                    column="金额",
                    message=(
                        f"项目「{project.name}」金额 {total:,.2f} 万元（{total / 10_000:,.1f} 亿元）不像一个项目的预算："
                        "表格是否以「元」为单位？请在表头写明「单位：元」，或改成万元"
                    ),
                )
            )
    has_indicator_columns = [h for h in headers if h is not None and h.names_indicators()]
    misread = bool(table.issues)  # rows that could not be read, or the warnings above
    if (
        table.projects
        and has_indicator_columns
        and misread
        and not any(p.indicators for p in table.projects)
    ):
        understood = "、".join(
            f"{label}（第 {col + 1} 列）"
            for name, col in sorted(has_indicator_columns[0].columns.items(), key=lambda kv: kv[1])
            for label in [has_indicator_columns[0].label(name, name)]
        )
        raise InputError(
            f"读到 {len(table.projects)} 个项目，却没有读到任何一条绩效指标。识别出的列：{understood}。"
            "指标行可能缺少前面的项目列或列没有对齐，请检查表格",
            file=file,
        )


def _row_of(project: Project) -> int | None:
    match = re.search(r"第(\d+)行", project.origin or "")
    return int(match.group(1)) if match else None


def _drop_department_row(table: Table) -> None:
    """The row that names the department itself is not a project: it carries the department's
    name (from the title, or a unit-like name repeating the 合计 amount) and nothing else."""
    kept: list[Project] = []
    for project in table.projects:
        if not project.indicators and not project.goal and _is_department(project, table, kept):
            table.department = table.department or project.name
            continue
        kept.append(project)
    table.projects = kept


def _is_department(project: Project, table: Table, before: list[Project]) -> bool:
    if table.department is not None:
        return project.name == table.department
    first_of_several = not before and len(table.projects) > 1
    repeats_total = table.total is not None and project.amounts.total == table.total
    return first_of_several and repeats_total and bool(_UNIT_NAME.search(project.name))
