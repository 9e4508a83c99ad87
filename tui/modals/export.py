"""Export: where to write the result and in which framework."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from assistant.categories import Framework
from assistant.safe_io import same_file
from assistant.tables import WRITABLE
from tui.render import FRAMEWORK_OPTIONS

ExportChoice = tuple[str, Framework]


class ExportModal(ModalScreen[ExportChoice | None]):
    BINDINGS = [Binding("escape", "dismiss_modal", "取消", id="export_cancel")]

    def __init__(self, default_path: str, open_table: str | None = None) -> None:
        super().__init__()
        self.default_path = default_path
        self.open_table = open_table
        self._replace_confirmed: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("导出结果表", classes="dialog-title")
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
            yield Label(
                f"格式由扩展名决定：{'、'.join(WRITABLE)}。接受和编辑过的指标会加入你的指标库。",
                classes="dialog-detail",
            )
            yield Label("", id="error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("导出", id="ok", variant="primary")
                yield Button("取消", id="cancel")

    def on_input_submitted(self) -> None:
        self._try_export()

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
        elif path.suffix.lower() not in WRITABLE:
            error = f"不支持的格式「{path.suffix or '无扩展名'}」，可导出：{'、'.join(WRITABLE)}"
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
