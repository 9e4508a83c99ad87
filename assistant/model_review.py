"""Review with the model (`jixiao check FILE --model …`): after the rules, the model adds what
rules cannot see, as findings of their own kind (大模型审核): a promise of the goal no indicator
measures, an indicator of another kind of project, a missing core output count, a target far
from similar projects'. Answers are validated like every answer (an indicator named must be one
of the project's) and cached; a project the rules find badly broken skips the model pass."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from assistant.checks import ProjectReport
from assistant.checks.rules import RULES
from assistant.errors import LLMError
from assistant.evidence import same_table
from assistant.lexicon import same_subject
from assistant.llm import acomplete_model, load_prompt
from assistant.llm.client import client_for
from assistant.llm.outputs import LLMReviewFinding, LLMReviewOutput
from assistant.project_types import of_project
from assistant.schema import Finding, Project
from assistant.values import format_number

if TYPE_CHECKING:
    from assistant.index import Index
    from assistant.llm import LLMClient, LLMConfig

MAX_ERRORS = 5  # a project with this many rule errors is fixed by rules first
SIMILAR = 20
CODES = {"目标支撑度": "M001", "他类指标": "M002", "核心指标缺失": "M003", "指标值合理性": "M004"}


def _project_text(project: Project) -> str:
    amount = format_number(project.amounts.total) if project.amounts.total is not None else "未填"
    year = f"；预算年度 {project.year}" if project.year else ""
    return f"项目名称：{project.name}；预算 {amount} 万元{year}\n绩效目标：{project.goal or '（未填）'}"


def _indicator_rows(project: Project) -> list[dict[str, str]]:
    return [
        {
            "一级": i.level1,
            "二级": i.level2,
            "名称": i.name,
            "年度指标值": i.annual_value.raw,
            "实施周期指标值": i.period_value.raw if i.period_value else "",
        }
        for i in project.indicators
    ]


def _standards(project: Project) -> list[dict[str, str]]:

    rows = []
    for k in of_project(project):
        rows += [
            {"类型": k.type.label, "二级": s.level2, "名称": s.name, "取值": s.value or s.unit}
            for s in k.type.indicators
            if s.applies(f"{project.name} {project.goal}")
        ]
        if k.type.core:
            rows.append(
                {
                    "类型": k.type.label,
                    "二级": "数量指标",
                    "名称": f"核心产出：{k.type.core}",
                    "取值": "",
                }
            )
    return rows


def _similar(project: Project, index: Index) -> list[dict[str, str]]:
    """Real values of the same indicators in other projects (never this project's own table)."""

    rows: list[dict[str, str]] = []
    for ind in project.indicators:
        for h in index.search(ind.name, k=5):
            r = h.record
            if same_table(r, project) or not r.indicator.annual_value.measurable:
                continue
            if same_subject(ind.name, r.indicator.name):
                rows.append(
                    {
                        "本项目指标": ind.name,
                        "同类指标": r.indicator.name,
                        "取值": r.indicator.annual_value.raw,
                        "项目": r.project or "共性指标库",
                    }
                )
                break
    return rows[:SIMILAR]


def _validator(project: Project) -> Callable[[LLMReviewOutput], list[str]]:
    names = {i.name for i in project.indicators}

    def validate(answer: LLMReviewOutput) -> list[str]:
        out = []
        for f in answer.findings:
            if f.kind in ("他类指标", "指标值合理性") and f.indicator not in names:
                out.append(
                    f"「{f.kind}」须写明是哪条指标：indicator 应原样照抄下列名称之一：{'、'.join(sorted(names))}"
                )
            elif f.indicator is not None and f.indicator not in names:
                out.append(
                    f"指标「{f.indicator}」不在本项目的指标中；项目整体的问题 indicator 留空"
                )
        return out

    return validate


def _finding(f: LLMReviewFinding) -> Finding:

    code = CODES[f.kind]
    return Finding(
        indicator=f.indicator,
        code=code,
        severity=RULES[code].severity,
        message=f"（大模型审核）{f.reason}",
        hint=f.fix,
        source="llm",
    )


async def areview_project(
    project: Project,
    report: ProjectReport,
    index: Index,
    cfg: LLMConfig,
    *,
    use_cache: bool = True,
    client: LLMClient | None = None,
) -> tuple[list[Finding], list[str]]:
    """The model's findings for one project (rules already run) and notices for the user."""

    errors = sum(f.severity == "error" for f in report.findings)
    if errors >= MAX_ERRORS or not project.indicators:
        why = f"规则检查已发现 {errors} 个错误" if project.indicators else "没有指标"
        return [], [f"「{project.name}」{why}，请先按规则修改；本次跳过大模型审核。"]
    rules = [
        {"代码": f.code, "指标": f.indicator or "（项目）", "问题": f.message}
        for f in report.findings
    ]
    rendered = load_prompt("review").render(
        project=_project_text(project),
        indicators=_indicator_rows(project),
        rule_findings=rules,
        standards=_standards(project),
        similar=_similar(project, index),
    )
    try:
        result = await acomplete_model(
            cfg,
            rendered,
            LLMReviewOutput,
            validate=_validator(project),
            cache=use_cache,
            client=client,
        )
    except LLMError as err:
        return [], [
            f"「{project.name}」大模型审核未完成（{err.message}），以下只有规则检查的结果。"
        ]
    return [_finding(f) for f in result.value.findings], list(result.notices)


async def areview_table(
    projects: list[Project],
    reports: list[ProjectReport],
    index: Index,
    cfg: LLMConfig,
    *,
    use_cache: bool = True,
) -> tuple[list[ProjectReport], list[str]]:
    """Every project reviewed (concurrently, within the model's concurrency limit)."""

    client = client_for(cfg)
    done = await asyncio.gather(
        *(
            areview_project(p, r, index, cfg, use_cache=use_cache, client=client)
            for p, r in zip(projects, reports, strict=True)
        )
    )
    merged = [r.with_findings(found) for r, (found, _) in zip(reports, done, strict=True)]
    return merged, [n for _, notes in done for n in notes]
