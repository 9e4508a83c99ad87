"""Refining with an LLM: the model rewrites a flagged indicator from the checker's findings and
the retrieved real indicators; the answer must cite evidence ids from the prompt and pass the
checker, else the offline refinement is returned with a Chinese notice."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from assistant.errors import LLMError
from assistant.evidence import is_itself, rejected, same_table, vet
from assistant.llm import acomplete_model, grounding_check, load_prompt
from assistant.llm.outputs import LLMRewriteOutput, problems, to_suggestion
from assistant.schema import Evidence, Indicator, Project, Refinement
from assistant.targets import one_target

if TYPE_CHECKING:
    from assistant.index import Index
    from assistant.llm import LLMClient, LLMConfig

EVIDENCE_LIMIT = 20
MAX_REWRITES = 3


def _pool(offline: Refinement, index: Index, project: Project | None = None) -> dict[str, Evidence]:
    """The evidence the model may cite: the offline rewrites' (already vetted), then similar real
    indicators that are not the indicator itself, not of the project's own table and not rejected."""

    pool = {e.id: e for s in offline.rewrites for e in s.evidence}
    for hit in index.search(offline.original.name, k=EVIDENCE_LIMIT * 2):
        r = hit.record
        if not (is_itself(r, offline.original) or same_table(r, project) or rejected(r)):
            pool.setdefault(r.id, hit.evidence())
    return dict(list(pool.items())[:EVIDENCE_LIMIT])


def _indicator_text(ind: Indicator) -> str:
    period = ind.period_value.raw if ind.period_value else ""
    return f"{ind.level1}/{ind.level2}：{ind.name}；年度指标值：{ind.annual_value.raw}；实施周期指标值：{period}"


def _project_text(project: Project | None) -> str:
    if project is None:
        return "（未提供）"
    amount = f"；预算 {project.amounts.total} 万元" if project.amounts.total is not None else ""
    return f"项目名称：{project.name}{amount}\n绩效目标：{project.goal or '（未填）'}"


def _validator(pool: dict[str, Evidence]) -> Callable[[LLMRewriteOutput], list[str]]:
    def validate(answer: LLMRewriteOutput) -> list[str]:
        found = problems(answer.rewrites, pool)
        if not 1 <= len(answer.rewrites) <= MAX_REWRITES:
            found.append(f"应给出 1–{MAX_REWRITES} 条改写，现在是 {len(answer.rewrites)} 条")
        return found

    return validate


async def arefine_llm(
    offline: Refinement,
    project: Project | None,
    index: Index,
    cfg: LLMConfig,
    *,
    use_cache: bool = True,
    client: LLMClient | None = None,
) -> Refinement:
    """The model's rewrites for `offline.original`, or the offline ones with a notice."""

    pool = _pool(offline, index, project)
    findings = [{"code": f.code, "message": f.message, "hint": f.hint} for f in offline.findings]
    evidence = [
        {"id": e.id, "name": e.name, "value": e.value, "project": e.project, "source": e.source}
        for e in pool.values()
    ]
    rendered = load_prompt("refine").render(
        project=_project_text(project),
        indicator=_indicator_text(offline.original),
        findings=findings,
        evidence=evidence,
    )
    try:
        result = await acomplete_model(
            cfg,
            rendered,
            LLMRewriteOutput,
            validate=_validator(pool),
            cache=use_cache,
            client=client,
        )
    except LLMError as err:
        notice = f"大模型未能给出有效改写（{err.message}），以下为离线改写。"
        return offline.model_copy(update={"notices": [*offline.notices, notice]})

    rewrites = [
        one_target(vet(to_suggestion(r, pool), index, project, offline.original))
        for r in result.value.rewrites
    ]
    known = _indicator_text(offline.original) + _project_text(project)
    notices = grounding_check([s.annual_value.raw for s in rewrites], known, list(pool.values()))
    return offline.model_copy(update={"rewrites": rewrites, "notices": [*result.notices, *notices]})
