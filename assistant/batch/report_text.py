"""Wording shared by the HTML and Markdown reports."""

from __future__ import annotations

from assistant.batch.review import ReviewRow
from assistant.batch.summary import BatchFigures
from assistant.checks import RULES
from assistant.schema import Indicator, Severity

SEVERITY_NAME: dict[Severity, str] = {"error": "错误", "warning": "警告", "hint": "提示"}
DISCLAIMER = "建议由检索与规则生成，依据为指标库中相似的真实指标；采用前请结合项目实际核对。"


def title(figures: BatchFigures) -> str:
    return f"{figures.table.department or '部门'}绩效指标审核报告"


def engine_text(engine: str) -> str:
    return "离线检索与规则" if engine == "offline" else f"大模型 {engine}"


def amount_text(amount: float | None) -> str:
    return "—" if amount is None else f"{amount:,.2f}"


def percent(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "—"


def overview(figures: BatchFigures) -> list[tuple[str, str, str]]:
    """(label, figure, detail) for the overview cards."""
    average = figures.average_score
    return [
        ("项目", str(len(figures.projects)), f"已处理 {figures.processed}，失败 {figures.failed}"),
        (
            "指标",
            str(figures.indicators),
            f"平均每个项目 {figures.indicators / max(len(figures.projects), 1):.1f} 条",
        ),
        (
            "平均得分",
            f"{average:.1f}" if average is not None else "—",
            f"满分 100；{figures.empty} 个项目没有任何指标，记 0 分"
            if figures.empty
            else "满分 100",
        ),
        (
            "可衡量",
            percent(figures.measurable, figures.indicators),
            f"{figures.measurable} 条指标年底可客观判定",
        ),
        (
            "问题",
            str(sum(figures.count(s) for s in SEVERITY_NAME)),
            "，".join(f"{name} {figures.count(s)}" for s, name in SEVERITY_NAME.items()),
        ),
        (
            "建议",
            str(figures.rewrites + figures.additions),
            f"修改 {figures.rewrites}，新增 {figures.additions}",
        ),
    ]


def table_heading(figures: BatchFigures) -> str:
    """The title of the whole-table section (the 合计 check, and last year's comparison)."""
    n = len(figures.table_findings)
    if figures.compared_with is None:
        return f"全表的问题（{n} 处）"
    return f"全表的问题与上年比较（{n} 处；上年的表：{figures.compared_with}）"


def table_finding_rows(figures: BatchFigures) -> list[tuple[str, str, str]]:
    """(rule, message, what to do) for each whole-table finding."""
    return [
        (f"{f.code} {RULES[f.code].title}", f.message, f.hint or "") for f in figures.table_findings
    ]


def incomplete_note(figures: BatchFigures) -> str | None:
    if figures.complete:
        return None
    return (
        f"本报告尚未完成：已处理 {figures.processed} / {len(figures.projects)} 个项目。"
        "用同样的命令加 --resume 可接着处理其余项目。"
    )


def value_text(ind: Indicator) -> str:
    annual = ind.annual_value.as_written() or "（空）"
    period = ind.period_value.as_written() if ind.period_value else ""
    return annual if not period or period == annual else f"{annual}（实施周期：{period}）"


def proposal_text(row: ReviewRow) -> str:
    s = row.proposal
    if s is None:
        return ""
    period = s.period_value.text() if s.period_value else ""
    value = s.annual_value.text()
    both = value if not period or period == value else f"{value}（实施周期：{period}）"
    return f"{s.name}：{both}"


def shown_rows(rows: list[ReviewRow]) -> list[ReviewRow]:
    """The rows a report shows for a project: originals with findings, suggestions, notes."""
    return [r for r in rows if r.status != "原指标" or r.problems]
