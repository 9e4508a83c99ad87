"""The new-project form: name, description, amount, department, framework → a DraftRequest.
Enter moves to the next field and drafts from the last one; ctrl+s drafts from anywhere."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select

from assistant.draft import DraftRequest, make_request
from assistant.errors import InputError
from tui.modals.form import FormModal, form_hint
from tui.render import FRAMEWORK_OPTIONS


def _type_options() -> list[tuple[str, str]]:
    """自动识别, then every project type (corpus/types.toml) by its Chinese label."""
    from assistant.project_types import all_types

    return [("自动识别", ""), *((t.label, t.key) for t in all_types() if t.key != "general")]


class NewProjectModal(FormModal[DraftRequest | None]):
    BINDINGS = [
        Binding("ctrl+s", "submit", "起草", id="new_submit"),
        Binding("escape", "dismiss_modal", "取消", id="new_cancel"),
    ]

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
            yield form_hint("起草")
            with Horizontal(classes="dialog-buttons"):
                yield Button("起草", id="ok", variant="primary")
                yield Button("取消", id="cancel")

    def _value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value.strip()

    def submit(self) -> None:
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
