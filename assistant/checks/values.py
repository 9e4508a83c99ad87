"""Rules on the form of a value: measurable at all, direction, unit, two targets in one,
and annual vs period values that disagree."""

from __future__ import annotations

import re

from assistant.categories import is_cost
from assistant.checks.hints import guess_unit, measurable_value
from assistant.checks.kinds import (
    PERCENT_UNITS,
    implied_unit,
    is_cost_name,
    is_date_range,
    is_fixed_standard,
    is_growth_name,
    is_money,
    is_negative_name,
    is_placeholder,
    is_rate_name,
    is_satisfaction,
    is_satisfaction_name,
    is_time_name,
    names_amount,
    names_budget,
    quoted,
    shown_values,
)
from assistant.checks.rules import finding
from assistant.schema import Finding, Indicator, IndicatorValue, Project
from assistant.targets import in_satisfaction_band
from assistant.values import VAGUE_WORDS, format_number, normalise_text

_CLAUSE = re.compile(r"[，,；;]")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?")
_LINK = re.compile(
    r"(达到|达|为|是|在|要|需|应|不低于|不少于|不高于|不超过|大于等于|小于等于|大于|小于|高于|低于|超过|至少|控制在|[≥≤><=:：])+$"
)


def off_band(value: IndicatorValue) -> bool:
    """A usable satisfaction target (% or 分) outside the accepted band: V011's, so no other rule
    suggests a different target for the same value."""
    if value.unit not in ("%", "分") or value.number is None or not is_usable(value):
        return False
    return not in_satisfaction_band(value.number)


def is_usable(value: IndicatorValue) -> bool:
    """Checkable at year end: parsed as measurable, or a concrete date range."""
    return value.measurable or is_date_range(value.raw)


def _reason(value: IndicatorValue) -> str:
    text = value.as_written().strip()
    vague = [w for w in VAGUE_WORDS if w in text]
    if vague:
        return f"用了「{'」「'.join(vague[:2])}」这类描述方向或态度的词，没有可核验的数字"
    if value.number is not None:
        return "「…%完成/达标」没有说明是什么的百分比，指标名称也不是比率"
    return "只有文字，没有数值、单位或分级标准"


def pending_slot(ind: Indicator, project: Project | None) -> list[Finding]:
    """V020: a slot (`≥【请填写】人次`) the project has still to fill: waiting, not vague."""
    pending = [s for s in shown_values(ind) if s.value.pending]
    if not pending:
        return []
    where = "、".join(s.label for s in pending)
    return [
        finding(
            "V020",
            ind.name,
            f"{where}{quoted(pending[0].value)}待填写：这个数只有本项目知道。",
            "按本项目的实施计划填入数字（参考同类项目的取值）",
        )
    ]


def unmeasurable(ind: Indicator, project: Project | None) -> list[Finding]:
    """V001 / V002: a value that cannot be judged at year end, or no value at all. A slot
    waiting to be filled is V020, not V001."""
    if ind.annual_value.pending:
        return []
    if not ind.annual_value.raw.strip():
        return [_missing(ind, project)]
    shown = shown_values(ind)
    bad = [
        s
        for s in shown
        if not is_usable(s.value)
        and not s.value.pending
        and not names_budget(s.value.raw)
        and not is_placeholder(s.value)
    ]  # an unfilled `≥**%` is V016's, a slot V020's
    if not bad:
        return []
    parts = [f"{s.label}{quoted(s.value)}{_reason(s.value)}" for s in bad]
    good = [s for s in shown if s not in bad and fits_name(ind, s.value)]
    hint = (
        f"参照{good[0].label}写成「{_with_direction(ind, good[0].value)}」"
        if good
        else measurable_value(ind, project)
    )
    return [finding("V001", ind.name, "；".join(parts) + "，年底无法判定是否达成。", hint)]


def _missing(ind: Indicator, project: Project | None) -> Finding:
    period = ind.period_value
    if period is not None and is_usable(period):
        return finding(
            "V002",
            ind.name,
            "年度指标值为空，年底无法判定当年是否达成。",
            f"按实施周期指标值{quoted(period)}填写当年的目标",
        )
    return finding(
        "V002", ind.name, "没有填写指标值，这条指标无法考核。", measurable_value(ind, project)
    )


def fits_name(ind: Indicator, value: IndicatorValue) -> bool:
    """A number whose kind suits the name: a percentage (≤ 100 unless a growth) only on a
    rate or a satisfaction."""
    if value.number is None:
        return False
    if value.unit in PERCENT_UNITS:
        possible = value.number <= 100 or is_growth_name(ind.name)
        return possible and (is_rate_name(ind.name) or is_satisfaction_name(ind.name))
    return not is_rate_name(ind.name)


def _with_direction(ind: Indicator, value: IndicatorValue) -> str:
    """The value's text, with the direction V003 and the unit V004 would ask for when it has none."""
    if value.number is None:
        return value.text()
    if not value.unit and not is_rate_name(ind.name) and not implied_unit(ind.name):
        value = value.model_copy(update={"unit": _unit_for(ind, value)})
    return value.text() if value.operator is not None else _direction_for(ind, value)


