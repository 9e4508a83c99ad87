"""Export: where to write the result (typed, or its folder picked in the browser) and in which
framework; first, what the export leaves undone."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DirectoryTree, Input, Label, Select

from assistant.categories import Framework
from assistant.safe_io import same_file
from assistant.tables.formats import suffixes, unsupported_message
from assistant.values import SLOT
from tui.render import FRAMEWORK_OPTIONS
from tui.state import Outstanding
from tui.widgets.file_browser import FolderPane, start_folder

ExportChoice = tuple[str, Framework]
NAMED_PROJECTS = 3


def outstanding_text(left: Outstanding | None) -> str:
    """「还有3条建议未处理、2个【请填写】未填（项目：…）：…」, or empty when nothing is left."""
    if left is None or not (left.suggestions or left.slots):
        return ""
    counts = [f"{left.suggestions}条建议未处理"] if left.suggestions else []
    counts += [f"{left.slots}个{SLOT}未填"] if left.slots else []
    effects = ["导出的表中未处理的建议不会写入"] if left.suggestions else []
    effects += [f"未填的位置保留{SLOT}"] if left.slots else []
    names = "、".join(left.projects[:NAMED_PROJECTS])
    more = f"等{len(left.projects)}个" if len(left.projects) > NAMED_PROJECTS else ""
    return f"还有{'、'.join(counts)}（项目：{names}{more}）：{'，'.join(effects)}。"


class ExportModal(ModalScreen[ExportChoice | None]):
    BINDINGS = [Binding("escape", "dismiss_modal", "取消", id="export_cancel")]

    def __init__(
        self,
        default_path: str,
        open_table: str | None = None,
        outstanding: Outstanding | None = None,
    ) -> None:
        super().__init__()
        self.default_path = default_path
        self.open_table = open_table
        self.outstanding = outstanding_text(outstanding)
        self._replace_confirmed: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog files"):
            yield Label("导出结果表", classes="dialog-title")
            if self.outstanding:
                yield Label(self.outstanding, id="outstanding", classes="warning")
            with Grid(classes="form"):
                yield Label("文件路径")
                yield Input(self.default_path, id="path", compact=True)
                yield Label("指标框架")
                yield Select(
                    FRAMEWORK_OPTIONS,
                    value="legacy",
                    allow_blank=False,
                    id="framework",
                    compact=True,
                )
            yield FolderPane(start_folder(self.default_path))
            yield Label(
                f"格式由扩展名决定：{'、'.join(suffixes('write'))}。接受和编辑过的指标会加入你的指标库。",
                classes="dialog-detail",
            )
            yield Label("", id="error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("导出", id="ok", variant="primary")
                yield Button("取消", id="cancel")

    def on_input_submitted(self) -> None:
        self._try_export()

    @on(Input.Changed, "#path")
    def _typed(self, event: Input.Changed) -> None:
        self.query_one(FolderPane).follow(event.value)

    @on(DirectoryTree.DirectorySelected)
    def _folder(self, event: DirectoryTree.DirectorySelected) -> None:
        """A folder picked: the path moves into it and keeps its file name."""
        field = self.query_one("#path", Input)
        typed = Path(field.value.strip()).expanduser()
        name = typed.name if typed.name and not typed.is_dir() else Path(self.default_path).name
        field.value = str(event.path / name)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._try_export()
        else:
            self.dismiss(None)

    def action_dismiss_modal(self) -> None:
        self.dismiss(None)

    def _try_export(self) -> None:
        raw = self.query_one("#path", Input).value.strip()
        path = Path(raw).expanduser()
        error = ""
        if not raw:
            error = "请填写文件路径"
        elif path.suffix.lower() not in suffixes("write"):
            error = unsupported_message(path.suffix, "write")
        elif not path.parent.is_dir():
            error = f"文件夹「{path.parent}」不存在"
        elif path.is_dir():
            error = f"「{path}」是一个文件夹，请给出文件名"
        elif self.open_table and same_file(path, self.open_table):
            error = "不能导出到正在打开的表本身（原表不会被覆盖），请换一个文件名"
        elif path.exists() and self._replace_confirmed != str(path.resolve()):
            self._replace_confirmed = str(path.resolve())
            error = f"文件「{path.name}」已存在：再按一次「导出」（或回车）覆盖它，或换一个文件名"
        if error:
            self.query_one("#error", Label).update(error)
            return
        framework: Framework = self.query_one("#framework", Select).value  # type: ignore[assignment]
        self.dismiss((str(path), framework))
