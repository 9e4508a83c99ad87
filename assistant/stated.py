"""What a project's own words state: its budget year (a year in its name, else the year being
prepared), and the outputs its description states as counts ("租赁2082支高清摄像机", "实施营造林8万亩",
"受益群众不少于6万人"): they become 数量 indicators with the stated number (计划标准), so no
count is borrowed.

A count is a number with a counting unit (not money, time, a percentage, an ordinal 第3批, a
per-item 每期50人, a range 3-5个 or a model name 5G). It is named from the words around it: the
action before it ("实施营造林") and the thing counted after it ("高清摄像机"), without leading
prepositions or totals ("在", "累计"), and with a suffix saying what the unit measures (亩 → 面积,
公里 → 长度, 人 → 人数). A comparison word next to the number sets the operator (不少于 → ≥).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from assistant import lexicon
from assistant.schema import Operator
from assistant.values import MULTIPLIERS, OPERATOR_WORDS, normalise_text, unit_at

MONEY_UNITS: dict[str, float] = lexicon.money_units()
TIME_UNITS = lexicon.time_units()
PERCENT_UNITS = lexicon.percent_units()

MAX_TEXT = 2000  # a description longer than this is read only this far
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?")
_CJK_TAIL = re.compile(r"[\u4e00-\u9fff、]+$")
_CJK_HEAD = re.compile(r"[\u4e00-\u9fff]{0,10}")
_RANGE = "-~～至到"
_AGE = re.compile(r"^\d+(周岁|岁)(以上|以下|及以上)?")
_AFTER_OPERATORS: tuple[tuple[str, Operator], ...] = (
    ("及以上", "≥"),
    ("以上", "≥"),
    ("以内", "≤"),
    ("之内", "≤"),
    ("以下", "≤"),
)
# Leading words that are not part of the counted thing, and two-character words that start with
# one of them but are ("为老服务", "对口帮扶", "计划生育").
_LEAD = re.compile(
    r"^([一二三四五六七八九十]是|其中|全年|年内|每年|本年度|年度内|年度|预计|计划|拟|共计|共有|合计|累计|全委|全局|全区|全市|全县|全镇|全乡|全街道|辖区内?|"
    r"约|共|完成|实现|通过|按照|按|标准|在|为|对|向|给|由|于|将|用于|以上|以下|、)+"
)
_LEAD_KEEP = (
    "为老",
    "为民",
    "对口",
    "对外",
    "在职",
    "在岗",
    "在校",
    "在建",
    "在线",
    "在册",
    "按时",
    "按期",
    "计划生育",
    "给水",
    "共享",
    "共建",
    "共同",
    "共青",
)
_TAIL = re.compile(r"(项目|经费|工作|费用|资金|等|约|共|共计|合计|累计|达到|、)+$")
# The counted thing ends at a conjunction ("林场和…", not "和谐") or at the verb of what is done
# for it ("老人发放高龄津贴", "老人提供服务").
_AFTER_END = re.compile(
    r"^(.+?)(和|及|与|并|等|的|以|按|每|从|在).*$|^(.*?)(用于|进行|开展|提供|发放|实施|参加|参与|购买|采购|配备).*$"
)
_SUFFIXES = (
    (("人次",), "人次"),
    (("人", "名", "位"), "人数"),
    (("户",), "户数"),
    (("亩", "平方米", "平米", "㎡", "平方公里", "公顷"), "面积"),
    (("公里", "千米", "米"), "长度"),
)
_NOT_COUNTS = (
    frozenset(MONEY_UNITS) | PERCENT_UNITS | TIME_UNITS | {"百分比", "分", "万", "度", "岁"}
)
_MAX_NAME = 16
# A name that already says what it counts keeps its own ending (年办件量, 服务人次, 床位数).
_MEASURED = ("量", "数", "人次", "次数", "面积", "长度", "规模")


@dataclass(frozen=True)
class StatedCount:
    name: str
    number: float
    unit: str
    operator: Operator = "="


def _base(unit: str) -> str:
    """The unit without its multiplier: 万人次 → 人次, 万平方米 → 平方米."""
    return (
        unit[1:] if len(unit) > 1 and unit[0] in MULTIPLIERS and unit not in MONEY_UNITS else unit
    )


def unit_suffix(unit: str) -> str:
    """What a count in this unit measures: 面积, 长度, 人数 … or 数量."""
    base = _base(unit)
    return next((suffix for units, suffix in _SUFFIXES if base in units), "数量")


def _is_count_unit(unit: str) -> bool:
    base = _base(unit)
    return not (unit in _NOT_COUNTS or base in _NOT_COUNTS or "/" in unit or base.isascii())


def _operator(before: str, after: str) -> Operator:
    tail = before.rstrip()
    word = next((op for w, op in OPERATOR_WORDS if tail.endswith(w)), None)
    after_word: Operator = next((op for w, op in _AFTER_OPERATORS if after.startswith(w)), "=")
    return word or after_word


def _not_a_count(t: str, start: int, end: int) -> bool:
    """An ordinal (第3批), a per-item figure (每期50人) or a range (3-5个)."""
    before, after = t[max(0, start - 2) : start], t[end : end + 2]
    ranged = (before[-1:] in _RANGE and before[:1].isdigit()) or (
        after[:1] in _RANGE and after[1:2].isdigit()
    )
    per_item = len(before) == 2 and before[0] == "每"
    return before.endswith("第") or per_item or ranged


def _before_words(t: str, start: int) -> str:
    """The CJK words just before the number, after any earlier number and its unit."""
    window = t[max(0, start - 16) : start]
    digits = [i for i, c in enumerate(window) if c.isdigit()]
    if digits:
        rest = window[digits[-1] + 1 :]
        unit, length = unit_at(rest)
        window = rest[length:] if unit else rest
    run = _CJK_TAIL.search(window)
    words = run.group(0) if run else ""
    words = "" if words.endswith("和") else words.split("、")[-1]
    words = words if len(words) > 1 else ""  # "各镇、街3454个网格": 街 alone says nothing
    for _ in range(3):  # a few leading words ("计划全年完成")
        if words.startswith(_LEAD_KEEP):
            break
        stripped = _LEAD.sub("", words, count=1)
        if stripped == words:
            break
        words = stripped
    words = _TAIL.sub("", words)
    return next(
        (words[: -len(w)] for w, _ in OPERATOR_WORDS if w.isalpha() and words.endswith(w)), words
    )


def _name(before: str, after: str, unit: str) -> str:
    """The words around the number with the unit's suffix; "" when too few remain."""
    after = after[next((len(w) for w, _ in _AFTER_OPERATORS if after.startswith(w)), 0) :]
    m = _AFTER_END.match(after)
    thing = (m.group(1) if m.group(1) is not None else m.group(3)) if m else after
    words = _TAIL.sub("", before + thing)
    if len(words) < 2:  # "300人参加培训": the activity names the count
        words = _TAIL.sub("", after)
    suffix = unit_suffix(unit)
    if len(words) < 2:
        return ""
    words = words[-(_MAX_NAME - len(suffix)) :]
    return words if words.endswith((suffix, *_MEASURED)) else f"{words}{suffix}"


