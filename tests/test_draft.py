"""Drafting on a small corpus of its own: every line justified, facts of the goal kept, counts
only the project knows as slots, a twin's whole set, the type's standard set, no filler and no
indicator of another kind; bad input refused in Chinese. End-to-end CLI runs use the shipped
corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant import lexicon
from assistant.categories import short_label
from assistant.draft import compose, make_request
from assistant.draft.slots import fill_slots
from assistant.errors import InputError
from assistant.index import Index
from assistant.schema import CorpusRecord, Draft, Indicator

_N = iter(range(10_000))


def _rec(
    project: str,
    name: str,
    level2: str,
    value: str,
    *,
    year: int = 2023,
    dept: str = "某区某局",
    goal: str = "",
) -> CorpusRecord:
    level1 = (
        "满意度指标"
        if level2.startswith("服务对象")
        else "效益指标"
        if "效益" in level2
        else "产出指标"
    )
    return CorpusRecord(
        id=f"T{next(_N):04d}",
        origin="table",
        indicator=Indicator.from_text(level1=level1, level2=level2, name=name, annual_value=value),
        project=project,
        department=dept,
        year=year,
        goal=goal,
        source="fixture",
    )


def _corpus() -> list[CorpusRecord]:
    training = "2023年网格员业务培训经费"
    it = "综治信息平台运维费"
    subsidy = "百岁老人高龄津贴"
    road = "镇村道路维修工程"
    return [
        _rec(training, "培训人次", "数量指标", "=600人次", goal="全年培训网格员600人次"),
        _rec(training, "培训班次", "数量指标", "=8期"),
        _rec(training, "培训考核合格率", "质量指标", "≥95%"),
        _rec(training, "培训计划完成时间", "时效指标", "2023年11月底前"),
        _rec(training, "人均培训成本", "成本指标", "≤300元/人·天"),
        _rec(training, "参训学员满意度", "服务对象满意度指标", "≥90%"),
        _rec(training, "培训合格率", "质量指标", "≥95%"),
        _rec("干部教育培训经费", "学员结业率", "质量指标", "=100%"),
        _rec("干部教育培训经费", "营养改善计划覆盖率", "社会效益指标", "=100%"),
        _rec("干部教育培训经费", "乡村旅游游客接待率", "社会效益指标", "≥90%"),
        _rec("干部教育培训经费", "食品安全监管人员培训", "质量指标", "已完成"),
        _rec("干部教育培训经费", "培训人次", "数量指标", "=200人次"),
        _rec(it, "系统正常运行率", "质量指标", "≥99%"),
        _rec(it, "故障响应时间", "时效指标", "≤2小时"),
        _rec(it, "应用平台建设完成率", "数量指标", "=100%"),
        _rec(it, "运维成本", "成本指标", "≤17万元"),
        _rec(it, "业务系统使用覆盖率", "社会效益指标", "≥90%"),
        _rec(subsidy, "补助发放人数", "数量指标", "=19人"),
        _rec(subsidy, "补助对象认定准确率", "质量指标", "=100%"),
        _rec(subsidy, "补助发放及时率", "时效指标", "=100%"),
        _rec(subsidy, "符合条件对象补助覆盖率", "社会效益指标", "=100%"),
        _rec(subsidy, "补助对象满意度", "服务对象满意度指标", "≥90%"),
        _rec(road, "维修改造面积", "数量指标", "=12000平方米"),
        _rec(road, "工程验收合格率", "质量指标", "=100%"),
        _rec(road, "工程按期完工率", "时效指标", "=100%"),
        _rec(road, "年度工作任务完成率", "数量指标", "=100%"),
        _rec(road, "受益群众满意度", "服务对象满意度指标", "≥90%"),
    ]


@pytest.fixture(scope="module")
def index() -> Index:
    return Index.build(_corpus())


def _labels(draft: Draft) -> set[str]:
    return {short_label(s.level2) for s in draft.indicators}


def test_every_line_is_justified_and_the_set_is_complete(index: Index) -> None:
    draft = compose(
        make_request(name="社区网格员培训经费", goal="全年培训网格员300人次", amount=16), index
    )
    assert {"数量", "质量", "时效", "成本", "效益", "满意度"} <= _labels(draft)
    assert all(s.reason for s in draft.indicators)
    assert not [s.name for s in draft.indicators if lexicon.is_filler(s.name)]
    assert [t.key for t in draft.types][0] == "training"


def test_satisfaction_names_the_group_served(index: Index) -> None:
    draft = compose(make_request(name="社区网格员培训经费", amount=16), index)
    satisfaction = [s for s in draft.indicators if short_label(s.level2) == "满意度"]
    assert [s.name for s in satisfaction] == ["参训学员满意度"]
    assert satisfaction[0].annual_value.text() == "≥90%"


def test_facts_of_the_goal_are_all_kept(index: Index) -> None:
    goal = "为全区80岁以上老年人提供助餐服务，每餐补贴3元，全年服务1.2万人次，10月底前完成，食物中毒零发生"
    draft = compose(make_request(name="老年人助餐补贴", goal=goal, amount=36, year=2027), index)
    assert draft.facts and all(f.kept for f in draft.facts)
    values = {s.annual_value.text() for s in draft.indicators}
    assert {"=1.2万人次", "=3元/餐", "2027年10月底前", "=0起"} <= values


def test_counts_only_the_project_knows_are_slots_with_real_references(index: Index) -> None:
    draft = compose(make_request(name="社区网格员培训经费", amount=16), index)
    count = next(s for s in draft.indicators if s.name == "培训人次")
    assert count.annual_value.pending and count.annual_value.text() == "≥【请填写】人次"
    assert "600" in count.reference
    assert not [
        s for s in draft.indicators if s.annual_value.number == 600
    ]  # never invented or copied
    assert any(f.code == "V020" for f in draft.findings)  # 待填写 is a warning, not unmeasurable
    assert not any(f.code == "V001" for f in draft.findings)


def test_a_twin_gives_its_whole_set_with_its_counts_as_slots(index: Index) -> None:
    draft = compose(make_request(name="2025年网格员业务培训经费", amount=16), index)
    assert draft.twin == "2023年网格员业务培训经费"
    from_twin = {s.name: s for s in draft.indicators if s.reason.startswith("相似项目")}
    assert {"培训考核合格率", "培训计划完成时间"} <= set(from_twin)
    assert from_twin["培训计划完成时间"].annual_value.text().startswith("2025年")
    assert from_twin["培训班次"].annual_value.pending and "8期" in from_twin["培训班次"].reference


def test_a_near_duplicate_is_one_line(index: Index) -> None:
    names = [
        s.name
        for s in compose(make_request(name="2025年网格员业务培训经费", amount=16), index).indicators
    ]
    assert not {"培训合格率", "培训考核合格率"} <= set(names), names


def test_a_twin_needs_nearly_the_same_name(index: Index) -> None:
    assert (
        compose(make_request(name="网格员培训经费", amount=16), index).twin
        == "2023年网格员业务培训经费"
    )
    assert compose(make_request(name="社区网格员培训经费", amount=16), index).twin is None


def test_fitting_real_lines_join_and_foreign_ones_do_not(index: Index) -> None:
    from assistant.draft.candidates import Context, real_lines
    from assistant.project_types import recognise

    request = make_request(name="社区网格员培训经费", amount=16, count=12)
    lines = {
        c.suggestion.name: c.suggestion
        for c in real_lines(Context.make(request, index, set(), recognise(request.name)))
    }
    assert "学员结业率" in lines and lines["学员结业率"].reason.startswith("相近真实指标")
    assert "学员结业率" in [s.name for s in compose(request, index).indicators]
    assert "营养改善计划覆盖率" not in lines  # another type's strong subject
    assert "乡村旅游游客接待率" not in lines  # a subject neither the project nor its type names
    assert "食品安全监管人员培训" not in lines  # 培训 is the project's, 监管 another type's subject


def test_standard_lines_cite_their_real_support(index: Index) -> None:
    draft = compose(make_request(name="社区网格员培训经费", amount=16), index)
    line = next(s for s in draft.indicators if s.name == "培训考核合格率")
    assert line.evidence and line.evidence[0].name == "培训考核合格率"


def test_a_short_name_the_goal_gives_a_count_is_kept(index: Index) -> None:
    draft = compose(
        make_request(name="政务服务大厅运维", goal="保障大厅正常运行，年办件量45万件", amount=120),
        index,
    )
    assert "年办件量" in [s.name for s in draft.indicators]


def test_no_indicator_of_another_kind(index: Index) -> None:
    """The IT project's 应用平台建设完成率 never reaches a road repair."""
    draft = compose(make_request(name="城区道路维修工程", goal="维修城区道路", amount=800), index)
    assert not [s.name for s in draft.indicators if "平台" in s.name or "系统" in s.name]
    assert {t.key for t in draft.types} >= {"construction"}


