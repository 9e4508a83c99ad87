"""「审核共享指标库」: a reviewer's list of the shared library's pending records; `a` approves the
highlighted one, `r` returns it with a reason (asked for), Esc closes. The server decides what the
role may do (a reviewer cannot decide on its own department's records): a refusal is said."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label

from assistant.errors import JixiaoError

if TYPE_CHECKING:
    from assistant.library.store import LibraryRecord, Status

LOADING = "正在读取共享指标库……"
EMPTY = "没有待审核的记录。"
NOT_SHARED = "未设置共享指标库：在配置 [library] url 或环境变量 JIXIAO_LIBRARY_URL 中给出 postgresql://… 地址。"
HINT = "a 通过 · r 退回（须写理由）· Esc 关闭"
COLUMNS = {"单位": 14, "指标名称": 26, "指标值": 12, "类别": 16, "项目": 24, "报送人": 14}


class ReasonModal(ModalScreen[str | None]):
    """The reason a record is returned; dismissed with None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "取消", id="reason_cancel")]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.indicator = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"退回「{self.indicator}」的理由", classes="dialog-title")
            yield Input(placeholder="如：指标值不可衡量，请写明数值和单位", id="reason-input")
            yield Label("回车确定 · Esc 取消", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        reason = event.value.strip()
        if not reason:
            self.notify("退回须写明理由", severity="warning")
            return
        self.dismiss(reason)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReviewModal(ModalScreen[int]):
    """Dismissed with the number of records decided on."""

    BINDINGS = [
        Binding("a", "approve", "通过", id="review_approve"),
        Binding("r", "send_back", "退回", id="review_return"),
        Binding("escape", "close", "关闭", id="review_close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pending: list[LibraryRecord] = []
        self.decided = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog library"):
            yield Label("审核共享指标库", id="review-title", classes="dialog-title")
            yield Label(LOADING, id="review-state", classes="dialog-detail", markup=False)
            yield DataTable(id="review-table", cursor_type="row", zebra_stripes=True)
            yield Label("", id="review-detail", classes="dialog-detail", markup=False)
            yield Label(HINT, classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for title, width in COLUMNS.items():
            table.add_column(title, width=width)
        table.display = False
        self.reload()

    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def reload(self, row: int = 0) -> None:
        from assistant.library import open_store
        from assistant.library.postgres import PostgresStore
        from assistant.library.store import PENDING

        try:
            store = open_store()
            if not isinstance(store, PostgresStore):
                self.app.call_from_thread(self._show, [], NOT_SHARED, row)
                return
            try:
                if not store.is_reviewer() and not store.bypasses_security():
                    state = f"数据库角色 {store.user()} 没有审核权（管理员可用 jixiao library grant --reviewer 授予）。"
                    self.app.call_from_thread(self._show, [], state, row)
                    return
                pending = store.records(PENDING)
            finally:
                store.close()
        except JixiaoError as err:
            self.app.call_from_thread(self._show, [], err.user_message(), row)
            return
        self.app.call_from_thread(self._show, pending, "" if pending else EMPTY, row)

    def _show(self, pending: list[LibraryRecord], state: str, row: int) -> None:
        self.pending = pending
        table = self.query_one(DataTable)
        table.clear()
        for record in pending:
            table.add_row(*_cells(record))
        table.display = bool(pending)
        label = self.query_one("#review-state", Label)
        label.update(state)
        label.display = bool(state)
        count = f"（待审核 {len(pending)} 条）" if pending else ""
        self.query_one("#review-title", Label).update(f"审核共享指标库{count}")
        if pending:
            table.move_cursor(row=min(row, len(pending) - 1))
            table.focus()
        self._show_detail()

    def on_data_table_row_highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        record = self._highlighted()
        self.query_one("#review-detail", Label).update("" if record is None else _detail(record))

    def _highlighted(self) -> LibraryRecord | None:
        table = self.query_one(DataTable)
        if not self.pending or not table.is_valid_row_index(table.cursor_row):
            return None
        return self.pending[table.cursor_row]

    def action_approve(self) -> None:
        record = self._highlighted()
        if record is not None:
            self._decide(record, "已入库", None, self.query_one(DataTable).cursor_row)

    def action_send_back(self) -> None:
        record = self._highlighted()
        if record is None:
            return
        row = self.query_one(DataTable).cursor_row

        def answered(reason: str | None) -> None:
            if reason:
                self._decide(record, "退回", reason, row)

        self.app.push_screen(ReasonModal(record.record.indicator.name), answered)

    @work(thread=True, exclusive=True, group="review-decide", exit_on_error=False)
    def _decide(self, record: LibraryRecord, status: Status, reason: str | None, row: int) -> None:
        from assistant.library import open_store

        try:
            store = open_store()
            try:
                result = store.review([record.id], status, reason)
                own = store.department()
            finally:
                store.close()
        except JixiaoError as err:
            self.app.call_from_thread(
                self.notify, err.user_message(), severity="error", markup=False
            )
            return
        name = record.record.indicator.name
        if result.missing:
            why = (
                f"不能审核本单位（{own}）报送的记录"
                if own is not None and own == record.department
                else "这条记录已不在待审核中或无权审核"
            )
            self.app.call_from_thread(
                self.notify, f"「{name}」未能审核：{why}", severity="error", markup=False
            )
        else:
            self.decided += 1
            done = "已通过" if status == "已入库" else "已退回"
            self.app.call_from_thread(
                self.notify, f"{done}「{name}」（{record.department}）", markup=False
            )
        self.app.call_from_thread(self.reload, row)

    def action_close(self) -> None:
        self.dismiss(self.decided)


def _cells(r: LibraryRecord) -> tuple[str, ...]:
    ind = r.record.indicator
    category = f"{ind.level1.removesuffix('指标')}/{ind.level2.removesuffix('指标')}"
    return (
        r.department,
        ind.name,
        ind.annual_value.raw,
        category,
        r.record.project or "",
        r.submitted_by,
    )


def _detail(r: LibraryRecord) -> str:
    ind = r.record.indicator
    row = f" 第{r.source_row}行" if r.source_row else ""
    when = r.submitted_at.strftime("%Y-%m-%d %H:%M") if r.submitted_at else ""
    return "\n".join(
        (
            f"「{ind.name}」{ind.annual_value.raw}（{r.department}）",
            f"项目：{r.record.project or '（未注明）'}",
            f"出处：{r.source_table}{row}；报送：{r.submitted_by} {when}",
        )
    )
