"""Refining one vague indicator: what is wrong with it, and up to three measurable rewrites.

Rewrites come from rules (split a double target; a rate aim → `≥ N%` with N from similar real
indicators; a budget-aware cost cap; a satisfaction standard) and from retrieval (measurable
indicators of the same meaning and category in the corpus, with their real values and source).
Every rewrite passes the checker and shows its evidence.
"""

from __future__ import annotations

import re
import statistics
import weakref
from typing import TYPE_CHECKING

from assistant.borrowed import cost_name, in_year
from assistant.categories import SATISFIED, guess_level2, is_cost, level1_of, short_label
from assistant.checks import check_indicator
from assistant.checks.kinds import implied_unit, is_count_name, is_rate_name
from assistant.errors import InputError
from assistant.evidence import is_itself, rejected, same_table, vet
from assistant.index import Index, SearchFilters, load_index
from assistant.index.filters import level2_name
from assistant.schema import (
    Evidence,
    Indicator,
    IndicatorValue,
    Project,
    Refinement,
    Suggestion,
    origin_place,
)
from assistant.similarity import (
    bigrams,
    clean_name,
    dice,
    display_name,
    foreignness,
    generic_bigrams,
)
from assistant.stated import budget_year, stated_counts
from assistant.targets import (
    SATISFACTION_TYPICAL,
    one_target,
    satisfaction_band_text,
    satisfaction_target,
)
from assistant.values import (
    VAGUE_WORDS,
    format_number,
    make_value,
    normalise_text,
    parse_value,
    slot_text,
)

if TYPE_CHECKING:
    from assistant.index import Hit, Index, load_index

MAX_REWRITES = 3
SAME_INTENT = 0.3
LOOSE_INTENT = 0.2
MAX_FOREIGN = (
    0.4  # a borrowed rewrite's subject may bring less than this share of words the original lacks
)
# The measure at the end of a name (…合格率, …完成率, …满意度); what precedes it is the subject.
_MEASURE = re.compile(
    r"(合格|完成|及时|覆盖|达标|使用|运行|办结|验收|发放|到位|知晓|满意|正确|通过|执行)?(率|度|性|情况)$"
)
_SPLIT = re.compile(r"[，,；;]")
_SUBJECT = re.compile(r"^(.*?)(?:达到|达|为|不低于|不少于|≥|>=|大于)")


def parse_indicator_text(text: str, level2: str | None = None) -> Indicator:
    """`外来人员融合率：提高融合率` → an Indicator (category guessed from the name if not given)."""
    t = normalise_text(text)
    name, _, value = t.partition(":")
    name, value = name.strip(), value.strip()
    if not name:
        raise InputError("请给出指标，格式如「外来人员融合率：提高融合率」或用 --name/--value")
    if level2:
        level2 = level2_name(level2)
    level2 = level2 or guess_level2(name) or "质量指标"
    try:
        return Indicator.from_text(level2=level2, name=name, annual_value=value)
    except ValueError as err:
        raise InputError(f"指标无法读取：{err}") from None


def _similar(
    index: Index,
    ind: Indicator,
    *,
    k: int = 20,
    same_level2: bool = True,
    project: Project | None = None,
    original: Indicator | None = None,
) -> list[Hit]:
    """Measurable real indicators like `ind`, never the indicator under repair (`original`, by
    default `ind`), anything from the project's own table, or a record the checker rejects."""

    filters = SearchFilters(
        level2=ind.level2 if same_level2 else None,
        measurable_only=True,
        exclude_projects={project.name} if project else set(),
    )
    original = original or ind
    return [
        h
        for h in index.search(clean_name(ind.name), k=k, filters=filters)
        if not (
            is_itself(h.record, original)
            or is_itself(h.record, ind)
            or same_table(h.record, project)
            or rejected(h.record)
        )
    ]


