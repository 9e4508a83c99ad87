"""The right-hand side of the workspace: summary line, indicator table, details and evidence,
conversation, and the request line. It renders one project; the screen owns the session."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.widgets import DataTable, Input

from assistant.schema import Finding
from tui.state import Item, ProjectState
from tui.widgets.conversation import ConversationLog
from tui.widgets.detail_pane import DetailPane
from tui.widgets.indicator_table import IndicatorTable
from tui.widgets.summary import ProjectSummary

ASK_PLACEHOLDER = "/ 提要求：再加一个时效指标；满意度目标改成95%"


@dataclass
class Checked:
    """A project with what the checker said about it."""

    state: ProjectState
    score: int | None
    findings: list[Finding]
    rows: dict[str, list[Finding]] = field(default_factory=dict)


class ProjectView(Vertical):
    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.checked: Checked | None = None
        self.busy = ""

    def compose(self) -> ComposeResult:
        yield ProjectSummary(id="summary")
        with Container(id="work"):
            yield IndicatorTable(id="indicators")
            with Vertical(id="side"):
                yield DetailPane(id="detail")
                yield ConversationLog(id="conversation")
        yield Input(placeholder=ASK_PLACEHOLDER, id="ask")

    def show(self, checked: Checked | None, select: str | None = None) -> None:
        """Render a project (or nothing), keeping the cursor on `select` when given."""
        self.checked = checked
        table = self.query_one(IndicatorTable)
        if checked is None:
            table.empty()
        else:
            table.show(checked.state, checked.rows, select)
        self.query_one(ConversationLog).show(checked.state.conversation if checked else [])
        self._show_summary()
        self._show_detail()

    def set_busy(self, busy: str) -> None:
        self.busy = busy
        self.query_one("#side").loading = bool(busy)
        self._show_summary()

    def selected_item(self) -> Item | None:
        item_id = self.query_one(IndicatorTable).selected_id
        if self.checked is None or item_id is None:
            return None
        return self.checked.state.item(item_id)

    def _show_summary(self) -> None:
        c = self.checked
        summary = self.query_one(ProjectSummary)
        summary.show(
            c.state if c else None, c.score if c else None, c.findings if c else [], self.busy
        )

    @on(DataTable.RowHighlighted, "#indicators")
    def _show_detail(self) -> None:
        c, item = self.checked, self.selected_item()
        project = []
        if c is not None:  # the checker is imported once a project is on screen, not before
            from assistant.checks.checker import project_level

            project = project_level(c.findings, (i.indicator.name for i in c.state.items))
        rows = c.rows.get(item.id, []) if c and item else []
        self.query_one(DetailPane).show(c.state if c else None, item, rows, project)