def test_forced_type_and_unknown_type(index: Index) -> None:
    draft = compose(make_request(name="量子纠缠观测站", types=["research"]), index)
    assert draft.types[0].key == "research" and draft.types[0].forced
    with pytest.raises(InputError, match="没有「火箭」这个项目类型"):
        make_request(name="量子纠缠观测站", types=["火箭"])


def test_unknown_project_is_low_confidence_and_asks_for_a_type(index: Index) -> None:
    draft = compose(make_request(name="量子纠缠观测站"), index)
    assert draft.confidence == "low" and draft.types[0].key == "general"
    assert any("--type" in n for n in draft.notices)
    assert {"数量", "质量", "时效", "成本", "效益"} <= _labels(draft)


def test_contradictory_counts_become_a_slot_with_both_numbers(index: Index) -> None:
    goal = "全区共有1200名困难老人，全年为1500名老人提供助餐服务"
    draft = compose(make_request(name="老年人助餐补贴", goal=goal, amount=36), index)
    slot = next(s for s in draft.indicators if s.annual_value.pending and "1200" in s.reference)
    assert "1500" in slot.reference
    assert any("两个不同的数" in n for n in draft.notices)
    assert not [s for s in draft.indicators if s.annual_value.number in (1200, 1500)]


def test_the_users_goal_is_never_changed(index: Index) -> None:
    goal = "保障平台稳定运行"
    draft = compose(make_request(name="综治信息平台运维", goal=goal, amount=17), index)
    assert draft.given_goal == goal and draft.goal != goal


