"""Suggestions for an existing project: rewrites for its flagged indicators and additions for the
categories it lacks. Shared by batch and the TUI."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from assistant.categories import short_label
from assistant.checks import ProjectReport, check_project
from assistant.checks.project import required_labels
from assistant.draft import compose
from assistant.draft.request import DraftRequest
from assistant.draft.run import adraft
from assistant.evidence import vet
from assistant.lexicon import name_key
from assistant.refine import refine_indicator
from assistant.refine.llm import arefine_llm
from assistant.schema import Model, Project, Refinement, Suggestion
from assistant.targets import one_target

if TYPE_CHECKING:
    from assistant.index import Index
    from assistant.llm import LLMClient, LLMConfig

PER_MISSING = 2


class ProjectSuggestions(Model):
    """一个项目的检查结果与建议。"""

    project: str
    report: ProjectReport
    rewrites: list[Refinement] = Field(default_factory=list, description="对有问题指标的改写")
    additions: list[Suggestion] = Field(
        default_factory=list, description="为缺少的类别建议新增的指标"
    )
    goal: str | None = Field(None, description="建议的绩效目标（原目标为空时）")
    notices: list[str] = Field(default_factory=list)


def missing_labels(project: Project) -> list[str]:
    have = {short_label(i.level2) for i in project.indicators}
    return [label for label in required_labels(project) if label not in have]


def flagged(project: Project, report: ProjectReport) -> list[int]:
    """Positions of indicators with an error or warning finding."""
    names = {
        f.indicator for f in report.findings if f.severity in ("error", "warning") and f.indicator
    }
    return [i for i, ind in enumerate(project.indicators) if ind.name in names]


def for_missing(
    drafted: list[Suggestion], missing: list[str], project: Project
) -> list[Suggestion]:
    """At most PER_MISSING drafted indicators for each missing category, best first; never one
    the project has already (under another category: 安全隐患整治率 kept in 效益 is not added
    again as 质量)."""

    have = {name_key(i.name) for i in project.indicators}
    out: list[Suggestion] = []
    for s in drafted:
        label = short_label(s.level2)
        if label not in missing or name_key(s.name) in have:
            continue
        if sum(short_label(o.level2) == label for o in out) < PER_MISSING:
            out.append(s)
    return out


def draft_request(project: Project, count: int = 12) -> DraftRequest:
    """The request that drafts additions for an existing project. The department is left out on
    purpose: the other projects of the same table share it, and their subjects (an IT platform's
    运行率 for a payroll project) must not be trusted for that alone."""
    name = project.name if len(project.name.strip()) >= 2 else f"{project.name}项目"
    amount = project.amounts.total if amount_notice(project) is None else None
    return DraftRequest(
        name=name,
        goal=project.goal,
        amount=amount,
        year=project.year,
        count=count,
        types=project.types,
    )


AMOUNT_NOTICE = "金额有误"


def amount_notice(project: Project) -> str | None:
    """A Chinese notice when the project's total is not a usable budget (0 or negative)."""
    total = project.amounts.total
    if total is None or total > 0:
        return None
    what = "为 0" if total == 0 else f"是负数（{total:,.2f} 万元）"
    return (
        f"{AMOUNT_NOTICE}：项目「{project.name}」的总计金额{what}，不能作为预算金额；"
        "指标照常检查，建议按未填金额给出，成本指标无法与预算核对，请核实金额"
    )


def suggest_for_project(project: Project, index: Index) -> ProjectSuggestions:
    """Check the project; refine each flagged indicator; propose indicators for missing categories
    (their evidence vetted: nothing from the project's own table, no rejected or unrelated record)."""

    report = check_project(project)
    rewrites = [
        refine_indicator(project.indicators[i], project, index) for i in flagged(project, report)
    ]
    missing = missing_labels(project)
    additions: list[Suggestion] = []
    goal = None
    if missing or not project.goal.strip():
        draft = compose(draft_request(project), index, exclude={project.name})
        additions = [
            one_target(vet(s, index, project))
            for s in for_missing(draft.indicators, missing, project)
        ]
        goal = draft.goal if not project.goal.strip() else None
    notices = [n for n in [amount_notice(project)] if n]
    return ProjectSuggestions(
        project=project.name,
        report=report,
        rewrites=rewrites,
        additions=additions,
        goal=goal,
        notices=notices,
    )


async def asuggest_for_project(
    project: Project,
    index: Index,
    cfg: LLMConfig | None = None,
    *,
    use_cache: bool = True,
    client: LLMClient | None = None,
) -> ProjectSuggestions:
    """The same suggestions; with a model, rewrites and additions come from the LLM (each one
    falling back to the offline result with a notice)."""
    import asyncio

    offline = await asyncio.to_thread(suggest_for_project, project, index)
    return await with_model(offline, project, index, cfg, use_cache=use_cache, client=client)


async def with_model(
    offline: ProjectSuggestions,
    project: Project,
    index: Index,
    cfg: LLMConfig | None,
    *,
    use_cache: bool = True,
    client: LLMClient | None = None,
) -> ProjectSuggestions:
    """The offline suggestions with the model's rewrites and additions in their place."""
    import asyncio

    if cfg is None or (not offline.rewrites and not offline.additions):
        return offline

    jobs = [
        arefine_llm(r, project, index, cfg, use_cache=use_cache, client=client)
        for r in offline.rewrites
    ]
    rewrites = list(await asyncio.gather(*jobs))
    additions, goal = offline.additions, offline.goal
    if offline.additions or offline.goal:
        draft = await adraft(
            draft_request(project),
            index,
            cfg,
            use_cache=use_cache,
            exclude={project.name},
            client=client,
        )
        missing = missing_labels(project)
        additions = for_missing(draft.indicators, missing, project) or offline.additions
        goal = draft.goal if offline.goal else None
    notices = [n for r in rewrites for n in r.notices if "大模型" in n]
    return offline.model_copy(
        update={
            "rewrites": rewrites,
            "additions": additions,
            "goal": goal,
            "notices": [*offline.notices, *dict.fromkeys(notices)],
        }
    )
