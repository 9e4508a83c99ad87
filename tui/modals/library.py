"""「我的指标库」: the user's own library records (from exports and added tables), and removing one."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from assistant.corpus import UserEntry, user_entries
from assistant.errors import JixiaoError
from tui.engine import Engine
from tui.modals.confirm import ConfirmModal

EMPTY = "你的指标库还是空的：导出时接受和编辑过的指标会加入这里。"
HINT = "d 或 Delete 删除选中的一条（检索和建议不再提供它）· Esc 关闭"
# The name, value and category fit at 80 columns; the rest scroll, and the lines under the table
# give the highlighted record in full.
COLUMNS = {"指标名称": 28, "指标值": 12, "类别": 20, "项目": 24, "来源": 28, "文件": 26}


class LibraryModal(ModalScreen[int]):
    """Dismissed with the number of records removed."""

    BINDINGS = [
        Binding("d,delete", "remove", "删除", id="library_remove"),
        Binding("escape", "close", "关闭", id="library_close"),
    ]

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine
        self.entries: list[UserEntry] = []
        self.removed = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog library"):
            yield Label("我的指标库", id="library-title", classes="dialog-title")
            yield Label(EMPTY, id="library-empty", classes="dialog-detail")
            yield DataTable(id="library-table", cursor_type="row", zebra_stripes=True)
            yield Label("", id="library-detail", classes="dialog-detail")
            yield Label(HINT, classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for title, width in COLUMNS.items():
            table.add_column(title, width=width)
        self.reload()

    def reload(self, row: int = 0) -> None:
        """Read the library again and show it, the cursor on `row` (or the last row)."""
        try:
            self.entries = user_entries()
        except JixiaoError as err:
            self.entries = []
            self.notify(err.user_message(), severity="error")
        table = self.query_one(DataTable)
        table.clear()
        for entry in self.entries:
            table.add_row(*_cells(entry))
        table.display = bool(self.entries)
        self.query_one("#library-empty").display = not self.entries
        count = f"（{len(self.entries)} 条）" if self.entries else ""
        self.query_one("#library-title", Label).update(f"我的指标库{count}")
        if self.entries:
            table.move_cursor(row=min(row, len(self.entries) - 1))
            table.focus()
        self._show_detail()

    def on_data_table_row_highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        entry = self._highlighted()
        text = "" if entry is None else _detail(entry)
        self.query_one("#library-detail", Label).update(text)

    def _highlighted(self) -> UserEntry | None:
        table = self.query_one(DataTable)
        if not self.entries or not table.is_valid_row_index(table.cursor_row):
            return None
        return self.entries[table.cursor_row]

    def action_remove(self) -> None:
        entry = self._highlighted()
        if entry is None:
            return
        ind = entry.record.indicator
        question = f"从指标库删除「{ind.name}」？"
        project = entry.record.project or "（未注明）"
        detail = f"项目：{project}；指标值：{ind.annual_value.raw}。已导出的表不受影响。"

        def answer(yes: bool | None) -> None:
            if yes:
                self._remove(entry, self.query_one(DataTable).cursor_row)

        self.app.push_screen(ConfirmModal(question, detail), answer)

    @work(thread=True, exclusive=True, group="library", exit_on_error=False)
    def _remove(self, entry: UserEntry, row: int) -> None:
        try:
            removed = self.engine.remove_from_library([entry.record])
        except JixiaoError as err:
            self.app.call_from_thread(self.notify, err.user_message(), severity="error")
            return
        self.app.call_from_thread(self._removed, entry, removed, row)

    def _removed(self, entry: UserEntry, removed: int, row: int) -> None:
        self.removed += removed
        same = f"（连同其他文件中相同的 {removed - 1} 条）" if removed > 1 else ""
        self.notify(f"已从指标库删除「{entry.record.indicator.name}」{same}")
        self.reload(row)

    def action_close(self) -> None:
        self.dismiss(self.removed)


def _category(entry: UserEntry) -> str:
    ind = entry.record.indicator
    return f"{ind.level1.removesuffix('指标')}/{ind.level2.removesuffix('指标')}"


def _cells(entry: UserEntry) -> tuple[str, ...]:
    r, ind = entry.record, entry.record.indicator
    file = entry.file.name
    return (ind.name, ind.annual_value.raw, _category(entry), r.project or "", r.source, file)


def _detail(entry: UserEntry) -> str:
    r, ind = entry.record, entry.record.indicator
    lines = (
        f"「{ind.name}」{ind.annual_value.raw}",
        f"项目：{r.project or '（未注明）'}",
        f"来源：{r.source}",
        f"文件：{entry.file.name}",
    )
    return "\n".join(lines)
