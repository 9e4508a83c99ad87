"""What the form dialogs share: Enter moves to the next field (a text field or a closed
select, which opens with space or the arrows) and submits from the last one; ctrl+s and the OK
button submit; Esc cancels.

Tab, shift+tab and Enter are priority bindings of the dialog, so the focus moves while the key
itself is handled: keys that follow in the same burst (fast typing, an input method's commit)
land in the new field. Without this, Tab travels through the old field's message queue before
it moves the focus, and the keys behind it are already routed to the old field.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import TypeVar

from textual.actions import SkipAction
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button, Label

ResultType = TypeVar("ResultType")


def form_hint(submit: str) -> Label:
    """The line that tells how to move and submit, e.g. 「回车到下一项，ctrl+s 保存，Esc 取消」."""
    return Label(f"回车到下一项，ctrl+s {submit}，Esc 取消", classes="dialog-detail form-hint")


class FormModal(ModalScreen[ResultType]):
    BINDINGS = [
        Binding("tab", "app.focus_next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", show=False, priority=True),
        Binding("enter", "next_field", show=False, priority=True),
    ]

    @abstractmethod
    def submit(self) -> None:
        """Validate the fields; dismiss with the result, or show why not (each form its own)."""

    def action_submit(self) -> None:
        self.submit()

    def action_next_field(self) -> None:
        """Enter in a field: the next field, or submit from the last one. Elsewhere (a button,
        an open select's list) Enter keeps its own meaning."""
        fields = list(self.query("Input, Select"))
        if self.focused not in fields:
            raise SkipAction()
        position = fields.index(self.focused)
        if position == len(fields) - 1:
            self.submit()
        else:
            self.set_focus(fields[position + 1])  # now: Widget.focus() would wait a turn

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.submit()
        else:
            self.dismiss(None)

    def action_dismiss_modal(self) -> None:
        self.dismiss(None)
