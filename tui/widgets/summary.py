"""One line above the table: the project, its budget, score and findings, and what is running."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from assistant.schema import Finding
from tui.render import finding_counts
from tui.state import ProjectState


class ProjectSummary(Static):
    def show(
        self, state: ProjectState | None, score: int | None, findings: list[Finding], busy: str
    ) -> None:
        if state is None:
            self.update(Text("按 ctrl+o 打开绩效目标表，或按 n 新建项目。", style="dim"))
            return
        amount = state.project.amounts.total
        text = Text(state.project.name, style="bold", no_wrap=True, overflow="ellipsis")
        if amount is not None:
            text.append(f" · {amount:g}万元")
        if score is not None:
            text.append(f" · {score}分")
        if findings:
            text.append(" · ").append_text(finding_counts(findings))
        if state.pending():
            text.append(f" · 待定{len(state.pending())}", style="cyan")
        if busy:
            text.append(f" · {busy}（Esc 取消）", style="italic magenta")
        self.update(text)
