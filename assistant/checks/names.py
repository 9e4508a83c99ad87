"""Rules on an indicator's name: it must say what is measured, without stray numbers,
punctuation, numbering or the target itself."""

from __future__ import annotations

import re

from assistant.checks.kinds import NOTE, NUMBERING, clean_name, plain_name, strip_template
from assistant.checks.rules import finding
from assistant.schema import Finding, Indicator, Project

# Verbs of change: a name starting with one states an aim ("提高登记率").
_CHANGE = r"提高|提升|增加|增强|加强|改善|降低|减少|促进|完善|优化|推进|推动|深化|健全|巩固|营造|打造|助力|力争|创建|构建"
# Verbs of keeping/doing: an aim only when no measure follows ("保障工作正常开展").
_KEEP = r"保障|确保|保证|维护|实现|落实|完成|开展|举办|实施|组织"
_LEAD = r"^(通过|为了?|以|着力|切实|进一步|全面|有效|持续|不断)?"
_AIM_CHANGE = re.compile(rf"{_LEAD}({_CHANGE})")
_AIM_KEEP = re.compile(rf"{_LEAD}({_KEEP})")
_MEASURE_END = re.compile(
    r"(率|度|数|量|比例|占比|比重|时间|时长|时限|周期|期限|人次|成本|费用|金额|面积|长度|里程|产值|收入"
    r"|指数|得分|分值|规模|标准|单价|天数|种类)$"
)
_TRAILING_DIGITS = re.compile(r"(?<=[\u4e00-\u9fff])\d+$")
_TRAILING_PUNCT = re.compile(r"[.。,，;；、:：]+$")
_TARGET = re.compile(
    r"至少|不少于|不低于|不高于|不超过|不大于|不小于|达到|控制在|达\s*\d|[≥≤<>]|\d+(\.\d+)?\s*%|目标值|预计值"
)
_CLAUSE = re.compile(r"[,，、;；]")
_YES_NO = ("是", "否")


def _core(name: str) -> str:
    """The name without notes, trailing punctuation and unit marks, for judging its ending."""
    core = NOTE.sub("", NUMBERING.sub("", clean_name(name)))
    return _TRAILING_PUNCT.sub("", core).rstrip("%").strip()


def _checkable(ind: Indicator) -> bool:
    """Valued by a plain count or amount (`491米`) or a yes/done scale (`是`, `已完成`)."""
    value = ind.annual_value
    if value.number is not None:
        return bool(value.unit) and value.unit != "%"
    return value.measurable


def aim_verb(ind: Indicator) -> re.Match[str] | None:
    """The aim verb a name starts with (group 2), when the name states an aim."""
    core = _core(ind.name)
    measured = bool(_MEASURE_END.search(core)) and _checkable(ind)
    aim = None if measured else _AIM_CHANGE.match(core)
    if aim is None and not (_MEASURE_END.search(core) or _checkable(ind)):
        aim = _AIM_KEEP.match(core)
    return aim


def aim_name(ind: Indicator, project: Project | None) -> list[Finding]:
    """N001: `提高医疗保障`, `保障工作正常开展` — an aim, not something that can be counted."""
    aim = aim_verb(ind)
    if aim is None:
        return []
    core = _core(ind.name)
    verb = aim.group(2)
    rest = _CLAUSE.split(core[aim.end() :])[0]
    hint = (
        f"改为「{rest}」，把「{verb}」的幅度写进指标值"
        if _MEASURE_END.search(rest)
        else f"写成可以计数或计算的量，说明考核什么：如「{rest}」涉及的人数、次数、覆盖率或完成率"
    )
    return [
        finding(
            "N001",
            ind.name,
            f"名称「{ind.name}」是「{verb}…」式的工作目标，没有说明考核的是哪个量。",
            hint,
        )
    ]


def stray_marks(ind: Indicator, project: Project | None) -> list[Finding]:
    """N002: trailing digits or punctuation (template residue like `(≥**%)` is N005's)."""
    name = NUMBERING.sub("", clean_name(ind.name))
    problems = []
    if _TRAILING_DIGITS.search(name):
        problems.append("末尾的数字")
    if _TRAILING_PUNCT.search(name):
        problems.append("末尾的标点")
    if not problems:
        return []
    fixed = _TRAILING_PUNCT.sub("", strip_template(name))
    fixed = _TRAILING_PUNCT.sub("", _TRAILING_DIGITS.sub("", fixed))
    fixed = re.sub(r"[（(]\s*%\s*[）)]$|%$", "", fixed).strip() or name
    return [
        finding(
            "N002",
            ind.name,
            f"名称「{ind.name}」带有{'、'.join(problems)}，像是录入时残留的。",
            f"改为「{fixed}」",
        )
    ]


def numbering(ind: Indicator, project: Project | None) -> list[Finding]:
    """N004: `指标1:居民健康档案` — the list number belongs to the layout, not the name."""
    name = clean_name(ind.name)
    if not NUMBERING.search(name):
        return []
    return [
        finding(
            "N004",
            ind.name,
            f"名称「{ind.name}」以编号开头，编号不属于指标名称。",
            f"改为「{plain_name(name)}」",
        )
    ]


def target_in_name(ind: Indicator, project: Project | None) -> list[Finding]:
    """N003: `全年至少召开一次全区政法大会` — the target belongs in the value, not the name."""
    name = NOTE.sub("", clean_name(ind.name))
    if "*" in name or "是否" in name or ind.annual_value.qualitative in _YES_NO:
        return []
    found = _TARGET.search(name)
    if not found:
        return []
    return [
        finding(
            "N003",
            ind.name,
            f"名称「{ind.name}」里写了目标（「{found.group(0)}」），名称应只说考核什么。",
            f"把「{found.group(0)}…」这部分移到指标值（写成「方向+数字+单位」），名称只保留考核的对象",
        )
    ]
