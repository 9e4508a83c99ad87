"""Choose the project's type (`corpus/types.toml`): the standard indicator set, the checks of
other kinds' indicators and the suggestions follow it. The first choice goes back to the type
recognised from the name and goal."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from assistant.project_types import all_types, recognise
from assistant.schema import Project

AUTO = "__auto__"


class ProjectTypeModal(ModalScreen[list[str] | None]):
    """Dismisses with the chosen type keys ([] = recognised from the name), or None."""

    BINDINGS = [Binding("escape", "dismiss_modal", "取消", id="type_cancel")]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project

    def compose(self) -> ComposeResult:
        found = recognise(self.project.name, self.project.goal)
        auto = "、".join(r.type.label for r in found)
        options = [Option(f"按名称和目标认定（{auto}）", id=AUTO)]
        options += [Option(t.label, id=t.key) for t in all_types()]
        with Vertical(classes="dialog"):
            yield Label(f"项目类型：{self.project.name}", classes="dialog-title")
            yield Label(
                "类型决定标准指标、其他类型指标的检查和补充建议；改了类型，待定的建议会按新类型重新生成。",
                classes="dialog-detail",
            )
            yield OptionList(*options, id="types")
            yield Label("↑↓ 选择，回车确定，Esc 取消", classes="dialog-detail form-hint")

    def on_mount(self) -> None:
        types = self.query_one("#types", OptionList)
        chosen = self.project.types[0] if self.project.types else AUTO
        types.highlighted = types.get_option_index(chosen)
        types.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id
        self.dismiss([] if key == AUTO or key is None else [key])

    def action_dismiss_modal(self) -> None:
        self.dismiss(None)
