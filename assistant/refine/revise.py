"""Revising a project's indicator set from a request in plain Chinese ("再加一个时效指标",
"把满意度改成群众满意度，目标95%"), through the LLM. The answer is the whole revised set; it is
turned into a diff against the current set (added / changed / removed), and only the added and
changed indicators must pass the schema, cite evidence from the prompt and pass the checker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from assistant.index import SearchFilters
from assistant.llm import acomplete_model, grounding_check, load_prompt
from assistant.llm.outputs import LLMIndicator, LLMReviseOutput, problems, to_suggestion
from assistant.schema import Evidence, Indicator, Model, Project, Suggestion
from assistant.similarity import clean_name, dice

if TYPE_CHECKING:
    from assistant.index import Index
    from assistant.llm import LLMClient, LLMConfig

RENAMED = 0.5
EVIDENCE_LIMIT = 30


class Change(Model):
    original: str = Field(description="被修改的原指标名称")
    suggestion: Suggestion


class Revision(Model):
    """按用户要求修改后，与现有指标集的差异。"""

    added: list[Suggestion] = Field(default_factory=list)
    changed: list[Change] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list, description="建议删除的原指标名称")
    notices: list[str] = Field(default_factory=list)


def _same(a: Indicator | LLMIndicator, b: Indicator) -> bool:
    value = a.annual_value if isinstance(a, LLMIndicator) else a.annual_value.raw
    return clean_name(a.name) == clean_name(b.name) and value.strip() == b.annual_value.raw.strip()


def _partner(item: LLMIndicator, current: list[Indicator], taken: set[int]) -> int | None:
    """The current indicator this answer item revises: the same name, else the most similar one."""
    free = [i for i in range(len(current)) if i not in taken]
    exact = [i for i in free if clean_name(current[i].name) == clean_name(item.name)]
    if exact:
        return exact[0]
    scored = sorted(((dice(item.name, current[i].name), i) for i in free), reverse=True)
    return scored[0][1] if scored and scored[0][0] >= RENAMED else None


def split(
    items: list[LLMIndicator], current: list[Indicator]
) -> tuple[list[LLMIndicator], list[tuple[int, LLMIndicator]], list[int]]:
    """(added, changed with the index of the original, indices of removed originals)."""
    taken: set[int] = set()
    added: list[LLMIndicator] = []
    changed: list[tuple[int, LLMIndicator]] = []
    for item in items:
        partner = _partner(item, current, taken)
        if partner is None:
            added.append(item)
            continue
        taken.add(partner)
        if not _same(item, current[partner]):
            changed.append((partner, item))
    return added, changed, [i for i in range(len(current)) if i not in taken]


def _pool(project: Project, request: str, index: Index) -> dict[str, Evidence]:

    filters = SearchFilters(exclude_projects={project.name}, measurable_only=True)
    hits = index.search(f"{request} {project.name}", k=EVIDENCE_LIMIT, filters=filters)
    return {h.record.id: h.evidence() for h in hits}


def _rows(project: Project) -> list[dict[str, str]]:
    return [
        {
            "level1": i.level1,
            "level2": i.level2,
            "name": i.name,
            "annual_value": i.annual_value.raw,
            "period_value": i.period_value.raw if i.period_value else "",
        }
        for i in project.indicators
    ]


async def arevise_llm(
    project: Project,
    request: str,
    index: Index,
    cfg: LLMConfig,
    *,
    use_cache: bool = True,
    client: LLMClient | None = None,
) -> Revision:
    """The model's revision of the project's set, as a validated diff (LLMError when none comes)."""

    pool = _pool(project, request, index)
    current = list(project.indicators)
    amount = f"；预算 {project.amounts.total} 万元" if project.amounts.total is not None else ""
    rendered = load_prompt("revise").render(
        project=f"项目名称：{project.name}{amount}\n绩效目标：{project.goal or '（未填）'}",
        indicators=_rows(project),
        request=request,
        evidence=[
            {"id": e.id, "name": e.name, "value": e.value, "project": e.project}
            for e in pool.values()
        ],
    )

    def validate(answer: LLMReviseOutput) -> list[str]:
        added, changed, _ = split(answer.indicators, current)
        return problems(added + [item for _, item in changed], pool)

    result = await acomplete_model(
        cfg, rendered, LLMReviseOutput, validate=validate, cache=use_cache, client=client
    )
    added, changed, removed = split(result.value.indicators, current)
    revision = Revision(
        added=[to_suggestion(i, pool) for i in added],
        changed=[
            Change(original=current[k].name, suggestion=to_suggestion(i, pool)) for k, i in changed
        ],
        removed=[current[k].name for k in removed],
    )
    known = request + project.goal + str(_rows(project))
    values = [s.annual_value.raw for s in revision.added] + [
        c.suggestion.annual_value.raw for c in revision.changed
    ]
    revision.notices = [
        *result.value.notices,
        *result.notices,
        *grounding_check(values, known, list(pool.values())),
    ]
    return revision
