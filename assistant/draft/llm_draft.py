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
from assistant.checks import check_indicator, check_project
from assistant.draft.request import MAX_COUNT, MIN_COUNT, DraftRequest
from assistant.errors import LLMError
from assistant.facts import deadline_text
from assistant.lexicon import name_key, same_subject
from assistant.llm import FRAMEWORK_LABELS, acomplete_model, grounding_check, load_prompt
from assistant.llm.outputs import LLMDraftOutput, problems, to_suggestion
from assistant.llm.structured import tokens
from assistant.project_types import by_key
from assistant.schema import Amounts, CorpusRecord, Draft, Evidence, Project
from assistant.values import format_number

if TYPE_CHECKING:
    from assistant.index import Index
    from assistant.llm import LLMClient, LLMConfig

REQUIRED = ("数量", "质量", "效益")
EVIDENCE_LIMIT = 40
EVIDENCE_TOKENS = 4000  # the evidence block's share of the prompt


def project_text(request: DraftRequest) -> str:
    lines = [f"项目名称：{request.name}"]
    if request.goal:
        lines.append(f"项目描述：{request.goal}")
    if request.amount is not None:
        lines.append(f"预算金额：{format_number(request.amount)} 万元")
    for label, value in (
        ("部门", request.department),
        ("行业", request.sector),
        ("预算年度", request.budget_year()),
    ):
        if value:
            lines.append(f"{label}：{value}")
    lines.append(f"实施周期：{request.years} 年")
    return "\n".join(lines)


def _type_line(offline: Draft) -> str:
    shown = [
        f"{t.label}（据「{'」「'.join(t.words)}」）" if t.words else t.label for t in offline.types
    ]
    return "项目类型：" + "；".join(shown) if shown else ""


def standards_rows(offline: Draft, year: int) -> list[dict[str, str]]:
    """The standard indicator set of the project's types, as the prompt shows it."""

    rows = []
    for t in offline.types:
        for s in by_key(t.key).indicators:
            value = s.value or {
                "count": f"≥【请填写】{s.unit}",
                "unit_cost": f"≤【请填写】{s.unit}",
            }.get(s.form, deadline_text(None, year))
            rows.append(
                {
                    "type": t.label,
                    "level2": s.level2,
                    "name": s.name,
                    "value": value,
                    "explanation": s.explanation,
                }
            )
    return rows


def _usable(record: CorpusRecord) -> bool:
    """No error-level finding: a defective value is never evidence (a name without a value, as
    library entries are, is shown as a name)."""

    return not any(
        f.severity == "error" and f.code != "V002" for f in check_indicator(record.indicator)
    )


def evidence_pool(offline: Draft, request: DraftRequest, index: Index) -> dict[str, Evidence]:
    """The evidence the model sees, closest first: the twin's whole set (the user's own past
    table when there is one), then what the offline draft cites (its type's standards' real
    support), then the best-fitting single indicators; no defective record, no duplicate
    (same name and value), within a token budget."""

    twin = [r for r in index.records if offline.twin and r.project == offline.twin]
    cited = list(
        dict.fromkeys(e.id for s in offline.indicators for e in s.evidence)
    )  # in the draft's order
    by_id = {r.id: r for r in index.records}
    names = [s.name for s in offline.indicators]
    hits = [
        h.record
        for h in index.search(request.text(), k=EVIDENCE_LIMIT * 2)
        if h.record.project != request.name
        and any(same_subject(n, h.record.indicator.name) for n in names)
    ]
    ordered = twin + [by_id[i] for i in cited if i in by_id] + hits
    pool: dict[str, Evidence] = {}
    seen: set[tuple[str, str]] = set()
    used = 0
    for r in ordered:
        key = (name_key(r.indicator.name), r.indicator.annual_value.raw.strip())
        if r.id in pool or key in seen or not _usable(r):
            continue
        evidence = r.evidence(1.0 if r in twin else 0.0)
        cost = tokens(evidence.model_dump_json())
        if len(pool) >= EVIDENCE_LIMIT or used + cost > EVIDENCE_TOKENS:
            break
        seen.add(key)
        pool[r.id] = evidence
        used += cost
    return pool


def _evidence_rows(pool: dict[str, Evidence]) -> list[dict[str, object]]:
    return [
        {
            "id": e.id,
            "name": e.name,
            "value": e.value,
            "project": e.project,
            "year": e.year,
            "source": e.source,
        }
        for e in pool.values()
    ]


def _validator(pool: dict[str, Evidence], count: int) -> Callable[[LLMDraftOutput], list[str]]:
    def validate(answer: LLMDraftOutput) -> list[str]:
        found = problems(answer.indicators, pool)
        if not MIN_COUNT <= len(answer.indicators) <= MAX_COUNT:
            found.append(f"指标应为 {MIN_COUNT}–{MAX_COUNT} 条，现在是 {len(answer.indicators)} 条")
        labels = {short_label(i.level2) for i in answer.indicators}
        missing = [label for label in REQUIRED if not any(label in x for x in labels)]
        if missing:
            found.append(f"缺少{'、'.join(missing)}指标")
        return found

    return validate


async def adraft_llm(
    request: DraftRequest,
    index: Index,
    cfg: LLMConfig,
    offline: Draft,
    *,
    use_cache: bool = True,
    client: LLMClient | None = None,
) -> Draft:
    """The LLM's draft, or the offline one with a notice when no valid answer comes."""

    pool = evidence_pool(offline, request, index)
    text = "\n".join(x for x in (project_text(request), _type_line(offline)) if x)
    rendered = load_prompt("draft").render(
        project=text,
        evidence=_evidence_rows(pool),
        standards=standards_rows(offline, request.budget_year()),
        framework_name=FRAMEWORK_LABELS[request.framework],
        count_min=MIN_COUNT,
        count_max=MAX_COUNT,
        count=request.count,
    )
    try:
        result = await acomplete_model(
            cfg,
            rendered,
            LLMDraftOutput,
            validate=_validator(pool, request.count),
            cache=use_cache,
            client=client,
        )
    except LLMError as err:
        notice = f"大模型未能给出有效结果（{err.message}），以下为离线草稿。"
        return offline.model_copy(update={"notices": [*offline.notices, notice]})
    suggestions = [to_suggestion(i, pool) for i in result.value.indicators]
    values = [s.annual_value.raw for s in suggestions] + [result.value.goal]
    notices = [*result.notices, *grounding_check(values, text, list(pool.values()))]
    project = Project(
        name=request.name,
        amounts=Amounts(total=request.amount),
        goal=result.value.goal,
        indicators=list(suggestions),
    )
    return Draft(
        project=request.name,
        goal=result.value.goal,
        indicators=suggestions,
        findings=check_project(project).findings,
        confidence=offline.confidence,
        engine="llm",
        notices=notices,
        given_goal=request.goal,
        types=offline.types,
        twin=offline.twin,
    )
