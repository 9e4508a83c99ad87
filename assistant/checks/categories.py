"""Rules on whether an indicator sits in the category its name and value call for."""

from __future__ import annotations

import re

from assistant.categories import (
    ECONOMIC,
    EFFECT,
    QUALITY,
    QUANTITY,
    SATISFACTION,
    TIMELINESS,
    is_cost,
)
from assistant.checks.kinds import (
    PERCENT_UNITS,
    is_cost_name,
    is_money,
    is_satisfaction_name,
    is_time_value,
    quoted,
)
from assistant.checks.rules import finding
from assistant.schema import Finding, Indicator, Project
from assistant.targets import satisfaction_target

_SATISFACTION_LIKE = re.compile(r"满意|认可|评价|好评|安全感|获得感|幸福感|信任|口碑")
_QUALITY_WORDS = re.compile(r"完好率|合格率|正确率|准确率|正常运行率|正常运转率|验收")
_BENEFIT_MONEY = re.compile(r"收入|产值|增收|效益|节约|节省|带动|撬动|吸引|拉动")


def _place(ind: Indicator) -> str:
    return f"「{ind.level1} / {ind.level2}」"


def satisfaction_outside(ind: Indicator, project: Project | None) -> list[Finding]:
    """C001: a 满意度 outside 满意度指标."""
    if not is_satisfaction_name(ind.name) or ind.level1 == SATISFACTION:
        return []
    return [
        finding(
            "C001",
            ind.name,
            f"「{ind.name}」是满意度，却放在{_place(ind)}下。",
            "移到「满意度指标 / 服务对象满意度指标」",
        )
    ]


def not_satisfaction_inside(ind: Indicator, project: Project | None) -> list[Finding]:
    """C002: something other than satisfaction under 满意度指标 (some units do this on purpose)."""
    if ind.level1 != SATISFACTION or _SATISFACTION_LIKE.search(ind.name):
        return []
    return [
        finding(
            "C002",
            ind.name,
            f"「{ind.name}」不是满意度，却放在满意度指标下。",
            f"满意度指标写服务对象的满意度（如「服务对象满意度 {satisfaction_target()}」）；其他指标移到产出或效益类",
        )
    ]


def quality_under_effect(ind: Indicator, project: Project | None) -> list[Finding]:
    """C003: `设备完好率` under 经济效益 — a quality of the output, not an effect."""
    if ind.level1 != EFFECT or not _QUALITY_WORDS.search(ind.name):
        return []
    return [
        finding(
            "C003",
            ind.name,
            f"「{ind.name}」衡量的是产出的质量，却放在{_place(ind)}下。",
            f"移到「产出指标 / {QUALITY}」；效益指标写项目带来的效果（如受益人数、效率提升幅度）",
        )
    ]


def cost_outside(ind: Indicator, project: Project | None) -> list[Finding]:
    """C004: a cost (成本/费用/经费 valued in money) outside 成本."""
    value = ind.annual_value
    if is_cost(ind.level2) or not is_cost_name(ind.name) or not is_money(value):
        return []
    if _BENEFIT_MONEY.search(ind.name) or (ind.level1 == EFFECT and ind.level2 == ECONOMIC):
        return []
    return [
        finding(
            "C004",
            ind.name,
            f"「{ind.name}」的值{quoted(value)}是金额，属于成本，却放在{_place(ind)}下。",
            "移到成本指标（旧框架「产出指标 / 成本指标」，新框架「成本指标 / 经济成本指标」）",
        )
    ]


def timeliness_not_time(ind: Indicator, project: Project | None) -> list[Finding]:
    """C005: a 时效 indicator valued by a number that is neither a time nor a rate."""
    value = ind.annual_value
    if ind.level2 != TIMELINESS or value.number is None or not value.measurable:
        return []
    if (value.unit or "") in PERCENT_UNITS or is_time_value(value):
        return []
    move = f"；若考核的是数量，移到「产出指标 / {QUANTITY}」" if value.unit else ""
    return [
        finding(
            "C005",
            ind.name,
            f"时效指标应是时间、期限或及时率，「{ind.name}」的值{quoted(value)}都不是。",
            f"写成时限（如「≤30天」）、期限（如「12月31日前完成」）或及时率（如「≥95%」）{move}",
        )
    ]
