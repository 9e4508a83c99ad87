"""A folder browser for the 打开 and 导出 dialogs: Textual's DirectoryTree without hidden entries,
showing folders and the files with the given suffixes (folders only when none are given), with a
key to go up one folder."""

from __future__ import annotations

from asyncio import Queue
from collections.abc import Iterable
from pathlib import Path

from rich.cells import cell_len
from textual import events, on, work
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, DirectoryTree, Label, Tree
from textual.widgets.directory_tree import DirEntry
from textual.widgets.tree import TreeNode
from textual.worker import WorkerFailed


def start_folder(path: str | None) -> Path:
    """The folder a browser opens in: the one holding `path` when it exists, else the current one."""
    folder = Path(path).expanduser().parent if path else Path.cwd()
    return folder.resolve() if folder.is_dir() else Path.cwd()


class FileBrowser(DirectoryTree):
    BINDINGS = [
        Binding("enter", "choose", "选择", show=False, id="browser_choose"),
        Binding("backspace", "up", "上一级", id="browser_up"),
    ]

    class Picked(Message):
        """A file moved to or selected: `chosen` (open it) for Enter or a double click, not for
        the cursor moving onto it or a single click (show its path only)."""

        def __init__(self, path: Path, chosen: bool) -> None:
            super().__init__()
            self.path = path
            self.chosen = chosen

    def __init__(self, path: Path, suffixes: tuple[str, ...] = ()) -> None:
        super().__init__(path)
        self.suffixes = suffixes
        self._clicks = 0
        self._loading = False

    @work(group="_loader")
    async def _loader(self) -> None:
        """Load the folders queued, then end. (Textual's loader waits for more for as long as the
        tree lives, so `app.workers` never finishes while a dialog with a browser is open.)"""
        try:
            while not self._load_queue.empty():
                await self._load_next(self._load_queue)
        finally:
            self._loading = False

    async def _load_next(self, queue: Queue[TreeNode[DirEntry]]) -> None:
        node = queue.get_nowait()
        try:
            async with self.lock:
                cursor = self.cursor_node
                content = await self._load_directory(node).wait()
                if content:
                    self._populate_node(node, content)
                    if cursor is not None:
                        self.move_cursor(cursor, animate=False)
        except WorkerFailed:
            pass  # an unreadable folder stays empty, as in Textual's loader
        finally:
            queue.task_done()

    def _add_to_load_queue(self, node: TreeNode[DirEntry]) -> AwaitComplete:
        waiting = super()._add_to_load_queue(node)
        if not self._loading:
            self._loading = True
            self._loader()
        return waiting

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".") and self._shown(p)]

    def _shown(self, path: Path) -> bool:
        return self._safe_is_dir(path) or path.suffix.lower() in self.suffixes

    def action_up(self) -> None:
        self.path = Path(self.path).resolve().parent

    def action_choose(self) -> None:
        self._clicks = 0
        self.action_select_cursor()

    def action_select_cursor(self) -> None:
        """A file selected is picked here, while the click that selected it is known."""
        node = self.cursor_node
        if node is not None and node.data is not None and not self._safe_is_dir(node.data.path):
            self.post_message(self.Picked(node.data.path, chosen=self._clicks != 1))
        super().action_select_cursor()

    async def _on_click(self, event: events.Click) -> None:
        self._clicks = event.chain
        await super()._on_click(event)

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[DirEntry]) -> None:
        entry = event.node.data
        if entry is not None and not self._safe_is_dir(entry.path):
            self.post_message(self.Picked(entry.path, chosen=False))

    @on(DirectoryTree.FileSelected)
    def _selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()  # picked already, in `action_select_cursor`


def tail(path: Path, cells: int) -> str:
    """The path's end when it is too long for `cells` cells: the folder names that matter."""
    text = str(path)
    while cell_len(text) > cells and len(text) > 1:
        text = text[1:]
    return text if text == str(path) else f"…{text[1:]}"


class FolderPane(Vertical):
    """Under a path field: the folder shown, a 上一级 button, and the browser."""

    FOLDER_CELLS = 56

    def __init__(self, folder: Path, suffixes: tuple[str, ...] = ()) -> None:
        super().__init__(classes="browser")
        self.folder = folder
        self.suffixes = suffixes

    def compose(self) -> ComposeResult:
        with Horizontal(classes="browser-bar"):
            yield Label(self._label(self.folder), id="folder")
            yield Button("上一级", id="up", compact=True)
        yield FileBrowser(self.folder, self.suffixes)

    @property
    def browser(self) -> FileBrowser:
        return self.query_one(FileBrowser)

    def on_mount(self) -> None:
        self.watch(self.browser, "path", self._show_folder, init=False)

    def _show_folder(self, path: str | Path) -> None:
        self.query_one("#folder", Label).update(self._label(Path(path)))

    def _label(self, folder: Path) -> str:
        return f"位置：{tail(folder, self.FOLDER_CELLS)}"

    @on(Button.Pressed, "#up")
    def _up(self, event: Button.Pressed) -> None:
        event.stop()  # the dialog's own buttons are 确定 and 取消
        self.browser.action_up()

    def follow(self, raw: str) -> None:
        """Show the folder typed into the path field."""
        path = Path(raw.strip()).expanduser()
        if raw.strip() and path.is_dir() and path.resolve() != Path(self.browser.path).resolve():
            self.browser.path = path.resolve()
