"""A goal whose own figures do not add up: the unit price and the count it states give a total
far from the project's budget (每餐3元 × 1.2万人次 = 3.6万元 for a 36万元 budget)."""

from __future__ import annotations

from assistant.checks.kinds import budget_of, wan_text
from assistant.checks.rules import finding
from assistant.facts import read_facts
from assistant.schema import Finding, Project
from assistant.stated import unit_suffix
from assistant.values import format_number

# How far the product may be from the budget before it is worth a question (a project often
# also pays for other things, or covers part of a year).
TOLERANCE = 0.5
_PER_PERSON = ("人", "生", "名")
_PERIODS = {"月": 12, "年": 1}


def _count_for(per: str, counts: list[tuple[float, str, str]]) -> tuple[float, str] | None:
    """The goal's count that the price is per (people for 元/人, visits for 元/餐 or 元/次), and
    how the goal wrote it."""
    head = per.split("·")[0]
    want = ("人数",) if head in _PER_PERSON else ("人次",) if head in ("餐", "次") else ()
    found = [(n, text) for n, unit, text in counts if unit_suffix(unit) in want]
    return found[0] if len(found) == 1 else None


def _multiplier(unit: str) -> float:
    return {"万": 1e4, "千": 1e3}.get(unit[0], 1.0) if len(unit) > 1 else 1.0


def price_times_count(project: Project) -> list[Finding]:
    """P021: the goal's unit price × its count is far (±50%) from the budget."""
    budget = budget_of(project)
    if budget is None or not project.goal:
        return []
    facts = read_facts(project.goal)
    counts = [
        (c.number * _multiplier(c.unit), c.unit, f"{format_number(c.number)}{c.unit}")
        for c in facts.counts
    ]
    for price in facts.prices:
        money, _, per = price.unit.partition("/")
        found = _count_for(per, counts)
        if found is None or money not in ("元", "万元"):
            continue
        count, text = found
        periods = next((n for p, n in _PERIODS.items() if per.endswith(f"·{p}")), 1)
        total = price.number * count * periods * (1.0 if money == "万元" else 1e-4)
        if abs(total - budget) > TOLERANCE * budget:
            months = "（按 12 个月）" if periods == 12 else ""
            return [
                finding(
                    "P021",
                    None,
                    f"绩效目标写明「{price.text}」和「{text}」，测算约 {wan_text(total)}{months}，"
                    f"与预算 {wan_text(budget)} 相差较大。",
                    "核对单价、数量和预算的口径（是否只补助部分月份、部分对象，或预算另含其他支出），在目标中写清楚",
                )
            ]
    return []
