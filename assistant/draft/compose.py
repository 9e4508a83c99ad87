"""The offline composer: a complete, measurable indicator set for a new project, drawn from the
real indicators of similar projects, each suggestion carrying its evidence.

Steps: retrieve similar projects and indicators → group candidates into families of the same
meaning → choose per category so the set covers 数量/质量/时效/成本/效益(/满意度) → set values from
the family's real values, the budget and the description → check, replacing any suggestion the
checker rejects.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.categories import SATISFIED, is_cost, level1_of, short_label, to_framework
from assistant.draft.profile import GENERIC, Nature, Template, alien, fit_score, natures_of
from assistant.draft.request import DraftRequest
from assistant.draft.valuing import (
    Valued,
    choose,
    cost_cap,
    cost_name,
    from_template,
    rate_standards,
)
from assistant.schema import CorpusRecord, Draft, Evidence, Suggestion
from assistant.similarity import (
    bigrams,
    clean_name,
    dice,
    display_name,
    foreignness,
    generic_bigrams,
)
from assistant.values import make_value

if TYPE_CHECKING:
    from assistant.draft.stated import StatedCount
    from assistant.index import Index, ProjectHit, SearchFilters

MERGE_AT = 0.5
PER_LEVEL2 = 3
LOW_CONFIDENCE = 0.5  # share of the name's bigrams the closest projects use
# Family score weights, tuned with `jixiao eval` (leave-one-project-out recall).
# (Tried and left at zero, so removed: relevance to the request text, a numeric-value bonus,
# corpus-wide frequency; each lowered recall.)
WEIGHTS = {"support": 1.0, "support_cap": 1.5, "fit": 0.6, "projects": 0.1, "hits": 0.5, "rank_decay": 0.25,
           "others": 1.0, "sharpness": 1.0, "foreign": 0.25, "max_foreign": 0.5,
           "sibling": 0.25, "sibling_lead": 1.4}


@dataclass
class Family:
    """Candidates of the same meaning: a head name and its members with their support weights."""

    name: str
    level2: str
    label: str  # the head's name as a draft shows it (`similarity.display_name`)
    members: list[tuple[CorpusRecord, float]] = field(default_factory=list)
    fit: float = 0.0
    foreign: float = 0.0
    alien: bool = False

    @property
    def support(self) -> float:
        """The strongest member counts fully; the others add with diminishing weight."""
        weights = [w for _, w in self.members]
        top = max(weights)
        return top + WEIGHTS["others"] * (sum(weights) - top)

    def unfit(self, ctx: Context) -> bool:
        """Not for this project: of another kind of project (an IT platform's indicator for a
        subsidy, even from the sibling); or, unless the sibling or the own department uses it,
        mostly another project's subject (检疫犬 for a vehicle purchase) or a yes/no question of
        a self-evaluation form (「是否…」 valued 是)."""
        ids = {r.id for r, _ in self.members}
        if self.alien:
            return True
        if ids & ctx.sibling:
            return False
        return not ids & ctx.own_department and (self.yes_no() or self.foreign > WEIGHTS["max_foreign"])

    def yes_no(self) -> bool:
        values = [r.indicator.annual_value.qualitative for r, _ in self.members]
        return self.name.startswith("是否") or values.count("是") + values.count("否") > len(values) / 2

    def score(self) -> float:
        projects = {r.project for r, _ in self.members if r.project}
        w = WEIGHTS
        return (
            w["support"] * min(self.support, w["support_cap"]) + w["fit"] * self.fit
            + w["projects"] * min(len(projects), 5) - w["foreign"] * self.foreign
        )


@dataclass
class Context:
    request: DraftRequest
    index: Index
    filters: SearchFilters
    natures: list[Nature]
    confidence: float = 0.0
    notices: list[str] = field(default_factory=list)
    standards: dict[str, float] = field(default_factory=dict)
    # Record ids: of the request's own department; of its sibling (the most similar project when
    # it clearly stands out).
    own_department: set[str] = field(default_factory=set)
    sibling: set[str] = field(default_factory=set)


def _filters(exclude: set[str]) -> SearchFilters:
    from assistant.index import SearchFilters

    return SearchFilters(exclude_projects=exclude)


def _weighted_candidates(ctx: Context) -> list[tuple[CorpusRecord, float]]:
    """Records from similar projects and direct indicator hits, weighted by similarity."""
    query = ctx.request.text()
    projects = ctx.index.similar_projects(query, k=8, filters=ctx.filters)
    hits = ctx.index.search(query, k=60, filters=ctx.filters)
    ctx.confidence = _name_coverage(ctx.request.name, projects[:3])
    top_p = max((p.score for p in projects), default=0.0) or 1.0
    top_h = max((h.score for h in hits), default=0.0) or 1.0
    weighted: list[tuple[CorpusRecord, float]] = []
    for rank, p in enumerate(projects):
        weight = (p.score / top_p) ** WEIGHTS["sharpness"] / (1 + WEIGHTS["rank_decay"] * rank)
        weighted += [(r, weight) for r in p.records]
        ids = {r.id for r in p.records}
        if _same_department(ctx.request.department, p.department):
            ctx.own_department |= ids
    sibling = _sibling(projects)
    if sibling is not None:
        ctx.sibling = {r.id for r in sibling.records}
    weighted += [(h.record, WEIGHTS["hits"] * h.score / top_h) for h in hits]
    return weighted


def _sibling(projects: list[ProjectHit]) -> ProjectHit | None:
    """The request's sibling: the lexically most similar project when it is similar enough and
    clearly more similar than the runner-up (政府雇员工资经费 for 政府雇员公用经费)."""
    ranked = sorted(projects, key=lambda p: -p.lexical_score)
    if not ranked or ranked[0].lexical_score < WEIGHTS["sibling"]:
        return None
    runner_up = ranked[1].lexical_score if len(ranked) > 1 else 0.0
    return ranked[0] if ranked[0].lexical_score >= WEIGHTS["sibling_lead"] * runner_up else None


def _same_department(a: str | None, b: str | None) -> bool:
    return bool(a and b) and (a in b or b in a)


def _name_coverage(name: str, projects: list[ProjectHit]) -> float:
    """Share of the request name's bigrams that the most similar projects use anywhere."""
    wanted = bigrams(name)
    seen: set[str] = set()
    for p in projects:
        seen |= bigrams(p.project) | {b for r in p.records for b in bigrams(f"{r.goal or ''}{r.indicator.name}")}
    return len(wanted & seen) / len(wanted) if wanted else 0.0


