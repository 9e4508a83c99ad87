"""Filling a draft's slots (`≥【请填写】人次`) with the numbers only the project knows:
`jixiao draft … --set 培训人次=300`."""

from __future__ import annotations

from typing import TypeVar

from assistant.errors import InputError
from assistant.lexicon import name_key
from assistant.schema import Draft, Indicator, IndicatorValue, Suggestion
from assistant.values import make_value, parse_value


def parse_assignments(items: list[str]) -> dict[str, str]:
    """`名称=值` pairs as typed on the command line."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.replace("＝", "=").partition("=")
        if not sep or not name.strip() or not value.strip():
            raise InputError(f"「{item}」应写成 名称=值，例如 --set 培训人次=300")
        out[name.strip()] = value.strip()
    return out


def _filled(slot: IndicatorValue, text: str, name: str) -> IndicatorValue:
    """The user's value; a bare number takes the slot's direction and unit (300 → ≥300人次)."""
    value = parse_value(text, name=name)
    if value.number is None:
        return value
    return make_value(value.operator or slot.operator, value.number, value.unit or slot.unit)


Ind = TypeVar("Ind", bound=Indicator)


def fill_slot(indicator: Ind, text: str) -> Ind:
    """The indicator with its slot filled by the user's value (300 → ≥300人次); the period value
    follows when it is the same slot. The basis becomes the unit's own plan."""
    value = _filled(indicator.annual_value, text, indicator.name)
    period = indicator.period_value
    same = period is not None and (period.pending or period.raw == indicator.annual_value.raw)
    update: dict[str, object] = {
        "annual_value": value,
        "period_value": value if same else period,
        "basis": "计划标准",
    }
    if isinstance(indicator, Suggestion):
        update["reference"] = ""
    return indicator.model_copy(update=update)


def fill_slots(draft: Draft, assignments: dict[str, str]) -> Draft:
    """The draft with the named slots filled; a name that is no slot of the draft is an error
    that lists the slots."""
    pending = {name_key(s.name): s for s in draft.indicators if s.annual_value.pending}
    unknown = [
        n for n in assignments if name_key(n) not in {name_key(s.name) for s in draft.indicators}
    ]
    if unknown:
        listing = "、".join(s.name for s in pending.values()) or "（本草稿没有待填写的指标）"
        raise InputError(f"草稿中没有指标「{'」「'.join(unknown)}」。待填写的指标：{listing}")
    by_key = {name_key(k): v for k, v in assignments.items()}
    indicators: list[Suggestion] = []
    for s in draft.indicators:
        text = by_key.get(name_key(s.name))
        if text is None:
            indicators.append(s)
            continue
        indicators.append(fill_slot(s, text))
    return draft.model_copy(update={"indicators": indicators})
