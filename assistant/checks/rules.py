"""The catalogue of check rules: stable codes, their severity and a short Chinese title.

Codes are grouped by what they judge: V 指标值, N 名称, C 类别, B 成本与预算, P 项目整体, T 全表.
Every rule module creates its findings through `finding()`, so a code's severity lives here only.
"""

from __future__ import annotations

from typing import NamedTuple

from assistant.schema import Finding, Severity


class Rule(NamedTuple):
    code: str
    severity: Severity
    title: str


GROUPS: dict[str, str] = {
    "V": "指标值",
    "N": "指标名称",
    "C": "指标类别",
    "B": "成本与预算",
    "P": "项目整体",
    "M": "大模型审核",
    "Y": "与上年比较",
    "T": "全表",
}

_CATALOGUE: tuple[Rule, ...] = (
    Rule("V001", "error", "指标值不可衡量"),
    Rule("V002", "error", "缺少指标值"),
    Rule("V003", "hint", "指标值缺少方向"),
    Rule("V004", "warning", "指标值缺少计量单位"),
    Rule("V005", "warning", "比率类指标不是百分比"),
    Rule("V006", "error", "比率超过 100%"),
    Rule("V007", "warning", "数量类指标用了百分比"),
    Rule("V008", "warning", "一个指标含两个目标"),
    Rule("V009", "warning", "名称与指标值不符"),
    Rule("V010", "warning", "年度与实施周期指标值不一致"),
    Rule("V011", "hint", "满意度目标偏离常见区间"),
    Rule("V012", "warning", "百分比没有对应的比率"),
    Rule("V020", "warning", "指标值待填写"),
    Rule("V013", "warning", "指标值的年份不在预算年度内"),
    Rule("V014", "warning", "定性指标没有分级标准"),
    Rule("V015", "hint", "比率没有写计算公式"),
    Rule("V016", "error", "指标值是模板占位符"),
    Rule("N001", "warning", "名称是工作目标而非度量"),
    Rule("N002", "warning", "名称含多余数字或符号"),
    Rule("N003", "warning", "名称中写了目标值"),
    Rule("N004", "hint", "名称带编号"),
    Rule("N005", "warning", "模板残留"),
    Rule("C001", "warning", "满意度指标不在满意度类别"),
    Rule("C002", "hint", "满意度类别下不是满意度指标"),
    Rule("C003", "warning", "质量类指标放在效益类别"),
    Rule("C004", "warning", "成本金额不在成本类别"),
    Rule("C005", "warning", "时效指标的值不是时间"),
    Rule("C020", "warning", "他类项目的指标"),
    Rule("B001", "error", "成本上限超过项目预算"),
    Rule("B002", "error", "「≤0%」没有基数"),
    Rule("B003", "error", "成本只写「不高于预算」"),
    Rule("B004", "warning", "金额单位疑似写错"),
    Rule("B005", "error", "资金总计不等于各来源之和"),
    Rule("B006", "warning", "成本指标用了「≥」"),
    Rule("B007", "warning", "分项成本等于全部预算"),
    Rule("P001", "warning", "缺少核心指标类别"),
    Rule("P002", "hint", "缺少常见指标类别"),
    Rule("P003", "warning", "指标重复"),
    Rule("P004", "error", "指标过少或没有指标"),
    Rule("P005", "warning", "绩效目标写的总金额与预算不符"),
    Rule("P020", "warning", "缺少核心产出数量"),
    Rule("P021", "warning", "目标所写单价×数量与预算不符"),
    Rule("Y001", "warning", "目标比上年降低"),
    Rule("Y002", "warning", "上年指标今年没有了"),
    Rule("Y003", "warning", "预算变化大而目标未变"),
    Rule("Y004", "hint", "今年新增的项目"),
    Rule("Y005", "warning", "上年项目今年没有了"),
    Rule("M001", "warning", "大模型审核：目标承诺没有指标考核"),
    Rule("M002", "warning", "大模型审核：他类项目的指标"),
    Rule("M003", "warning", "大模型审核：核心指标缺失"),
    Rule("M004", "warning", "大模型审核：指标值偏离同类项目"),
    Rule("P006", "warning", "绩效目标的承诺没有指标考核"),
    Rule("T001", "error", "合计行不等于各项目之和"),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in _CATALOGUE}


def finding(code: str, indicator: str | None, message: str, hint: str = "") -> Finding:
    """A finding for a catalogued rule; the severity comes from the catalogue."""
    return Finding(
        indicator=indicator, code=code, severity=RULES[code].severity, message=message, hint=hint
    )