def _families(ctx: Context, candidates: list[tuple[CorpusRecord, float]]) -> list[Family]:
    by_level2: dict[str, list[Family]] = defaultdict(list)
    seen: set[str] = set()
    generic = generic_bigrams(ctx.index)
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
            family = Family(
                name=name, level2=level2, label=display_name(record.indicator.name),
                fit=fit_score(name, ctx.natures),
                foreign=foreignness(name, ctx.request.text(), generic),
                alien=alien(name, ctx.natures, ctx.request.text()),
            )
            by_level2[level2].append(family)
        family.members.append((record, weight))
    families = [f for fams in by_level2.values() for f in fams]
    return sorted(families, key=lambda f: (-f.score(), f.name))


def _evidence(members: list[tuple[CorpusRecord, float]], limit: int = 3) -> list[Evidence]:
    best = sorted(members, key=lambda m: (-m[1], m[0].id))[:limit]
    return [r.evidence(w) for r, w in best]


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
    valued = choose(
        values, family.level2, head.indicator.name, ctx.request.text(), ctx.request.years,
        ctx.standards.get(family.level2), ctx.request.budget_year(),
    )
    if valued is None:
        return None
    explanation = next((r.indicator.explanation for r, _ in family.members if r.indicator.explanation), "")
    return _suggestion(ctx, family.level2, family.label, valued, _evidence(family.members), explanation or "")


def _template_evidence(ctx: Context, template: Template) -> list[Evidence]:

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
    name = cost_name(family.label if family and family.foreign <= WEIGHTS["max_foreign"] else None)
    evidence = _evidence(family.members) if family else _template_evidence(
        ctx, Template("成本指标", "项目成本控制", "", "")
    )
    valued = cost_cap(amount, ctx.request.years)
    return _suggestion(ctx, "成本指标", name, valued, evidence, "项目实际支出不超过预算")


