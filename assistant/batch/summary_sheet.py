"""The 「项目汇总」 sheet (one row per project, then the department's figures) and the
「读取问题」 sheet (rows of the input that could not be read)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.batch.summary import BatchFigures, ProjectFigures
from assistant.batch.xlsx_style import Styles, finish_sheet, merge, row_height, set_widths, style
from assistant.schema import Table

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

SUMMARY_SHEET = "项目汇总"
ISSUES_SHEET = "读取问题"
SUMMARY_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 6),
    ("项目名称", 30),
    ("总计（万元）", 12),
    ("指标数", 8),
    ("得分", 8),
    ("错误", 7),
    ("警告", 7),
    ("提示", 7),
    ("缺少类别", 16),
    ("建议修改", 9),
    ("建议新增", 9),
    ("处理状态", 10),
    ("结论", 56),
)
ISSUE_COLUMNS: tuple[tuple[str, float], ...] = (
    ("文件", 36),
    ("工作表", 14),
    ("行", 7),
    ("列", 12),
    ("问题", 80),
)
SCORE_COLUMN, STATUS_COLUMN = 5, 12


def score_fill(score: int) -> str:
    return "good" if score >= 80 else "fair" if score >= 60 else "poor"


def _project_values(p: ProjectFigures) -> list[str | float | int | None]:
    return [
        p.position + 1,
        p.project.name,
        p.project.amounts.total,
        len(p.project.indicators),
        p.score,
        p.count("error"),
        p.count("warning"),
        p.count("hint"),
        "、".join(p.missing),
        p.rewrites,
        p.additions,
        p.status,
        p.summary,
    ]


def _overview(figures: BatchFigures) -> list[tuple[str, str]]:
    average = figures.average_score
    share = figures.measurable_share
    return [
        ("部门", figures.table.department or "（未写明）"),
        (
            "项目",
            f"{len(figures.projects)} 个（已处理 {figures.processed}，失败 {figures.failed}）",
        ),
        (
            "指标",
            f"{figures.indicators} 条，可衡量 {figures.measurable} 条"
            + (f"（{share:.0%}）" if share is not None else ""),
        ),
        ("平均得分", f"{average:.1f}" if average is not None else "—"),
        (
            "发现问题",
            f"错误 {figures.count('error')}，警告 {figures.count('warning')}，提示 {figures.count('hint')}",
        ),
        ("建议", f"建议修改 {figures.rewrites} 条，建议新增 {figures.additions} 条"),
        ("引擎", "离线检索与规则" if figures.engine == "offline" else f"大模型 {figures.engine}"),
    ]


def write_summary_sheet(ws: Worksheet, styles: Styles, figures: BatchFigures) -> None:
    ws.title = SUMMARY_SHEET
    widths = [w for _, w in SUMMARY_COLUMNS]
    styles.header_row(ws, 1, [t for t, _ in SUMMARY_COLUMNS])
    for row, project in enumerate(figures.projects, start=2):
        values = _project_values(project)
        fills = {SCORE_COLUMN: score_fill(project.score) if project.score is not None else None}
        fills[STATUS_COLUMN] = None if project.status == "已完成" else project.status
        for col, value in enumerate(values, start=1):
            styles.put(ws, row, col, value, style(fills.get(col)))
        ws.row_dimensions[row].height = row_height(
            [(str(v), w) for v, w in zip(values, widths, strict=True)]
        )
    finish_sheet(ws, header=1, columns=len(SUMMARY_COLUMNS), freeze="C2")
    at = len(figures.projects) + 3
    for offset, (label, text) in enumerate(_overview(figures)):
        styles.put(ws, at + offset, 2, label, style(bold=True))
        for col in range(3, len(SUMMARY_COLUMNS) + 1):
            styles.put(ws, at + offset, col, text if col == 3 else None)
        merge(ws, at + offset, 3, at + offset, len(SUMMARY_COLUMNS))
    set_widths(ws, widths)


def write_issues_sheet(ws: Worksheet, styles: Styles, table: Table) -> None:
    ws.title = ISSUES_SHEET
    widths = [w for _, w in ISSUE_COLUMNS]
    styles.header_row(ws, 1, [t for t, _ in ISSUE_COLUMNS])
    for row, issue in enumerate(table.issues, start=2):
        values = [issue.file, issue.sheet or "", issue.row, issue.column or "", issue.message]
        for col, value in enumerate(values, start=1):
            styles.put(ws, row, col, value)
        ws.row_dimensions[row].height = row_height(
            [(str(v), w) for v, w in zip(values, widths, strict=True)]
        )
    finish_sheet(ws, header=1, columns=len(ISSUE_COLUMNS), freeze="A2")
    set_widths(ws, widths)
