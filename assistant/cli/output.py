"""Rich rendering and file output shared by the commands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from assistant.draft import DraftRequest
    from assistant.schema import Draft, Evidence, Finding, Table

SEVERITY_STYLE = {"error": ("✗", "bold red"), "warning": ("!", "yellow"), "hint": ("·", "cyan")}


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def finding_line(f: Finding) -> str:
    """One finding as Rich markup (table text escaped)."""
    from rich.markup import escape

    icon, style = SEVERITY_STYLE[f.severity]
    who = f"「{escape(f.indicator)}」" if f.indicator else ""
    hint = f" → {escape(f.hint)}" if f.hint else ""
    return f"[{style}]{icon} {f.code}[/] {who}{escape(f.message)}[dim]{hint}[/]"


def evidence_text(e: Evidence) -> str:
    """`name value（project year）` for tables and reports."""
    return f"{e.name} {e.value}（{e.project or '共性指标库'} {e.year or ''}）".replace(" ）", "）")


def print_draft(draft: Draft) -> None:
    from rich.markup import escape
    from rich.panel import Panel
    from rich.table import Table

    out = console()
    for notice in draft.notices:
        out.print(f"[yellow]提示：{escape(notice)}[/]")
    out.print(Panel(escape(draft.goal), title=f"绩效目标 · {escape(draft.project)}", title_align="left"))
    table = Table(show_lines=True, expand=True)
    table.add_column("类别", no_wrap=True)
    table.add_column("三级指标", ratio=3, overflow="fold")
    table.add_column("年度指标值", no_wrap=True)
    table.add_column("取值依据", no_wrap=True)
    table.add_column("来源（相似的真实指标）", ratio=4, overflow="fold")
    for s in draft.indicators:
        source = evidence_text(s.evidence[0]) if s.evidence else "—"
        more = f" 等{len(s.evidence)}条" if len(s.evidence) > 1 else ""
        category = f"{s.level1.removesuffix('指标')}·{s.level2.removesuffix('指标')}"
        table.add_row(category, *(escape(x) for x in (s.name, s.annual_value.text(), s.basis or "", source + more)))
    out.print(table)
    for f in draft.findings:
        out.print(finding_line(f))
    engine = "大模型" if draft.engine == "llm" else "离线检索与规则"
    out.print(f"[dim]引擎：{engine}；置信度：{'高' if draft.confidence == 'high' else '低'}[/]")


def draft_table(draft: Draft, request: DraftRequest) -> Table:
    from assistant.schema import Amounts, Project, Table

    project = Project(
        name=request.name,
        department=request.department,
        year=request.year,
        amounts=Amounts(total=request.amount),
        goal=draft.goal,
        indicators=list(draft.indicators),
    )
    return Table(projects=[project], department=request.department)


def write_draft(draft: Draft, request: DraftRequest, path: Path) -> None:
    from assistant.safe_io import atomic_write_text
    from assistant.tables import write_table

    if path.suffix.lower() == ".json":
        atomic_write_text(path, draft.model_dump_json(indent=2))
        return
    write_table(draft_table(draft, request), path, framework=request.framework)
