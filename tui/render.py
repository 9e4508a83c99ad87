"""Rich text for the widgets: severity icons and colours, status labels, category labels."""

from __future__ import annotations

from collections import Counter

from rich.table import Table
from rich.text import Text

from assistant.categories import short_label
from assistant.schema import Evidence, Finding, Indicator

SEVERITY_ICONS: dict[str, tuple[str, str]] = {
    "error": ("✗", "bold red"),
    "warning": ("!", "bold yellow"),
    "hint": ("·", "bold cyan"),
}
FRAMEWORK_OPTIONS = [("旧框架（成本在产出下）", "legacy"), ("2021 框架（成本为一级指标）", "2021")]
STATUS_STYLES: dict[str, str] = {
    "原指标": "",
    "已接受": "bold green",
    "已编辑": "bold green",
    "已拒绝": "dim strike",
    "建议": "bold cyan",
    "已替换": "dim",
}


def category_label(indicator: Indicator, wide: bool) -> str:
    """`产出·数量` when wide, the short label (`数量`, `效益`, `满意度`) when narrow."""
    if not wide:
        return short_label(indicator.level2)
    level2 = indicator.level2.removesuffix("指标").replace("服务对象满意度", "满意度")
    return f"{indicator.level1.removesuffix('指标')}·{level2}"


def finding_counts(findings: list[Finding]) -> Text:
    """`✗1 !2 ·1`, coloured by severity; empty when there is nothing."""
    counts = Counter(f.severity for f in findings)
    text = Text()
    for severity, (icon, style) in SEVERITY_ICONS.items():
        if counts[severity]:
            text.append(f"{icon}{counts[severity]} ", style=style)
    text.rstrip()
    return text


def marked_lines() -> Table:
    """A two-column grid (marker, text), so long Chinese lines wrap under the text, not the marker."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    return grid


def add_finding(grid: Table, finding: Finding) -> None:
    icon, style = SEVERITY_ICONS[finding.severity]
    grid.add_row(Text(icon, style=style), finding.message)
    if finding.hint:
        grid.add_row(Text("→", style="dim"), Text(finding.hint, style="italic"))


def status_text(label: str) -> Text:
    return Text(label, style=STATUS_STYLES.get(label, ""))


def value_text(indicator: Indicator) -> str:
    return indicator.annual_value.as_written() or "（空）"


def add_evidence(grid: Table, evidence: Evidence) -> None:
    """`• 群众满意度 ≥90%`, then `某项目 · 某局 · 2023` under it."""
    from assistant.schema import origin_place

    place = (
        origin_place(evidence.origin, evidence.project)
        if evidence.origin or evidence.project
        else None
    )
    where = " · ".join(str(x) for x in (place, evidence.department, evidence.year) if x)
    grid.add_row(
        Text("•", style="cyan"), Text.assemble((evidence.name, "bold"), f" {evidence.value}")
    )
    if where:
        grid.add_row("", Text(where, style="dim"))
