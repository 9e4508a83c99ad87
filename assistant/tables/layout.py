"""The written layout of a table (xlsx and csv): title lines, the official columns, one
indicator per row with the project cells repeated (merged in xlsx).

Categories are re-expressed in the chosen framework. Each value cell holds
`IndicatorValue.as_written()`; the 指标方向 and 计量单位 cells are filled only where reading them
back cannot change a value (see `cells.combined_value`), so a written table reads back equal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.categories import Framework, to_framework
from assistant.schema import Indicator, IndicatorValue, Project, Table
from assistant.similarity import cite

Cell = str | float | None

TITLE = "项目支出绩效目标表"
INDICATOR_COLUMNS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "指标方向",
    "年度指标值",
    "实施周期指标值",
    "计量单位",
    "取值依据",
    "指标解释",
)
_OPTIONAL_AMOUNTS = (
    ("fiscal", "财政拨款（万元）"),
    ("special_account", "财政专户拨款（万元）"),
    ("other", "其他资金（万元）"),
)
EVIDENCE_COLUMN = "依据（相似的真实指标）"
REFERENCE_COLUMN = "待填写（同类项目参考值）"
DEPARTMENT_COLUMN = "单位名称"
TOTAL_COLUMN = "总计（万元）"


@dataclass
class Layout:
    """What to write: rows[i] is one body row; spans give each project's rows (inclusive)."""

    title: list[str]
    columns: list[str]
    project_columns: int
    rows: list[list[Cell]] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    # Slots still to fill: (row, column) of each value cell written as `≥【请填写】…`, with the
    # reference the cell comment shows.
    pending: list[tuple[int, int, str]] = field(default_factory=list)

    def index(self, column: str) -> int:
        return self.columns.index(column)


def reexpress(indicator: Indicator, framework: Framework) -> Indicator:
    """The indicator with its categories in the target framework (成本 moves between levels)."""
    level1, level2 = to_framework(indicator.level1, indicator.level2, framework)
    return indicator.model_copy(update={"level1": level1, "level2": level2})


def _direction_and_unit(annual: IndicatorValue, period: IndicatorValue | None) -> tuple[str, str]:
    """The row's 指标方向 and 计量单位: blank where they would alter the other value on reading."""
    if period is None or period.number is None:
        return annual.operator or "", annual.unit or ""
    operator = annual.operator if period.operator == annual.operator else None
    unit = annual.unit if period.unit == annual.unit else None
    return operator or "", unit or ""


def _evidence(indicator: Indicator) -> str:
    """A suggestion's evidence, one citation a line (plain indicators have none)."""
    return "\n".join(cite(e) for e in getattr(indicator, "evidence", [])[:3])


def _reference(indicator: Indicator) -> str:
    """What a slot asks for and the closest real values (empty for a filled value)."""
    if not indicator.annual_value.pending:
        return ""
    ref = getattr(indicator, "reference", "") or "按本项目实施计划填写"
    return f"待填写：{ref}"


def indicator_cells(indicator: Indicator, framework: Framework) -> list[Cell]:
    ind = reexpress(indicator, framework)
    operator, unit = _direction_and_unit(ind.annual_value, ind.period_value)
    period = ind.period_value.as_written() if ind.period_value else ""
    return [
        ind.level1,
        ind.level2,
        ind.name,
        operator,
        ind.annual_value.as_written(),
        period,
        unit,
        ind.basis or "",
        ind.explanation or "",
    ]


def common_year(table: Table) -> int | None:
    """The one year of every project (or the table's own, when no project names one)."""
    years = {p.year for p in table.projects}
    if years <= {None}:
        return table.year
    return next(iter(years)) if len(years) == 1 else None


def _title(table: Table) -> list[str]:
    year = common_year(table)
    lines = [f"{year}年{TITLE}" if year else TITLE]
    if table.department:
        lines.append(f"部门名称：{table.department}")
    return [*lines, "单位：万元"]


def build_layout(table: Table, framework: Framework) -> Layout:
    with_department = any(p.department not in (None, table.department) for p in table.projects)
    amounts = [
        (f, label)
        for f, label in _OPTIONAL_AMOUNTS
        if any(getattr(p.amounts, f) is not None for p in table.projects)
    ]
    project_columns = ["项目名称", *([DEPARTMENT_COLUMN] if with_department else []), TOTAL_COLUMN]
    project_columns += [label for _, label in amounts] + ["绩效目标"]
    with_evidence = any(_evidence(i) for p in table.projects for i in p.indicators)
    with_slots = any(i.annual_value.pending for p in table.projects for i in p.indicators)
    indicator_columns = [
        *INDICATOR_COLUMNS,
        *([EVIDENCE_COLUMN] if with_evidence else []),
        *([REFERENCE_COLUMN] if with_slots else []),
    ]
    layout = Layout(_title(table), [*project_columns, *indicator_columns], len(project_columns))
    if table.total is not None:
        total_row: list[Cell] = ["合计", *([""] if with_department else []), table.total]
        layout.rows.append(total_row + [""] * (len(layout.columns) - len(total_row)))
    for project in table.projects:
        cells = _project_cells(project, with_department, [f for f, _ in amounts])
        first = len(layout.rows)
        for indicator in project.indicators:
            extra = [_evidence(indicator)] if with_evidence else []
            extra += [_reference(indicator)] if with_slots else []
            row = cells + indicator_cells(indicator, framework) + extra
            if indicator.annual_value.pending:
                note = _reference(indicator)
                layout.pending += [
                    (len(layout.rows), layout.index(c), note)
                    for c in ("年度指标值", "实施周期指标值")
                ]
            layout.rows.append(row)
        if not project.indicators:
            layout.rows.append(cells + [""] * len(indicator_columns))
        layout.spans.append((first, len(layout.rows) - 1))
    return layout


def _project_cells(project: Project, with_department: bool, amount_fields: list[str]) -> list[Cell]:
    cells: list[Cell] = [project.name]
    if with_department:
        cells.append(project.department or "")
    cells.append(project.amounts.total)
    cells += [getattr(project.amounts, f) for f in amount_fields]
    return [*cells, project.goal]
