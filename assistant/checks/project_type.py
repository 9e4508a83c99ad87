"""Rules that need the project's type (`corpus/types.toml`): indicators of another kind of
project (C020) and a missing count of what the money buys (P020)."""

from __future__ import annotations

from assistant.categories import short_label
from assistant.checks.rules import finding
from assistant.lexicon import is_count_name
from assistant.project_types import ProjectType, Recognised, of_project, other_kind
from assistant.schema import Finding, Indicator, Project


def _types(project: Project) -> list[Recognised]:
    return [r for r in of_project(project) if r.type.key != "general"]


def _label(kinds: list[Recognised]) -> str:
    return "、".join(f"{k.type.label}（据「{'」「'.join(k.words)}」）" for k in kinds)


def _replacement(project_type: ProjectType, level2: str) -> str:
    same = [s.name for s in project_type.indicators if short_label(s.level2) == short_label(level2)]
    return f"，如「{same[0]}」" if same else ""


def other_kind_indicators(project: Project) -> list[Finding]:
    """C020: an indicator whose subject belongs to another kind of project (应用平台建设完成率 in
    a road repair, 发放对象准确率 in a school renovation)."""
    kinds = _types(project)
    if not kinds:
        return []
    own = [k.type for k in kinds]
    text = f"{project.name} {project.goal}"
    out = []
    for ind in project.indicators:
        other = other_kind(ind.name, own, text)
        if other is not None:
            out.append(
                finding(
                    "C020",
                    ind.name,
                    f"「{ind.name}」考核的是{other.label}类项目的事项，本项目是{_label(kinds)}，项目名称和绩效目标都没有提到它。",
                    f"删除，或换成本类项目的指标{_replacement(own[0], ind.level2)}",
                )
            )
    return out


def _is_count(ind: Indicator) -> bool:
    v = ind.annual_value
    if v.pending:
        return True
    if v.number is None or v.unit in ("%", "‰"):
        return False
    return v.unit is not None or is_count_name(
        ind.name
    )  # 车辆购置数量 =1: a count without its unit


def missing_core_count(project: Project) -> list[Finding]:
    """P020: the project's main output has no count (救助人次, 维修改造面积, 培训人次): its 数量
    indicators are rates or words, so nobody can tell at year end how much the money bought."""
    kinds = _types(project)
    quantity = [i for i in project.indicators if short_label(i.level2) == "数量"]
    if not quantity or not kinds or not kinds[0].type.core or any(_is_count(i) for i in quantity):
        return []  # no 数量 at all is P001's finding; a type with no one main output says nothing
    core = kinds[0].type
    std = next((s for s in core.indicators if s.name == core.core), None)
    unit = f"（单位：{std.unit}）" if std and std.unit else ""
    return [
        finding(
            "P020",
            None,
            f"没有考核资金买到多少的数量指标：{core.label}类项目的核心产出是「{core.core}」，现有数量指标都是比率或文字。",
            f"补上「{core.core} ≥N{std.unit if std else ''}」{unit}，N 按本项目实施计划填写",
        )
    ]
