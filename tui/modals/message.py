"""A message the user reads and closes (long or important text: a toast is gone in seconds and
loses characters over panel borders)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class MessageModal(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter", "close", "关闭", id="message_close")]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text, self.text = title, text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            with VerticalScroll(classes="dialog-detail"):
                yield Static(self.text, markup=False)
            yield Button("知道了 (Enter)", id="close", variant="primary")

    def on_button_pressed(self, _: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