def stated_counts(text: str) -> list[StatedCount]:
    """Counts the text states, each named from the words around it."""
    t = normalise_text(text)[:MAX_TEXT]
    out: list[StatedCount] = []
    for m in _NUMBER.finditer(t):
        unit, length = unit_at(t[m.end() :])
        if (
            unit is None
            or length != len(unit)
            or not _is_count_unit(unit)
            or _not_a_count(t, m.start(), m.end())
        ):
            continue
        after = _AGE.sub(
            "", t[m.end() + length :]
        )  # "1250名80周岁以上老人": the people, not their age
        head = _CJK_HEAD.match(after)
        name = _name(_before_words(t, m.start()), head.group(0) if head else "", unit)
        if name:
            out.append(StatedCount(name, float(m.group(0)), unit, _operator(t[: m.start()], after)))
    return out


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def stated_year(text: str) -> int | None:
    """A year written in a project's name (2023年网格员培训经费, 2025金安国际网球公开赛)."""
    m = _YEAR.search(text or "")
    return int(m.group(1)) if m else None


def budget_year(today: date | None = None) -> int:
    """The budget year being prepared: next year once the year's second half has begun (when
    next year's budgets are drafted), else this year."""
    today = today or date.today()
    return today.year + 1 if today.month >= 7 else today.year
