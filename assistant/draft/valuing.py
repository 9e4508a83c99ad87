"""Setting a drafted indicator's value from the real values of its family, the project's budget,
or the numbers the project's own description states."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from assistant.categories import SATISFIED, is_cost
from assistant.checks.kinds import is_time_name
from assistant.checks.suggest import guess_unit
from assistant.schema import Basis, IndicatorValue
from assistant.values import make_value, normalise_text, parse_value

SATISFACTION_BAND = (85.0, 95.0)
SATISFACTION_DEFAULT = 90.0
_TIME_UNITS = ("小时", "分钟", "天", "日", "工作日", "个工作日", "周", "月")
_MONEY = ("万元", "元", "千元", "亿元")


@dataclass(frozen=True)
class Valued:
    annual: IndicatorValue
    period: IndicatorValue
    basis: Basis
    note: str = ""


def stated_count(text: str, unit: str | None) -> float | None:
    """A count the project's description states for this indicator's unit ("2082支", "17人")."""
    if not unit or unit in ("%", *_MONEY, *_TIME_UNITS):
        return None
    t = normalise_text(text)
    for m in re.finditer(r"(\d+(?:\.\d+)?)\s*(" + re.escape(unit) + ")", t):
        return float(m.group(1))
    return None


def first_count_unit(text: str) -> str | None:
    """The unit of the first count the description states ("2082支高清摄像机" → 支)."""
    for m in re.finditer(r"\d+(?:\.\d+)?", normalise_text(text)):
        v = parse_value(normalise_text(text)[m.start() :])
        if v.unit and v.unit not in ("%", *_MONEY, *_TIME_UNITS, "年"):
            return v.unit
    return None


def _mode(items: list[str | None]) -> str | None:
    counted = Counter(i for i in items if i)
    return min(counted, key=lambda k: (-counted[k], k)) if counted else None


def _numeric(members: list[IndicatorValue]) -> tuple[str | None, list[float], str | None]:
    """The common unit among measurable numeric values, its numbers and usual operator."""
    numeric = [v for v in members if v.measurable and v.number is not None]
    unit = _mode([v.unit for v in numeric])
    same = [v for v in numeric if v.unit == unit]
    return unit, [v.number for v in same if v.number is not None], _mode([v.operator for v in same])


def satisfaction(members: list[IndicatorValue]) -> IndicatorValue:
    unit, numbers, _ = _numeric(members)
    pct = [n for n in numbers if unit == "%" and n > 1]
    target = statistics.median(pct) if pct else SATISFACTION_DEFAULT
    low, high = SATISFACTION_BAND
    return make_value("≥", round(min(max(target, low), high)), "%")


_PER_UNIT = re.compile(r"人均|单价|单位|每|/|均价|标准")


def cost_name(name: str | None) -> str:
    """The name of a budget-capped cost indicator: a real total-cost name when there is one;
    rates, controls and per-unit costs (人均培训成本) become 项目总成本."""
    if not name or "成本" not in name or _PER_UNIT.search(name):
        return "项目总成本"
    stripped = re.sub(r"(控制率|控制情况|控制|超支率|节约率|率|情况)$", "", name)
    return stripped if stripped.endswith("成本") else "项目总成本"


def cost_cap(amount: float, years: int) -> Valued:
    annual = make_value("≤", amount, "万元")
    return Valued(annual, make_value("≤", amount * years, "万元"), "预算支出标准", "以项目预算为上限")


def rate_standards(values: list[tuple[str, IndicatorValue]]) -> dict[str, float]:
    """The median percentage target of real rate indicators, per level2."""
    by_level2: dict[str, list[float]] = {}
    for level2, v in values:
        if v.measurable and v.unit == "%" and v.number is not None and 0 < v.number <= 100:
            by_level2.setdefault(level2, []).append(v.number)
    return {k: statistics.median(v) for k, v in by_level2.items()}


def choose(
    members: list[IndicatorValue], level2: str, name: str, description: str, years: int,
    standard: float | None = None, year: int | None = None,
) -> Valued | None:
    """The value for a drafted indicator, or None when its family has no usable value.
    `standard` is the usual target of rates in this level2, for rate names without values."""
    if level2 == SATISFIED or "满意" in name:
        v = satisfaction(members)
        return Valued(v, v, "行业标准", "满意度目标取真实表格常见水平（85%–95%）")
    unit, numbers, op = _numeric(members)
    if not numbers and standard is not None and name.endswith("率"):
        valued = _rate([standard], "≥")
        return valued and Valued(valued.annual, valued.period, "历史标准", "取同类真实指标取值的中位数")
    if not numbers:
        return _qualitative(members, year)
    if unit == "%":
        return _rate(numbers, op)
    if unit in _TIME_UNITS and is_time_name(name):  # a time limit (响应时间 ≤2小时), not 开放天数
        annual = make_value("≤", statistics.median(numbers), unit)
        return Valued(annual, annual, "历史标准", "取相似项目的常见时限")
    if is_cost(level2) or unit in _MONEY:
        return None
    return _count(numbers, unit or guess_unit(name), description, years)


def _rate(numbers: list[float], op: str | None) -> Valued | None:
    pct = [min(n, 100.0) for n in numbers if n > 0]
    if not pct:
        return None  # "≤0%" / "0%" targets say nothing without a base
    target = statistics.median(pct)
    operator = "=" if target >= 100 else (op if op in ("≥", ">") else "≥")
    annual = make_value(operator, round(target, 1), "%")
    return Valued(annual, annual, "历史标准", "取相似项目同类指标取值的中位数")


def _count(numbers: list[float], unit: str, description: str, years: int) -> Valued:
    stated = stated_count(description, unit)
    if stated is not None:
        annual = make_value("=", stated, unit)
        return Valued(annual, make_value("=", stated * years, unit), "计划标准", "数量取自项目描述")
    number = statistics.median(numbers)
    annual = make_value("≥", number, unit)
    note = "数量参考相似项目，请按本项目实施计划核定"
    return Valued(annual, make_value("≥", number * years, unit), "历史标准", note)


def _qualitative(members: list[IndicatorValue], year: int | None) -> Valued | None:
    texts = [v.qualitative for v in members if v.measurable and v.qualitative]
    text = _mode(texts)
    if text is None:
        return None
    value = in_year(parse_value(text), year) if year is not None else parse_value(text)
    return Valued(value, value, "历史标准", "")


def in_year(value: IndicatorValue, year: int) -> IndicatorValue:
    """A borrowed deadline moved to the budget year (2024年底 → 2027年底)."""
    text = value.qualitative or ""
    moved = re.sub(r"(19|20)\d{2}(?=\s*年)", str(year), text)
    return parse_value(moved) if moved != text else value


def from_template(text: str, name: str, description: str, unit_hint: str | None) -> Valued | None:
    """A template's standard value; an empty one needs a count stated in the description."""
    if text:
        v = parse_value(text)
        return Valued(v, v, "行业标准", "常用标准值")
    unit = unit_hint or first_count_unit(description)
    stated = stated_count(description, unit)
    if stated is None:
        return None
    v = make_value("=", stated, unit)
    return Valued(v, v, "计划标准", "数量取自项目描述")
