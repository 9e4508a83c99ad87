"""The offline composer: a complete, measurable indicator set for a new project, built from
explicit knowledge and real indicators, every line saying why it is there.

Candidates, in the order they are trusted:
1. facts the description states (counts, unit prices, deadlines, zero targets);
2. the whole set of a twin (a close project of the same type, e.g. last year's);
3. the standard set of the project's type(s) (`corpus/types.toml`);
4. the satisfaction of the group the type serves, and the cost (unit cost or budget cap);
5. real indicators of similar projects that fit the type.
The set then takes one line for each category a complete set covers, then fills by trust.
Counts only the project can know are slots (`≥【请填写】人次`) with real values as reference.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from assistant.categories import level1_of, short_label, to_framework
from assistant.checks import check_project
from assistant.draft.candidates import (
    Candidate,
    Context,
    fact_lines,
    real_lines,
    secondary_lines,
    standard_lines,
    twin_lines,
)
from assistant.draft.goal import write_goal
from assistant.draft.request import DraftRequest
from assistant.draft.twin import find_twin
from assistant.lexicon import name_key
from assistant.project_types import recognise
from assistant.schema import Amounts, Draft, GoalFact, Project, Suggestion, TypeChoice
from assistant.similarity import dice
from assistant.stated import unit_suffix

if TYPE_CHECKING:
    from assistant.index import Index

PER_LEVEL2 = 3
SAME_LINE = 0.6  # names at least this similar are the same line
LOW_EVIDENCE = (
    0.5  # a draft with fewer lines citing real indicators than this share is low confidence
)


def _required(ctx: Context) -> list[str]:
    labels = ["数量", "质量", "时效", "成本", "效益"]
    return [*labels, "满意度"] if ctx.serves_people else labels


def _duplicate(c: Candidate, chosen: list[Suggestion]) -> bool:
    """The same line as one already chosen; a fact of the goal is only the same as a line of
    the same name (新造林面积 3万亩 is a part of 实施营造林面积 8万亩, and kept)."""
    key = name_key(c.suggestion.name)
    if c.fact:
        return any(name_key(s.name) == key for s in chosen)
    return any(
        name_key(s.name) == key
        or dice(s.name, c.suggestion.name) >= SAME_LINE
        or _same_people(s, c.suggestion)
        for s in chosen
    )


def _same_people(a: Suggestion, b: Suggestion) -> bool:
    """Two people counts to fill in one draft (资助学生人数, 学生受资助人数) ask for one number."""

    def people(s: Suggestion) -> bool:
        return s.annual_value.pending and unit_suffix(s.annual_value.unit or "") in ("人数", "人次")

    return people(a) and people(b)


def _select(ctx: Context, candidates: list[Candidate]) -> list[Suggestion]:
    """Every fact of the goal; one line for each required category (the most trusted); then
    the rest by trust up to the requested count."""
    chosen: list[Suggestion] = []
    per_level2: dict[str, int] = defaultdict(int)

    def take(c: Candidate) -> bool:
        if (len(chosen) >= ctx.request.count and not c.fact) or _duplicate(c, chosen):
            return False
        if per_level2[c.suggestion.level2] >= PER_LEVEL2 and not c.fact:
            return False
        chosen.append(c.suggestion)
        per_level2[c.suggestion.level2] += 1
        return True

    for c in candidates:  # facts of the goal first: every one is kept
        if c.fact:
            take(c)
    for label in _required(ctx):
        if not any(short_label(s.level2) == label for s in chosen):
            next(
                (c for c in candidates if short_label(c.suggestion.level2) == label and take(c)),
                None,
            )
    for c in candidates:
        take(c)
    return chosen


def _order(s: Suggestion) -> int:
    return ("数量", "质量", "时效", "成本", "效益", "满意度").index(short_label(s.level2))


def _in_framework(s: Suggestion, ctx: Context) -> Suggestion:
    level1, level2 = to_framework(level1_of(s.level2), s.level2, ctx.request.framework)
    return (
        s
        if (level1, level2) == (s.level1, s.level2)
        else s.model_copy(update={"level1": level1, "level2": level2})
    )


def compose(request: DraftRequest, index: Index, exclude: set[str] | None = None) -> Draft:
    """Draft a complete indicator set for the request, offline and deterministically."""

    kinds = recognise(request.name, request.goal, request.types)
    ctx = Context.make(request, index, exclude or set(), kinds)
    ctx.twin = find_twin(ctx)
    candidates = [
        *fact_lines(ctx),
        *twin_lines(ctx),
        *standard_lines(ctx),
        *real_lines(ctx),
        *secondary_lines(ctx),
    ]
    chosen = sorted((_in_framework(s, ctx) for s in _select(ctx, candidates)), key=_order)
    return _finish(ctx, chosen, write_goal(request, chosen))


def _facts_kept(ctx: Context, chosen: list[Suggestion]) -> list[GoalFact]:
    names = {name_key(s.name) for s in chosen}
    return [f.model_copy(update={"kept": name_key(f.name) in names}) for f in ctx.facts]


def _finish(ctx: Context, chosen: list[Suggestion], goal: str) -> Draft:

    project = Project(
        name=ctx.request.name,
        department=ctx.request.department,
        amounts=Amounts(total=ctx.request.amount),
        goal=ctx.request.goal,
        indicators=list(chosen),
    )
    report = check_project(project)
    notices = list(ctx.notices)
    cited = sum(bool(s.evidence) for s in chosen)
    low = ctx.kinds[0].type.key == "general" or cited < LOW_EVIDENCE * len(chosen)
    if len(chosen) < ctx.request.count and "count" in ctx.request.model_fields_set:  # asked for
        notices.append(
            f"只给出 {len(chosen)} 条（要求 {ctx.request.count} 条）：每条都须有依据（项目类型的标准指标、描述中写明的事实、"
            "同类项目的真实指标），不用泛泛的指标凑数；需要更多时请在描述中写明更多产出，或用 --type 补充类型。"
        )
    if ctx.kinds[0].type.key == "general":
        notices.append(
            "未能从名称和描述认出项目类型，以下为通用结构、数值待填写；可用 --type 指定类型（低置信度）。"
        )
    elif low:
        notices.append(
            f"只有 {cited} 条指标找到了相近的真实指标作依据，其余按项目类型的标准指标起草，请逐条核对（低置信度）。"
        )
    return Draft(
        project=ctx.request.name,
        goal=goal,
        given_goal=ctx.request.goal,
        indicators=chosen,
        findings=report.findings,
        confidence="low" if low else "high",
        notices=notices,
        types=[
            TypeChoice(
                key=k.type.key,
                label=k.type.label,
                score=k.score,
                words=list(k.words),
                forced=k.forced,
            )
            for k in ctx.kinds
        ],
        facts=_facts_kept(ctx, chosen),
        twin=ctx.twin.project if ctx.twin else None,
    )
