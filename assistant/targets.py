"""Targets the tool recommends, in one place: the checker's rules, refine's rewrites and the
LLM prompts all read them from here, so a finding's hint and the rewrite beside it never
disagree.

Satisfaction (满意度) in real tables: most write ≥90%, 85%–95% is accepted, and a survey target
of 100% is not credible.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.schema import Suggestion

from assistant import lexicon
from assistant.categories import is_satisfaction
from assistant.values import make_value

# The numbers are the lexicon's (corpus/lexicon.toml [satisfaction]); this module words them.
SATISFACTION_TYPICAL = lexicon.satisfaction_typical()
SATISFACTION_LOW, SATISFACTION_HIGH = lexicon.satisfaction_band()
SATISFACTION_NOT_CREDIBLE = 100.0

MIN_INDICATORS = 3


def _n(x: float) -> str:
    return f"{x:g}"


def satisfaction_target(unit: str = "%") -> str:
    """The one recommended satisfaction target: `≥90%` (or `≥90分` on a 100-point scale)."""
    return f"≥{_n(SATISFACTION_TYPICAL)}{unit}"


def satisfaction_band_text(unit: str = "%") -> str:
    """`85%–95%`: the accepted band."""
    return f"{_n(SATISFACTION_LOW)}{unit}–{_n(SATISFACTION_HIGH)}{unit}"


def in_satisfaction_band(number: float) -> bool:
    return SATISFACTION_LOW <= number <= SATISFACTION_HIGH


def clamp_satisfaction(number: float) -> float:
    """A satisfaction target moved into the accepted band."""
    return min(max(number, SATISFACTION_LOW), SATISFACTION_HIGH)


def satisfaction_rule_text() -> str:
    """The satisfaction rule as the prompts state it."""
    return (
        f"满意度目标写「{satisfaction_target()}」（可接受 {satisfaction_band_text()}），"
        f"不要写 {_n(SATISFACTION_NOT_CREDIBLE)}%：满意度调查结果达到 100% 不可信。"
    )


def one_target(s: Suggestion) -> Suggestion:
    """A satisfaction suggestion stating the one recommended target (≥90%), whatever value the real
    indicator it was taken from had, so that refine's rewrites, the batch's additions and the
    checker's hints never disagree. Other suggestions are returned as they are."""

    if not is_satisfaction(s.name, s.level2):
        return s
    value = make_value("≥", SATISFACTION_TYPICAL, "%")
    if s.annual_value.text() == value.text():
        return s
    note = f"{s.explanation}；" if s.explanation else ""
    return s.model_copy(
        update={
            "annual_value": value,
            "period_value": value,
            "explanation": f"{note}满意度目标统一为常见水平 {satisfaction_target()}",
        }
    )
