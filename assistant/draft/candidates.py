"""Candidate lines of a draft, each justified: by a fact of the goal, a twin, the type's
standard set, or a fitting real indicator. Values only the project can know become slots."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant import lexicon
from assistant.borrowed import in_year
from assistant.categories import (
    COST2,
    QUALITY,
    QUANTITY,
    SATISFIED,
    SOCIAL,
    TIMELINESS,
    level1_of,
    short_label,
)
from assistant.checks import check_indicator
from assistant.checks.kinds import is_money, is_time_value
from assistant.draft.request import DraftRequest
from assistant.facts import Facts, count_text, deadline_text, read_facts
from assistant.index import SearchFilters
from assistant.project_types import (
    ProjectType,
    Recognised,
    Standard,
    all_types,
    other_kind,
    recognise,
)
from assistant.schema import Basis, CorpusRecord, Evidence, GoalFact, IndicatorValue, Suggestion
from assistant.similarity import display_name
from assistant.stated import unit_suffix
from assistant.values import format_number, make_value, parse_value, slot_text

if TYPE_CHECKING:
    from assistant.index import Index, ProjectHit, SearchFilters

SUPPORT = 3  # evidence records a line cites
OWN_NAME = 8  # a count the goal names in at most this many characters keeps its name (年办件量)
SIMILAR_PROJECTS = 8
REAL_LINES = 12


@dataclass
class Candidate:
    suggestion: Suggestion
    fact: bool = False  # carries a fact of the goal: always kept


@dataclass
class Context:
    request: DraftRequest
    index: Index
    filters: SearchFilters
    kinds: list[Recognised]
    facts_read: Facts
    year: int
    similar: list[ProjectHit] = field(default_factory=list)
    facts: list[GoalFact] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    twin: ProjectHit | None = None
    confidence: float = 0.0
    _checked: dict[str, bool] = field(default_factory=dict)
    _kinds: dict[str, str] = field(default_factory=dict)

    @classmethod
    def make(
        cls, request: DraftRequest, index: Index, exclude: set[str], kinds: list[Recognised]
    ) -> Context:

        filters = SearchFilters(exclude_projects=exclude)
        ctx = cls(
            request,
            index,
            filters,
            kinds,
            read_facts(request.goal or request.name),
            request.budget_year(),
        )
        ctx.similar = index.similar_projects(request.text(), k=SIMILAR_PROJECTS, filters=filters)
        ctx.confidence = max((p.lexical_score for p in ctx.similar), default=0.0)
        return ctx

    @property
    def types(self) -> list[ProjectType]:
        return [k.type for k in self.kinds]

    @property
    def text(self) -> str:
        return self.request.text()

    @property
    def serves_people(self) -> bool:
        return bool(self.types[0].beneficiary)

    def clean(self, record: CorpusRecord) -> bool:
        """The record passes the checker without errors (a defective value is no support); a
        name without a value (a library entry) still supports a name."""
        if record.id not in self._checked:
            errors = [
                f
                for f in check_indicator(record.indicator)
                if f.severity == "error" and f.code != "V002"
            ]
            self._checked[record.id] = not errors
        return self._checked[record.id]


# --- building blocks ---


def _suggestion(
    ctx: Context,
    level2: str,
    name: str,
    value: IndicatorValue,
    basis: Basis,
    reason: str,
    evidence: list[Evidence],
    explanation: str = "",
    reference: str = "",
) -> Suggestion:
    period = value
    if ctx.request.years > 1 and value.number is not None and value.unit not in ("%", "‰", None):
        period = make_value(value.operator, value.number * ctx.request.years, value.unit)
    return Suggestion(
        level1=level1_of(level2),
        level2=level2,
        name=name,
        annual_value=value,
        period_value=period,
        basis=basis,
        explanation=explanation or None,
        evidence=evidence,
        reason=reason,
        reference=reference,
    )


def support(ctx: Context, name: str, level2: str | None = None) -> list[Evidence]:
    """Real indicators that measure the same subject, without error-level findings."""
    hits = ctx.index.search(name, k=20, filters=ctx.filters)
    same = [
        h
        for h in hits
        if lexicon.same_subject(name, h.record.indicator.name)
        and ctx.clean(h.record)
        and (level2 is None or short_label(h.record.indicator.level2) == short_label(level2))
    ]
    if not same:
        same = [
            h
            for h in hits
            if lexicon.same_subject(name, h.record.indicator.name) and ctx.clean(h.record)
        ]
    return [h.evidence() for h in same[:SUPPORT]]


def _base_unit(unit: str | None) -> str:
    u = unit or ""
    return u[1:] if len(u) > 1 and u[0] in "万千亿" and u not in ("万元", "千元", "亿元") else u


def reference(ctx: Context, name: str, unit: str) -> str:
    """The closest real values of the same kind of count: 参考：同类项目 120–600 人次（3 个项目）."""
    hits = ctx.index.search(name, k=30, filters=ctx.filters)
    values: dict[str, tuple[float, str]] = {}
    for h in hits:
        if not _record_of_kind(ctx, h.record):
            continue
        v = h.record.indicator.annual_value
        if v.number is None or not v.measurable or _base_unit(v.unit) != _base_unit(unit):
            continue
        if lexicon.same_subject(name, h.record.indicator.name) and ctx.clean(h.record):
            values.setdefault(h.record.project or h.record.id, (v.number, v.unit or ""))
    if not values:
        return ""
    numbers = sorted(n for n, _ in values.values())
    unit_shown = next(iter(values.values()))[1]
    if len(numbers) == 1:
        project = next(iter(values))
        return f"参考：{project} {format_number(numbers[0])}{unit_shown}"
    span = f"{format_number(numbers[0])}–{format_number(numbers[-1])}"
    return f"参考：同类项目 {span} {unit_shown}（{len(numbers)} 个项目）"


def _record_of_kind(ctx: Context, record: CorpusRecord) -> bool:
    """The record's project is of the request's main type (its counts say something here)."""

    key = f"{record.project}\n{record.goal or ''}"
    if key not in ctx._kinds:
        ctx._kinds[key] = recognise(record.project or "", record.goal or "")[0].type.key
    return ctx._kinds[key] == ctx.types[0].key


def _slot(operator: str, unit: str) -> IndicatorValue:
    return parse_value(slot_text(operator, unit))


_PEOPLE = ("人数", "人次")


def _kind(unit: str) -> str:
    suffix = unit_suffix(_base_unit(unit))
    return "people" if suffix in _PEOPLE else suffix


def _has_count_fact(ctx: Context, unit: str) -> bool:
    """The goal states a count of this kind (the same unit, or people however counted)."""
    kind = _kind(unit)
    return any(
        _base_unit(c.unit) == _base_unit(unit) or (kind != "数量" and _kind(c.unit) == kind)
        for c in ctx.facts_read.counts
    )


def canonical(v: IndicatorValue) -> IndicatorValue:
    """A borrowed value written canonically, with a direction: `100%` → `=100%`, `>= 75` → `≥75`."""
    if v.number is None:
        return v
    operator = "=" if v.unit == "%" and v.number >= 100 else v.operator or "≥"
    return make_value(operator, v.number, v.unit)


# --- 1. facts of the goal ---


def fact_lines(ctx: Context) -> list[Candidate]:
    out = _count_facts(ctx) + _price_facts(ctx) + _deadline_facts(ctx) + _zero_facts(ctx)
    return out


def _fact(ctx: Context, kind: str, text: str, s: Suggestion) -> Candidate:
    ctx.facts.append(GoalFact(kind=kind, text=text, name=s.name, value=s.annual_value.as_written()))  # type: ignore[arg-type]
    return Candidate(s, fact=True)


def _count_facts(ctx: Context) -> list[Candidate]:
    conflicted = {id(c) for pair in ctx.facts_read.conflicts for c in pair}
    out = []
    for a, b in ctx.facts_read.conflicts:
        ref = f"目标中写了「{count_text(a).lstrip('=')}」与「{count_text(b).lstrip('=')}」两个不同的数，请核定"
        ctx.notices.append(
            f"项目描述中「{a.name}」有两个不同的数：{format_number(a.number)}{a.unit} 与 {format_number(b.number)}{b.unit}，已写成待填写，请核定。"
        )
        s = _suggestion(
            ctx,
            QUANTITY,
            a.name,
            _slot("≥", a.unit),
            "计划标准",
            "目标所述（两数矛盾，待核定）",
            support(ctx, a.name, QUANTITY),
            reference=ref,
        )
        out.append(_fact(ctx, "count", f"{format_number(a.number)}{a.unit}", s))
        ctx.facts.append(
            GoalFact(
                kind="count",
                text=f"{format_number(b.number)}{b.unit}",
                name=a.name,
                value=s.annual_value.raw,
            )
        )
    seen: set[tuple[float, str]] = set()
    named: set[str] = set()
    for c in ctx.facts_read.counts:
        if id(c) in conflicted or (c.number, c.unit) in seen:
            continue
        seen.add((c.number, c.unit))
        value = make_value(c.operator, c.number, c.unit)
        standard = _standard_count_name(ctx, c.unit) if len(c.name) > OWN_NAME else None
        name = standard if standard and standard not in named else c.name
        named.add(name)
        s = _suggestion(
            ctx,
            QUANTITY,
            name,
            value,
            "计划标准",
            f"目标所述：{format_number(c.number)}{c.unit}",
            support(ctx, name, QUANTITY),
            "数量取自项目描述",
        )
        out.append(_fact(ctx, "count", f"{format_number(c.number)}{c.unit}", s))
    return out


def _standard_count_name(ctx: Context, unit: str) -> str | None:
    """The type's name for a count in this unit (6期 → 培训班次); people keep the goal's own
    words (3454名网格员 → 网格员人数)."""
    if _kind(unit) == "people":
        return None
    return next(
        (
            s.name
            for t in ctx.types
            for s in t.indicators
            if s.form == "count" and _base_unit(s.unit) == _base_unit(unit)
        ),
        None,
    )


def _type_standard(ctx: Context, form: str) -> Standard | None:
    return next((s for t in ctx.types for s in t.indicators if s.form == form), None)


def _price_facts(ctx: Context) -> list[Candidate]:
    out = []
    std = _type_standard(ctx, "unit_cost")
    for i, p in enumerate(ctx.facts_read.prices[:2]):
        name = std.name if std and i == 0 else f"{p.unit.split('/')[-1]}均标准"
        exact = lexicon.matches("fixed_standard", name + p.text)
        value = make_value("=" if exact else "≤", p.number, p.unit)
        s = _suggestion(
            ctx,
            COST2,
            name,
            value,
            "预算支出标准",
            f"目标所述：{p.text}",
            support(ctx, name, COST2),
            std.explanation if std and i == 0 else "",
        )
        out.append(_fact(ctx, "unit_price", p.text, s))
    return out


def _deadline_facts(ctx: Context) -> list[Candidate]:
    if not ctx.facts_read.deadlines:
        return []
    d = ctx.facts_read.deadlines[0]
    std = _type_standard(ctx, "deadline")
    name = std.name if std else "项目完成时间"
    s = _suggestion(
        ctx,
        TIMELINESS,
        name,
        parse_value(deadline_text(d, ctx.year)),
        "计划标准",
        f"目标所述：{d.text}",
        support(ctx, name, TIMELINESS),
        std.explanation if std else "",
    )
    return [_fact(ctx, "deadline", d.text, s)]


def _zero_facts(ctx: Context) -> list[Candidate]:
    out = []
    for z in ctx.facts_read.zeros:
        name = f"{z.subject}发生数"
        level2 = (
            SOCIAL
            if z.subject in ("投诉", "上访", "越级上访", "群体性事件", "疫情", "重大疫情")
            else QUALITY
        )
        s = _suggestion(
            ctx,
            level2,
            name,
            parse_value("=0起"),
            "计划标准",
            f"目标所述：{z.text}",
            support(ctx, name),
            f"年内发生的{z.subject}起数",
        )
        out.append(_fact(ctx, "zero", z.text, s))
    return out


# --- 2. the twin's whole set ---


def _borrowed_value(
    ctx: Context, record: CorpusRecord, where: str
) -> tuple[IndicatorValue, str] | None:
    """A twin's or a real indicator's value for this project: rates, standards and deadlines
    kept (deadlines moved to the budget year); a count becomes a slot showing its value."""
    v = record.indicator.annual_value
    name = record.indicator.name
    if not v.measurable:
        return None
    if v.number is None:
        return in_year(v, ctx.year), ""
    v = canonical(v)
    if v.unit in ("%", "‰"):
        return (v, "") if v.number is not None and 0 < v.number <= 100 else None
    if is_money(v) or lexicon.is_cost_name(name):
        return None  # the cost comes from this project's budget
    if is_time_value(v) and lexicon.is_time_name(name):
        return v, ""  # a time limit (≤2小时) is a standard
    if v.number == 0 or "/" in (v.unit or ""):
        return v, ""  # a zero target, a per-unit standard or a frequency (1600元/亩, 1次/月)
    if not v.unit or _has_count_fact(ctx, v.unit):
        return None  # no unit to count in, or the goal states this project's own count
    return _slot(
        v.operator if v.operator in ("≥", "≤") else "≥", v.unit or "个"
    ), f"参考：{where} {v.as_written()}"


def twin_lines(ctx: Context) -> list[Candidate]:
    twin = ctx.twin
    if twin is None:
        return []
    where = f"{twin.project}（{twin.year}年）" if twin.year else twin.project
    if any(r.origin == "user" for r in twin.records):
        where = f"本单位往年：{where}"  # the user's own earlier table
    out = []
    for r in twin.records:
        name = display_name(r.indicator.name)
        if not ctx.clean(r) or lexicon.is_filler(name) or lexicon.is_satisfaction_name(name):
            continue
        borrowed = _borrowed_value(ctx, r, where)
        if borrowed is None:
            continue
        value, ref = borrowed
        basis: Basis = "计划标准" if value.pending else "历史标准"
        s = _suggestion(
            ctx,
            r.indicator.level2,
            name,
            value,
            basis,
            f"相似项目「{where}」的同类指标",
            [r.evidence(1.0)],
            r.indicator.explanation or "",
            ref,
        )
        out.append(Candidate(s))
    return out


# --- 3. the type's standard set, satisfaction and cost ---


def _standard_value(ctx: Context, std: Standard) -> tuple[IndicatorValue, Basis, str] | None:
    if std.form == "count":
        if _has_count_fact(ctx, std.unit):
            return None
        return _slot("≥", std.unit), "计划标准", reference(ctx, std.name, std.unit)
    if std.form == "unit_cost":
        if ctx.facts_read.prices:
            return None
        operator = (
            "=" if lexicon.matches("fixed_standard", std.name) else "≤"
        )  # a policy standard is exact
        return _slot(operator, std.unit), "预算支出标准", reference(ctx, std.name, std.unit)
    if std.form == "deadline":
        if ctx.facts_read.deadlines:
            return None
        return parse_value(deadline_text(None, ctx.year)), "计划标准", ""
    return parse_value(std.value), "行业标准", ""


def _standards(ctx: Context, t: ProjectType) -> list[Candidate]:
    out = []
    for std in t.indicators:
        if not std.applies(ctx.text):
            continue
        valued = _standard_value(ctx, std)
        if valued is None:
            continue
        value, basis, ref = valued
        s = _suggestion(
            ctx,
            std.level2,
            std.name,
            value,
            basis,
            f"{t.label}类项目的标准指标",
            support(ctx, std.name, std.level2),
            std.explanation,
            ref,
        )
        out.append(Candidate(s))
    return out


def _satisfaction(ctx: Context) -> list[Candidate]:
    t = next((t for t in ctx.types if t.beneficiary), None)
    if t is None:
        return []
    name = t.satisfaction_name() or "服务对象满意度"
    value = make_value("≥", lexicon.satisfaction_typical(), "%")
    low, high = lexicon.satisfaction_band()
    s = _suggestion(
        ctx,
        SATISFIED,
        name,
        value,
        "行业标准",
        f"{t.label}类项目的满意度面向{t.beneficiary}（常见目标 {format_number(low)}%–{format_number(high)}%）",
        support(ctx, name, SATISFIED),
        "问卷调查满意及基本满意人数/调查人数×100%",
    )
    return [Candidate(s)]


def _budget_cap(ctx: Context) -> list[Candidate]:
    amount = ctx.request.amount
    if amount is None:
        value, ref = _slot("≤", "万元"), "填入项目预算金额"
    else:
        value, ref = make_value("≤", amount, "万元"), ""
    s = _suggestion(
        ctx,
        COST2,
        "项目总成本",
        value,
        "预算支出标准",
        "以项目预算为上限",
        support(ctx, "项目总成本", COST2),
        "项目实际支出不超过预算",
        ref,
    )
    return [Candidate(s)]


def standard_lines(ctx: Context) -> list[Candidate]:
    primary, *secondary = ctx.types
    own = _standards(ctx, primary)
    cost_first = primary.cost == "unit"
    unit_cost = [c for c in own if short_label(c.suggestion.level2) == "成本"]
    rest = [c for c in own if c not in unit_cost]
    cost = unit_cost + _budget_cap(ctx) if cost_first else _budget_cap(ctx) + unit_cost
    return rest + _satisfaction(ctx) + cost


def secondary_lines(ctx: Context) -> list[Candidate]:
    """A second type's standards where they add something: a category the first type's set
    lacks (a second type's own lines were judged off-topic: 矛盾纠纷案件 in a platform's upkeep)."""
    primary, *secondary = ctx.types
    covered = {short_label(s.level2) for s in primary.indicators if s.applies(ctx.text)}
    return [
        c
        for t in secondary
        for c in _standards(ctx, t)
        if short_label(c.suggestion.level2) not in covered
    ]


# --- 4. real indicators that fit ---


def _fits(ctx: Context, name: str) -> bool:
    """A real line fits when it names the project's own subjects (or measures what a standard
    of its type measures) and no subject of another type the project's text does not name: a
    line borrowed from another table is held to a stricter test than the checker's C020
    (食品安全监管人员培训 is no line for a 网格员培训)."""
    if other_kind(name, ctx.types, ctx.text) is not None or _names_other_subject(ctx, name):
        return False
    own = [w for t in ctx.types for w in t.subjects]
    return any(w in name for w in own) or any(
        lexicon.same_subject(name, s.name) for t in ctx.types for s in t.indicators
    )


def _names_other_subject(ctx: Context, name: str) -> bool:

    own = {w for t in ctx.types for w in (*t.subjects, *t.words)}
    return any(
        w in name and w not in ctx.text and w not in own
        for t in all_types()
        if t not in ctx.types
        for w in t.subjects
    )


def _same_kind(ctx: Context, p: ProjectHit) -> bool:
    """The similar project is itself of the request's main type."""

    goal = next((r.goal for r in p.records if r.goal), "") or ""
    return recognise(p.project, goal)[0].type == ctx.types[0]


