"""The TUI's one door into the library: reading tables, checking, suggesting, refining, searching,
drafting and exporting. Pure Python, called from Textual thread workers. The index (the slow part)
is loaded once, on first use, under a lock, so every worker shares it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.categories import Framework
from assistant.schema import (
    Amounts,
    CorpusRecord,
    Draft,
    Finding,
    Indicator,
    Project,
    Refinement,
    Suggestion,
    Table,
)
from assistant.similarity import clean_name
from tui.ask import category_filter, search_text, stated_rate
from tui.state import Item, ProjectState, Session, plain

if TYPE_CHECKING:
    from assistant.checks import ProjectReport
    from assistant.draft import DraftRequest
    from assistant.index import Hit, Index
    from assistant.llm import LLMConfig
    from assistant.refine.project import ProjectSuggestions
    from assistant.year_over_year import LastYear

Notify = Callable[[str], None]
SEARCH_DEPTH = 30
ASK_ROWS = 3


def _default_index(notify: Notify) -> Index:
    from assistant.index import load_index

    return load_index(notify=notify)


@dataclass
class Answer:
    """What a plain-words request produced."""

    suggestions: list[Suggestion]
    reply: str
    notices: list[str] = field(default_factory=list)
    rewrites: list[tuple[str, Suggestion]] = field(default_factory=list)
    rows: int = ASK_ROWS  # offered as rows; the rest are behind 换一条


@dataclass(frozen=True)
class Exported:
    path: Path
    library_records: int
    library_note: str = "加入你的指标库"
    problem: str | None = None  # the library refused (the table itself was written)


def suggestion_from_hit(hit: Hit) -> Suggestion:
    """A real indicator from the library offered as a suggestion, with itself as evidence. Its
    values are written the canonical way (`正向 大于等于 98` → `≥98`); the evidence keeps the original."""
    ind = plain(hit.record.indicator)
    fields = ind.model_dump(exclude={"source"})
    for key in ("annual_value", "period_value"):
        value = getattr(ind, key)
        if value is not None:
            fields[key]["raw"] = value.text()
    fields["basis"] = ind.basis or "历史标准"
    return Suggestion(**fields, evidence=[hit.evidence()], engine="offline")


class Engine:
    """Holds the index; every method is blocking and meant for a thread worker."""

    def __init__(
        self,
        load_index: Callable[[Notify], Index] = _default_index,
        last_year: LastYear | None = None,
    ) -> None:
        self._load_index = load_index
        self.last_year = last_year  # last year's table: its changes are findings too
        self._index: Index | None = None
        self._lock = threading.Lock()

    def index(self, notify: Notify = lambda _: None) -> Index:
        with self._lock:
            if self._index is None:
                self._index = self._load_index(notify)
            return self._index

    def remove_from_library(self, records: list[CorpusRecord]) -> int:
        """Remove records from the user's library. The index holds the library as it was when
        loaded, so it is dropped and loaded again on next use: nothing removed is offered again."""
        from assistant.corpus import remove_user_records

        removed = remove_user_records(records)
        if removed:
            self.forget_index()
        return removed

    def forget_index(self) -> None:
        """The user's library changed on disk: load the index again on next use."""
        with self._lock:
            self._index = None

    @staticmethod
    def read(path: str) -> Table:
        """Read a table."""
        from assistant.tables import read_table

        return read_table(path)

    @staticmethod
    def warm_checker() -> None:
        """Import the checker (in a worker: the project on screen is checked on the UI thread)."""
        import assistant.checks.checker  # noqa: F401  (assistant.checks itself imports lazily)

    def report(self, project: Project) -> ProjectReport:
        """The checker's report, with the year-over-year findings when last year's table is known."""
        from assistant.checks import check_project

        return check_project(project).with_findings(self.yearly(project))

    def yearly(self, project: Project) -> list[Finding]:
        return self.last_year.findings(project) if self.last_year is not None else []

    @staticmethod
    def findings(indicator: Indicator, project: Project | None) -> list[Finding]:
        from assistant.checks import check_indicator

        return check_indicator(indicator, project)

    def suggest(self, project: Project) -> ProjectSuggestions:
        from assistant.refine.project import suggest_for_project

        return suggest_for_project(project, self.index())

    async def asuggest(self, project: Project) -> ProjectSuggestions:
        """The suggestions; with a model configured, its rewrites and additions (offline on any
        failure, with a notice). Awaited in an async worker, so Esc or quitting cancels the
        request at once."""
        import asyncio

        offline = await asyncio.to_thread(self.suggest, project)  # imports the drafting there
        cfg = model_config()
        if cfg is None:
            return offline
        from assistant.refine.project import with_model  # loaded by the thread: no wait here

        return await with_model(offline, project, await asyncio.to_thread(self.index), cfg)

    async def arefine(self, indicator: Indicator, project: Project) -> Refinement:
        """refine, and with a model configured the model's rewrites (offline on failure)."""
        import asyncio

        offline = await asyncio.to_thread(self.refine, indicator, project)
        cfg = model_config()
        if cfg is None:
            return offline
        from assistant.refine.llm import arefine_llm

        return await arefine_llm(offline, project, await asyncio.to_thread(self.index), cfg)

    def refine(self, indicator: Indicator, project: Project) -> Refinement:
        from assistant.refine import refine_indicator

        return refine_indicator(indicator, project, self.index())

    def draft(self, request: DraftRequest) -> tuple[Project, Draft]:
        """A new project from the form, and its draft."""
        from assistant.draft.run import run_draft

        draft = run_draft(request, self.index())
        project = Project(
            name=request.name,
            department=request.department,
            year=request.year,
            amounts=Amounts(total=request.amount),
            goal=request.goal,  # the user's words; a drafted goal is offered, to accept or not
            types=request.types,
        )
        return project, draft

    def search(
        self, text: str, project: Project, level1: str | None = None, level2: str | None = None
    ) -> list[Suggestion]:
        """Measurable library indicators for a text (from other projects), optionally in one
        category, best first; those the checker rejects for this project are left out."""
        from assistant.index import SearchFilters

        filters = SearchFilters(
            level1=level1, level2=level2, measurable_only=True, exclude_projects={project.name}
        )
        hits = self.index().search(text, k=SEARCH_DEPTH, filters=filters)
        found = [suggestion_from_hit(h) for h in hits]
        fit = [
            s for s in found if not any(f.severity == "error" for f in self.findings(s, project))
        ]
        return _own_kind(fit, project)

    def more(self, state: ProjectState, item: Item) -> list[Suggestion]:
        """Further candidates for a suggestion's slot: same category, similar name or request."""
        base = state.item(item.target).indicator if item.target else item.indicator
        text = item.query or f"{clean_name(base.name)} {state.project.name}"
        return self.search(text, state.project, level2=item.indicator.level2)

    async def amore(self, state: ProjectState, item: Item) -> list[Suggestion]:
        """Further candidates; with a model configured, the model's rewrites of the indicator come
        first (awaited, so Esc or quitting cancels the request at once)."""
        import asyncio

        offline = await asyncio.to_thread(self.more, state, item)
        cfg = model_config()
        if cfg is None:
            return offline
        from assistant.refine.llm import arefine_llm

        base = state.item(item.target).indicator if item.target else item.indicator
        refined = await asyncio.to_thread(self.refine, base, state.project)
        answer = await arefine_llm(refined, state.project, await asyncio.to_thread(self.index), cfg)
        model = [s for s in answer.rewrites if s.engine == "llm"]
        return [*model, *offline]

    async def aask(self, state: ProjectState, request: str) -> Answer:
        """`ask`, awaited: with a model its revision (cancellable), else library indicators."""
        import asyncio

        from assistant.errors import JixiaoError

        cfg = model_config()
        if cfg is None:
            return await asyncio.to_thread(self.ask, state, request, False)
        try:
            return await self._aask_llm(state, request, cfg)
        except JixiaoError as err:
            notice = f"大模型未能完成修改（{err.message}），先给出指标库中的相近指标。"
            return await asyncio.to_thread(self._ask_offline, state, request, [notice])

    def ask(self, state: ProjectState, request: str, llm_enabled: bool) -> Answer:
        """With a model: the model's revision of the set (added / changed / removed). Without one,
        or when the model fails: library indicators matching the request."""
        if llm_enabled:
            from assistant.errors import JixiaoError

            try:
                return self._ask_llm(state, request)
            except JixiaoError as err:
                return self._ask_offline(
                    state,
                    request,
                    [f"大模型未能完成修改（{err.message}），先给出指标库中的相近指标。"],
                )
        return self._ask_offline(
            state, request, ["自由改写需要大模型（用 jixiao llm 配置）；先给出指标库中的相近指标。"]
        )

    def _ask_llm(self, state: ProjectState, request: str) -> Answer:
        import asyncio

        from assistant.llm.config import load_config

        return asyncio.run(self._aask_llm(state, request, load_config()))

    async def _aask_llm(self, state: ProjectState, request: str, cfg: LLMConfig) -> Answer:
        import asyncio

        from assistant.refine.revise import arevise_llm

        project = state.project.model_copy(
            update={"indicators": [i.indicator for i in state.items if i.kind == "original"]}
        )
        revision = await arevise_llm(project, request, await asyncio.to_thread(self.index), cfg)
        parts = [f"新增 {len(revision.added)} 条", f"修改 {len(revision.changed)} 条"]
        if revision.removed:
            parts.append(f"建议删除「{'」「'.join(revision.removed)}」（选中后按 r 拒绝）")
        return Answer(
            suggestions=revision.added,
            reply="大模型已按要求修改：" + "，".join(parts) + "。",
            notices=revision.notices,
            rewrites=[(c.original, c.suggestion) for c in revision.changed],
        )

    def _ask_offline(self, state: ProjectState, request: str, notices: list[str]) -> Answer:
        """Library indicators matching the request (and the category it names)."""
        level1, level2 = category_filter(request)
        standard = self.standard(state.assembled(), level2) if level2 else []
        offered = [i for i in state.pending() if i.indicator.name in {s.name for s in standard}]
        own = [s for s in standard if not state.blocked(s, "addition")]
        if offered and not own:  # the type's own is there already, waiting for a decision
            names = "、".join(f"「{i.indicator.name}」" for i in offered)
            reply = f"本类项目的标准指标 {names} 已在建议中：选中后按 e 可改目标，按 a 接受。"
            return Answer([], reply, notices)
        found = own + self.search(
            search_text(request, state.project), state.project, level1, level2
        )
        unique = list({s.name: s for s in reversed(found)}.values())[::-1]  # first of each name
        fresh = [s for s in unique if not state.blocked(s, "addition")]
        if not fresh:
            return Answer([], "指标库中没有找到合适的新指标，换个说法试试。", notices)
        fresh = _aimed(fresh, stated_rate(request))
        names = "、".join(f"「{s.name}」" for s in fresh[:ASK_ROWS])
        if own:  # the type's own first, alone; the library's are behind 换一条
            shown = min(len(own), ASK_ROWS)
            names = "、".join(f"「{s.name}」" for s in fresh[:shown])
            reply = f"按本类项目的标准指标给出 {names}；指标库中另有 {len(fresh) - shown} 条相近指标，按 g 可换一条。"
            return Answer(fresh, reply, notices, rows=shown)
        reply = f"从指标库找到 {len(fresh)} 条候选，先列出 {names}，按 g 可换一条。"
        return Answer(fresh, reply, notices)

    def standard(self, project: Project, level2: str) -> list[Suggestion]:
        """The project type's own indicators of a category (what drafting would write for it),
        those the project does not have yet."""
        from assistant.categories import short_label
        from assistant.draft import compose
        from assistant.lexicon import name_key
        from assistant.refine.project import draft_request

        drafted = compose(draft_request(project), self.index(), exclude={project.name})
        have = {name_key(i.name) for i in project.indicators}
        return [
            s
            for s in drafted.indicators
            if short_label(s.level2) == short_label(level2) and name_key(s.name) not in have
        ]

    @staticmethod
    def export(session: Session, path: str, framework: Framework) -> Exported:
        """Write the result table; add the accepted and edited indicators to the user's library
        (with a shared library configured: submit them for review)."""
        from assistant.corpus import records_from_project
        from assistant.errors import InputError
        from assistant.library import submit_accepted
        from assistant.tables import write_table

        written = write_table(session.export_table(), path, framework)
        source = f"jixiao tui 导出：{written.name}"
        records = [
            r for p in session.library_projects() for r in records_from_project(p, "user", source)
        ]
        if not records:
            return Exported(written, 0)
        try:
            added, where = submit_accepted(records, written.name)
        except InputError as err:  # the table is written; the library can be told later
            return Exported(written, 0, problem=err.user_message())
        return Exported(written, added, where)


