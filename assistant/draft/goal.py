"""The 绩效目标 paragraph: the project's own description, then the outputs and effects chosen."""

from __future__ import annotations

from assistant.categories import short_label
from assistant.draft.request import DraftRequest
from assistant.schema import Suggestion
from assistant.values import format_number


def _phrase(s: Suggestion) -> str:
    return f"{s.name}{s.annual_value.text()}"


def _join(items: list[str]) -> str:
    return "、".join(items)


def write_goal(request: DraftRequest, chosen: list[Suggestion]) -> str:
    """One paragraph: description + 产出 (数量/质量/时效) + 成本 + 效益 + 满意度."""
    by_label: dict[str, list[str]] = {}
    for s in chosen:
        by_label.setdefault(short_label(s.level2), []).append(_phrase(s))
    lead = request.goal.strip().rstrip("。") or f"做好{request.name}相关工作"
    parts = [lead]
    outputs = by_label.get("数量", []) + by_label.get("质量", []) + by_label.get("时效", [])
    if outputs:
        parts.append(f"年内实现{_join(outputs)}")
    if request.amount is not None:
        parts.append(f"项目支出控制在预算{format_number(request.amount)}万元以内")
    if by_label.get("效益"):
        parts.append(f"取得{_join(by_label['效益'])}的效益")
    if by_label.get("满意度"):
        parts.append(f"{_join(by_label['满意度'])}")
    return "，".join(parts) + "。"
