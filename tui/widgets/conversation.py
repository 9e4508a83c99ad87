"""The conversation about the current project: the user's requests and what came back."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.state import Turn

EMPTY = "在下方输入框用一句话提要求，例如「再加一个时效指标」。"


def turn_line(turn: Turn) -> Text:
    """「你：…」 or 「助手：…」."""
    if turn.role == "user":
        return Text.assemble(("你：", "bold cyan"), turn.text)
    return Text.assemble(("助手：", "bold green"), turn.text)


class ConversationLog(VerticalScroll):
    BORDER_TITLE = "对话"

    def compose(self) -> ComposeResult:
        yield Static(id="conversation-body")

    def show(self, turns: list[Turn]) -> None:
        lines = [turn_line(t) for t in turns]
        self.query_one("#conversation-body", Static).update(
            Group(*lines) if lines else Text(EMPTY, style="dim")
        )
        self.scroll_end(animate=False)
