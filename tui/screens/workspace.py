"""The workspace: the project list on the left, the selected project on the right.

The screen owns the `tui.state.Session`: it turns keys into decisions, applies what the workers
of `TaskScreen` post, autosaves after every change, and re-renders the project view."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Input, OptionList

from assistant.errors import InputError
from assistant.schema import Indicator, Table
from tui.ask import search_text
from tui.bindings import footer_bindings
from tui.engine import Engine
from tui.messages import (
    AnswerReady,
    CandidatesReady,
    DraftReady,
    ExportDone,
    IndexReady,
    ProjectResult,
    RefinementReady,
    RenewalReady,
    ReportsReady,
    SuggestionsReady,
    TableRead,
)
from tui.modals.confirm import ConfirmModal
from tui.modals.message import MessageModal
from tui.screens.tasks import ACTIVE, TaskScreen
from tui.state import Item, ProjectState, Session
from tui.store import load_session, save_session
from tui.widgets.dialog_footer import add_dialog_footer
from tui.widgets.indicator_table import IndicatorTable
from tui.widgets.project_list import ProjectEntry, ProjectList
from tui.widgets.project_view import Checked, ProjectView

if TYPE_CHECKING:
    from assistant.checks import ProjectReport
    from assistant.draft.request import DraftRequest
    from tui.modals.export import ExportChoice
    from tui.modals.goal import GoalChoice

Target = tuple[Session, ProjectState, Item]
CHECK_ANYWAY = 0.5  # seconds: a session's projects are checked even if its list never paints
REST_AT_MOST = 3.0  # seconds the rest of the projects wait for the index at most


class WorkspaceScreen(TaskScreen):
    BINDINGS: ClassVar[list[BindingType]] = list(footer_bindings())

    def __init__(self, engine: Engine, path: str | None) -> None:
        super().__init__(engine)
        self.path = path
        self.unchecked: Session | None = None  # begun, its list not painted yet
        self.unscored: Session | None = None  # its list painted, the rest not checked yet
        self.current: str | None = None
        self.reports: dict[str, ProjectReport] = {}
        self.library_size: int | None = None
        self.table: Table | None = None  # as read, for 续编
        self.compared: str | None = path  # the table last year's is compared with (None: 续编's)
        self.renewed_from: str | None = None  # the past year's table a renewed one came from
        self.exported_to: str | None = None  # where the renewed table was last exported

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield ProjectList(id="projects")
            yield ProjectView(id="right")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.app.screen_change_signal.subscribe(self, add_dialog_footer)
        self._show_title()
        if self.path:
            self.open_table(self.path)  # the index loads once the list is on screen (on_table_read)
        else:
            self.load_index()
            self._offer_resume(Session())
        self.query_one(ProjectList).focus()
        self.refresh_view()

    def on_unmount(self) -> None:
        """Remember the project on screen, so that resuming reopens it."""
        if self.session is not None and self.session.current != self.current:
            self.autosave()

    # Session life cycle.

    def _offer_resume(
        self, fresh: Session, loaded: tuple[Session | None, str | None] | None = None
    ) -> None:
        """Ask 「继续上次的工作？」 when this table has a saved session with decisions in it.
        `loaded`: the saved session (or why it could not be read), when a worker loaded it."""
        if loaded is None:
            try:
                loaded = load_session(fresh.table_path), None
            except InputError as err:
                loaded = None, err.user_message()
        saved, error = loaded
        if error is not None:
            self.notify(error, severity="error")
        done = saved.progress() if saved is not None else ""
        if saved is None or not done:
            self.begin(fresh)
            return

        def answer(resume: bool | None) -> None:
            if resume:
                self._resume(fresh, saved)
                return
            question = ConfirmModal(
                "确定放弃上次的工作？", f"上次的决定（{done}）将被丢弃，无法找回。"
            )
            self.app.push_screen(
                question, lambda drop: self.begin(fresh) if drop else self._resume(fresh, saved)
            )

        self.app.push_screen(ConfirmModal("继续上次的工作？", f"上次：{done}。"), answer)

    def _resume(self, fresh: Session, saved: Session) -> None:
        """Lay the saved decisions over the table; say which could not be restored."""
        session = fresh.resumed(saved)
        self.begin(session)
        lost = session.lost_decisions(saved)
        if lost:
            text = "表格在上次之后有改动，以下决定找不到对应的指标，未能恢复：\n" + "\n".join(lost)
            self.app.push_screen(MessageModal(f"有 {len(lost)} 条决定未能恢复", text))

    def begin(self, session: Session) -> None:
        """Show the session: its list at once (scores「--」); once it is painted, the project
        on screen is checked and its suggestions asked for, and the rest are checked in a
        worker, whose scores arrive in the list."""
        opened = session.find(session.current) if session.current else None
        first = opened or (session.projects[0] if session.projects else None)
        self.workers.cancel_group(self, "score")  # the last table's projects: no longer shown
        self.session, self.reports, self.unchecked = session, {}, session
        self.current = first.key if first else None  # its highlight in the list opens nothing
        self._fill_projects(self.current)
        self.query_one(ProjectView).show(None)
        self.set_timer(CHECK_ANYWAY, lambda: self._check_projects(session))

    @on(ProjectList.Painted)
    def _list_painted(self) -> None:
        if self.unchecked is not None:
            self._check_projects(self.unchecked)

    def _check_projects(self, session: Session) -> None:
        """Once per session, when its list is on screen (or after CHECK_ANYWAY seconds)."""
        if session is not self.session or session is not self.unchecked:
            return
        self.unchecked, self.unscored = None, session
        if self.current not in self.reports:  # not opened already by a move in the list
            self._open_current()
        suggesting = any(w.group == "suggest" and w.state in ACTIVE for w in self.workers)
        if self.library_size is not None or not suggesting:
            self._check_rest()
        else:
            self.set_timer(REST_AT_MOST, self._check_rest)

    def after_suggestions(self) -> None:
        self._check_rest()

    def _check_rest(self) -> None:
        """The rest of a session's projects are checked once the index has loaded or the
        suggestions for the one on screen are done, whichever is first (checking a big table
        takes seconds of the one thread Python runs at a time, which loading would wait for),
        and at most REST_AT_MOST seconds later (a shared library's first load is longer)."""
        session, self.unscored = self.unscored, None
        if session is None or session is not self.session:
            return
        rest = [(s.key, s.assembled()) for s in session.projects if s.key not in self.reports]
        if rest:
            self.score_projects(session, rest)

    def on_reports_ready(self, message: ReportsReady) -> None:
        if message.session is not self.session or self.session is None:
            return
        projects = self.query_one(ProjectList)
        states = {s.key: s for s in self.session.projects}  # find() is a scan: quadratic here
        for key, report in message.reports.items():
            state = states.get(key)
            if state is None or key in self.reports:  # scored here since: that score is newer
                continue
            self.reports[key] = report
            projects.update_entry(self._entry(state))

    def _fill_projects(self, selected: str | None) -> None:
        assert self.session is not None
        self.query_one(ProjectList).show([self._entry(p) for p in self.session.projects], selected)

    def _entry(self, state: ProjectState) -> ProjectEntry:
        report = self.reports.get(state.key)
        return ProjectEntry(
            key=state.key,
            name=state.key,
            score=report.score if report else None,
            findings=len(report.findings) if report else 0,
            pending=state.undecided,
            drafted=state.drafted,
        )

    def _score(self, state: ProjectState) -> None:
        self.reports[state.key] = self.engine.report(state.assembled())

    def autosave(self) -> None:
        if self.session is None:
            return
        self.session.current = self.current
        try:
            save_session(self.session)
        except OSError as err:
            self.notify(f"自动保存失败：{err}", severity="error")

    def _show_title(self) -> None:
        if self.path:
            name = Path(self.path).name
        elif self.table is not None:  # a renewed table, written only by an export
            done = f"已导出到 {Path(self.exported_to).name}" if self.exported_to else "尚未导出"
            name = f"续编的 {self.table.year or ''} 年表（{done}）"
        else:
            name = "新项目"
        library = "指标库加载中…" if self.library_size is None else f"指标库 {self.library_size} 条"
        self.app.sub_title = f"{name} · {library}"

    # Rendering and navigation.

    @property
    def state(self) -> ProjectState | None:
        if self.session is None or self.current is None:
            return None
        return self.session.get(self.current)

    def refresh_view(self, select: str | None = None) -> None:
        """Re-render the current project and its entry in the project list."""
        state = self.state
        checked = None
        if state is not None:
            if state.key not in self.reports:  # a big table's project not checked yet
                self._score(state)
            report = self.reports[state.key]
            yearly = self.engine.yearly(state.assembled())
            rows = {
                i.id: self.engine.findings(i.indicator, state.project)
                + [f for f in yearly if f.indicator == i.indicator.name]
                for i in state.items
            }
            checked = Checked(state, report.score, report.findings, rows)
            self.query_one(ProjectList).update_entry(self._entry(state))
        self.query_one(ProjectView).show(checked, select)

    def watch_busy(self, busy: str) -> None:
        self.query_one(ProjectView).set_busy(busy)

    @on(OptionList.OptionHighlighted, "#projects")
    def _project_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_project(event.option.id)

    @on(OptionList.OptionSelected, "#projects")
    def _project_chosen(self) -> None:
        self.query_one(IndicatorTable).focus()

    def show_project(self, key: str | None) -> None:
        """Open a project; its suggestions are made the first time it is opened."""
        if key is None or key == self.current:
            return
        self.current = key
        self._open_current()

    def _open_current(self) -> None:
        self.refresh_view()
        state = self.state
        if state is not None and not state.suggested:
            self.suggest(state.key, state.assembled())

    def action_step_project(self, step: int) -> None:
        projects = self.query_one(ProjectList)
        if projects.option_count:
            projects.highlighted = ((projects.highlighted or 0) + step) % projects.option_count

    def action_select_project(self, key: str) -> None:
        projects = self.query_one(ProjectList)
        projects.highlighted = projects.get_option_index(key)

    # Decisions.

    def _target(self) -> Target | None:
        state, item = self.state, self.query_one(ProjectView).selected_item()
        if self.session is None or state is None or item is None:
            self.notify("先选中一条指标。", severity="warning")
            return None
        return self.session, state, item

    def decided(self, key: str, select: str | None = None) -> None:
        """After a decision or a new offer: save, re-score, re-render."""
        assert self.session is not None
        self.autosave()
        self._score(self.session.get(key))
        self.refresh_view(select)

    def action_accept(self) -> None:
        if (target := self._target()) is None:
            return
        session, state, item = target
        if not session.accept(state.key, item.id):
            self.notify(
                f"这一条是「{state.status_label(item)}」，无需接受；要修改请按 e。",
                severity="warning",
            )
            return
        self.decided(state.key, _next_pending(state, item.id) or item.id)

    def action_reject(self) -> None:
        if (target := self._target()) is None:
            return
        session, state, item = target
        if not session.reject(state.key, item.id):
            self.notify("这一条已拒绝；按 u 撤销或按 a 恢复。", severity="warning")
            return
        self.decided(state.key, _next_pending(state, item.id) or item.id)

    def action_accept_all(self) -> None:
        state = self.state
        count = self.session.accept_all(state.key) if self.session and state else 0
        if state is None or not count:
            self.notify("本项目没有待定的建议。", severity="warning")
            return
        self.notify(f"已接受 {count} 条建议。")
        self.decided(state.key)

    def action_edit(self) -> None:
        if (target := self._target()) is None:
            return
        session, state, item = target

        def save(indicator: Indicator | None) -> None:
            if indicator is not None and session.edit(state.key, item.id, indicator):
                self.decided(state.key, item.id)

        from tui.modals.edit_indicator import EditIndicatorModal

        self.app.push_screen(EditIndicatorModal(item.indicator, state.project), save)

    def action_fill_slot(self) -> None:
        """Fill the selected row's slot, or the project's first one when the row has none."""
        if (target := self._target()) is None:
            return
        session, state, item = target
        if not item.slotted:
            slots = state.open_slots()
            if not slots:
                self.notify("本项目没有待填写的数值。")
                return
            item = slots[0]
            self.refresh_view(item.id)

        def save(indicator: Indicator | None) -> None:
            if indicator is not None and session.edit(state.key, item.id, indicator):
                self.decided(state.key, item.id)

        from tui.modals.fill_slot import FillSlotModal

        self.app.push_screen(FillSlotModal(item.indicator, item.reference), save)

    def _project_target(self) -> tuple[Session, ProjectState] | None:
        if self.session is None or self.state is None:
            self.notify("先选中一个项目。", severity="warning")
            return None
        return self.session, self.state

    def action_project_type(self) -> None:
        if (target := self._project_target()) is None:
            return
        session, state = target

        def chosen(types: list[str] | None) -> None:
            if types is None or not session.set_types(state.key, types):
                return
            self.notify(
                "已改项目类型：待定的建议按新类型重新生成（已接受、编辑的和对话中要的保留）。"
            )
            self.decided(state.key)
            self.suggest(state.key, state.assembled())

        from tui.modals.project_type import ProjectTypeModal

        self.app.push_screen(ProjectTypeModal(state.project), chosen)

    def action_goal(self) -> None:
        if (target := self._project_target()) is None:
            return
        session, state = target

        def decide(choice: GoalChoice | None) -> None:
            if choice is not None and session.decide_goal(state.key, *choice):
                self.decided(state.key)

        from tui.modals.goal import GoalModal

        self.app.push_screen(GoalModal(state), decide)

    def action_undo(self) -> None:
        entry = self.session.undo() if self.session is not None else None
        if entry is None:
            self.notify("没有可以撤销的操作。", severity="warning")
            return
        self.notify(f"已撤销：{entry.label}")
        self.action_select_project(entry.key)
        self.current = entry.key  # render now; the list's highlight message then finds it open
        self.decided(entry.key, entry.before[0].id if entry.before else None)

    # Work for the workers.

    def action_regenerate(self) -> None:
        if (target := self._target()) is None:
            return
        session, state, item = target
        if not item.pending:
            self.notify("只有待定的建议可以换一条；原指标请按 f 改写。", severity="warning")
        elif session.regenerate(state.key, item.id):
            self.decided(state.key, item.id)
        else:
            self.more(state.key, item.id, state.model_copy(deep=True))

    def action_refine(self) -> None:
        if (target := self._target()) is None:
            return
        _, state, item = target
        if item.kind != "original":
            self.notify("改写针对原指标；建议请按 g 换一条，或按 e 编辑。", severity="warning")
            return
        self.refine(state.key, item.id, item.indicator, state.project)

    def action_ask(self) -> None:
        self.query_one("#ask", Input).focus()

    @on(Input.Submitted, "#ask")
    def _asked(self, event: Input.Submitted) -> None:
        text, state = event.value.strip(), self.state
        if not text:
            return
        if state is None or self.session is None:
            self.notify("先打开一张表或新建一个项目。", severity="warning")
            return
        event.input.clear()
        self.session.say(state.key, "user", text)
        self.decided(state.key)
        self.ask(state.key, text, state.model_copy(deep=True))

    def action_new_project(self) -> None:
        from tui.modals.new_project import NewProjectModal  # imports the drafting library

        department = self.session.department if self.session else None

        def drafted(request: DraftRequest | None) -> None:
            if request is not None:
                self.draft(request)

        self.app.push_screen(NewProjectModal(department), drafted)

    def action_renew(self) -> None:
        """Renew the open table for the next year (`assistant.renew`), in a worker."""
        if self.table is None or renewal_offer(self.table) is None:
            self.notify("打开的表没有写明年度，或已是今年的表，无需续编。", severity="warning")
            return
        assert self.session is not None
        decided = self.session.export_table().projects  # the decisions taken so far go along
        self.renew(self.table.model_copy(update={"projects": decided}))

    def on_renewal_ready(self, message: RenewalReady) -> None:
        from assistant.renew import STATUS_LABELS
        from assistant.year_over_year import LastYear

        renewal = message.renewal
        self.renewed_from, self.exported_to = self.path, None
        self.table, self.path = message.table.model_copy(update={"year": renewal.year}), None
        self._show_title()
        session = Session.from_renewal(renewal, self.table, STATUS_LABELS)
        renewed = Table(projects=[p.project for p in session.projects])
        self.engine.last_year, self.compared = LastYear(message.table, renewed), None
        self.begin(session)
        counts = "，".join(f"{STATUS_LABELS[k]} {n} 条" for k, n in renewal.counts().items() if n)
        self.app.push_screen(
            MessageModal(
                f"已续编为 {renewal.year} 年",
                f"{counts}。每条指标的去向写在它的说明里；待填写的数量填好、待处理的看过改写建议后，"
                "按 ctrl+s 导出为新文件，上年的表不改动。",
            )
        )

    def action_export(self) -> None:
        if self.session is None or not self.session.projects:
            self.notify("还没有可以导出的项目。", severity="warning")
            return

        def chosen(choice: ExportChoice | None) -> None:
            if choice is not None and self.session is not None:
                self.export(self.session.model_copy(deep=True), *choice)

        from tui.modals.export import ExportModal

        modal = ExportModal(self._default_export_path(), self.path, self.session.outstanding())
        self.app.push_screen(modal, chosen)

    def _default_export_path(self) -> str:
        """In the working folder (never beside the source, which may be read-only or shared)."""
        if self.path:
            name = f"{Path(self.path).stem}-完善.xlsx"
        elif self.renewed_from and self.table is not None:
            name = f"{Path(self.renewed_from).stem}-续编{self.table.year}.xlsx"
        else:
            name = "绩效指标.xlsx"
        return str(Path.cwd() / name)

    def action_cancel(self) -> None:
        if self.cancel_tasks():
            self.notify("已取消。")
        elif self.focused is self.query_one("#ask"):
            self.query_one(IndicatorTable).focus()

    # Results posted by the workers.

    def on_table_read(self, message: TableRead) -> None:
        self.path, self.table = message.path, message.table
        self.renewed_from = self.exported_to = None
        if message.path != self.compared:  # another table: last year's is not its last year
            self.engine.last_year = None
        elif self.engine.last_year is not None:
            self.engine.last_year.bind(message.table)
        self._show_title()
        if message.table.issues:
            lines = [f"· {i.where()}：{i.message}" for i in message.table.issues]
            title = f"有 {len(lines)} 处未能读取（原表不改动，这些行不在下面的项目中）"
            self.app.push_screen(MessageModal(title, "\n".join(lines)))
        if self.engine.last_year is not None:
            self._show_year_over_year(message.table)
        elif (year := renewal_offer(message.table)) is not None:
            self.notify(
                f"这是 {message.table.year} 年的表：按 ctrl+r 续编为 {year} 年（原表不改动）。",
                timeout=8,
            )
        if message.fresh is None:
            self._offer_resume(Session.from_table(message.table, message.path))
        else:
            self._offer_resume(message.fresh, (message.saved, message.saved_error))

    def _show_year_over_year(self, table: Table) -> None:
        """What changed since last year, in a window; the details are in each project's findings."""
        assert self.engine.last_year is not None
        per_project, whole = self.engine.last_year.review(table)
        source = Path(self.engine.last_year.table.source or "上年的表").name
        if not per_project and not whole:
            self.notify(f"与上年（{source}）比较：没有发现目标降低、指标删去、预算大变或项目增减。")
            return
        changed = sum(len(f) for f in per_project.values())
        lines = [f"{len(per_project)} 个项目有 {changed} 处变化（也列在各项目的问题中）："]
        for pos, found in per_project.items():
            lines.append(table.projects[pos].name)
            lines += [f"  ·{f.message}" for f in found]
        lines += [f"·{f.message}" for f in whole]
        self.app.push_screen(MessageModal(f"与上年比较（{source}）", "\n".join(lines)))

    def after_table_read(self) -> None:
        """The first table is on screen (or could not be read): now load the index."""
        if self.library_size is None and not any(w.group == "index" for w in self.workers):
            self.call_after_refresh(self.load_index)

    def on_index_ready(self, message: IndexReady) -> None:
        self.library_size = message.records
        self._show_title()
        self._check_rest()

    def _holding(self, result: ProjectResult) -> Session | None:
        """The session, if the result is for it and it still has the project (a result may
        outlive the table it was for, and the next table may have a project of that name)."""
        session = self.session
        if session is None or result.session is not session or not session.find(result.key):
            return None
        return session

    def on_suggestions_ready(self, message: SuggestionsReady) -> None:
        if (session := self._holding(message)) is None:
            return
        session.offer_suggestions(message.key, message.result.rewrites, message.result.additions)
        if message.result.goal:
            session.offer_goal(message.key, message.result.goal)
        for notice in message.result.notices:
            self.notify(notice, severity="warning")
        self.decided(message.key)

    def on_refinement_ready(self, message: RefinementReady) -> None:
        if (session := self._holding(message)) is None:
            return
        refinement = message.refinement
        if not session.offer_refinement(message.key, message.item_id, refinement):
            found = "没有找到新的可衡量改写" if refinement.findings else "这条指标没有发现问题"
            self.notify(f"{found}。", severity="warning")
            return
        self.decided(message.key, session.get(message.key).items[-1].id)

    def on_candidates_ready(self, message: CandidatesReady) -> None:
        if (session := self._holding(message)) is None:
            return
        if not any(i.id == message.item_id and i.pending for i in session.get(message.key).items):
            return  # decided or replaced meanwhile
        if not session.regenerate(message.key, message.item_id, message.candidates):
            self.notify("指标库中没有更多未出现过的候选了；可以按 e 自己修改。", severity="warning")
        self.decided(message.key, message.item_id)

    def on_answer_ready(self, message: AnswerReady) -> None:
        if (session := self._holding(message)) is None:
            return
        state = session.get(message.key)
        added = session.offer_additions(
            message.key,
            message.answer.suggestions,
            f"对话：{message.request}",
            query=search_text(message.request, state.project),
            slots=message.answer.rows,
        )
        originals = {i.indicator.name: i.id for i in state.items if i.kind == "original"}
        for name, suggestion in message.answer.rewrites:
            if name in originals:
                session.offer_rewrites(
                    message.key, originals[name], [suggestion], f"对话：{message.request}"
                )
        session.say(message.key, "assistant", message.answer.reply)
        for notice in message.answer.notices:
            self.notify(notice, severity="warning")
        self.decided(message.key, added[0].id if added else None)
        self.query_one(IndicatorTable).focus()

    def on_draft_ready(self, message: DraftReady) -> None:
        if self.session is None:
            self.session = Session()
        state = self.session.add_project(
            message.project, message.draft.indicators, "起草：依据相似项目的真实指标"
        )
        if not message.project.goal.strip():
            self.session.offer_goal(state.key, message.draft.goal)
        for notice in message.draft.notices:
            self.notify(notice, severity="warning")
        self.autosave()
        self._score(state)
        self._fill_projects(state.key)

    def on_export_done(self, message: ExportDone) -> None:
        exported = message.exported
        added = (
            f"；{exported.library_records} 条接受或编辑过的指标已{exported.library_note}"
            if exported.library_records
            else ""
        )
        if exported.problem:
            added = (
                f"；指标未能加入指标库：{exported.problem}（可稍后用 jixiao library submit 报送）"
            )
        self.notify(
            f"已导出到 {exported.path}{added}。",
            timeout=10,
            severity="warning" if exported.problem else "information",
        )
        if exported.library_records:  # offered from now on, and counted in the title
            self.engine.forget_index()
            self.load_index()
        if self.path is None and self.table is not None:
            self.exported_to = str(exported.path)
            self._show_title()

    @property
    def unexported_renewal(self) -> bool:
        """A renewed table on screen that was never exported (its work is autosaved only as the
        untitled session)."""
        return self.renewed_from is not None and self.path is None and self.exported_to is None


def _next_pending(state: ProjectState, after: str) -> str | None:
    """The next suggestion still to decide below a row (where the cursor goes after a decision)."""
    rows = state.rows()
    ids = [i.id for i in rows]
    later = rows[ids.index(after) + 1 :] if after in ids else rows
    return next((i.id for i in later if i.pending), None)


def renewal_offer(table: Table) -> int | None:
    """The year a table would be renewed for, when it is a past year's table; else None."""
    from datetime import date

    if table.year is None or table.year >= date.today().year + 1:
        return None
    return table.year + 1
