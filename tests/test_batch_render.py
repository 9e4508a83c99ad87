"""Rendering a batch: the review workbook and the HTML/Markdown reports, from hand-built results
(no index needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from assistant.batch.report_html import chart_svg, render_html
from assistant.batch.report_md import cell, render_markdown
from assistant.batch.results import ProjectResult
from assistant.batch.summary import RuleCount, batch_figures
from assistant.batch.workbook import REVIEW_SHEET, write_workbook
from assistant.checks import check_indicator, check_project
from assistant.refine.project import ProjectSuggestions
from assistant.schema import (
    Amounts,
    Evidence,
    Indicator,
    Project,
    Refinement,
    RowIssue,
    Suggestion,
    Table,
)

EVIDENCE = Evidence(
    id="S1",
    name="系统正常运行率",
    value="≥98%",
    project="平台运维",
    department="区政数局",
    year=2023,
)
HOSTILE = '<script>alert("x")</script>平台|运维'


def _ind(name: str, value: str, level2: str, level1: str = "产出指标", **raw: str) -> Indicator:
    return Indicator.from_text(level1=level1, level2=level2, name=name, annual_value=value, **raw)


def _table() -> Table:
    vague = _ind("提高系统稳定性", "提高", "11-数量指标", "1-产出指标", period_value="=1")
    good = _ind("设备采购数量", "=20台", "数量指标")
    projects = [
        Project(
            name=HOSTILE,
            goal="保障平台正常运行",
            amounts=Amounts(total=30.0),
            indicators=[vague, good],
        ),
        Project(name="坏数据项目", goal="", amounts=Amounts(total=5.0), indicators=[good]),
        Project(name="未处理项目", goal="目标", amounts=Amounts(total=1.0), indicators=[good]),
    ]
    issues = [RowIssue(file="表.txt", row=9, column="绩效指标", message="第 2 项指标无法读取")]
    return Table(projects=projects, department="区委政法委", source="表.txt", issues=issues)


def _results(table: Table) -> dict[int, ProjectResult]:
    first = table.projects[0]
    vague = first.indicators[0]
    rewrite = Suggestion.from_text(
        level1="产出指标",
        level2="质量指标",
        name="系统正常运行率",
        annual_value="≥98%",
        evidence=[EVIDENCE],
        explanation="参照「平台运维」的真实指标",
    )
    addition = Suggestion.from_text(
        level1="满意度指标",
        level2="服务对象满意度指标",
        name="用户满意度",
        annual_value="≥90%",
        evidence=[EVIDENCE],
    )
    found = ProjectSuggestions(
        project=first.name,
        report=check_project(first),
        additions=[addition],
        rewrites=[
            Refinement(original=vague, findings=check_indicator(vague, first), rewrites=[rewrite])
        ],
    )
    broken = table.projects[1]
    return {
        0: ProjectResult(position=0, name=first.name, suggestions=found),
        1: ProjectResult(
            position=1,
            name=broken.name,
            error="ValueError: 坏数据",
            suggestions=ProjectSuggestions(project=broken.name, report=check_project(broken)),
        ),
    }


@pytest.fixture
def workbook(tmp_path: Path) -> Workbook:
    table = _table()
    path = tmp_path / "审核.xlsx"
    write_workbook(batch_figures(table, _results(table)), path)
    return load_workbook(path)


def _rows(ws: Worksheet) -> list[dict[str, object]]:
    header = [c.value for c in ws[2]]
    return [
        dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=3)
    ]


def test_original_cells_are_written_as_the_user_wrote_them(workbook: Workbook) -> None:
    rows = [r for r in _rows(workbook[REVIEW_SHEET]) if r["审核状态"] == "原指标"]
    first = rows[0]
    assert (first["一级指标"], first["二级指标"], first["三级指标"]) == (
        "1-产出指标",
        "11-数量指标",
        "提高系统稳定性",
    )
    assert (first["年度指标值"], first["实施周期指标值"]) == ("提高", "=1")
    assert len(rows) == 4


def test_text_that_looks_like_a_formula_stays_text(workbook: Workbook) -> None:
    ws = workbook[REVIEW_SHEET]
    cells = [c for row in ws.iter_rows(min_row=3) for c in row if c.value == "=1"]
    assert cells and all(c.data_type == "s" for c in cells)


def test_suggestions_sit_below_their_original_with_status_and_fill(workbook: Workbook) -> None:
    ws = workbook[REVIEW_SHEET]
    rows = _rows(ws)
    statuses = [r["审核状态"] for r in rows]
    at = statuses.index("建议修改")
    assert rows[at - 1]["三级指标"] == "提高系统稳定性"
    assert rows[at]["建议三级指标"] == "系统正常运行率" and rows[at]["建议年度指标值"] == "≥98%"
    assert "平台运维" in str(rows[at]["依据（相似的真实指标）"]) and "2023" in str(
        rows[at]["依据（相似的真实指标）"]
    )
    assert rows[at]["三级指标"] is None  # the original columns of a suggestion row stay empty
    assert "建议新增" in statuses and "处理失败" in statuses and "未处理" in statuses
    status_col = [c.value for c in ws[2]].index("审核状态") + 1
    fills = {
        ws.cell(row=i + 3, column=status_col).value: ws.cell(
            row=i + 3, column=status_col
        ).fill.fgColor.rgb
        for i in range(len(rows))
    }
    assert fills["建议修改"].endswith("FFF2CC") and fills["建议新增"].endswith("E2EFDA")
    vague_row = statuses.index("原指标") + 3
    assert ws.cell(row=vague_row, column=status_col).fill.fgColor.rgb.endswith(
        "FBE3E0"
    )  # has an error


def test_sheet_is_ready_for_review(workbook: Workbook) -> None:
    ws = workbook[REVIEW_SHEET]
    assert ws.freeze_panes == "B3"
    assert ws.auto_filter.ref.startswith("A2:")
    assert any(str(r).startswith("A3:A") for r in ws.merged_cells.ranges)  # project cells merged
    assert ws.cell(row=2, column=1).font.bold
    assert workbook.sheetnames == [REVIEW_SHEET, "项目汇总", "读取问题"]


def test_summary_and_issues_sheets(workbook: Workbook) -> None:
    summary = workbook["项目汇总"]
    names = [summary.cell(row=r, column=2).value for r in range(2, 5)]
    assert names == [HOSTILE, "坏数据项目", "未处理项目"]
    statuses = [summary.cell(row=r, column=12).value for r in range(2, 5)]
    assert statuses == ["已完成", "处理失败", "未处理"]
    assert "坏数据" in summary.cell(row=3, column=13).value
    issues = workbook["读取问题"]
    assert issues.cell(row=2, column=5).value == "第 2 项指标无法读取"


def test_html_report_is_self_contained_and_escaped() -> None:
    table = _table()
    page = render_html(batch_figures(table, _results(table), generated="2024-01-01 09:00"))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<svg" in page and "V001" in page
    for project in (
        "坏数据项目",
        "未处理项目",
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;平台|运维",
    ):
        assert project in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "尚未完成" in page and "处理失败" in page and "系统正常运行率" in page


def test_markdown_report_escapes_table_cells() -> None:
    table = _table()
    text = render_markdown(batch_figures(table, _results(table)))
    assert "平台\\|运维" in text and "&lt;script&gt;" in text
    assert "## 问题类型" in text and "█" in text
    assert cell("a|b\nc") == "a\\|b<br>c"


def test_chart_has_one_bar_per_rule() -> None:
    svg = chart_svg(
        [
            RuleCount("V001", "指标值不可衡量", "error", 5),
            RuleCount("N001", "名称<甲>", "warning", 2),
        ]
    )
    assert svg.count("<rect") == 2 and "名称&lt;甲&gt;" in svg