def _suggest(
    ind: Indicator,
    name: str,
    value: IndicatorValue,
    evidence: list[Evidence],
    note: str,
    level2: str | None = None,
) -> Suggestion:
    level2 = level2 or ind.level2
    return Suggestion(
        level1=level1_of(level2) if level2 != ind.level2 else ind.level1,
        level2=level2,
        name=name,
        annual_value=value,
        period_value=value,
        reason=note,
        basis="历史标准" if evidence else "行业标准",
        evidence=evidence,
    )


def _percentages(hits: list[Hit]) -> list[Hit]:
    def ok(v: IndicatorValue) -> bool:
        return v.unit == "%" and v.number is not None and 0 < v.number <= 100

    return [h for h in hits if ok(h.record.indicator.annual_value)]


def _rate_name(name: str) -> str:
    """`工资支付及时性` / `设备运维正常情况` → `工资支付及时率` / `设备运维正常率`."""
    return re.sub(r"(及时|准确|合规|完好|正常|达标|规范)(性|情况)$", r"\1率", name)


def _rate_rule(ind: Indicator, hits: list[Hit]) -> list[Suggestion]:
    """A rate aim → `≥ N%`, N the median of the closest real rates (else of the level2's rates)."""
    name = _rate_name(display_name(ind.name))
    if (
        not re.search(r"率|满意|安全感|获得感|幸福感|认可度", name)
        or ind.annual_value.measurable
        and ind.annual_value.unit == "%"
    ):
        return []
    rates = _percentages(hits)
    close = [h for h in rates if dice(h.record.indicator.name, name) >= SAME_INTENT]
    basis = close or [h for h in rates if h.record.indicator.level2 == ind.level2] or rates
    if not basis:
        return []
    target = statistics.median(h.record.indicator.annual_value.number or 0 for h in basis)
    kind = "同类指标" if close else f"{ind.level2}中的真实比率指标"
    note = f"目标取{kind}取值的中位数（{len(basis)} 条）"
    if ind.level2 == SATISFIED or "满意" in name:
        target = SATISFACTION_TYPICAL
        note = f"满意度目标取常见水平（{satisfaction_band_text()}，多数写 {satisfaction_target()}）"
    op = "=" if target >= 100 else "≥"
    value = make_value(op, round(target, 1), "%")
    return [_suggest(ind, name, value, [h.evidence() for h in basis[:3]], note)]


def _split_rule(ind: Indicator, index: Index, project: Project | None = None) -> list[Suggestion]:
    """`出租屋登记率达100%，来穗人员登记率达到95%` → two indicators."""
    raw = normalise_text(ind.period_value.raw if ind.period_value else "") or normalise_text(
        ind.annual_value.raw
    )
    parts = [p for p in _SPLIT.split(raw) if re.search(r"\d", p)]
    if len(parts) < 2:
        return []
    out = []
    for part in parts[:2]:
        m = _SUBJECT.match(part)
        value = parse_value(part)
        if not m or not m.group(1).strip() or value.number is None:
            return []
        name = display_name(m.group(1))
        if value.operator is None:
            value = make_value("=" if value.number >= 100 else "≥", value.number, value.unit)
        part_ind = ind.model_copy(update={"name": name})
        evidence = [
            h.evidence()
            for h in _similar(
                index, part_ind, k=2, same_level2=False, project=project, original=ind
            )
        ]
        out.append(_suggest(ind, name, value, evidence, "原指标含两个目标，拆分为两条"))
    return out


def _other_value_rule(ind: Indicator) -> list[Suggestion]:
    """Annual value vague but the period value measurable (or the reverse): use the measurable one
    for both, so 年度 and 实施周期 agree."""
    period = ind.period_value
    if period is None or ind.annual_value.measurable == period.measurable:
        return []
    good = period if period.measurable else ind.annual_value
    if good.number is None:
        return []
    op = good.operator or ("=" if good.unit == "%" and good.number >= 100 else "≥")
    value = make_value(op, good.number, good.unit)
    source = "实施周期" if period.measurable else "年度"
    note = f"采用本指标{source}指标值中已写明的目标「{good.raw}」，年度与实施周期保持一致（依据是本单位的计划，不是别的真实指标）"
    return [
        _suggest(ind, display_name(ind.name), value, [], note).model_copy(
            update={"basis": "计划标准"}
        )
    ]