def model_config() -> LLMConfig | None:
    """The configured model, or None (a broken config counts as none; `jixiao llm` explains)."""
    from assistant.errors import InputError
    from assistant.llm.config import load_config

    try:
        cfg = load_config()
    except InputError:
        return None
    return cfg if cfg.enabled else None


def llm_enabled() -> bool:
    """True when a model is configured (a broken config counts as none; `jixiao llm` explains)."""
    from assistant.errors import InputError
    from assistant.llm.config import load_config

    try:
        return load_config().enabled
    except InputError:
        return False


def _aimed(found: list[Suggestion], rate: float | None) -> list[Suggestion]:
    """With a rate asked for (「目标95%」), the rate suggestions take it as their target."""
    if rate is None:
        return found
    from assistant.values import make_value

    value = make_value("=" if rate >= 100 else "≥", rate, "%")
    return [
        s.model_copy(update={"annual_value": value, "period_value": value})
        if s.annual_value.unit == "%"
        else s
        for s in found
    ]


def _own_kind(found: list[Suggestion], project: Project) -> list[Suggestion]:
    """Without the candidates the checker's C020 would flag in this project: an indicator of
    another kind of project (a forestry or school indicator offered to a training)."""
    from assistant.checks.project_type import other_kind_indicators

    trial = project.model_copy(update={"indicators": [*project.indicators, *found]})
    other = {f.indicator for f in other_kind_indicators(trial)}
    return [s for s in found if s.name not in other]
