"""What an indicator's name says it measures, and what kind of quantity a value is.

Shared by the rule modules: rate / count / time / cost / satisfaction names, money and time
units, and the values of an indicator (annual and period) to look at.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from assistant.categories import COST2, ECON_COST, is_cost
from assistant.schema import Indicator, IndicatorValue, Project
from assistant.values import format_number

_NOT_RATE = re.compile(r"频率|功率|效率|汇率|税率|利率")
_RATE = re.compile(r"率|比例|比率|占比|百分比|%|覆盖(?![数人面范户])|(认知|知晓|参与|完成|认可|普及|免疫密)度")
_CHANGE = re.compile(r"较|比上年|同比|环比|减少|降低|下降|增长|增加|增幅")
_GROWTH = re.compile(r"增长|增幅|增速|增加率|提高率|上升|同比|环比")
_COUNT = re.compile(
    r"数量|[人次个件户场批天条篇家项台套辆所株头只种例份册位名]数|人次|场次|批次|户次"
    r"|[一二三四五六七八九十两\d]+\s*[次场个期批项份台套辆]"
)
_TIME_NAME = re.compile(r"及时|时间|时限|时效|工期|周期|期限|时长|进度|按期|按时|如期|完成时")
_COST_NAME = re.compile(r"成本|费用|经费|资金|投入|投资|单价|价格|造价|补助标准|支出|预算")
_COST_END = re.compile(r"(成本|费用|经费|资金|投入|投资|单价|价格|造价|金额|补助标准)$")
_SATISFACTION = re.compile(r"满意")
_SAVING = re.compile(r"节省|节约|超支|控制率|节支")
_BUDGET_TEXT = re.compile(r"(不|未)(得|能|应)?(高于|超过?|超出|大于)(项目)?(总)?预算|预算(范围|数)?(以内|之内|内)")
_DATE_RANGE = re.compile(r"\d{4}\s*[.\-年/]\s*\d{1,2}.*(-{1,2}|至|~|—)\s*\d{4}\s*[.\-年/]\s*\d{1,2}")
_BRACKET_UNIT = re.compile(r"[（(]\s*[≥≤<>=]*\s*\**\s*([^（）()≥≤<>=*\d]{1,5})\s*[）)]\s*[.。]?$")
NUMBERING = re.compile(r"^(指标\s*\d+\s*[.:：、．]?|\d+\s*[.:：、．])\s*")
NOTE = re.compile(r"[（(][^（）()]*[）)]")
_TEMPLATE = re.compile(r"[（(]?\s*[≥≤<>=]*\s*\*+\s*[^（）()\s]{0,4}\s*[）)]?")
_NEGATIVE = re.compile(
    r"(争议|事故|投诉|差错|误差|故障|不合格|违规|违法|超支|流失|失误|损失|死亡|瘫痪|入侵)"
    r"(发生)?(率|数|次数|起数|件数|量)$"
)
_FIXED_RATE = re.compile(r"补助|补贴|标准|定额")

MONEY_UNITS: dict[str, float] = {"元": 1e-4, "千元": 0.1, "万元": 1.0, "万": 1.0, "亿元": 1e4}
TIME_UNITS = frozenset(
    "小时 分钟 秒 天 日 工作日 个工作日 周 月 个月 年 季度".split()
)
PERCENT_UNITS = frozenset({"%", "‰"})
_COUNT_UNITS = frozenset("人次个件户场批天条篇家项台套辆所株头只种例份册位名")


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
    return bool(_CHANGE.search(name))


def is_negative_name(name: str) -> bool:
    """Something to keep low: 事故、投诉、差错、故障…"""
    return bool(_NEGATIVE.search(plain_name(name)))


def is_fixed_standard(name: str) -> bool:
    """A subsidy or spending standard, stated exactly (`=1600元/亩`)."""
    return bool(_FIXED_RATE.search(name))


def is_rate_name(name: str) -> bool:
    return bool(_RATE.search(_NOT_RATE.sub("", clean_name(name))))


def is_growth_name(name: str) -> bool:
    return bool(_GROWTH.search(name))


def is_count_name(name: str) -> bool:
    return not is_rate_name(name) and bool(_COUNT.search(clean_name(name)))


def is_time_name(name: str) -> bool:
    return bool(_TIME_NAME.search(name))


def is_cost_name(name: str) -> bool:
    return bool(_COST_NAME.search(name))


def is_costlike(ind: Indicator) -> bool:
    """A cost by category, by name, or a saving / overspend / cost-control measure."""
    return is_cost(ind.level2) or is_cost_name(ind.name) or bool(_SAVING.search(ind.name))


def names_amount(ind: Indicator) -> bool:
    """An economic cost or a name ending in a money word: its target is an amount in 元/万元."""
    return ind.level2 in (COST2, ECON_COST) or bool(_COST_END.search(plain_name(ind.name)))


def is_satisfaction_name(name: str) -> bool:
    return bool(_SATISFACTION.search(name))


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
