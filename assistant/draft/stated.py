"""Outputs a project's own description states as counts ("租赁2082支高清摄像机", "培训网格员300人次"):
they become 数量 indicators with the stated number (计划标准), so no count is borrowed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.values import normalise_text, parse_value

_NOT_COUNTS = {"%", "‰", "元", "万元", "千元", "亿元", "万", "年", "月", "日", "天", "小时", "分钟", "周", "个月", "季度", "分"}
_RUN = re.compile(r"[\u4e00-\u9fff]+$")
_LEAD = re.compile(r"^(全年|年内|每年|本年度|年度|年|计划|预计|拟|共|累计|全委|全局|全区|全市|全县|为|对|向|约|达|完成|实现)+")
_TAIL = re.compile(r"(项目|经费|工作|费用|资金|等)+$")


@dataclass(frozen=True)
class StatedCount:
    name: str
    number: float
    unit: str


def _suffix(unit: str) -> str:
    return {"人次": "人次", "人": "人数", "名": "人数", "户": "户数"}.get(unit, "数量")


def stated_counts(text: str) -> list[StatedCount]:
    """Counts the text states, each named from the words around it."""
    t = normalise_text(text)
    out: list[StatedCount] = []
    for m in re.finditer(r"(?<![\d.])\d+(?:\.\d+)?", t):
        value = parse_value(t[m.start() :])
        if value.unit is None or value.unit in _NOT_COUNTS or value.number is None or value.operator:
            continue
        before = _RUN.search(t[max(0, m.start() - 10) : m.start()])
        after = re.match(r"[\u4e00-\u9fff]{0,10}", t[m.end() + len(value.unit) :])
        words = _LEAD.sub("", before.group(0) if before else "") + (after.group(0) if after else "")
        words = _TAIL.sub("", words)
        if len(words) >= 2:
            out.append(StatedCount(f"{words}{_suffix(value.unit)}", value.number, value.unit))
    return out
