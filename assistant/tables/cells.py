"""One indicator's cells read together: the value with the row's direction and unit columns,
and the 取值依据 text as a recognised basis.

Values split over columns are put back into one text: a direction (计算符号 `≥`, 指标方向
`大于等于`, 指标性质 `正向`/`反向`) goes before a value that starts with its number, and the unit
column after a value that ends with its number, so `≥ | 95 | %` is read as `≥95%`.
"""

from __future__ import annotations

import re

from assistant.schema import Basis, IndicatorValue, Operator
from assistant.tables.columns import clean
from assistant.values import normalise_text, parse_value

_BASES: tuple[tuple[str, Basis], ...] = (
    ("计划", "计划标准"),
    ("历史", "历史标准"),
    ("行业", "行业标准"),
    ("预算", "预算支出标准"),
    ("其他", "其他标准"),
)


def direction(text: str) -> Operator | None:
    """The operator in a 计算符号/指标方向/指标性质 cell: `≥`, `大于等于`, `正向` → ≥."""
    t = clean(text)
    if t in ("正向", "越大越好"):
        return "≥"
    if t in ("反向", "越小越好"):
        return "≤"
    return parse_value(t + "1").operator if t and t != "定性" else None


def combined_value(text: str, operator: Operator | None, unit: str, name: str) -> IndicatorValue:
    """A value cell read together with the row's direction and unit cells."""
    raw = text.strip()
    alone = parse_value(raw, "", name)
    if alone.number is None:
        return parse_value(raw, unit, name)
    starts_with_number = re.match(r"[-+]?\d", normalise_text(raw)) is not None
    if alone.operator is None and operator and starts_with_number:
        raw = operator + raw
    hinted = parse_value(raw, unit, name)
    if alone.unit is None and hinted.unit and raw[-1:].isdigit():
        raw += hinted.unit
    value = parse_value(raw, unit, name)
    if value.operator is None and operator:
        value = value.model_copy(update={"operator": operator})
    return value


def basis_of(text: str) -> Basis | None:
    t = clean(text)
    return next((basis for word, basis in _BASES if word in t), None) if t else None
