"""The offline composer: a complete, measurable indicator set for a new project, drawn from the
real indicators of similar projects, each suggestion carrying its evidence.

Steps: retrieve similar projects and indicators → group candidates into families of the same
meaning → choose per category so the set covers 数量/质量/时效/成本/效益(/满意度) → set values from
the family's real values, the budget and the description → check, replacing any suggestion the
checker rejects.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.categories import SATISFIED, is_cost, level1_of, short_label, to_framework
from assistant.draft.profile import GENERIC, Nature, Template, fit_score, natures_of, serves_people
from assistant.draft.request import DraftRequest
from assistant.draft.valuing import Valued, choose, cost_cap, from_template
from assistant.schema import CorpusRecord, Draft, Evidence, Suggestion
from assistant.similarity import clean_name, dice

if TYPE_CHECKING:
    from assistant.index import Index, SearchFilters

MERGE_AT = 0.6
PER_LEVEL2 = 3
REQUIRED = ("数量", "质量", "时效", "成本", "效益")
LOW_CONFIDENCE = 0.15


@dataclass
class Family:
    """Candidates of the same meaning: a head name and its members with their support weights."""

    name: str
    level2: str
    members: list[tuple[CorpusRecord, float]] = field(default_factory=list)
    fit: float = 0.0

    @property
    def support(self) -> float:
        return sum(w for _, w in self.members)

    def score(self) -> float:
        measurable = [r.indicator.annual_value.measurable for r, _ in self.members]
        share = sum(measurable) / len(measurable)
        projects = {r.project for r, _ in self.members if r.project}
        return self.support + 0.6 * self.fit + 0.4 * share + 0.1 * min(len(projects), 5)


@dataclass
class Context:
    request: DraftRequest
    index: Index
    filters: SearchFilters
    natures: list[Nature]
    confidence: float = 0.0
    notices: list[str] = field(default_factory=list)


def _filters(exclude: set[str]) -> SearchFilters:
    from assistant.index import SearchFilters

    return SearchFilters(exclude_projects=exclude)


def _weighted_candidates(ctx: Context) -> list[tuple[CorpusRecord, float]]:
    """Records from similar projects and direct indicator hits, weighted by similarity."""
    query = ctx.request.text()
    projects = ctx.index.similar_projects(query, k=8, filters=ctx.filters)
    hits = ctx.index.search(query, k=60, filters=ctx.filters)
    top_p = max((p.score for p in projects), default=0.0) or 1.0
    top_h = max((h.score for h in hits), default=0.0) or 1.0
    ctx.confidence = max(top_p, 0.0)
    weighted: list[tuple[CorpusRecord, float]] = []
    for rank, p in enumerate(projects):
        w = p.score / top_p / (1 + 0.25 * rank)
        weighted += [(r, w) for r in p.records]
    weighted += [(h.record, 0.5 * h.score / top_h) for h in hits]
    return weighted


def _families(candidates: list[tuple[CorpusRecord, float]], natures: list[Nature]) -> list[Family]:
    by_level2: dict[str, list[Family]] = defaultdict(list)
    seen: set[str] = set()
    for record, weight in sorted(candidates, key=lambda c: (-c[1], c[0].id)):
        if record.id in seen:
            continue
        seen.add(record.id)
        name = clean_name(record.indicator.name)
        if len(name) < 2:
            continue
        level2 = record.indicator.level2
        family = next((f for f in by_level2[level2] if dice(f.name, name) >= MERGE_AT), None)
        if family is None:
            family = Family(name=name, level2=level2, fit=fit_score(name, natures))
            by_level2[level2].append(family)
        family.members.append((record, weight))
    families = [f for fams in by_level2.values() for f in fams]
    return sorted(families, key=lambda f: (-f.score(), f.name))


def _evidence(members: list[tuple[CorpusRecord, float]], limit: int = 3) -> list[Evidence]:
    best = sorted(members, key=lambda m: (-m[1], m[0].id))[:limit]
    return [
        Evidence(
            id=r.id,
            name=r.indicator.name,
            value=r.indicator.annual_value.raw,
            project=r.project,
            department=r.department,
            year=r.year,
            source=r.source,
            score=round(w, 4),
        )
        for r, w in best
    ]


def _suggestion(
    ctx: Context, level2: str, name: str, valued: Valued, evidence: list[Evidence], explanation: str
) -> Suggestion:
    level1, level2 = to_framework(level1_of(level2), level2, ctx.request.framework)
    note = f"{explanation}；{valued.note}" if valued.note and explanation else explanation or valued.note
    return Suggestion(
        level1=level1,
        level2=level2,
        name=name,
        annual_value=valued.annual,
        period_value=valued.period,
        basis=valued.basis,
        explanation=note or None,
        evidence=evidence,
    )


def _from_family(ctx: Context, family: Family) -> Suggestion | None:
    head = min(
        (r for r, _ in family.members if clean_name(r.indicator.name) == family.name),
        key=lambda r: r.id,
    )
    values = [r.indicator.annual_value for r, _ in family.members]
    valued = choose(values, family.level2, head.indicator.name, ctx.request.text(), ctx.request.years)
    if valued is None:
        return None
    explanation = next((r.indicator.explanation for r, _ in family.members if r.indicator.explanation), "")
    return _suggestion(ctx, family.level2, family.name, valued, _evidence(family.members), explanation or "")


def _template_evidence(ctx: Context, template: Template) -> list[Evidence]:
    from assistant.index import SearchFilters

    filters = ctx.filters.model_copy(update={"level2": template.level2})
    hits = ctx.index.search(template.name, k=3, filters=filters)
    return [h.evidence() for h in hits]


def _from_template(ctx: Context, template: Template) -> Suggestion | None:
    valued = from_template(template.value, template.name, ctx.request.text(), None)
    if valued is None:
        return None
    evidence = _template_evidence(ctx, template)
    if not evidence:
        return None
    return _suggestion(ctx, template.level2, template.name, valued, evidence, template.explanation)


def _cost(ctx: Context, families: list[Family]) -> Suggestion | None:
    """The cost cap from the budget, named after the best real cost indicator."""
    amount = ctx.request.amount
    if amount is None:
        template = next(t for t in GENERIC if is_cost(t.level2))
        return _from_template(ctx, template)
    money = [f for f in families if is_cost(f.level2) and "成本" in f.name]
    family = money[0] if money else None
    name = family.name if family and not family.name.endswith(("率", "情况")) else "项目总成本"
    evidence = _evidence(family.members) if family else _template_evidence(
        ctx, Template("成本指标", "项目成本控制", "", "")
    )
    valued = cost_cap(amount, ctx.request.years)
    return _suggestion(ctx, "成本指标", name, valued, evidence, "项目实际支出不超过预算")


def _accepted(s: Suggestion) -> bool:
    from assistant.checks import check_indicator

    return not any(f.severity == "error" for f in check_indicator(s))


def _similar_to_any(name: str, chosen: list[Suggestion]) -> bool:
    return any(dice(name, c.name) >= 0.5 for c in chosen)


def _pick(ctx: Context, families: list[Family], wanted: str, chosen: list[Suggestion]) -> Suggestion | None:
    """The best acceptable suggestion for one short category label (数量, 质量 …)."""
    for family in families:
        if short_label(family.level2) != wanted or _similar_to_any(family.name, chosen):
            continue
        suggestion = _from_family(ctx, family)
        if suggestion is not None and _accepted(suggestion):
            return suggestion
    templates = [t for n in ctx.natures for t in n.templates] + list(GENERIC)
    for template in templates:
        if short_label(template.level2) == wanted and not _similar_to_any(template.name, chosen):
            suggestion = _from_template(ctx, template)
            if suggestion is not None and _accepted(suggestion):
                return suggestion
    return None


def _required(ctx: Context) -> list[str]:
    wanted = list(REQUIRED)
    if serves_people(ctx.request.text()):
        wanted.append("满意度")
    return wanted


def _fill(ctx: Context, families: list[Family], chosen: list[Suggestion]) -> None:
    per_level2: dict[str, int] = defaultdict(int)
    for s in chosen:
        per_level2[s.level2] += 1
    for family in families:
        if len(chosen) >= ctx.request.count:
            return
        level2 = to_framework(level1_of(family.level2), family.level2, ctx.request.framework)[1]
        if per_level2[level2] >= PER_LEVEL2 or _similar_to_any(family.name, chosen):
            continue
        if is_cost(family.level2) or family.level2 == SATISFIED:
            continue
        suggestion = _from_family(ctx, family)
        if suggestion is not None and suggestion.annual_value.measurable and _accepted(suggestion):
            chosen.append(suggestion)
            per_level2[level2] += 1


def compose(request: DraftRequest, index: Index, exclude: set[str] | None = None) -> Draft:
    """Draft a complete indicator set for the request, offline and deterministically."""
    from assistant.draft.goal import write_goal

    ctx = Context(request, index, _filters(exclude or set()), natures_of(request.text()))
    families = _families(_weighted_candidates(ctx), ctx.natures)
    chosen: list[Suggestion] = []
    for wanted in _required(ctx):
        suggestion = _cost(ctx, families) if wanted == "成本" else _pick(ctx, families, wanted, chosen)
        if suggestion is not None:
            chosen.append(suggestion)
    _fill(ctx, families, chosen)
    chosen.sort(key=_category_order)
    return _finish(ctx, chosen, write_goal(request, chosen))


def _category_order(s: Suggestion) -> int:
    order = ("数量", "质量", "时效", "成本", "效益", "满意度")
    return order.index(short_label(s.level2))


def _finish(ctx: Context, chosen: list[Suggestion], goal: str) -> Draft:
    from assistant.checks import check_project
    from assistant.schema import Amounts, Project

    project = Project(
        name=ctx.request.name,
        department=ctx.request.department,
        amounts=Amounts(total=ctx.request.amount),
        goal=goal,
        indicators=list(chosen),
    )
    report = check_project(project)
    low = ctx.confidence < LOW_CONFIDENCE
    notices = list(ctx.notices)
    if low:
        notices.append("指标库中没有与本项目相近的项目，以下为通用指标，请结合项目实际调整（低置信度）。")
    return Draft(
        project=ctx.request.name,
        goal=goal,
        indicators=chosen,
        findings=report.findings,
        confidence="low" if low else "high",
        notices=notices,
    )
