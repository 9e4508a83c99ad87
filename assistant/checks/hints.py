"""Concrete rewrites for hints: what a measurable value for this indicator could look like."""

from __future__ import annotations

import re
import unicodedata

from assistant.categories import SATISFIED
from assistant.checks.kinds import (
    budget_of,
    clean_name,
    implied_unit,
    is_count_name,
    is_rate_name,
    is_satisfaction_name,
    is_time_name,
    names_amount,
    wan_text,
)
from assistant.schema import Indicator, Project
from assistant.targets import satisfaction_band_text, satisfaction_target

_UNIT_GUESSES: tuple[tuple[str, str], ...] = (
    (r"品种|种类", "种"),
    (r"批次", "批"),
    (r"车", "辆"),
    (r"人员|人数|雇员|学员|学生|职工|群众", "人"),
    (r"会议|培训|活动|检查|巡查|演练|次", "次"),
    (r"报告|方案|意见书|证书", "份"),
    (r"意见|建议|信息", "条"),
    (r"设备|摄像|电脑|终端|仪器", "台"),
    (r"户", "户"),
)


def guess_unit(name: str) -> str:
    """A plausible count unit for a name, for hints only (`车辆购置数量` → 辆)."""
    implied = implied_unit(name)
    if implied and implied != "%":
        return implied
    return next((unit for pat, unit in _UNIT_GUESSES if re.search(pat, name)), "个")


def goal_count(name: str, project: Project | None) -> str | None:
    """A count stated in the project's goal that fits the name: `编制17人` → `17人`."""
    if project is None or not project.goal:
        return None
    unit = guess_unit(name)
    goal = unicodedata.normalize("NFKC", project.goal).replace(",", "")
    found = re.search(rf"(?<![\d.])(\d+(?:\.\d+)?)\s*{re.escape(unit)}(?![/\d])", goal)
    return f"{found.group(1)}{unit}" if found else None


_NUMERALS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}


def name_count(name: str) -> str | None:
    """A count written in the name itself: `全年至少召开一次…` → `1次`."""
    found = re.search(
        r"([一二两三四五六七八九十]|\d+)\s*([次场个期批项份台套辆])", clean_name(name)
    )
    if not found:
        return None
    number = _NUMERALS.get(found.group(1), found.group(1))
    return f"{number}{found.group(2)}"


def cost_cap(project: Project | None) -> str:
    budget = budget_of(project)
    if budget is None:
        return "写成金额上限，如「≤ X 万元」（X 填项目预算金额）"
    return f"写成「≤ {wan_text(budget)}」（项目预算金额），或按单价写「≤ X 元/单位」"


def count_target(ind: Indicator, project: Project | None) -> str:
    known = goal_count(ind.name, project) or name_count(ind.name)
    if known:
        return f"写成「={known}」这样的数量目标"
    return f"写成计划数量，如「≥N{guess_unit(ind.name)}」（N 填计划完成的数量）"


def measurable_value(ind: Indicator, project: Project | None) -> str:
    """How to state a measurable target for this indicator, judged from its name and category."""
    if is_satisfaction_name(ind.name) or ind.level2 == SATISFIED:
        return f"写成「{satisfaction_target()}」（满意度常见目标 {satisfaction_band_text()}），并说明调查方式"
    if names_amount(ind):
        return cost_cap(project)
    if is_rate_name(ind.name):
        return "写成「≥95%」或「=100%」，并在指标解释中写明计算公式"
    if is_count_name(ind.name):
        return count_target(ind, project)
    if is_time_name(ind.name):
        return "写成时限「≤48小时」或期限「2024年12月31日前完成」"
    return "写成「方向+数字+单位」（如 ≥95%、≥2个），确无数字时用分级（达到预期/部分达到/未达到）"