def _stated(ctx: Context, families: list[Family]) -> list[Suggestion]:
    """数量 indicators for the counts the description (or else the name) states; a count takes
    the name a closely similar project gave the same kind of count (编外人员工资福利发放人数)."""
    from assistant.draft.stated import stated_counts

    counts = stated_counts(ctx.request.goal) or stated_counts(ctx.request.name)
    counts.sort(key=lambda c: c.name.endswith("数量"))  # areas, lengths, people before bare counts
    counts = list({(c.number, c.unit): c for c in reversed(counts)}.values())[::-1]  # one per fact
    out = []
    for c in counts[:2]:
        value = make_value(c.operator, c.number, c.unit)
        period = make_value(c.operator, c.number * ctx.request.years, c.unit)
        sibling = _sibling_count(ctx, families, c, out)
        if sibling is not None:
            valued = Valued(value, period, "计划标准", "名称沿用相近项目的同类指标，数量取自项目描述")
            out.append(_suggestion(ctx, "数量指标", sibling.label, valued, _evidence(sibling.members), ""))
            continue
        evidence = _template_evidence(ctx, Template("数量指标", c.name, "", ""))
        valued = Valued(value, period, "计划标准", "数量取自项目描述")
        if evidence:
            out.append(_suggestion(ctx, "数量指标", c.name, valued, evidence, ""))
    return out


def _sibling_count(ctx: Context, families: list[Family], count: StatedCount, taken: list[Suggestion]) -> Family | None:
    """The sibling project's count of the same kind (same unit, or a name ending in the unit's
    suffix such as 人数): for people, the only one it has; else the one whose name is closest
    (宣传资料 份 never becomes 毛发检查试剂 份)."""
    from assistant.draft.stated import unit_suffix

    suffix = unit_suffix(count.unit)

    def same_kind(family: Family) -> bool:
        units = {r.indicator.annual_value.unit for r, _ in family.members}
        return count.unit in units or (suffix != "数量" and family.name.endswith(suffix))

    kin = [
        f for f in families
        if f.level2 == "数量指标" and any(r.id in ctx.sibling for r, _ in f.members)
        and not _similar_to_any(f.name, taken) and same_kind(f)
    ]
    people = suffix in ("人数", "人次", "户数")  # a project's people are its people, however named
    if len(kin) == 1 and people:
        return kin[0]
    closest = max(kin, key=lambda f: dice(f.name, count.name), default=None)
    return closest if closest is not None and dice(closest.name, count.name) >= 0.3 else None


def _accepted(s: Suggestion) -> bool:
    """A suggestion must pass the checker without errors or warnings."""
    from assistant.checks import check_indicator

    return not any(f.severity in ("error", "warning") for f in check_indicator(s))


# "Done on time" said in different words (及时(按期)完工率, 项目(工程)完成及时率, 按期完成率, 项目完成时间):
# one such indicator is enough.
_ON_TIME = re.compile(r"(按期|按时|及时|如期).*(完成|完工|竣工)|(完成|完工|竣工).*(及时|按期|按时|时间)")


def _similar_to_any(name: str, chosen: list[Suggestion]) -> bool:
    on_time = bool(_ON_TIME.search(name))
    return any(dice(name, c.name) >= 0.5 or on_time and _ON_TIME.search(c.name) for c in chosen)


def _pick(ctx: Context, families: list[Family], wanted: str, chosen: list[Suggestion]) -> Suggestion | None:
    """The best acceptable suggestion for one short category label (数量, 质量 …)."""
    for family in families:
        if short_label(family.level2) != wanted or _similar_to_any(family.name, chosen):
            continue
        if family.unfit(ctx):
            continue
        suggestion = _from_family(ctx, family)
        if suggestion is not None and _fits(ctx, suggestion, chosen):
            return suggestion
    templates = [t for n in ctx.natures for t in n.templates] + list(GENERIC)
    for template in templates:
        if short_label(template.level2) == wanted and not _similar_to_any(template.name, chosen):
            suggestion = _from_template(ctx, template)
            if suggestion is not None and _accepted(suggestion):
                return suggestion
    return None


