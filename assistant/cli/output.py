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
    from assistant.schema import origin_place

    return f"{e.name} {e.value}（{origin_place(e.origin, e.project)} {e.year or ''}）".replace(
        " ）", "）"
    )


def _types_line(draft: Draft) -> str:
    from rich.markup import escape

    parts = []
    for t in draft.types:
        why = (
            "（用户指定）"
            if t.forced
            else (f"（据「{'」「'.join(t.words)}」）" if t.words else "（未能识别）")
        )
        parts.append(f"{t.label}{why}")
    return escape("项目类型：" + "；".join(parts) + "　可用 --type 改")


def _facts_line(draft: Draft) -> str | None:
    from rich.markup import escape

    if not draft.facts:
        return None
    shown = [f"{f.text}{'' if f.kept else '（未保留）'}" for f in draft.facts]
    return escape("描述中的事实：" + "、".join(shown))


def print_draft(draft: Draft) -> None:
    from rich.markup import escape
    from rich.panel import Panel
    from rich.table import Table

    out = console()
    for notice in draft.notices:
        out.print(f"[yellow]提示：{escape(notice)}[/]")
    out.print(f"[bold]{escape(draft.project)}[/]")
    if draft.given_goal:
        out.print(f"[dim]项目描述（原文，未改动）：{escape(draft.given_goal)}[/]")
    out.print(_types_line(draft))
    if draft.twin:
        out.print(escape(f"以相似项目「{draft.twin}」的整套指标为起点"))
    facts = _facts_line(draft)
    if facts:
        out.print(facts)
    table = Table(show_lines=True, expand=True)
    table.add_column("类别", no_wrap=True)
    table.add_column("三级指标", ratio=3, overflow="fold")
    table.add_column("年度指标值", ratio=2, overflow="fold")
    table.add_column("为什么有这一条", ratio=3, overflow="fold")
    table.add_column("依据（相似的真实指标）", ratio=4, overflow="fold")
    for s in draft.indicators:
        source = evidence_text(s.evidence[0]) if s.evidence else "无相近的真实指标"
        more = f" 等{len(s.evidence)}条" if len(s.evidence) > 1 else ""
        category = f"{s.level1.removesuffix('指标')}·{s.level2.removesuffix('指标')}"
        value = escape(s.annual_value.text())
        if s.annual_value.pending:
            value = f"[bold yellow]{value}[/]" + (
                f"\n[dim]{escape(s.reference)}[/]" if s.reference else ""
            )
        table.add_row(
            escape(category),
            escape(s.name),
            value,
            escape(s.reason or (s.basis or "")),
            escape(source + more),
        )
    out.print(table)
    out.print(
        Panel(escape(draft.goal), title="建议的绩效目标（供参考，可另行采用）", title_align="left")
    )
    for f in draft.findings:
        out.print(finding_line(f))
    pending = [s.name for s in draft.indicators if s.annual_value.pending]
    if pending:
        out.print(
            escape(f"待填写 {len(pending)} 条：用 --set 名称=值 填入，例如 --set {pending[0]}=100")
        )
    engine = "大模型" if draft.engine == "llm" else "离线检索与规则"
    out.print(f"[dim]引擎：{engine}；置信度：{'高' if draft.confidence == 'high' else '低'}[/]")


def draft_table(draft: Draft, request: DraftRequest) -> Table:
    from assistant.schema import Amounts, Project, Table

    project = Project(
        name=request.name,
        department=request.department,
        year=request.year,
        amounts=Amounts(total=request.amount),
        goal=draft.given_goal or draft.goal,  # the user's words stay; the suggestion is shown apart
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
