"""Drafting with an LLM: the model adapts the real indicators the offline composer retrieved.

The prompt carries the evidence (ids, values, sources), the framework pairs and the checker's
rules; the answer must validate, cite only evidence ids from the prompt and pass the checker,
else the model is asked again (by the LLM layer) and finally the offline draft is returned with
a Chinese notice. Numbers that appear in neither the input nor the evidence are flagged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from assistant.categories import short_label
from assistant.draft.request import DraftRequest
from assistant.errors import LLMError
from assistant.llm.outputs import LLMDraftOutput, problems, to_suggestion
from assistant.schema import Draft, Evidence
from assistant.values import format_number

if TYPE_CHECKING:
    from assistant.index import Index
    from assistant.llm import LLMClient, LLMConfig

REQUIRED = ("数量", "质量", "效益")
EVIDENCE_LIMIT = 40


def project_text(request: DraftRequest) -> str:
    lines = [f"项目名称：{request.name}"]
    if request.goal:
        lines.append(f"项目描述：{request.goal}")
    if request.amount is not None:
        lines.append(f"预算金额：{format_number(request.amount)} 万元")
    for label, value in (("部门", request.department), ("行业", request.sector), ("预算年度", request.budget_year())):
        if value:
            lines.append(f"{label}：{value}")
    lines.append(f"实施周期：{request.years} 年")
    return "\n".join(lines)


def evidence_pool(offline: Draft, request: DraftRequest, index: Index) -> dict[str, Evidence]:
    """The offline draft's evidence plus the closest real indicators, by id."""
    pool: dict[str, Evidence] = {}
    for s in offline.indicators:
        for e in s.evidence:
            pool.setdefault(e.id, e)
    for hit in index.search(request.text(), k=EVIDENCE_LIMIT):
        if len(pool) >= EVIDENCE_LIMIT:
            break
        pool.setdefault(hit.record.id, hit.evidence())
    return pool


def _evidence_rows(pool: dict[str, Evidence]) -> list[dict[str, object]]:
    return [
        {"id": e.id, "name": e.name, "value": e.value, "project": e.project, "year": e.year, "source": e.source}
        for e in pool.values()
    ]


def _validator(pool: dict[str, Evidence], count: int) -> Callable[[LLMDraftOutput], list[str]]:
    def validate(answer: LLMDraftOutput) -> list[str]:
        found = problems(answer.indicators, pool)
        if not 6 <= len(answer.indicators) <= max(count, 6):
            found.append(f"指标应为 6–{max(count, 6)} 条，现在是 {len(answer.indicators)} 条")
        labels = {short_label(i.level2) for i in answer.indicators}
        missing = [label for label in REQUIRED if not any(label in x for x in labels)]
        if missing:
            found.append(f"缺少{'、'.join(missing)}指标")
        return found

    return validate


async def adraft_llm(
    request: DraftRequest, index: Index, cfg: LLMConfig, offline: Draft, *,
    use_cache: bool = True, client: LLMClient | None = None,
) -> Draft:
    """The LLM's draft, or the offline one with a notice when no valid answer comes."""
    from assistant.checks import check_project
    from assistant.llm import FRAMEWORK_LABELS, acomplete_model, grounding_check, load_prompt
    from assistant.schema import Amounts, Project

    pool = evidence_pool(offline, request, index)
    text = project_text(request)
    rendered = load_prompt("draft").render(
        project=text, evidence=_evidence_rows(pool), framework_name=FRAMEWORK_LABELS[request.framework]
    )
    try:
        result = await acomplete_model(
            cfg, rendered, LLMDraftOutput, validate=_validator(pool, request.count), cache=use_cache, client=client
        )
    except LLMError as err:
        notice = f"大模型未能给出有效结果（{err.message}），以下为离线草稿。"
        return offline.model_copy(update={"notices": [*offline.notices, notice]})
    suggestions = [to_suggestion(i, pool) for i in result.value.indicators]
    values = [s.annual_value.raw for s in suggestions] + [result.value.goal]
    notices = [*result.notices, *grounding_check(values, text, list(pool.values()))]
    project = Project(name=request.name, amounts=Amounts(total=request.amount), goal=result.value.goal,
                      indicators=list(suggestions))
    return Draft(
        project=request.name, goal=result.value.goal, indicators=suggestions,
        findings=check_project(project).findings, confidence=offline.confidence, engine="llm", notices=notices,
    )
