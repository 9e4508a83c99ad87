"""Values borrowed from other tables, made this project's: a deadline moved to the budget year,
a cost name that says a total."""

from __future__ import annotations

import re

from assistant.schema import IndicatorValue
from assistant.values import parse_value

_PER_UNIT = re.compile(r"人均|单价|单位|每|/|均价|标准")


def cost_name(name: str | None) -> str:
    """The name of a budget-capped cost indicator: a real total-cost name when there is one;
    rates, controls and per-unit costs (人均培训成本) become 项目总成本."""
    if not name or "成本" not in name or _PER_UNIT.search(name):
        return "项目总成本"
    stripped = re.sub(r"(控制率|控制情况|控制|超支率|节约率|率|情况)$", "", name)
    return stripped if stripped.endswith("成本") else "项目总成本"


def in_year(value: IndicatorValue, year: int) -> IndicatorValue:
    """A borrowed deadline moved to the budget year (2024年底 → 2027年底)."""
    text = value.qualitative or ""
    moved = re.sub(r"(19|20)\d{2}(?=\s*年)", str(year), text)
    return parse_value(moved) if moved != text else value