def _direction_for(ind: Indicator, value: IndicatorValue) -> str:
    number, unit = format_number(value.number or 0), value.unit or ""
    if value.number == 0 or (is_fixed_standard(ind.name) and is_money(value)):
        return f"={number}{unit}"
    if is_negative_name(ind.name):
        return f"≤{number}{unit}"
    if is_rate_name(ind.name):
        return "=100%" if value.number == 100 else f"≥{number}{unit}"
    if is_cost(ind.level2) or is_cost_name(ind.name) or is_time_name(ind.name):
        return f"≤{number}{unit}"
    return f"≥{number}{unit}"


def direction(ind: Indicator, project: Project | None) -> list[Finding]:
    """V003: a number with no ≥ / ≤ / = (a hint: the intent is usually clear). Not where V010
    already names the one target both values should state."""
    if annual_vs_period(ind, project):
        return []
    if any(f.hint.startswith("参照") for f in unmeasurable(ind, project)):
        return []  # V001 already gives this value, direction included, as the target
    for shown in shown_values(ind):
        value = shown.value
        if is_satisfaction(ind) and off_band(value):
            continue  # V011 gives the target, direction included
        if value.operator is None and is_usable(value) and fits_name(ind, value):
            return [
                finding(
                    "V003",
                    ind.name,
                    f"{shown.label}{quoted(value)}没写方向（≥、≤ 或 =），考核时可能有争议。",
                    f"写成「{_direction_for(ind, value)}」",
                )
            ]
    return []


def unit_missing(ind: Indicator, project: Project | None) -> list[Finding]:
    """V004: a number with no unit where the name does not imply one (rates are V005's)."""
    if is_rate_name(ind.name) or implied_unit(ind.name):
        return []
    for shown in shown_values(ind):
        value = shown.value
        if value.number is not None and not value.unit and is_usable(value):
            return [
                finding(
                    "V004",
                    ind.name,
                    f"{shown.label}{quoted(value)}只有数字没有单位，读者不知道数的是什么。",
                    f"写上计量单位，如「{value.operator or '='}{format_number(value.number or 0)}"
                    f"{_unit_for(ind, value)}」",
                )
            ]
    return []


def _unit_for(ind: Indicator, value: IndicatorValue) -> str:
    per = re.search(r"/\s*([\u4e00-\u9fff]{1,3})", normalise_text(value.raw))
    if names_amount(ind):
        return f"元/{per.group(1)}" if per else "万元"
    return guess_unit(ind.name)


def _subject(clause: str) -> tuple[str, str] | None:
    """(subject, target) of a clause like `来穗人员登记率达到95%`, or None without a subject."""
    m = _NUMBER.search(clause)
    if m is None:
        return None
    subject = _LINK.sub("", clause[: m.start()]).strip()
    if len(re.findall(r"[\u4e00-\u9fff]", subject)) < 2:
        return None
    return subject, clause[m.start() :].strip()


def packed_targets(ind: Indicator, project: Project | None) -> list[Finding]:
    """V008: `出租屋登记率达100%，来穗人员登记率达到95%` — two subjects, two numbers."""
    for shown in shown_values(ind):
        text = normalise_text(shown.value.raw)
        pairs = [p for p in (_subject(c) for c in _CLAUSE.split(text)) if p]
        subjects = dict(pairs)
        if len(subjects) >= 2:
            split = "」「".join(f"{s} {t}" for s, t in subjects.items())
            return [
                finding(
                    "V008",
                    ind.name,
                    f"{shown.label}{quoted(shown.value)}写了 {len(subjects)} 个不同对象的目标"
                    f"（{'、'.join(subjects)}），一条指标只能考核一个目标。",
                    f"拆成 {len(subjects)} 条指标：「{split}」",
                )
            ]
    return []


def annual_vs_period(ind: Indicator, project: Project | None) -> list[Finding]:
    """V010: annual and period values with different units, rates or an annual above the period."""
    annual, period = ind.annual_value, ind.period_value
    if period is None or annual.number is None or period.number is None:
        return []
    if annual.raw.strip() == period.raw.strip():
        return []
    if not is_usable(annual) or not is_usable(period):
        return []  # V001 reports the unusable one and points to the other
    if is_satisfaction(ind) and (off_band(annual) or off_band(period)):
        return []  # V011 names the one target both values should state
    problem = _disagreement(annual, period)
    if problem is None:
        return []
    target = period if is_usable(period) else annual
    return [
        finding(
            "V010",
            ind.name,
            f"年度指标值{quoted(annual)}与实施周期指标值{quoted(period)}{problem}。",
            f"一年期项目两者应相同；多年期项目年度值写当年份额。建议统一为「{target.text()}」",
        )
    ]


def _disagreement(annual: IndicatorValue, period: IndicatorValue) -> str | None:
    if (annual.unit or "") != (period.unit or ""):
        return "单位不同"
    if annual.unit == "%" and annual.number != period.number:
        return "的比率不同"
    if annual.unit != "%" and (annual.number or 0) > (period.number or 0):
        return "不符：年度目标大于整个实施周期的目标"
    return None