def real_lines(ctx: Context) -> list[Candidate]:
    """Indicators of similar projects of the same kind that fit the type."""
    out: list[Candidate] = []
    seen: set[str] = set()
    projects = [
        p
        for p in ctx.similar
        if (ctx.twin is None or p.project != ctx.twin.project) and _same_kind(ctx, p)
    ]
    for p in projects:
        for r in p.records:
            name = display_name(r.indicator.name)
            key = lexicon.name_key(name)
            if key in seen or len(out) >= REAL_LINES:
                continue
            seen.add(key)
            if (
                lexicon.is_filler(name)
                or lexicon.is_yes_no_name(name)
                or lexicon.is_satisfaction_name(name)
            ):
                continue
            if not ctx.clean(r) or not _fits(ctx, name):
                continue
            borrowed = _borrowed_value(ctx, r, p.project)
            if borrowed is None:
                continue
            value, ref = borrowed
            basis: Basis = "计划标准" if value.pending else "历史标准"
            s = _suggestion(
                ctx,
                r.indicator.level2,
                name,
                value,
                basis,
                f"相近真实指标（{p.project}）",
                [r.evidence(p.score)],
                r.indicator.explanation or "",
                ref,
            )
            if _passes(s):
                out.append(Candidate(s))
    return out


def _passes(s: Suggestion) -> bool:

    return not any(
        f.severity in ("error", "warning") and f.code != "V020" for f in check_indicator(s)
    )
