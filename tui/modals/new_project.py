"""The new-project form: name, description, amount, department, framework → a DraftRequest."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from assistant.draft import DraftRequest, make_request
from assistant.errors import InputError
from tui.render import FRAMEWORK_OPTIONS


def _type_options() -> list[tuple[str, str]]:
    """自动识别, then every project type (corpus/types.toml) by its Chinese label."""
    from assistant.project_types import all_types

    return [("自动识别", ""), *((t.label, t.key) for t in all_types() if t.key != "general")]


class NewProjectModal(ModalScreen[DraftRequest | None]):
    BINDINGS = [Binding("escape", "dismiss_modal", "取消", id="new_cancel")]

    def __init__(self, department: str | None = None) -> None:
        super().__init__()
        self.department = department or ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("新建项目并起草指标", classes="dialog-title")
            with Grid(classes="form"):
                yield Label("项目名称")
                yield Input(placeholder="如 社区网格员培训经费", id="name", compact=True)
                yield Label("项目描述")
                yield Input(
                    placeholder="一句话或一段：做什么、为谁、做到什么程度", id="goal", compact=True
                )
                yield Label("金额（万元）")
                yield Input(placeholder="如 16 或 1,989.76", id="amount", compact=True)
                yield Label("部门")
                yield Input(self.department, id="department", compact=True)
                yield Label("指标框架")
                yield Select(
                    FRAMEWORK_OPTIONS,
                    value="legacy",
                    allow_blank=False,
                    id="framework",
                    compact=True,
                )
                yield Label("项目类型")
                yield Select(_type_options(), value="", allow_blank=False, id="type", compact=True)
            yield Label("", id="error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("起草", id="ok", variant="primary")
                yield Button("取消", id="cancel")

    def on_input_submitted(self) -> None:
        self._try_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._try_submit()
        else:
            self.dismiss(None)

    def action_dismiss_modal(self) -> None:
        self.dismiss(None)

    def _value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value.strip()

    def _try_submit(self) -> None:
        from assistant.values import parse_budget

        try:
            request = make_request(
                name=self._value("name"),
                goal=self._value("goal"),
                amount=parse_budget(self._value("amount")),
                department=self._value("department") or None,
                framework=self.query_one("#framework", Select).value,
                types=[kind] if (kind := str(self.query_one("#type", Select).value)) else None,
            )
        except InputError as err:
            self.query_one("#error", Label).update(err.user_message())
            return
        self.dismiss(request)
