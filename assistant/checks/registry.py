"""The one list of rules the checker runs, in reporting order."""

from __future__ import annotations

from collections.abc import Callable

from assistant.checks import (
    categories,
    cost,
    goal_facts,
    names,
    project,
    project_type,
    review,
    value_fit,
    values,
)
from assistant.schema import Finding, Indicator, Project, Table

IndicatorRule = Callable[[Indicator, Project | None], list[Finding]]
ProjectRule = Callable[[Project], list[Finding]]
TableRule = Callable[[Table], list[Finding]]

INDICATOR_RULES: tuple[IndicatorRule, ...] = (
    values.pending_slot,
    review.placeholder_value,
    values.unmeasurable,
    values.direction,
    values.unit_missing,
    values.packed_targets,
    values.annual_vs_period,
    value_fit.rate_not_percent,
    value_fit.rate_over_100,
    value_fit.percent_on_count,
    value_fit.name_value_mismatch,
    value_fit.satisfaction_band,
    value_fit.percent_without_rate,
    review.year_outside,
    review.qualitative_ungraded,
    review.rate_formula,
    names.aim_name,
    names.stray_marks,
    names.target_in_name,
    names.numbering,
    review.template_leftovers,
    categories.satisfaction_outside,
    categories.not_satisfaction_inside,
    categories.quality_under_effect,
    categories.cost_outside,
    categories.timeliness_not_time,
    cost.cap_above_budget,
    cost.zero_percent,
    cost.budget_words,
    cost.unit_suspect,
    review.cost_floor,
    review.whole_budget_on_item,
)

PROJECT_RULES: tuple[ProjectRule, ...] = (
    project.too_few,
    project.coverage,
    project.duplicates,
    project.goal_total,
    project_type.other_kind_indicators,
    project_type.missing_core_count,
    goal_facts.price_times_count,
    review.funds_sum,
    review.goal_support,
)

TABLE_RULES: tuple[TableRule, ...] = (review.table_total,)
