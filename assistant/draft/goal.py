"""The 绩效目标 paragraph: the project's own description, then the outputs and effects chosen,
in words a reader of a budget document expects ("到位率达到100%", "响应时间不超过2小时")."""

from __future__ import annotations

from assistant.categories import short_label
from assistant.draft.request import DraftRequest
from assistant.schema import Suggestion
from assistant.values import format_number

# How many of the chosen outputs the paragraph names: counts first, then the rates.
MAX_OUTPUTS = 5
_VERBS = {"=": "达到", "≥": "不低于", ">": "高于", "≤": "不超过", "<": "低于"}


def _phrase(s: Suggestion) -> str:
    value = s.annual_value
    if value.number is None or value.operator is None:
        return f"{s.name}{value.text()}"
    amount = f"{format_number(value.number)}{value.unit or ''}"
    if value.operator == "=" and value.unit not in (None, "%"):
        return f"{s.name}{amount}"
    return f"{s.name}{_VERBS[value.operator]}{amount}"


def _is_count(s: Suggestion) -> bool:
    return short_label(s.level2) == "数量" and s.annual_value.unit not in (None, "%")


def _join(items: list[Suggestion]) -> str:
    return "、".join(_phrase(s) for s in items)


def write_goal(request: DraftRequest, chosen: list[Suggestion]) -> str:
    """One paragraph: description + 产出 (counts, then rates) + 成本 + 效益 + 满意度."""
    by_label: dict[str, list[Suggestion]] = {}
    for s in chosen:
        if not s.annual_value.pending:  # a number still to fill has no place in prose
            by_label.setdefault(short_label(s.level2), []).append(s)
    lead = request.goal.strip().rstrip("。") or f"做好{request.name}相关工作"
    parts = [lead]
    outputs = by_label.get("数量", []) + by_label.get("质量", []) + by_label.get("时效", [])
    outputs.sort(key=lambda s: not _is_count(s))  # counts first, order kept
    if outputs:
        parts.append(f"年内实现{_join(outputs[:MAX_OUTPUTS])}")
    if request.amount is not None:
        parts.append(f"项目支出控制在预算{format_number(request.amount)}万元以内")
    if by_label.get("效益"):
        parts.append(f"{_join(by_label['效益'])}")
    if by_label.get("满意度"):
        parts.append(f"{_join(by_label['满意度'])}")
    return "，".join(parts) + "。"
