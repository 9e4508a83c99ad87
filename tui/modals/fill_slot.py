"""Fill a slot (`≥【请填写】人次`) in place: the number only the project knows, with the
reference values (similar projects', or last year's) shown beside it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label

from assistant.schema import Indicator
from tui.modals.form import FormModal, form_hint


class FillSlotModal(FormModal[Indicator | None]):
    BINDINGS = [
        Binding("escape", "dismiss_modal", "取消", id="fill_cancel"),
        Binding("ctrl+s", "submit", "填入", id="fill_save"),
    ]

    def __init__(self, indicator: Indicator, reference: str) -> None:
        super().__init__()
        self.indicator, self.reference = indicator, reference

    def compose(self) -> ComposeResult:
        ind = self.indicator
        with Vertical(classes="dialog"):
            yield Label("填写待填写的数值", classes="dialog-title")
            yield Label(f"{ind.name}：{ind.annual_value.as_written()}")
            if self.reference:
                yield Label(self.reference, classes="dialog-detail")
            yield Input(placeholder="例如 300（方向和单位沿用上面的写法）", id="number")
            yield Label("", id="error", classes="error")
            yield form_hint("填入")
            with Horizontal(classes="dialog-buttons"):
                yield Button("填入", id="ok", variant="primary")
                yield Button("取消", id="cancel")

    def submit(self) -> None:
        from assistant.draft.slots import fill_slot

        text = self.query_one("#number", Input).value.strip()
        filled = fill_slot(self.indicator, text) if text else None
        if filled is None or filled.annual_value.number is None:
            self.query_one("#error", Label).update("✗ 请填一个数值，如 300 或 ≥300人次")
            return
        if filled.annual_value.number < 0:
            self.query_one("#error", Label).update("✗ 数值不能为负")
            return
        self.dismiss(filled)
