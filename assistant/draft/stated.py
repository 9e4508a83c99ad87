"""Outputs a project's own description states as counts ("租赁2082支高清摄像机", "实施营造林8万亩",
"受益群众不少于6万人"): they become 数量 indicators with the stated number (计划标准), so no
count is borrowed.

A count is named from the words around its number: the action before it ("实施营造林") and the
thing counted after it ("高清摄像机"), without place prepositions ("在", "按") or comparison words
("不少于", which set the operator instead), and with a suffix that says what the unit measures
(亩 → 面积, 公里 → 长度, 人 → 人数).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.values import Operator, normalise_text, parse_value

_NOT_COUNTS = {"%", "‰", "元", "万元", "千元", "亿元", "万", "年", "月", "日", "天", "小时", "分钟", "周", "个月", "季度", "分"}
_BEFORE = re.compile(r"[\u4e00-\u9fff、]+$")
_AFTER = re.compile(r"[\u4e00-\u9fff]{0,10}")
# A run that follows another number starts with that number's unit ("7个林场和11…" → "林场和").
_UNIT_LEAD = re.compile(r"^(万?[个人名户亩支台套次件场所项批座辆株棵只头]|人次|公里|平方米)")
_LEAD = re.compile(
    r"^(其中|全年|年内|每年|本年度|年度|年|计划|预计|拟|共|累计|全委|全局|全区|全市|全县|为|对|向|在|按|通过|由|给|于|将|约|达|完成|实现|、)+"
)
_TAIL = re.compile(r"(项目|经费|工作|费用|资金|等|共|约|达到|达|合计|累计|计|、)+$")
_CUT = re.compile(r"(和|及|与|并|等|的|以|用于|进行|开展|，|。).*$")
_AT_LEAST = re.compile(r"(不少于|不低于|不小于|至少|超过|以上|达到|达)$")
_AT_MOST = re.compile(r"(不超过|不高于|不大于|不多于|控制在|以内|以下)$")
_SUFFIXES = (
    (("人次",), "人次"),
    (("人", "名", "万人"), "人数"),
    (("户",), "户数"),
    (("亩", "万亩", "平方米", "平方公里", "公顷"), "面积"),
    (("公里", "千米", "米"), "长度"),
)
_MAX_NAME = 16


@dataclass(frozen=True)
class StatedCount:
    name: str
    number: float
    unit: str
    operator: Operator = "="


def unit_suffix(unit: str) -> str:
    """What a count in this unit measures: 面积, 长度, 人数 … or 数量."""
    return next((suffix for units, suffix in _SUFFIXES if unit in units), "数量")


def _operator(before: str) -> Operator:
    if _AT_LEAST.search(before):
        return "≥"
    return "≤" if _AT_MOST.search(before) else "="


def _name(before: str, after: str, unit: str) -> str:
    """The words around the number, cleaned, with the unit's suffix; "" when too few remain."""
    before = _TAIL.sub("", _LEAD.sub("", _AT_MOST.sub("", _AT_LEAST.sub("", before))))
    after = _CUT.sub("", after)
    suffix = unit_suffix(unit)
    lead = re.split(r"[、和]", before)[-1]
    words = _TAIL.sub("", (lead if len(lead) > 1 else "") + after)
    if len(words) < 2:
        return ""
    words = words[-(_MAX_NAME - len(suffix)) :]
    return words if words.endswith(suffix) else f"{words}{suffix}"


def stated_counts(text: str) -> list[StatedCount]:
    """Counts the text states, each named from the words around it."""
    t = normalise_text(text)
    out: list[StatedCount] = []
    for m in re.finditer(r"(?<![\d.])\d+(?:\.\d+)?", t):
        value = parse_value(t[m.start() :])
        unit = value.unit
        if unit is None or unit in _NOT_COUNTS or "/" in unit or value.number is None or value.operator:
            continue
        window = t[max(0, m.start() - 16) : m.start()]
        before = _BEFORE.search(window)
        before_words = before.group(0) if before else ""
        if before and before.start() > 0 and window[before.start() - 1].isdigit():
            before_words = _UNIT_LEAD.sub("", before_words)
        after = _AFTER.match(t[m.end() + len(unit) :])
        name = _name(before_words, after.group(0) if after else "", unit)
        if name:
            out.append(StatedCount(name, value.number, unit, _operator(before_words)))
    return out
