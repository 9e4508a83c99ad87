"""The indicator checker on the real seed table: the defects it must find, the good
indicators it must leave alone, and single rules on built indicators."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.checks import RULES, check_indicator, check_project
from assistant.schema import Amounts, Finding, Indicator, Project, Table, clean_item_text
from assistant.tables import read_table

UNMEASURABLE = {"V001", "V002"}

# (project name or None for "any project", indicator name, expected code)
SEED_DEFECTS: list[tuple[str | None, str, str]] = [
    (None, "提高医疗保障", "N001"),
    (None, "保障工作正常开展", "N001"),
    (None, "推进平安创建", "N001"),
    (None, "完善课题调研", "N001"),
    (None, "综合网格员工作补贴经费投入314", "N002"),
    (None, "网络事件办结率.", "N002"),
    (None, "设备正常运行率（%）.", "N002"),
    (None, "系统故障减少率", "V009"),
    ("政府雇员公用经费", "编外人员工资福利发放人数", "V001"),
    (None, "全年至少召开一次全区政法大会", "V007"),
    (None, "设备完好率%", "C003"),
    (None, "系统正常运行率", "C003"),
    (None, "公众号及设备维护成本控制", "B002"),
    (None, "采购成本控制率", "B002"),
    (None, "预算（成本）控制率", "B002"),
    (None, "人力、时间资源节省", "B002"),
    (None, "项目成本控制情况", "B003"),
    (None, "政法工作满意度调查", "V001"),
    (None, "登记率", "V008"),
    (None, "接访受理案件", "V008"),
    (None, "提高上访人员满意度", "V011"),
    (None, "通过提高政法工作人员医疗保障，提高政法工作效率", "V001"),
    (None, "完善指挥平台及视频系统建设", "V001"),
    (None, "购买/租赁硬件数量计划完成率", "V005"),
    (None, "验收测评一次通过率", "V005"),
    (None, "提高登记率", "P003"),
    (None, "安全隐患整治率", "V010"),
]

MEASURABLE = [
    ("系统运行正确率", "100%"),
    ("故障维护及时率", "100%"),
    ("维护及时时间", "48小时内解决"),
    ("提交专项调研报告数量", "大于或等于1份"),
    ("研究并征集意见数量", "不少于15条"),
    ("设备验收合格率", "100%"),
    ("信息化项目验收合格率", "100%"),
    ("租赁项目使用率", "使用率高于97%"),
]


@cache
def _read(path: str) -> Table:
    return read_table(path)


@cache
def _check(path: str) -> list[tuple[Project, Finding]]:
    return [(p, f) for p in _read(path).projects for f in check_project(p).findings]


@pytest.fixture
def seed_table(seed_path: Path) -> Table:
    return _read(str(seed_path))


@pytest.fixture
def seed_findings(seed_path: Path) -> list[tuple[Project, Finding]]:
    return _check(str(seed_path))


def test_at_least_25_seed_indicators_defective(
    seed_table: Table, seed_findings: list[tuple[Project, Finding]]
) -> None:
    total = sum(len(p.indicators) for p in seed_table.projects)
    defective = {
        (p.name, f.indicator)
        for p, f in seed_findings
        if f.indicator is not None and f.severity in ("error", "warning")
    }
    assert len(seed_table.projects) == 16 and total == 73
    assert len(defective) >= 25


@pytest.mark.parametrize(("project", "name", "code"), SEED_DEFECTS)
def test_seed_defect_found(
    seed_findings: list[tuple[Project, Finding]], project: str | None, name: str, code: str
) -> None:
    hits = [
        f
        for p, f in seed_findings
        if f.indicator == name and (project is None or p.name == project)
    ]
    assert hits, f"indicator {name} not found"
    assert code in {f.code for f in hits}, [f.code for f in hits]


@pytest.mark.parametrize(("name", "value"), MEASURABLE)
def test_seed_measurable_not_flagged(
    seed_table: Table, seed_findings: list[tuple[Project, Finding]], name: str, value: str
) -> None:
    inds = [i for p in seed_table.projects for i in p.indicators if i.name == name]
    values = [v.raw for i in inds for v in (i.annual_value, i.period_value) if v is not None]
    assert any(value in v for v in values)
    codes = {f.code for _, f in seed_findings if f.indicator == name}
    assert not codes & UNMEASURABLE, codes


def test_seed_budget_hints_use_the_project_amount(
    seed_findings: list[tuple[Project, Finding]],
) -> None:
    b003 = next(f for p, f in seed_findings if f.code == "B003")
    assert "≤ 16 万元" in b003.hint
    b002 = next(f for p, f in seed_findings if f.indicator == "采购成本控制率")
    assert "≤ 26 万元" in b002.hint


def test_seed_count_hint_comes_from_goal(seed_findings: list[tuple[Project, Finding]]) -> None:
    hit = next(
        f
        for p, f in seed_findings
        if p.name == "政府雇员公用经费" and f.indicator == "编外人员工资福利发放人数"
    )
    assert "17人" in hit.hint


def test_every_finding_is_catalogued(seed_findings: list[tuple[Project, Finding]]) -> None:
    for _, f in seed_findings:
        assert f.code in RULES
        assert f.severity == RULES[f.code].severity
        assert f.message and f.hint


def _ind(
    name: str,
    value: str = "",
    level2: str = "质量指标",
    period: str | None = None,
    level1: str = "产出指标",
    unit: str = "",
) -> Indicator:
    return Indicator.from_text(
        level1=level1, level2=level2, name=name, annual_value=value, period_value=period, unit=unit
    )


def _codes(ind: Indicator, project: Project | None = None) -> set[str]:
    return {f.code for f in check_indicator(ind, project)}


@pytest.mark.parametrize(
    ("ind", "code"),
    [
        (_ind("经常性大型设备更新验收合格率", "292%"), "V006"),
        (_ind("车辆购置数量", "=1", "数量指标"), "V004"),
        (_ind("资助对象满意度", "≥90%"), "C001"),
        (_ind("政策知晓率", "≥90%", "服务对象满意度指标", level1="满意度指标"), "C002"),
        (_ind("培训经费", "≤5万元", "数量指标"), "C004"),
        (_ind("项目完成进度", "3个", "时效指标"), "C005"),
        (_ind("出口食品化妆品实际通报率", ""), "V002"),
        (_ind("平安宣传", "100%", "社会效益指标", level1="效益指标"), "V012"),
        (_ind("资金支出率达到目标值", "95%"), "N003"),
        (_ind("指标1:居民健康档案", "38508人", "数量指标"), "N004"),
        (_ind("检测及时率", "≤7工作日", "时效指标"), "V005"),
        (_ind("服务对象满意度", "≥70%", "服务对象满意度指标", level1="满意度指标"), "V011"),
        (_ind("设备正常运行率", "100%", period="90%"), "V010"),
        (_ind("培训人数", "30人", "数量指标", period="20人"), "V010"),
    ],
)
def test_rule_fires(ind: Indicator, code: str) -> None:
    assert code in _codes(ind)


@pytest.mark.parametrize(
    "ind",
    [
        _ind("保障在职职工人数(人)", "= 116", "数量指标", unit="人"),
        _ind("药品监管企业数", "≥124", "数量指标"),
        _ind("培训人数", "10人", "数量指标", period="30人"),
        _ind("服务周期", "2023.07-2024.01", "时效指标"),
        _ind("采购计划完成时间", "定性 11月底之前", "时效指标"),
        _ind("0-6岁儿童眼保健操覆盖数", "2089人", "数量指标"),
        _ind("重大动物强制免疫病种群体免疫密度", "≥90%", "数量指标"),
        _ind("核心业务数据是否及时准确传输", "是", "时效指标", unit="是/否"),
        _ind("完成道路建设", "491米", "数量指标"),
        _ind("服务对象满意度", "≥90%", "服务对象满意度指标", level1="满意度指标"),
        _ind("进出口商品检验货值增长率", "1%", "数量指标", unit="%"),
    ],
)
def test_good_indicator_has_no_error_or_warning(ind: Indicator) -> None:
    bad = [f for f in check_indicator(ind) if f.severity != "hint"]
    assert not bad, bad


@pytest.mark.parametrize(
    ("name", "value", "level2", "expected"),
    [
        ("补助款结算争议率", "0%", "社会效益指标", "=0%"),
        ("故障维护及时率", "100%", "时效指标", "=100%"),
        ("办公所需成本", "15万元", "成本指标", "≤15万元"),
        ("财政资金补助", "1600元/亩", "成本指标", "=1600元/亩"),
        ("清扫保洁道路条数", "485条", "数量指标", "≥485条"),
    ],
)
def test_direction_hint(name: str, value: str, level2: str, expected: str) -> None:
    level1 = "效益指标" if "效益" in level2 else "产出指标"
    found = [
        f for f in check_indicator(_ind(name, value, level2, level1=level1)) if f.code == "V003"
    ]
    assert found and f"「{expected}」" in found[0].hint


def test_impossible_rate_gets_no_direction_hint() -> None:
    codes = _codes(_ind("经常性大型设备更新验收合格率", "292%"))
    assert "V006" in codes and "V003" not in codes


def test_findings_sorted_most_severe_first() -> None:
    ind = _ind("提高医疗保障", "提高", "社会效益指标", level1="效益指标")
    severities = [f.severity for f in check_indicator(ind)]
    order = {"error": 0, "warning": 1, "hint": 2}
    assert severities == sorted(severities, key=order.__getitem__)
    assert severities[0] == "error"


@settings(max_examples=200, deadline=None)
@given(
    name=st.text(min_size=1, max_size=20).filter(clean_item_text),
    value=st.text(max_size=30),
    period=st.one_of(st.none(), st.text(max_size=30)),
)
def test_checker_never_raises(name: str, value: str, period: str | None) -> None:
    ind = _ind(name, value, "成本指标", period=period)
    project = Project(name="p", amounts=Amounts(total=10.0), goal=value, indicators=[ind])
    for f in check_project(project).findings:
        assert f.code in RULES
