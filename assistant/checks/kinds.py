"""What an indicator's name says it measures, and what kind of quantity a value is.

Shared by the rule modules: rate / count / time / cost / satisfaction names, money and time
units, and the values of an indicator (annual and period) to look at.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from assistant import categories, lexicon
from assistant.categories import COST2, ECON_COST, is_cost
from assistant.schema import Indicator, IndicatorValue, Project
from assistant.values import format_number

_BUDGET_TEXT = re.compile(
    r"(不|未)(得|能|应)?(高于|超过?|超出|大于)(项目)?(总)?预算|预算(范围|数)?(以内|之内|内)"
)
_DATE_RANGE = re.compile(
    r"\d{4}\s*[.\-年/]\s*\d{1,2}.*(-{1,2}|至|~|—)\s*\d{4}\s*[.\-年/]\s*\d{1,2}"
)
_BRACKET_UNIT = re.compile(r"[（(]\s*[≥≤<>=]*\s*\**\s*([^（）()≥≤<>=*\d]{1,5})\s*[）)]\s*[.。]?$")
NUMBERING = re.compile(r"^(指标\s*\d+\s*[.:：、．]?|\d+\s*[.:：、．])\s*")
NOTE = re.compile(r"[（(][^（）()]*[）)]")
_TEMPLATE = re.compile(r"[（(]?\s*[≥≤<>=]*\s*\*+\s*[^（）()\s]{0,4}\s*[）)]?")
MONEY_UNITS: dict[str, float] = lexicon.money_units()
TIME_UNITS = lexicon.time_units()
PERCENT_UNITS = lexicon.percent_units()
_COUNT_UNITS = lexicon.count_units()


def clean_name(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip()


def strip_template(name: str) -> str:
    """The name without template placeholders such as `(≥**%)` or `≥**人`."""
    return _TEMPLATE.sub("", name).strip()


def plain_name(name: str) -> str:
    """The name without numbering, notes, template residue and trailing marks, for hints."""
    n = NOTE.sub("", _TEMPLATE.sub("", NUMBERING.sub("", clean_name(name))))
    return re.sub(r"[%*.。,，;；、:：\s]+$", "", n).strip() or clean_name(name)


def is_percent_change(name: str) -> bool:
    """`较上年减少`, `增长`: a relative change, which a percentage fits without a 率 in the name."""
    return lexicon.matches("change", name)


def is_negative_name(name: str) -> bool:
    """Something to keep low: 事故、投诉、差错、故障…"""
    return lexicon.matches("negative", plain_name(name))


def is_fixed_standard(name: str) -> bool:
    """A subsidy or spending standard, stated exactly (`=1600元/亩`)."""
    return lexicon.matches("fixed_standard", name)


def is_rate_name(name: str) -> bool:
    return lexicon.is_rate_name(name)


def is_growth_name(name: str) -> bool:
    return lexicon.matches("growth", name)


def is_count_name(name: str) -> bool:
    return lexicon.is_count_name(name)


def is_time_name(name: str) -> bool:
    return lexicon.is_time_name(name)


def is_cost_name(name: str) -> bool:
    return lexicon.is_cost_name(name)


def is_costlike(ind: Indicator) -> bool:
    """A cost by category, by name, or a saving / overspend / cost-control measure."""
    return is_cost(ind.level2) or is_cost_name(ind.name) or lexicon.matches("saving", ind.name)


def names_amount(ind: Indicator) -> bool:
    """An economic cost or a name ending in a money word: its target is an amount in 元/万元."""
    return ind.level2 in (COST2, ECON_COST) or bool(
        re.search(f"({lexicon.pattern('cost_end').pattern})$", plain_name(ind.name))
    )


def is_satisfaction_name(name: str) -> bool:
    return lexicon.is_satisfaction_name(name)


def names_budget(text: str) -> bool:
    """`不高于预算`, `不得超过预算`, `预算以内`: a cost cap that gives no number."""
    return bool(_BUDGET_TEXT.search(unicodedata.normalize("NFKC", text)))


def is_date_range(text: str) -> bool:
    return bool(_DATE_RANGE.search(unicodedata.normalize("NFKC", text)))


def implied_unit(name: str) -> str | None:
    """The unit a name already states: `面积（亩）` → 亩, `人数` → 人, `及时率%` → %."""
    n = clean_name(name)
    if re.search(r"%|百分比", n):
        return "%"
    bracket = _BRACKET_UNIT.search(n)
    if bracket:
        return bracket.group(1).strip()
    counted = re.search(r"([^指系分倍参])数$", n)
    if counted:
        return counted.group(1) if counted.group(1) in _COUNT_UNITS else "个"
    ending = re.search(r"(学时|课时|天数|年限|时长)$", n)
    return ending.group(1) if ending else None


def money_unit(value: IndicatorValue) -> str | None:
    """The money unit of a value (`元` for `1600元/亩`), or None when it is not money."""
    base = (value.unit or "").split("/")[0]
    return base if value.number is not None and base in MONEY_UNITS else None


def is_money(value: IndicatorValue) -> bool:
    return money_unit(value) is not None


def is_per_unit(value: IndicatorValue) -> bool:
    return "/" in (value.unit or "")


def in_wan(value: IndicatorValue) -> float | None:
    """A plain money amount converted to 万元; None for per-unit prices and non-money values."""
    unit = money_unit(value)
    if unit is None or value.number is None or is_per_unit(value):
        return None
    return value.number * MONEY_UNITS[unit]


def is_time_value(value: IndicatorValue) -> bool:
    unit = value.unit or ""
    base = unit.split("/")[0]
    return base in TIME_UNITS or unit.endswith(("/月", "/年", "/周", "/日", "/天", "/季度"))


def budget_of(project: Project | None) -> float | None:
    if project is None:
        return None
    amount = project.amounts.total
    return amount if amount is not None and amount > 0 else None


def wan_text(amount: float) -> str:
    return f"{format_number(round(amount, 2))} 万元"


class Shown(NamedTuple):
    """One value of an indicator to judge, with the label to name it by."""

    label: str
    value: IndicatorValue


def shown_values(ind: Indicator) -> list[Shown]:
    """The annual value and, when it says something different, the period value."""
    out = [Shown("年度指标值", ind.annual_value)]
    period = ind.period_value
    if period is None or not period.raw.strip():
        return out
    if period.raw.strip() == ind.annual_value.raw.strip():
        return [Shown("年度/实施周期指标值", ind.annual_value)]
    return [*out, Shown("实施周期指标值", period)]


def quoted(value: IndicatorValue) -> str:
    return f"「{value.as_written().strip()}」"


def is_satisfaction(ind: Indicator) -> bool:
    """A satisfaction indicator: by its name or by its category."""
    return categories.is_satisfaction(ind.name, ind.level2)


_PLACEHOLDER_VALUE = re.compile(r"^[（(]?\s*[≥≤<>=]*\s*\*+\s*[^\s（）()]{0,4}\s*[）)]?$")


def is_placeholder(value: IndicatorValue) -> bool:
    """`≥**%`, `**`, `（≤**元）`: the template's placeholder, never filled in."""
    raw = unicodedata.normalize("NFKC", value.raw).strip()
    return bool(raw) and bool(_PLACEHOLDER_VALUE.match(raw))
