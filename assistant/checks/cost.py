"""Rules on cost indicators against the project's budget (project.amounts.total, in 万元)."""

from __future__ import annotations

import re

from assistant.checks.hints import cost_cap
from assistant.checks.kinds import (
    budget_of,
    in_wan,
    is_costlike,
    is_per_unit,
    names_budget,
    quoted,
    shown_values,
    wan_text,
)
from assistant.checks.rules import finding
from assistant.schema import Finding, Indicator, Project
from assistant.values import format_number

_SAVED = re.compile(r"节省|节约|节支")
_TOLERANCE = 1.005  # rounding in published amounts


def cap_above_budget(ind: Indicator, project: Project | None) -> list[Finding]:
    """B001: a cost amount above the whole project budget (annual value only)."""
    budget, value = budget_of(project), ind.annual_value
    amount = in_wan(value)
    if budget is None or amount is None or is_per_unit(value) or not is_costlike(ind):
        return []
    if amount <= budget * _TOLERANCE:
        return []
    as_yuan = (value.unit in ("万元", "万")) and (value.number or 0) / 1e4 <= budget
    unit_note = (
        f"；若原意是 {format_number(value.number or 0)} 元，请把单位改为「元」" if as_yuan else ""
    )
    return [
        finding(
            "B001",
            ind.name,
            f"年度指标值{quoted(value)}（{wan_text(amount)}）超过项目预算 {wan_text(budget)}，"
            "成本上限不可能高于全部预算。",
            f"写成「≤ {wan_text(budget)}」或更低的分项上限{unit_note}",
        )
    ]


def zero_percent(ind: Indicator, project: Project | None) -> list[Finding]:
    """B002: `成本控制率 ≤0%` — a zero percentage of no stated base."""
    if not is_costlike(ind):
        return []
    for shown in shown_values(ind):
        value = shown.value
        if value.unit == "%" and value.number == 0 and value.operator in (None, "≤", "<", "="):
            return [
                finding(
                    "B002",
                    ind.name,
                    f"{shown.label}{quoted(value)}没有基数：相对什么的 0%？"
                    "年底无法据此判定成本是否受控。",
                    _zero_fix(ind, project),
                )
            ]
    return []


def _zero_fix(ind: Indicator, project: Project | None) -> str:
    if _SAVED.search(ind.name):
        return "写成节省的具体量或比例及其基数，如「较上年节约 ≥5%」「节省工时 ≥N小时」"
    return cost_cap(project)


def budget_words(ind: Indicator, project: Project | None) -> list[Finding]:
    """B003: `不高于预算` where the budget amount is (or should be) known."""
    for shown in shown_values(ind):
        if names_budget(shown.value.raw):
            budget = budget_of(project)
            known = f"，而项目预算是 {wan_text(budget)}，数字是已知的" if budget else ""
            return [
                finding(
                    "B003",
                    ind.name,
                    f"{shown.label}{quoted(shown.value)}只说不超预算，没有金额{known}。",
                    cost_cap(project),
                )
            ]
    return []


def unit_suspect(ind: Indicator, project: Project | None) -> list[Finding]:
    """B004: an amount in 元 equal to the budget in 万元 — the unit is probably wrong."""
    budget, value = budget_of(project), ind.annual_value
    if budget is None or value.unit != "元" or value.number is None or is_per_unit(value):
        return []
    if abs(value.number - budget) > budget * 0.05:
        return []
    return [
        finding(
            "B004",
            ind.name,
            f"年度指标值{quoted(value)}以「元」为单位，与项目预算 {wan_text(budget)} 的数字相同，"
            "单位疑为「万元」。",
            f"核对单位：若指全部预算，写成「≤ {wan_text(budget)}」",
        )
    ]
