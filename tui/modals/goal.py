"""The project's 绩效目标: accept a suggested goal (as written or edited), reject it, or edit the
goal the table has. ctrl+s accepts, Esc cancels; Enter is a new line in the text."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, TextArea

from tui.state import GoalDecision, ProjectState

GoalChoice = tuple[GoalDecision, str]


class GoalModal(ModalScreen[GoalChoice | None]):
    BINDINGS = [
        Binding("escape", "dismiss_modal", "取消", id="goal_cancel"),
        Binding("ctrl+s", "accept", "接受", id="goal_accept", priority=True),
    ]

    def __init__(self, state: ProjectState) -> None:
        super().__init__()
        self.state = state

    def compose(self) -> ComposeResult:
        offered = self.state.goal_pending
        title = "建议的绩效目标" if offered else "绩效目标"
        with Vertical(classes="dialog"):
            yield Label(f"{title}：{self.state.project.name}", classes="dialog-title")
            if offered:
                yield Label(
                    "原表没有写绩效目标，下面是依据项目和相似项目起草的建议；可先修改再接受。",
                    classes="dialog-detail",
                )
            text = self.state.goal_offer if offered else self.state.project.goal
            yield TextArea(text, id="goal", soft_wrap=True, show_line_numbers=False)
            yield Label("", id="error", classes="error")
            yield Label("ctrl+s 接受，Esc 取消", classes="dialog-detail form-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("接受", id="ok", variant="primary")
                if offered:
                    yield Button("拒绝建议", id="reject", variant="error")
                yield Button("取消", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_accept()
        elif event.button.id == "reject":
            self.dismiss(("rejected", ""))
        else:
            self.dismiss(None)

    def action_accept(self) -> None:
        text = self.query_one("#goal", TextArea).text.strip()
        if not text:
            self.query_one("#error", Label).update("✗ 绩效目标不能为空（不要建议请按「拒绝建议」）")
            return
        self.dismiss(("accepted", text))

    def action_dismiss_modal(self) -> None:
        self.dismiss(None)
