"""Ask for the path of a table to open: typed, or picked in the folder browser under the field."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from assistant.tables.formats import suffixes, unsupported_message
from tui.widgets.file_browser import FileBrowser, FolderPane, start_folder


class OpenTableModal(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss_modal", "取消", id="open_cancel")]

    def __init__(self, current: str | None = None) -> None:
        """`current`: the open table, whose folder the browser starts in."""
        super().__init__()
        self.folder = start_folder(current)

    def compose(self) -> ComposeResult:
        readable = suffixes("read")
        with Vertical(classes="dialog files"):
            yield Label("打开绩效目标表", classes="dialog-title")
            yield Label(f"文件路径（{'、'.join(readable)}）：")
            yield Input(placeholder="例如 ~/预算/2025年部门绩效目标表.xlsx", id="path")
            yield FolderPane(self.folder, readable)
            yield Label("", id="error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("打开", id="ok", variant="primary")
                yield Button("取消", id="cancel")

    def on_input_submitted(self) -> None:
        self._try_open()

    @on(Input.Changed, "#path")
    def _typed(self, event: Input.Changed) -> None:
        self.query_one(FolderPane).follow(event.value)

    @on(FileBrowser.Picked)
    def _picked(self, event: FileBrowser.Picked) -> None:
        self.query_one("#path", Input).value = str(event.path)
        if event.chosen:
            self._try_open()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._try_open()
        else:
            self.dismiss(None)

    def action_dismiss_modal(self) -> None:
        self.dismiss(None)

    def _try_open(self) -> None:
        raw = self.query_one("#path", Input).value.strip()
        path = Path(raw).expanduser()
        error = ""
        if not raw:
            error = "请填写文件路径"
        elif not path.is_file():
            error = f"找不到文件「{raw}」"
        elif path.suffix.lower() not in suffixes("read"):
            error = unsupported_message(path.suffix, "read")
        if error:
            self.query_one("#error", Label).update(error)
            return
        self.dismiss(str(path))
