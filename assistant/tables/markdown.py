"""Markdown: a heading per project with its amount and goal, then a table of its indicators."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.categories import Framework
from assistant.schema import Project, Table
from assistant.tables.layout import TITLE, reexpress

_COLUMNS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实施周期指标值")


_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")


def escape_cell(text: str) -> str:
    """Table text as inert Markdown: HTML tags and entities shown as text, `|` and emphasis marks
    escaped, and never a line break that could start a heading or a table row of its own."""
    t = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    t = t.replace("\\", "\\\\").replace("|", "\\|")
    for mark in ("*", "_", "`", "[", "]", "#"):
        t = t.replace(mark, "\\" + mark)
    return _LINE_BREAKS.sub("<br>", t)


def _money(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f} 万元"


def _project(n: int, project: Project, table: Table, framework: Framework) -> list[str]:
    lines = [f"## {n}. {escape_cell(project.name)}", ""]
    amounts = project.amounts
    parts = [
        ("财政拨款", amounts.fiscal),
        ("财政专户拨款", amounts.special_account),
        ("其他资金", amounts.other),
    ]
    detail = "，".join(f"{label} {v:,.2f}" for label, v in parts if v is not None)
    lines.append(f"- 总计：{_money(amounts.total)}" + (f"（{detail}）" if detail else ""))
    if project.department and project.department != table.department:
        lines.append(f"- 单位：{escape_cell(project.department)}")
    lines += [f"- 绩效目标：{escape_cell(project.goal) or '（未填写）'}", ""]
    if not project.indicators:
        return [*lines, "（无绩效指标）", ""]
    extra = [
        c
        for c, used in (
            ("取值依据", any(i.basis for i in project.indicators)),
            ("指标解释", any(i.explanation for i in project.indicators)),
        )
        if used
    ]
    columns = [*_COLUMNS, *extra]
    lines += ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for indicator in project.indicators:
        ind = reexpress(indicator, framework)
        cells = [
            ind.level1,
            ind.level2,
            ind.name,
            ind.annual_value.as_written(),
            ind.period_value.as_written() if ind.period_value else "",
        ]
        if "取值依据" in extra:
            cells.append(ind.basis or "")
        if "指标解释" in extra:
            cells.append(ind.explanation or "")
        lines.append("| " + " | ".join(escape_cell(c) for c in cells) + " |")
    return [*lines, ""]


def render_markdown(table: Table, framework: Framework) -> str:
    lines = [f"# {TITLE}", ""]
    if table.department:
        lines.append(f"部门：{escape_cell(table.department)}")
    if table.total is not None:
        lines.append(f"合计：{_money(table.total)}")
    count = sum(len(p.indicators) for p in table.projects)
    lines += [f"共 {len(table.projects)} 个项目、{count} 条绩效指标。", ""]
    for n, project in enumerate(table.projects, start=1):
        lines += _project(n, project, table, framework)
    return "\n".join(lines)


def write_markdown(table: Table, path: Path, framework: Framework) -> None:
    path.write_text(render_markdown(table, framework), encoding="utf-8")
