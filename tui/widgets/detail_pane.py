"""The selected indicator in full: its findings, where a suggestion came from, and its evidence
(the real indicators it is based on: project, department, year, value)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from assistant.schema import Finding
from tui.render import (
    SLOT_STYLE,
    Wrapped,
    add_evidence,
    add_finding,
    kept,
    marked_lines,
    marks_legend,
)
from tui.state import Item, ProjectState
from tui.widgets.conversation import turn_line

if TYPE_CHECKING:
    from assistant.project_types import Recognised


def _heading(text: str) -> Text:
    return Text(text, style="bold underline")


def describe(state: ProjectState, item: Item, findings: list[Finding]) -> list[RenderableType]:
    ind = item.indicator
    period = ind.period_value.as_written() if ind.period_value else "—"
    parts: list[RenderableType] = [
        Text.assemble((ind.name, "bold"), "  ", (state.status_label(item), "cyan")),
        Text(f"{ind.level1} / {ind.level2}", style="dim"),
        Text(" · ").join(
            [
                kept(f"年度 {ind.annual_value.as_written() or '（空）'}"),
                kept(f"周期 {period}"),
                kept(f"依据 {ind.basis or '—'}"),
            ]
        ),
    ]
    if item.target:
        parts.append(Text(f"改写自「{state.item(item.target).indicator.name}」", style="italic"))
    if item.slotted:
        parts.append(Text("待填写：按 i 填入数值", style=SLOT_STYLE))
    if item.note:
        parts.append(Text(item.note, style="italic"))
    if item.slotted and item.offered and item.offered.reference:
        parts.append(Text(item.offered.reference, style="italic"))
    if item.offered and item.offered.reason:
        parts.append(Text(f"来由：{item.offered.reason}", style="italic"))
    if ind.explanation:
        parts.append(Text(f"解释：{ind.explanation}"))
    parts.append(_heading("问题") if findings else Text("没有发现问题 ✓", style="green"))
    if findings:
        parts.append(_findings(findings))
    if item.evidence:
        grid = marked_lines()
        for evidence in item.evidence:
            add_evidence(grid, evidence)
        parts += [_heading("依据的真实指标"), grid]
    return parts


def goal_lines(state: ProjectState) -> list[RenderableType]:
    """The project's type, then its 绩效目标 as it will be exported (a suggested one marked)."""
    lines = type_lines(state)
    if state.goal_pending:
        heading = "绩效目标（建议，按 m 接受或拒绝；未接受的不写入导出表）"
        return [*lines, _heading(heading), Text(state.goal_offer, style="italic cyan")]
    goal = state.project.goal.strip()
    return [*lines, _heading("绩效目标"), Text(goal or "（未填写）", style="" if goal else "dim")]


def type_lines(state: ProjectState) -> list[RenderableType]:
    """「项目类型：培训（据「培训」）」, or 「（你选定）」; t changes it."""
    from assistant.project_types import of_project

    said = "、".join(f"{k.type.label}（{_why(k)}）" for k in of_project(state.project))
    return [Text.assemble(("项目类型：", "bold"), said, ("  按 t 更改", "dim"))]


def _why(kind: Recognised) -> str:
    if kind.forced:
        return "你选定"
    return f"据「{'」「'.join(kind.words)}」" if kind.words else "未认出，按通用"


def _findings(findings: list[Finding]) -> Table:
    grid = marked_lines()
    for finding in findings:
        add_finding(grid, finding)
    return grid


class DetailPane(VerticalScroll):
    """Scrollable details of the selected row, then the project-level findings."""

    BORDER_TITLE = "详情与依据"
    BORDER_SUBTITLE = marks_legend()

    def compose(self) -> ComposeResult:
        yield Static(id="detail-body")

    def show(
        self,
        state: ProjectState | None,
        item: Item | None,
        findings: list[Finding],
        project: list[Finding],
    ) -> None:
        parts: list[RenderableType] = []
        if state is not None and state.conversation and self.screen.has_class("-narrow"):
            # the conversation pane is hidden when narrow: the last exchange leads here instead
            parts = [_heading("对话"), *(turn_line(t) for t in state.conversation[-2:])]
        if state is not None and item is not None:
            parts += describe(state, item, findings)
        if project:
            parts += [_heading("项目整体"), _findings(project)]
        if state is not None:
            parts += goal_lines(state)
        if not parts:
            parts = [Text("选中一条指标查看详情。", style="dim")]
        lines = (Wrapped(part) if isinstance(part, Text) else part for part in parts)
        self.query_one("#detail-body", Static).update(Group(*lines))