def _required(ctx: Context) -> list[str]:
    from assistant.checks.project import required_labels
    from assistant.schema import Project

    return required_labels(Project(name=ctx.request.name, goal=ctx.request.goal))


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
        if family.unfit(ctx):
            continue
        if is_cost(family.level2) or family.level2 == SATISFIED:
            continue
        suggestion = _from_family(ctx, family)
        if suggestion is not None and _fits(ctx, suggestion, chosen):
            chosen.append(suggestion)
            per_level2[level2] += 1


def _borrowed_count(s: Suggestion) -> bool:
    """A count copied from another project's value (受益人数 ≥132人): that number is theirs."""
    from assistant.checks.kinds import is_money, is_time_name, is_time_value

    value = s.annual_value
    limit = is_time_value(value) and is_time_name(s.name)  # 响应时间 ≤2小时 is a limit, 开放天数 a count
    return s.basis == "历史标准" and value.unit not in (None, "%", "‰") and not (is_money(value) or limit)


def _fits(ctx: Context, s: Suggestion, chosen: list[Suggestion]) -> bool:
    """Measurable, clean, no count stated twice, and no count copied from a project other than
    the sibling (whose counts are this project's best estimate), nor beside a stated count."""
    if not s.annual_value.measurable or not _accepted(s):
        return False
    if s.basis == "计划标准" and any(
        c.basis == "计划标准" and c.annual_value.number == s.annual_value.number for c in chosen
    ):
        return False
    if _borrowed_count(s):
        if not s.evidence or s.evidence[0].id not in ctx.sibling:
            return False
        return not any(_borrowed_count(c) or c.basis == "计划标准" and c.level2 == "数量指标" for c in chosen)
    return True


def _nature_templates(ctx: Context, chosen: list[Suggestion], limit: int = 2) -> None:
    """The standard indicators of the project's nature (系统正常运行率 for IT maintenance …)."""
    added = 0
    for template in (t for n in ctx.natures[:2] for t in n.templates):
        if added >= limit or len(chosen) >= ctx.request.count:
            return
        if _similar_to_any(template.name, chosen) or template.level2 == SATISFIED:
            continue
        if not template.value and any(c.basis == "计划标准" for c in chosen):
            continue
        suggestion = _from_template(ctx, template)
        if suggestion is not None and _fits(ctx, suggestion, chosen):
            chosen.append(suggestion)
            added += 1


def _generic_fill(ctx: Context, chosen: list[Suggestion]) -> None:
    """When the corpus offers too few fitting indicators, complete with generic ones."""
    for template in GENERIC:
        if len(chosen) >= ctx.request.count:
            return
        if _similar_to_any(template.name, chosen) or is_cost(template.level2):
            continue
        suggestion = _from_template(ctx, template)
        if suggestion is not None and _fits(ctx, suggestion, chosen):
            chosen.append(suggestion)


def compose(request: DraftRequest, index: Index, exclude: set[str] | None = None) -> Draft:
    """Draft a complete indicator set for the request, offline and deterministically."""
    from assistant.draft.goal import write_goal

    ctx = Context(request, index, _filters(exclude or set()), natures_of(request.name, request.goal))
    ctx.standards = rate_standards([(r.indicator.level2, r.indicator.annual_value) for r in index.records])
    families = _families(ctx, _weighted_candidates(ctx))
    chosen: list[Suggestion] = [s for s in _stated(ctx, families) if _accepted(s)]
    for wanted in _required(ctx):
        if any(short_label(s.level2) == wanted for s in chosen):
            continue
        suggestion = _cost(ctx, families) if wanted == "成本" else _pick(ctx, families, wanted, chosen)
        if suggestion is not None:
            chosen.append(suggestion)
    _nature_templates(ctx, chosen)
    _fill(ctx, families, chosen)
    _generic_fill(ctx, chosen)
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
        goal=ctx.request.goal,  # the user's words decide whether people are served, as in _required
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