def test_slots_are_filled_with_set(index: Index) -> None:
    draft = compose(make_request(name="社区网格员培训经费", amount=16), index)
    filled = fill_slots(draft, {"培训人次": "300"})
    count = next(s for s in filled.indicators if s.name == "培训人次")
    assert count.annual_value.text() == "≥300人次" and not count.annual_value.pending
    with pytest.raises(InputError, match="待填写的指标：.*培训班次"):
        fill_slots(draft, {"不存在的指标": "3"})


def test_draft_is_deterministic(index: Index) -> None:
    request = make_request(name="全区网格员补助", goal="保障网格员补助按时足额发放", amount=737.4)
    assert compose(request, index).model_dump_json() == compose(request, index).model_dump_json()


def test_2021_framework_puts_cost_first_level(index: Index) -> None:
    draft = compose(make_request(name="公务用车购置经费", amount=18, framework="2021"), index)
    cost = [s for s in draft.indicators if short_label(s.level2) == "成本"]
    assert cost and all(s.level1 == "成本指标" and s.level2 == "经济成本指标" for s in cost)


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"name": "网"}, "「项目名称」太短"),
        ({"name": "网格员补助", "amount": -5}, "正数"),
        ({"name": "网格员补助", "framework": "2019"}, "指标框架"),
        ({"name": "网格员补助", "count": 30}, "6–12"),
    ],
)
def test_bad_requests_are_refused_in_chinese(fields: dict[str, Any], fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        make_request(**fields)


def test_goal_paragraph_reads_as_prose_with_counts_first() -> None:
    from assistant.draft.goal import write_goal
    from assistant.schema import Suggestion

    def s(level2: str, name: str, value: str) -> Suggestion:
        level1 = (
            "满意度指标"
            if level2.startswith("服务对象")
            else "效益指标"
            if "效益" in level2
            else "产出指标"
        )
        return Suggestion.from_text(level1=level1, level2=level2, name=name, annual_value=value)

    chosen = [
        s("质量指标", "系统正常运行率", "≥99%"),
        s("时效指标", "故障响应时间", "≤2小时"),
        s("数量指标", "运维设备数量", "=120台"),
        s("社会效益指标", "业务办理线上化率", "≥90%"),
    ]
    goal = write_goal(make_request(name="平台运维", goal="保障平台稳定运行。", amount=17), chosen)
    assert goal == (
        "保障平台稳定运行，年内实现运维设备数量120台、系统正常运行率不低于99%、故障响应时间不超过2小时，"
        "项目支出控制在预算17万元以内，业务办理线上化率不低于90%。"
    )


def test_budget_year_is_next_year_in_the_second_half() -> None:
    from datetime import date

    from assistant.stated import budget_year

    assert make_request(name="网格员补助", year=2025).budget_year() == 2025
    assert make_request(name="2023年网格员培训经费").budget_year() == 2023  # the name says so
    assert make_request(name="2025金安国际网球公开赛").budget_year() == 2025
    assert budget_year(date(2026, 11, 28)) == 2027
    assert budget_year(date(2026, 7, 1)) == 2027
    assert budget_year(date(2026, 6, 30)) == 2026


# --- end to end, on the shipped corpus ---


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_draft_cli_json_type_set_and_bad_input() -> None:
    base = ["draft", "--name", "社区网格员培训经费", "--amount", "16"]
    out = _cli(*base, "--set", "培训人次=300", "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert 6 <= len(data["indicators"]) <= 12 and data["types"][0]["key"] == "training"
    count = next(i for i in data["indicators"] if i["name"] == "培训人次")
    assert count["annual_value"]["raw"] == "≥300人次" and not count["annual_value"]["pending"]
    assert {"reason", "reference", "evidence"} <= set(data["indicators"][0])
    bad_type = _cli(*base, "--type", "火箭")
    assert (
        bad_type.returncode == 2
        and "可选" in bad_type.stderr
        and "Traceback" not in bad_type.stderr
    )
    bad_set = _cli(*base, "--set", "不存在=3")
    assert bad_set.returncode == 2 and "待填写的指标" in bad_set.stderr
    bad_amount = _cli("draft", "--name", "社区网格员培训经费", "--amount", "十六")
    assert bad_amount.returncode == 2 and "金额" in bad_amount.stderr


def test_draft_export_carries_evidence_and_keeps_an_existing_file(tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "草稿.xlsx"
    cmd = [
        "draft",
        "--name",
        "社区网格员培训经费",
        "--goal",
        "全年培训网格员300人次",
        "--amount",
        "16",
        "-o",
        str(out),
        "--format",
        "xlsx",
    ]
    first = _cli(*cmd)
    assert first.returncode == 0, first.stderr
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    header = next(r for r in rows if r and "三级指标" in r)
    column = header.index("依据（相似的真实指标）")
    body = [r for r in rows[rows.index(header) + 1 :] if r[header.index("三级指标")]]
    assert body and sum(bool(r[column]) for r in body) >= len(body) - 2
    again = _cli(*cmd)
    assert again.returncode == 2 and "--force" in again.stderr
    assert _cli(*cmd, "--force").returncode == 0


def test_core_name_drops_years_places_and_funding_words() -> None:
    from assistant.draft.twin import core_name

    assert core_name("2024年白云区来穗人员服务管理经费") == "来穗人员服务管理"
    assert (
        core_name("（百千万）白云区网格化社会综合治理平台建设项目") == "网格化社会综合治理平台建设"
    )
    assert core_name("城区道路维修工程") == "城区道路维修工程"  # 城区 is no place prefix


def test_the_users_own_earlier_table_is_the_twin_and_says_so() -> None:
    records = _corpus()
    own = [
        r.model_copy(
            update={"origin": "user", "project": "2024年网格员业务培训经费", "id": f"U{i:04d}"}
        )
        for i, r in enumerate(records)
        if r.project == "2023年网格员业务培训经费"
    ]
    index = Index.build(records + own)
    draft = compose(make_request(name="2025年网格员业务培训经费", amount=16), index)
    assert draft.twin == "2024年网格员业务培训经费"
    assert any(s.reason.startswith("相似项目「本单位往年") for s in draft.indicators)
