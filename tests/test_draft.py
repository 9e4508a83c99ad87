"""Drafting: complete, measurable, evidenced, deterministic; bad input is refused in Chinese."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant.categories import short_label
from assistant.corpus import load_corpus
from assistant.draft import compose, make_request
from assistant.errors import InputError


@pytest.fixture(scope="module")
def index():
    from assistant.index import Index

    return Index.build(load_corpus(include_user=False))


def _labels(draft) -> set[str]:
    return {short_label(s.level2) for s in draft.indicators}


def test_it_maintenance_draft_is_complete_and_grounded(index) -> None:
    request = make_request(
        name="矛盾纠纷多元化解平台运维费",
        goal="保障矛盾纠纷多元化解平台全年稳定运行，及时处置系统故障",
        amount=17,
        department="区委政法委",
    )
    draft = compose(request, index, exclude={"矛盾纠纷多元化解平台运维费"})
    assert 8 <= len(draft.indicators) <= 12
    assert {"数量", "质量", "时效", "成本", "效益"} <= _labels(draft)
    assert all(s.annual_value.measurable for s in draft.indicators)
    assert all(s.evidence for s in draft.indicators)
    assert not [f for f in draft.findings if f.severity == "error"]
    cost = next(s for s in draft.indicators if short_label(s.level2) == "成本")
    assert (cost.annual_value.operator, cost.annual_value.number, cost.annual_value.unit) == ("≤", 17, "万元")
    assert any(k in s.name for s in draft.indicators for k in ("运行", "故障", "运维"))
    assert draft.goal.startswith("保障矛盾纠纷多元化解平台全年稳定运行")


def test_projects_serving_people_get_satisfaction(index) -> None:
    request = make_request(name="困难群众临时救助资金", goal="为困难群众发放临时救助金", amount=120)
    draft = compose(request, index)
    satisfaction = [s for s in draft.indicators if short_label(s.level2) == "满意度"]
    assert satisfaction
    value = satisfaction[0].annual_value
    assert value.operator == "≥" and value.unit == "%" and 85 <= (value.number or 0) <= 95


def test_counts_stated_in_the_description_are_used(index) -> None:
    request = make_request(name="高清摄像机租赁项目", goal="租赁2082支高清摄像机，覆盖全区重点区域", amount=84.7)
    draft = compose(request, index, exclude={"白云区2082支高清摄像机租赁项目"})
    numbers = {(s.annual_value.number, s.annual_value.unit) for s in draft.indicators}
    assert (2082, "支") in numbers


def test_draft_is_deterministic(index) -> None:
    request = make_request(name="全区网格员补助", goal="保障网格员补助按时足额发放", amount=737.4)
    first = compose(request, index).model_dump_json()
    assert compose(request, index).model_dump_json() == first


def test_2021_framework_puts_cost_first_level(index) -> None:
    request = make_request(name="公务用车购置经费", amount=18, framework="2021")
    draft = compose(request, index)
    cost = [s for s in draft.indicators if short_label(s.level2) == "成本"]
    assert cost and all(s.level1 == "成本指标" and s.level2 == "经济成本指标" for s in cost)


def test_unknown_project_gets_a_generic_low_confidence_draft(index) -> None:
    draft = compose(make_request(name="量子纠缠观测站"), index)
    assert draft.confidence == "low"
    assert {"数量", "质量", "时效", "成本", "效益"} <= _labels(draft)
    assert all(s.evidence for s in draft.indicators)


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"name": "网"}, "「项目名称」太短"),
        ({"name": "网格员补助", "amount": -5}, "正数"),
        ({"name": "网格员补助", "framework": "2019"}, "指标框架"),
        ({"name": "网格员补助", "count": 30}, "6–12"),
    ],
)
def test_bad_requests_are_refused_in_chinese(fields: dict, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        make_request(**fields)


def test_draft_cli_json_and_bad_amount() -> None:
    cmd = [sys.executable, "-m", "assistant.cli.main", "draft", "--name", "社区网格员培训经费",
           "--goal", "全年培训网格员300人次", "--amount", "16", "--format", "json"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["goal"] and 6 <= len(data["indicators"]) <= 12
    first = data["indicators"][0]
    assert {"level1", "level2", "name", "annual_value", "period_value", "basis", "explanation", "evidence"} <= set(first)
    bad = subprocess.run(cmd[:-6] + ["--amount", "十六"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "金额" in bad.stderr and "Traceback" not in bad.stderr


def test_a_sports_event_draft_borrows_no_platform_indicators(index) -> None:
    """The nearest projects are IT platforms; their indicators do not fit a sports event."""
    request = make_request(
        name="2025金安国际网球公开赛(国际系列赛事)",
        goal="打造金安国际网球公开赛等一系列的品牌赛事,提升六安城市的知名度和美誉度。",
    )
    names = [s.name for s in compose(request, index, exclude={request.name}).indicators]
    assert not [n for n in names if any(w in n for w in ("平台", "信息化", "系统"))], names


def test_alien_indicators_are_those_of_another_kind_of_project() -> None:
    from assistant.draft.profile import alien, natures_of

    subsidy = natures_of("百岁老人高龄津贴")
    assert alien("应用平台建设完成率", subsidy, "百岁老人高龄津贴")
    assert not alien("补助发放及时率", subsidy, "百岁老人高龄津贴")
    assert not alien("应用平台建设完成率", subsidy, "高龄津贴管理平台建设")  # the project names it
    it = natures_of("信创工作经费", "购买租赁硬件，开发系统")
    assert not alien("购买租赁硬件数量计划完成率", it, "信创工作经费")
    # A project of no known kind: only its own text vouches for a subject word.
    assert alien("应用平台建设完成率", [], "动物疫病强制免疫")
    assert not alien("免疫密度", [], "动物疫病强制免疫")
    # Generic verbs are nobody's subject; a two-kind project keeps both kinds' words only.
    assert not alien("宣传资料发放数量", natures_of("禁毒宣传经费"), "禁毒宣传经费 开展禁毒宣传活动")
    assert not alien("培训活动场次", natures_of("基层干部培训"), "基层干部培训")
    assert alien("采购计划完成时间", natures_of("基层干部信息化技能培训"), "基层干部信息化技能培训")
    # Supervision (监理) belongs to construction, not to a payroll or a maintenance project.
    assert alien("监理整改通知书及时整改率", natures_of("政府雇员公用经费"), "政府雇员公用经费")
    assert alien("医疗定点报销比例", natures_of("政府雇员公用经费"), "政府雇员公用经费")
    assert not alien("医疗定点报销比例", natures_of("公费医疗超支及自付经费"), "公费医疗超支及自付经费")


def test_goal_paragraph_reads_as_prose_with_counts_first() -> None:
    from assistant.draft.goal import write_goal
    from assistant.schema import Suggestion

    def s(level2: str, name: str, value: str) -> Suggestion:
        level1 = "满意度指标" if level2.startswith("服务对象") else "效益指标" if "效益" in level2 else "产出指标"
        return Suggestion(level1=level1, level2=level2, name=name, annual_value=value)

    chosen = [
        s("质量指标", "系统正常运行率", "≥99%"), s("时效指标", "故障响应时间", "≤2小时"),
        s("数量指标", "运维设备数量", "=120台"), s("社会效益指标", "业务办理线上化率", "≥90%"),
    ]
    goal = write_goal(make_request(name="平台运维", goal="保障平台稳定运行。", amount=17), chosen)
    assert goal == (
        "保障平台稳定运行，年内实现运维设备数量120台、系统正常运行率不低于99%、故障响应时间不超过2小时，"
        "项目支出控制在预算17万元以内，业务办理线上化率不低于90%。"
    )


@pytest.mark.parametrize("goal", ["", "对辖区12个老旧小区实施改造，惠及居民3200户，改造供水管网8.5公里"])
def test_no_count_is_copied_from_an_unrelated_project(index, goal: str) -> None:
    """受益人数 ≥132人 belongs to an afforestation project; a new project's counts come from its
    own description (计划标准) or not at all."""
    from assistant.checks.kinds import is_money, is_time_value

    draft = compose(make_request(name="老旧小区改造", goal=goal, amount=1200), index)
    copied = [
        f"{s.name} {s.annual_value.raw}" for s in draft.indicators
        if s.basis == "历史标准" and s.annual_value.unit not in (None, "%")
        and not (is_money(s.annual_value) or is_time_value(s.annual_value))
    ]
    assert copied == []


def test_one_on_time_completion_indicator_is_enough(index) -> None:
    """及时(按期)完工率, 项目(工程)完成及时率 and 重点建设工程按期完成率 say the same thing."""
    import re

    draft = compose(make_request(name="农村饮水安全工程维修", goal="维修农村饮水工程23处", amount=300), index)
    on_time = re.compile(r"(按期|按时|及时|如期).*(完成|完工|竣工)|(完成|完工|竣工).*(及时|按期|按时|时间)")
    assert len([s.name for s in draft.indicators if on_time.search(s.name)]) == 1, [s.name for s in draft.indicators]


def test_draft_export_carries_evidence_and_keeps_an_existing_file(tmp_path) -> None:
    import openpyxl

    out = tmp_path / "草稿.xlsx"
    cmd = [sys.executable, "-m", "assistant.cli.main", "draft", "--name", "社区网格员培训经费",
           "--goal", "全年培训网格员300人次", "--amount", "16", "-o", str(out), "--format", "xlsx"]
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    header = next(r for r in rows if r and "三级指标" in r)
    column = header.index("依据（相似的真实指标）")
    body = [r for r in rows[rows.index(header) + 1 :] if r[header.index("三级指标")]]
    assert body and all(r[column] and "「" in r[column] for r in body)
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert again.returncode == 2 and "--force" in again.stderr
    assert subprocess.run([*cmd, "--force"], capture_output=True, text=True, timeout=120).returncode == 0


def test_a_project_of_a_kind_the_library_lacks_is_low_confidence(index) -> None:
    """No water-supply project is in the library; sharing 农村/工程/维修 with others is not enough."""
    assert compose(make_request(name="农村饮水安全工程维修"), index).confidence == "low"
    assert compose(make_request(name="社区网格员补助经费"), index).confidence == "high"


def test_budget_year_is_next_year_in_the_second_half() -> None:
    from datetime import date

    from assistant.draft.request import budget_year

    assert make_request(name="网格员补助", year=2025).budget_year() == 2025
    assert budget_year(date(2026, 11, 28)) == 2027
    assert budget_year(date(2026, 7, 1)) == 2027
    assert budget_year(date(2026, 6, 30)) == 2026


def test_a_project_is_first_the_kind_its_name_ends_with() -> None:
    from assistant.draft.profile import natures_of

    assert [n.key for n in natures_of("基层干部信息化技能培训")][0] == "training"
    assert [n.key for n in natures_of("人民医院门诊楼建设工程")] == ["construction"]