_AIM = re.compile(
    r"(提高|提升|增强|加强|改善|促进|推动)([\u4e00-\u9fff]{2,12}?)(?=提高|提升|增强|加强|改善|促进|推动|$)"
)


_NUMBERED_AIM = re.compile(
    r"(覆盖|达标|合格|完成|及时|知晓|满意|使用|利用|参保|普及|到位)率$|满意度$|安全感$"
)


def _graded_rule(ind: Indicator) -> list[Suggestion]:
    """An effect written as an aim (「提高政法工作效率」valued 提高) → a graded target: the effect's
    提升情况 judged 达到预期 / 部分达到 / 未达到 from evidence at year end, as the framework allows
    where an effect has no number."""
    if ind.annual_value.measurable or short_label(ind.level2) != "效益":
        return []
    clause = re.split(r"[,，;；。]", normalise_text(ind.name))[-1]
    aims = list(_AIM.finditer(clause))
    subject = aims[-1].group(2) if aims else ""
    if not subject or _NUMBERED_AIM.search(subject):  # 森林覆盖率, 群众安全感: a number to aim at
        return []
    note = "效益难以用数字衡量时，设分级目标（达到预期/部分达到/未达到），年底凭佐证材料评定"
    graded = _suggest(ind, f"{subject}提升情况", parse_value("达到预期"), [], note)
    # how the grades are judged is the indicator's own 指标解释, not a reason for the rewrite
    return [graded.model_copy(update={"basis": "计划标准", "explanation": note, "reason": ""})]


def _count_rule(ind: Indicator, project: Project | None, index: Index) -> list[Suggestion]:
    """A count valued in words (`按需支出`) → the number the project's goal states (`=17人`); when
    the goal states none, a slot the unit fills (`≥【请填写】人`): the number is the project's own."""

    if ind.annual_value.measurable or ind.annual_value.pending or not is_count_name(ind.name):
        return []
    counts = stated_counts(project.goal) if project is not None else []
    if not counts:
        unit = implied_unit(ind.name) or "个"
        evidence = [
            h.evidence() for h in _similar(index, ind, k=2, same_level2=False, project=project)
        ]
        slot = _suggest(
            ind,
            display_name(ind.name),
            parse_value(slot_text("≥", unit)),
            evidence,
            "数量只有本项目知道，请按实施计划填写",
        )
        return [slot.model_copy(update={"basis": "计划标准"})]
    best = max(counts, key=lambda c: (dice(c.name, ind.name), -counts.index(c)))
    if len(counts) > 1 and dice(best.name, ind.name) == 0:
        return []
    value = make_value(best.operator, best.number, best.unit)
    evidence = [h.evidence() for h in _similar(index, ind, k=2, same_level2=False, project=project)]
    return [
        _suggest(ind, display_name(ind.name), value, evidence, "数量取自项目绩效目标中写明的计划数")
    ]


def _subject_rule(ind: Indicator, index: Index, project: Project | None = None) -> list[Suggestion]:
    """A value that measures another subject (`系统故障减少率` valued `全系统正常运转率达92%以上`,
    or `提高医疗保障` whose period value is `医疗保障率达100%`) → an indicator named after what the
    value actually measures."""
    values = [ind.annual_value, *([ind.period_value] if ind.period_value else [])]
    found = [(v, m) for v in values if (m := _SUBJECT.match(normalise_text(v.raw)))]
    if not found:
        return []
    value, m = found[0]
    if value.number is None or _SPLIT.search(normalise_text(value.raw)):
        return []
    subject = display_name(m.group(1))
    if len(subject) < 3 or dice(subject, ind.name) >= 0.8 or not re.search(r"[率度数量]$", subject):
        return []
    if value.operator is None:
        value = make_value("=", value.number, value.unit)
    renamed = ind.model_copy(update={"name": subject})
    evidence = [
        h.evidence()
        for h in _similar(index, renamed, k=2, same_level2=False, project=project, original=ind)
    ]
    level2 = guess_level2(subject) or ind.level2
    return [
        _suggest(
            ind, subject, parse_value(value.text()), evidence, "按指标值实际考核的对象命名", level2
        )
    ]


