"""Project-level rules, budget rules on built projects, and the score."""

from __future__ import annotations

import re

import pytest

from assistant.checks import GROUPS, RULES, check_indicator, check_project
from assistant.checks.score import PENALTY, score, summary
from assistant.schema import Amounts, Finding, Indicator, Project, Severity


def _ind(name: str, value: str, level2: str, level1: str = "产出指标") -> Indicator:
    return Indicator.from_text(level1=level1, level2=level2, name=name, annual_value=value)


GOOD_SET = [
    _ind("培训人次", "≥500人次", "数量指标"),
    _ind("培训合格率", "≥95%", "质量指标"),
    _ind("培训完成时间", "2024年12月31日前", "时效指标"),
    _ind("培训总成本", "≤20万元", "成本指标"),
    _ind("居民健康知识知晓率", "≥85%", "社会效益指标", "效益指标"),
    _ind("培训学员满意度", "≥90%", "服务对象满意度指标", "满意度指标"),
]


def _project(
    indicators: list[Indicator],
    goal: str = "",
    total: float | None = 20.0,
    name: str = "社区居民健康培训项目",
) -> Project:
    return Project(name=name, goal=goal, amounts=Amounts(total=total), indicators=indicators)


def _codes(project: Project) -> list[str]:
    return [f.code for f in check_project(project).findings]


def test_complete_measurable_project_scores_100() -> None:
    report = check_project(_project(GOOD_SET, goal="为辖区居民开展健康培训"))
    assert report.findings == []
    assert report.score == 100
    assert report.summary == "100 分：未发现问题"


def test_missing_core_categories_warns() -> None:
    project = _project(GOOD_SET[:1] + GOOD_SET[2:4], goal="为辖区居民开展健康培训")
    p001 = [f for f in check_project(project).findings if f.code == "P001"]
    assert len(p001) == 1 and p001[0].severity == "warning" and p001[0].indicator is None
    for label in ("质量", "效益", "满意度"):
        assert label in p001[0].message


def test_satisfaction_only_required_when_people_are_served() -> None:
    inds = GOOD_SET[:5]
    served = check_project(_project(inds, goal="为辖区居民开展健康培训")).findings
    assert any(f.code == "P001" and "满意度" in f.message for f in served)
    internal = check_project(
        _project(inds, goal="更换机房设备，保障系统运行", name="机房设备更新")
    ).findings
    assert not any("满意度" in f.message for f in internal if f.code == "P001")


def test_missing_time_and_cost_is_a_hint_with_budget() -> None:
    project = _project([GOOD_SET[0], GOOD_SET[1], GOOD_SET[4]], total=16.0)
    p002 = next(f for f in check_project(project).findings if f.code == "P002")
    assert p002.severity == "hint"
    assert "时效" in p002.message and "成本" in p002.message
    assert "≤ 16 万元" in p002.hint


def test_too_few_indicators() -> None:
    assert "P004" in _codes(_project(GOOD_SET[:2]))
    assert "P004" not in _codes(_project(GOOD_SET[:3]))


def test_duplicates_after_normalising() -> None:
    inds = [
        _ind("登记率", "100%", "数量指标"),
        _ind("提高登记率", "≥98%", "社会效益指标", "效益指标"),
        _ind("指标3:设备验收合格率", "=100%", "质量指标"),
        _ind("设备验收合格率。", "=100%", "质量指标"),
        _ind("国家奖学金人均资助", "=8000元", "成本指标"),
        _ind("国家励志奖学金人均资助", "=5000元", "成本指标"),
    ]
    dupes = [f.indicator for f in check_project(_project(inds)).findings if f.code == "P003"]
    assert dupes == ["提高登记率", "设备验收合格率。"]


@pytest.mark.parametrize(
    ("value", "total", "expected"),
    [
        ("≤20万元", 16.0, {"B001"}),
        ("≤16万元", 16.0, set()),
        ("≤160000元", 16.0, set()),
        ("≤200000元", 16.0, {"B001"}),
        ("≤16元", 16.0, {"B004"}),
        ("≤1600元/亩", 1.0, set()),
        ("≤20万元", None, set()),
        ("≤0.5亿元", 4000.0, {"B001"}),
    ],
)
def test_cost_against_budget(value: str, total: float | None, expected: set[str]) -> None:
    ind = _ind("项目建设成本", value, "成本指标")
    found = {f.code for f in check_indicator(ind, _project([ind], total=total))}
    assert found & {"B001", "B004"} == expected


