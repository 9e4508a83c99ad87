"""Refining one vague indicator: what is wrong with it, and up to three measurable rewrites.

Rewrites come from rules (split a double target; a rate aim → `≥ N%` with N from similar real
indicators; a budget-aware cost cap; a satisfaction standard) and from retrieval (measurable
indicators of the same meaning and category in the corpus, with their real values and source).
Every rewrite passes the checker and shows its evidence.
"""

from __future__ import annotations

import re
import statistics
from typing import TYPE_CHECKING

from assistant.categories import SATISFIED, guess_level2, is_cost
from assistant.errors import InputError
from assistant.schema import Evidence, Indicator, IndicatorValue, Project, Refinement, Suggestion
from assistant.similarity import clean_name, dice
from assistant.values import format_number, normalise_text, parse_value

if TYPE_CHECKING:
    from assistant.index import Hit, Index

MAX_REWRITES = 3
_SPLIT = re.compile(r"[，,；;]")
_SUBJECT = re.compile(r"^(.*?)(?:达到|达|为|不低于|不少于|≥|>=|大于)")


def parse_indicator_text(text: str, level2: str | None = None) -> Indicator:
    """`外来人员融合率：提高融合率` → an Indicator (category guessed from the name if not given)."""
    t = normalise_text(text)
    name, _, value = t.partition(":")
    name, value = name.strip(), value.strip()
    if not name:
        raise InputError("请给出指标，格式如「外来人员融合率：提高融合率」或用 --name/--value")
    level2 = level2 or guess_level2(name) or "质量指标"
    try:
        return Indicator(level1="", level2=level2, name=name, annual_value=value)
    except ValueError as err:
        raise InputError(f"指标无法读取：{err}") from None


def _similar(index: Index, ind: Indicator, *, k: int = 20, same_level2: bool = True) -> list[Hit]:
    from assistant.index import SearchFilters

    filters = SearchFilters(level2=ind.level2 if same_level2 else None, measurable_only=True)
    return index.search(clean_name(ind.name), k=k, filters=filters)


def _suggest(ind: Indicator, name: str, value: IndicatorValue, evidence: list[Evidence], note: str) -> Suggestion:
    return Suggestion(
        level1=ind.level1, level2=ind.level2, name=name, annual_value=value, period_value=value,
        explanation=note, basis="历史标准" if evidence else "行业标准", evidence=evidence,
    )


def _percent_target(hits: list[Hit]) -> tuple[float, list[Evidence]] | None:
    pct = [(h, h.record.indicator.annual_value) for h in hits]
    pct = [(h, v) for h, v in pct if v.unit == "%" and v.number is not None and 0 < v.number <= 100]
    if not pct:
        return None
    return statistics.median(v.number for _, v in pct if v.number is not None), [h.evidence() for h, _ in pct[:3]]


def _rate_rule(ind: Indicator, hits: list[Hit]) -> list[Suggestion]:
    name = clean_name(ind.name)
    if not re.search(r"率|满意", name) or ind.annual_value.measurable and ind.annual_value.unit == "%":
        return []
    found = _percent_target(hits)
    if found is None:
        return []
    target, evidence = found
    if ind.level2 == SATISFIED or "满意" in name:
        target = min(max(target, 85.0), 95.0)
    op = "=" if target >= 100 else "≥"
    value = parse_value(f"{op}{format_number(round(target, 1))}%")
    return [_suggest(ind, name, value, evidence, f"目标取相似真实指标取值的中位数（{len(evidence)} 条依据）")]


def _split_rule(ind: Indicator, hits: list[Hit]) -> list[Suggestion]:
    """`出租屋登记率达100%，来穗人员登记率达到95%` → two indicators."""
    raw = normalise_text(ind.period_value.raw if ind.period_value else "") or normalise_text(ind.annual_value.raw)
    parts = [p for p in _SPLIT.split(raw) if re.search(r"\d", p)]
    if len(parts) < 2:
        return []
    out = []
    evidence = [h.evidence() for h in hits[:2]]
    for part in parts[:2]:
        m = _SUBJECT.match(part)
        value = parse_value(part)
        if not m or not m.group(1).strip() or value.number is None:
            return []
        name = clean_name(m.group(1))
        if value.operator is None:
            value = parse_value(f"{'=' if value.number >= 100 else '≥'}{format_number(value.number)}{value.unit or ''}")
        out.append(_suggest(ind, name, value, evidence, "原指标含两个目标，拆分为两条"))
    return out


def _cost_rule(ind: Indicator, project: Project | None, hits: list[Hit]) -> list[Suggestion]:
    budget = project.amounts.total if project else None
    if not is_cost(ind.level2) or budget is None:
        return []
    name = clean_name(ind.name)
    if name.endswith(("率", "控制", "情况")):
        name = re.sub(r"(控制率|控制情况|控制|率|情况)$", "", name) or "项目总成本"
    value = parse_value(f"≤{format_number(budget)}万元")
    evidence = [h.evidence() for h in hits[:2]]
    return [_suggest(ind, name, value, evidence, f"以项目预算 {format_number(budget)} 万元为成本上限")]


def _retrieval(ind: Indicator, hits: list[Hit]) -> list[Suggestion]:
    out = []
    for h in hits:
        rec = h.record.indicator
        if dice(rec.name, ind.name) <= 0.0 or not rec.annual_value.measurable:
            continue
        if rec.annual_value.number is None and rec.annual_value.qualitative is None:
            continue
        note = f"参照「{h.record.project or '共性指标库'}」的真实指标"
        out.append(_suggest(ind, clean_name(rec.name), rec.annual_value, [h.evidence()], note))
    return out


def _passes(s: Suggestion, project: Project | None) -> bool:
    from assistant.checks import check_indicator

    return s.annual_value.measurable and bool(s.evidence) and not any(
        f.severity == "error" for f in check_indicator(s, project)
    )


def _unique(candidates: list[Suggestion], original: Indicator) -> list[Suggestion]:
    seen: list[tuple[str, str]] = [(original.name, original.annual_value.text())]
    out = []
    for s in candidates:
        key = (s.name, s.annual_value.text())
        if key not in seen:
            seen.append(key)
            out.append(s)
    return out


def refine_indicator(ind: Indicator, project: Project | None = None, index: Index | None = None) -> Refinement:
    """Findings for the indicator and up to three measurable rewrites with evidence."""
    from assistant.checks import check_indicator
    from assistant.index import Index

    index = index or Index.load()
    findings = check_indicator(ind, project)
    hits = _similar(index, ind) or _similar(index, ind, same_level2=False)
    candidates = (
        _split_rule(ind, hits) + _cost_rule(ind, project, hits) + _rate_rule(ind, hits) + _retrieval(ind, hits)
    )
    rewrites = [s for s in _unique(candidates, ind) if _passes(s, project)][:MAX_REWRITES]
    notices = [] if rewrites else ["指标库中没有找到可参照的同类可衡量指标，请按检查提示手动修改。"]
    if not findings:
        notices.append("这条指标未发现问题；以下改写仅供参考。")
    return Refinement(original=ind, findings=findings, rewrites=rewrites, notices=notices)