def _cost_rule(ind: Indicator, project: Project | None, hits: list[Hit]) -> list[Suggestion]:

    budget = project.amounts.total if project else None
    if not is_cost(ind.level2) or budget is None or budget <= 0:
        return []
    name = cost_name(display_name(ind.name))
    value = make_value("≤", budget, "万元")
    evidence = [h.evidence() for h in hits[:2]]
    return [
        _suggest(ind, name, value, evidence, f"以项目预算 {format_number(budget)} 万元为成本上限")
    ]


def _retrieval(
    ind: Indicator,
    hits: list[Hit],
    generic: frozenset[str],
    threshold: float = SAME_INTENT,
    year: int | None = None,
) -> list[Suggestion]:
    """Real indicators named like this one, with their measurable values: none for a count (a
    count's number must be this project's own), only rates for a rate, and none that is mostly
    about another subject (食品安全监管人员培训 for 网格员培训)."""

    if is_count_name(ind.name):
        return []
    out = []
    for h in hits:
        rec = h.record.indicator
        if dice(rec.name, ind.name) < threshold or not rec.annual_value.measurable:
            continue
        if is_rate_name(ind.name) and not is_rate_name(rec.name):
            continue
        if rec.annual_value.number is None and rec.annual_value.qualitative is None:
            continue
        if _other_subject(rec.name, ind.name, generic):
            continue
        note = f"参照「{origin_place(h.record.origin, h.record.project)}」的真实指标"
        out.append(
            _suggest(
                ind,
                display_name(rec.name),
                _tidy(rec.annual_value, year),
                [h.evidence()],
                note,
                rec.level2,
            )
        )
    return out


def _other_subject(candidate: str, original: str, generic: frozenset[str]) -> bool:
    """The candidate measures something else: its subject (the words before its measure, less
    words every department uses) shares none of the original's words, or is mostly new words
    (培训人员覆盖率 for 巡逻覆盖率, 外事任务完成率 for 运维工单完成率)."""
    subject = _MEASURE.sub("", clean_name(candidate))
    specific = bigrams(subject) - generic if subject else frozenset()
    if specific and not specific & bigrams(original):
        return True
    return bool(subject) and foreignness(subject, original, generic) >= MAX_FOREIGN


def _tidy(value: IndicatorValue, year: int | None = None) -> IndicatorValue:
    """A borrowed value written canonically (`≧ 100` → `≥100`, graded scales → their top target;
    a deadline moved to the table's year, else the budget year being prepared)."""

    if value.number is None or value.unit == "年":
        return in_year(value, year or budget_year())
    return make_value(value.operator or "=", value.number, value.unit)


def _loose(ind: Indicator, hits: list[Hit], generic: frozenset[str]) -> list[Suggestion]:
    """Looser matches for a name that is an aim (提高医疗保障): real indicators about the same
    subject (a word of the name other than its aim verbs and words every sector uses), and never
    a count (another project's number)."""

    core = clean_name(ind.name)
    for word in VAGUE_WORDS:
        core = core.replace(word, "|")
    subject = {b for part in core.split("|") for b in bigrams(part)} - generic
    return [
        s
        for s in _retrieval(ind, hits, generic, LOOSE_INTENT)
        if s.annual_value.unit in (None, "%") and subject & bigrams(s.name)
    ]


def _vetted(
    ruled: list[Suggestion],
    borrowed: list[Suggestion],
    index: Index,
    project: Project | None,
    ind: Indicator,
) -> list[Suggestion]:
    """Rule-made rewrites keep only the evidence that supports them (saying so when none does);
    a borrowed rewrite, whose value is the record's own, goes when its record is no support."""

    kept = [vet(s, index, project, ind) for s in ruled]
    return kept + [
        v for s in borrowed if (v := vet(s, index, project, ind, target=ind.name)).evidence
    ]