def test_budget_cap_hint_names_the_budget() -> None:
    ind = _ind("项目建设成本", "≤20万元", "成本指标")
    b001 = next(f for f in check_indicator(ind, _project([ind], total=16.0)) if f.code == "B001")
    assert b001.severity == "error"
    assert "≤ 16 万元" in b001.hint and "20 万元" in b001.message


def test_zero_percent_and_budget_words() -> None:
    project = _project([], total=16.0)
    zero = check_indicator(_ind("成本控制率", "≤0%", "成本指标"), project)
    assert any(f.code == "B002" and "≤ 16 万元" in f.hint for f in zero)
    words = check_indicator(_ind("项目成本控制情况", "不得高于预算", "成本指标"), project)
    codes = {f.code for f in words}
    assert "B003" in codes and "V001" not in codes
    assert "≤ 16 万元" in next(f for f in words if f.code == "B003").hint


def test_budget_words_without_project_give_a_generic_cap() -> None:
    found = check_indicator(_ind("成本控制率", "不超预算", "成本指标"))
    b003 = next(f for f in found if f.code == "B003")
    assert "万元" in b003.hint


def test_overspend_zero_is_not_flagged_on_a_non_cost_rate() -> None:
    ind = _ind("补助款结算争议率", "0%", "社会效益指标", "效益指标")
    assert "B002" not in {f.code for f in check_indicator(ind)}


def _findings(errors: int, warnings: int, hints: int) -> list[Finding]:
    made: list[Finding] = []
    plan: tuple[tuple[Severity, int, str], ...] = (
        ("error", errors, "V001"),
        ("warning", warnings, "N001"),
        ("hint", hints, "V003"),
    )
    for severity, count, code in plan:
        made += [Finding(indicator="x", code=code, severity=severity, message="m")] * count
    return made


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((0, 0, 0), 100),
        ((1, 0, 0), 90),
        ((0, 2, 3), 89),
        ((10, 0, 0), 40),
        ((10, 20, 20), 0),
        ((2, 3, 0), 68),
    ],
)
def test_score(counts: tuple[int, int, int], expected: int) -> None:
    assert score(_findings(*counts)) == expected


def test_score_caps_are_per_severity() -> None:
    errors_only = score(_findings(100, 0, 0))
    assert errors_only == 100 - PENALTY["error"][1]


def test_summary_line() -> None:
    findings = _findings(3, 2, 0)
    line = summary(findings, score(findings))
    assert line == "62 分：3 个错误、2 个警告（主要问题：指标值不可衡量）"


def test_report_score_matches_its_findings() -> None:
    inds = [_ind("提高医疗保障", "提高", "质量指标"), _ind("车辆购置数量", "=1", "数量指标")]
    report = check_project(_project(inds))
    assert report.score == score(report.findings, len(inds))
    assert re.fullmatch(r"\d+ 分：.+（主要问题：.+）", report.summary)
    assert 0 <= report.score < 100


def test_rule_catalogue_is_well_formed() -> None:
    for code, rule in RULES.items():
        assert rule.code == code
        assert re.fullmatch(r"[VNCBPTMY]\d{3}", code)
        assert code[0] in GROUPS
        assert rule.severity in ("error", "warning", "hint")
        assert re.search(r"[\u4e00-\u9fff]", rule.title)


@pytest.mark.parametrize(
    ("goal", "flagged"),
    [
        ("每个网格员每月500元补助，全年共1474.8万元", True),
        ("全年共20万元，用于培训", False),
        ("总投资 200000 元", False),  # 20 万元
        ("合计21万元", False),  # within 5%
        ("为辖区居民开展健康培训", False),
        ("合计：56.3万元", True),
        ("共计人民币56.3万元", True),
        ("预算总额为 56 300 元", True),  # 5.63 万元
        ("每户全年3000元", False),  # a per-household figure, not a total
        ("培训共3000元/人", False),
        (
            "项目总投资1.2亿元，本年度安排资金20万元",
            False,
        ),  # the multi-year total is not this budget
    ],
)
def test_a_total_in_the_goal_must_match_the_budget(goal: str, flagged: bool) -> None:
    assert ("P005" in _codes(_project(GOOD_SET, goal=goal))) is flagged
