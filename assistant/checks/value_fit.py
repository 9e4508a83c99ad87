"""Rules on whether a value fits what the name measures: a rate is a percentage ≤ 100%,
a count is not a percentage, the value measures the same thing the name does, and
satisfaction targets sit in the usual band."""

from __future__ import annotations

import re

from assistant.categories import SATISFIED
from assistant.checks.hints import count_target
from assistant.checks.kinds import (
    PERCENT_UNITS,
    implied_unit,
    is_costlike,
    is_count_name,
    is_growth_name,
    is_percent_change,
    is_rate_name,
    is_satisfaction,
    is_satisfaction_name,
    is_time_value,
    plain_name,
    quoted,
    shown_values,
)
from assistant.checks.names import aim_verb
from assistant.checks.rules import finding
from assistant.checks.values import is_usable, off_band
from assistant.schema import Finding, Indicator, IndicatorValue, Project
from assistant.targets import (
    SATISFACTION_HIGH,
    SATISFACTION_NOT_CREDIBLE,
    satisfaction_band_text,
    satisfaction_target,
)
from assistant.values import format_number, normalise_text

_RATE_TERM = re.compile(r"[\u4e00-\u9fff]{2,10}?率")
_TERM_PREFIX = re.compile(r"^(全|总|各|提高|提升|实现|确保|保证|保持)")


def _rate_fix(ind: Indicator, value: IndicatorValue) -> str:
    if value.unit is None and value.number is not None and value.number <= 1:
        return "若指全部达成，写成「=100%」；比率一律用百分比"
    if is_time_value(value):
        return f"比率写百分比，如「≥95%」；若要考核时限，把名称改成「{_base(ind.name)}时间」并写「{value.text()}」"
    return f"比率写百分比，如「=100%」；若要考核数量，把名称改成「{_count_name(ind.name)}」并写「{value.text()}」"


def _base(name: str) -> str:
    plain = plain_name(name)
    return re.sub(r"(计划)?(完成|及时|达标|合格|到位|执行)?率.*$", "", plain) or plain


def _count_name(name: str) -> str:
    base = _base(name)
    return base if base.endswith("数量") else f"{base}数量"


def rate_not_percent(ind: Indicator, project: Project | None) -> list[Finding]:
    """V005: a 率 valued in something other than a percentage."""
    if not is_rate_name(ind.name) or implied_unit(ind.name) == "%":
        return []
    for shown in shown_values(ind):
        value = shown.value
        if value.number is None or (value.unit or "") in PERCENT_UNITS:
            continue
        if value.unit == "分" and is_satisfaction_name(ind.name):
            continue
        return [
            finding(
                "V005",
                ind.name,
                f"「{plain_name(ind.name)}」是比率，{shown.label}却是{quoted(value)}"
                f"（{'单位「' + value.unit + '」' if value.unit else '没有单位'}），不是百分比。",
                _rate_fix(ind, value),
            )
        ]
    return []


def rate_over_100(ind: Indicator, project: Project | None) -> list[Finding]:
    """V006: a rate target above 100% (growth rates may exceed it)."""
    if not is_rate_name(ind.name) or is_growth_name(ind.name):
        return []
    for shown in shown_values(ind):
        value = shown.value
        if value.unit == "%" and value.number is not None and value.number > 100:
            return [
                finding(
                    "V006",
                    ind.name,
                    f"{shown.label}{quoted(value)}超过 100%，比率不可能达到，多半是笔误。",
                    "改为 100% 以内的目标，如「≥95%」或「=100%」",
                )
            ]
    return []


def percent_on_count(ind: Indicator, project: Project | None) -> list[Finding]:
    """V007: a count (人数、次数、数量…) valued in %."""
    if not is_count_name(ind.name):
        return []
    for shown in shown_values(ind):
        if shown.value.unit == "%":
            return [
                finding(
                    "V007",
                    ind.name,
                    f"「{ind.name}」数的是数量，{shown.label}却是百分比{quoted(shown.value)}，"
                    "年底无法知道要完成多少。",
                    count_target(ind, project) + "；若要考核完成比例，把名称改成「…完成率」",
                )
            ]
    return []


def _value_terms(text: str) -> list[str]:
    return [_TERM_PREFIX.sub("", t) for t in _RATE_TERM.findall(normalise_text(text))]


def name_value_mismatch(ind: Indicator, project: Project | None) -> list[Finding]:
    """V009: the value measures another rate than the name (`系统故障减少率` ← `正常运转率达92%`)."""
    if not is_rate_name(ind.name):
        return []
    for shown in shown_values(ind):
        for term in _value_terms(shown.value.raw):
            core = term[:-1][-2:]
            if len(core) == 2 and core not in ind.name:
                return [
                    finding(
                        "V009",
                        ind.name,
                        f"名称考核「{ind.name}」，{shown.label}{quoted(shown.value)}"
                        f"考核的却是「{term}」，两者不是同一个量。",
                        f"名称改为「{term}」，或按名称重写指标值（如「{ind.name} ≥X%」）",
                    )
                ]
    return []


def satisfaction_band(ind: Indicator, project: Project | None) -> list[Finding]:
    """V011: a satisfaction target outside the accepted band (100% is not credible, below 85% is
    low). The one recommended target comes from assistant.targets."""
    if not is_satisfaction(ind):
        return []
    for shown in shown_values(ind):
        value = shown.value
        if not off_band(value):
            continue
        number = value.number or 0
        written = f"{format_number(number)}{value.unit}"
        if number >= SATISFACTION_NOT_CREDIBLE:
            why = f"{written} 的满意度调查结果不可信，也几乎无法实现"
        elif number > SATISFACTION_HIGH:
            why = f"{written} 高于常见水平，调查结果难以实现"
        else:
            why = f"{written} 低于常见水平，审核时可能被认为目标偏低"
        return [
            finding(
                "V011",
                ind.name,
                f"{shown.label}{quoted(value)}：{why}。",
                f"写成「{satisfaction_target(value.unit or '%')}」"
                f"（常见 {satisfaction_band_text(value.unit or '%')}），年度与实施周期指标值统一，并说明调查方式",
            )
        ]
    return []


def percent_without_rate(ind: Indicator, project: Project | None) -> list[Finding]:
    """V012: `平安宣传 100%` — a percentage, but the name names no rate it could be."""
    name = ind.name
    if is_rate_name(name) or is_satisfaction_name(name) or is_count_name(name):
        return []
    if is_percent_change(name):
        return []
    if ind.level2 == SATISFIED or is_costlike(ind) or aim_verb(ind) is not None:
        return []
    for shown in shown_values(ind):
        value = shown.value
        if value.unit == "%" and is_usable(value) and "率" not in value.raw:
            return [
                finding(
                    "V012",
                    name,
                    f"{shown.label}{quoted(value)}是百分比，但「{name}」不是比率，"
                    "说不清是什么的百分之几。",
                    _percent_fix(name),
                )
            ]
    return []


def _percent_fix(name: str) -> str:
    plain = plain_name(name)
    if plain.startswith("是否"):
        return "「是否」类指标取值写「是」或「否」；若要考核比例，名称写明是什么的比率"
    return (
        f"名称写明比率，如「{re.sub(r'情况$', '', plain)}完成率」；或改写成与名称相符的数量、时间"
    )