def _passes(s: Suggestion, project: Project | None) -> bool:
    """Measurable, clean of errors and warnings, and either cited or based on the unit's own plan
    (its own other value, the goal, or a suggestion that says it has no close real support)."""

    usable = (
        s.annual_value.measurable or s.annual_value.pending
    )  # a slot waits for the unit's number
    grounded = bool(s.evidence) or s.basis == "计划标准"
    return (
        usable
        and grounded
        and not any(
            f.severity in ("error", "warning") and f.code != "V020"
            for f in check_indicator(s, project)
        )
    )


def _unique(candidates: list[Suggestion], original: Indicator) -> list[Suggestion]:
    seen: list[tuple[str, str]] = [(original.name, original.annual_value.text())]
    out = []
    for s in candidates:
        key = (s.name, s.annual_value.text())
        if key not in seen:
            seen.append(key)
            out.append(s)
    return out


def _not_in(hits: list[Hit], taken: list[Hit]) -> list[Hit]:
    """`[h for h in hits if h not in taken]` without comparing whole pydantic models (387k deep
    `__eq__` calls, 15% of a batch project's time): hits are matched on the record's id and the
    scores, and only hits that match so are compared in full (the same record object: at once)."""
    seen: dict[tuple[object, ...], list[Hit]] = {}
    for h in taken:
        seen.setdefault(_hit_key(h), []).append(h)
    return [
        h
        for h in hits
        if not any(t is h or t.record is h.record or t == h for t in seen.get(_hit_key(h), ()))
    ]


def _hit_key(h: Hit) -> tuple[object, ...]:
    return (h.record.id, h.score, h.lexical_rank, h.dense_rank, h.lexical_score, h.dense_score)


_GENERIC: weakref.WeakKeyDictionary[Index, frozenset[str]] = weakref.WeakKeyDictionary()


def _generic(index: Index) -> frozenset[str]:
    """The index's widely used name bigrams, counted once per index."""
    if index not in _GENERIC:
        _GENERIC[index] = generic_bigrams(index.records)
    return _GENERIC[index]


def refine_indicator(
    ind: Indicator, project: Project | None = None, index: Index | None = None
) -> Refinement:
    """Findings for the indicator and up to three measurable rewrites with evidence."""

    index = index or load_index()
    findings = check_indicator(ind, project)
    generic = _generic(index)
    year = project.year if project is not None else None
    same = _similar(index, ind, project=project)
    other = _not_in(_similar(index, ind, same_level2=False, project=project), same)
    hits = same or other
    ruled = (
        _other_value_rule(ind)
        + _split_rule(ind, index, project)
        + _subject_rule(ind, index, project)
        + _count_rule(ind, project, index)
        + _cost_rule(ind, project, hits)
        + _rate_rule(ind, hits)
        + _graded_rule(ind)
    )
    borrowed = _retrieval(ind, same, generic, year=year) + _retrieval(
        ind, other, generic, year=year
    )
    candidates = [one_target(s) for s in _vetted(ruled, borrowed, index, project, ind)]
    rewrites = [s for s in _unique(candidates, ind) if _passes(s, project)][:MAX_REWRITES]
    if not rewrites:
        loose = _vetted([], _loose(ind, same + other, generic), index, project, ind)[:2]
        for s in loose:
            s.explanation = f"原名称是工作目标或难以计量，参考相近的真实指标改写，请确认符合原意；{s.explanation}"
        rewrites = [s for s in _unique(loose, ind) if _passes(s, project)]
    notices = [] if rewrites else ["指标库中没有找到可参照的同类可衡量指标，请按检查提示手动修改。"]
    if not findings:
        notices.append("这条指标未发现问题；以下改写仅供参考。")
    return Refinement(original=ind, findings=findings, rewrites=rewrites, notices=notices)
