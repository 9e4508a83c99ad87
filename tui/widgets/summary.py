"""One line above the table: the project, its budget, score and findings, and what is running.

The name is cut with 「…」 to the width, so the figures after it always show."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from assistant.schema import Finding
from tui.render import SLOT_STYLE, finding_counts, fit_line
from tui.state import ProjectState

EMPTY = Text("按 ctrl+o 打开绩效目标表，或按 n 新建项目。", style="dim")


class ProjectSummary(Widget):
    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.name_text, self.figures, self.running = EMPTY, Text(), Text()

    def show(
        self, state: ProjectState | None, score: int | None, findings: list[Finding], busy: str
    ) -> None:
        self.running = Text(f" · {busy}（可按 Esc 取消）" if busy else "", style="italic magenta")
        if state is None:
            self.name_text, self.figures = EMPTY, Text()
        else:
            self.name_text = Text(" ".join(state.project.name.split()), style="bold")
            self.figures = _figures(state, score, findings)
        self.refresh()

    def render(self) -> Text:
        return fit_line(self.name_text, self.figures, self.running, self.content_size.width)


def _figures(state: ProjectState, score: int | None, findings: list[Finding]) -> Text:
    text = Text()
    amount = state.project.amounts.total
    if amount is not None:
        text.append(f" · {amount:g}万元")
    if score is not None:
        text.append(f" · {score}分")
    if findings:
        text.append(" · ").append_text(finding_counts(findings))
    if state.undecided:
        text.append(f" · 待定{state.undecided}", style="cyan")
    if slots := state.open_slots():
        text.append(" · ").append(f"待填写{len(slots)}", style=SLOT_STYLE)
    return text
