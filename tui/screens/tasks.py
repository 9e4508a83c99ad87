"""The workspace's slow work, each piece in a thread worker so the UI never blocks.

A worker computes through `tui.engine.Engine` and posts a message from `tui.messages` with the
result (unless it was cancelled with Esc); the workspace applies it on the UI thread. `busy`
names what is running; a failure is shown as a Chinese error notification."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from textual import work
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from assistant.errors import JixiaoError, os_reason
from assistant.schema import Indicator, Project, Table
from tui.engine import Engine, llm_enabled
from tui.messages import (
    AnswerReady,
    CandidatesReady,
    DraftReady,
    ExportDone,
    IndexReady,
    RefinementReady,
    RenewalReady,
    ReportsReady,
    SuggestionsReady,
    TableRead,
)
from tui.modals.message import MessageModal
from tui.state import ProjectState, Session

if TYPE_CHECKING:
    from textual.message import Message
    from textual.notifications import SeverityLevel

    from assistant.categories import Framework
    from assistant.checks import ProjectReport
    from assistant.draft import DraftRequest

CANCELLABLE = ("task", "suggest")
SCORE_CHUNK = 200
ACTIVE = (WorkerState.PENDING, WorkerState.RUNNING)
DONE = (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED)
FINISHED = (WorkerState.SUCCESS, WorkerState.ERROR)  # not cancelled (by Esc, a newer one, quitting)
READING = "正在读取表格"


# Errors longer than this (characters) are shown in a message to close, not a toast.
LONG_ERROR = 30


def model_label(purpose: str, key: str) -> str:
    """What a worker for project `key` is doing: `正在询问大模型，为「项目」生成建议`, or
    `正在检索指标库，…` when no model is configured."""
    stage = "正在询问大模型" if llm_enabled() else "正在检索指标库"
    return f"{stage}，为「{key}」{purpose}"


def failure_text(error: BaseException | None) -> str:
    if isinstance(error, JixiaoError):
        return error.user_message()
    if isinstance(error, OSError):
        where = f"：{error.filename}" if error.filename else ""
        return f"出错了：{os_reason(error)}{where}（已保留原有内容）"
    return f"出错了：{error}（已保留原有内容）"


class TaskScreen(Screen[None]):
    """A screen whose workers report through messages."""

    busy: reactive[str] = reactive("")

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine
        self.session: Session | None = None  # what the results of the workers are for

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications carry names and paths from the user's tables: plain text, never markup.
        A long error (a model's or an export's) opens a message the user closes: a toast is gone
        in seconds and loses characters where a panel border lies beneath it."""
        if severity == "error" and len(message) > LONG_ERROR:
            self.app.push_screen(MessageModal(title or "出错了", message))
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def _post(self, message: Message) -> None:
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    def _active_tasks(self) -> list[Worker[None]]:
        return [
            w
            for w in self.workers
            if w.node is self and w.group in CANCELLABLE and w.state in ACTIVE
        ]

    def _update_busy(self) -> None:
        self.busy = "、".join(dict.fromkeys(w.name for w in self._active_tasks()))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self._update_busy()
        if event.worker.name == READING and event.state in DONE:
            self.after_table_read()
        if event.worker.group == "suggest" and event.state in FINISHED:
            self.after_suggestions()
        if event.state == WorkerState.ERROR and event.worker.group != "index":
            self.notify(failure_text(event.worker.error), severity="error", timeout=10)
        if event.state == WorkerState.ERROR and event.worker.group == "index":
            self.notify(
                f"指标库加载失败，暂时只能检查不能给建议：{failure_text(event.worker.error)}",
                severity="error",
            )

    def after_table_read(self) -> None:
        """Called once a table-reading worker has finished, whatever its outcome."""

    def after_suggestions(self) -> None:
        """Called once a suggesting worker has finished (with suggestions or an error)."""

    def cancel_tasks(self) -> bool:
        running = self._active_tasks()
        for worker in running:
            worker.cancel()
        self._update_busy()
        return bool(running)

    @work(thread=True, group="index", exit_on_error=False)
    def load_index(self) -> None:
        from assistant.llm_preload import preload_if_configured

        preload_if_configured()  # litellm's import in its own thread: no worker ever waits long for it
        index = self.engine.index(
            lambda text: self.app.call_from_thread(self.notify, text, severity="warning")
        )
        self._post(IndexReady(len(index.records)))

    @work(
        thread=True, exclusive=True, group="score", exit_on_error=False, description="检查全部项目"
    )
    def score_projects(self, session: object, projects: list[tuple[str, Project]]) -> None:
        """Check a big table's projects off the interface's thread, posting scores in chunks."""
        chunk: dict[str, ProjectReport] = {}
        for key, project in projects:
            if get_current_worker().is_cancelled:
                return
            chunk[key] = self.engine.report(project)
            if len(chunk) >= SCORE_CHUNK:
                self._post(ReportsReady(session, chunk))
                chunk = {}
        if chunk:
            self._post(ReportsReady(session, chunk))

    @work(thread=True, exclusive=True, group="task", name=READING, exit_on_error=False)
    def open_table(self, path: str) -> None:
        from tui.store import load_session

        table = self.engine.read(path)
        fresh = Session.from_table(table, path)
        fresh.to_json()  # here, not at the first decision: each later save writes what changed
        try:
            saved, error = load_session(fresh.table_path), None
        except JixiaoError as err:
            saved, error = None, err.user_message()
        self._post(TableRead(path, table, fresh, saved, error))
        self.engine.warm_checker()  # while the list is painted

    @work(thread=True, exclusive=True, group="task", name="正在续编", exit_on_error=False)
    def renew(self, table: Table) -> None:
        from assistant.renew import renew_table

        self._post(RenewalReady(renew_table(table, self.engine.index()), table))

    def _model_work(
        self, purpose: str, key: str, work: Callable[[], Awaitable[None]], group: str = "task"
    ) -> None:
        """Async, so Esc or quitting cancels a model request at once (a thread cannot be)."""
        label = model_label(purpose, key)
        self.run_worker(work, name=label, group=group, exclusive=True, exit_on_error=False)

    def suggest(self, key: str, project: Project) -> None:
        session = self.session

        async def work() -> None:
            self._post(SuggestionsReady(session, key, await self.engine.asuggest(project)))

        self._model_work("生成建议", key, work, group="suggest")

    def refine(self, key: str, item_id: str, indicator: Indicator, project: Project) -> None:
        session = self.session

        async def work() -> None:
            refinement = await self.engine.arefine(indicator, project)
            self._post(RefinementReady(session, key, item_id, refinement))

        self._model_work("改写指标", key, work)

    def more(self, key: str, item_id: str, state: ProjectState) -> None:
        session = self.session

        async def work() -> None:
            candidates = await self.engine.amore(state, state.item(item_id))
            self._post(CandidatesReady(session, key, item_id, candidates))

        self._model_work("找候选", key, work)

    def ask(self, key: str, request: str, state: ProjectState) -> None:
        session = self.session

        async def work() -> None:
            answer = await self.engine.aask(state, request)
            self._post(AnswerReady(session, key, request, answer))

        self._model_work("回答要求", key, work)

    def draft(self, request: DraftRequest) -> None:
        def work() -> None:
            self._post(DraftReady(*self.engine.draft(request)))

        name = f"正在起草「{request.name}」"
        self.run_worker(
            work, name=name, group="task", exclusive=True, exit_on_error=False, thread=True
        )

    @work(thread=True, exclusive=True, group="task", name="正在导出", exit_on_error=False)
    def export(self, session: Session, path: str, framework: Framework) -> None:
        self._post(ExportDone(self.engine.export(session, path, framework)))
