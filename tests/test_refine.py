"""Refining vague indicators: findings, measurable rewrites with evidence, the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.corpus import load_shipped
from assistant.errors import InputError
from assistant.evidence import has_no_support
from assistant.index import Index
from assistant.refine import parse_indicator_text, refine_indicator
from assistant.schema import Amounts, Indicator, Project
from assistant.tables import read_table


@pytest.fixture(scope="module")
def index() -> Index:
    from assistant.index import Index

    return Index.build(load_shipped())


def test_parse_pasted_text() -> None:
    ind = parse_indicator_text("外来人员融合率：提高融合率", "社会效益指标")
    assert (ind.level1, ind.level2, ind.name) == ("效益指标", "社会效益指标", "外来人员融合率")
    assert not ind.annual_value.measurable
    with pytest.raises(InputError):
        parse_indicator_text("：提高")


def test_rate_aim_becomes_a_percentage_target(index: Index) -> None:
    result = refine_indicator(
        parse_indicator_text("外来人员融合率：提高融合率", "社会效益指标"), index=index
    )
    assert [f.code for f in result.findings] and result.rewrites
    first = result.rewrites[0]
    assert first.name == "外来人员融合率" and first.annual_value.unit == "%"
    assert first.annual_value.operator in ("≥", "=")
    # cited by a real 融合率, or saying the library has none (other rates are no support)
    assert first.evidence or has_no_support(first)
    assert all("融合" in e.name for e in first.evidence)


def test_double_target_is_split(index: Index) -> None:
    text = "登记率：出租屋登记率达100%，来穗人员登记率达到95%"
    result = refine_indicator(parse_indicator_text(text, "数量指标"), index=index)
    names = {s.name: s.annual_value.text() for s in result.rewrites}
    assert names.get("出租屋登记率") == "=100%" and names.get("来穗人员登记率") == "≥95%"


def test_cost_gets_a_budget_cap(index: Index) -> None:
    project = Project(name="管理系统和平安白云数据专用接口项目", amounts=Amounts(total=16))
    result = refine_indicator(
        parse_indicator_text("项目成本控制情况：不高于预算", "成本指标"), project, index
    )
    assert any(s.annual_value.text() == "≤16万元" for s in result.rewrites)


def test_value_naming_another_subject(index: Index) -> None:
    result = refine_indicator(
        parse_indicator_text("系统故障减少率：全系统正常运转率达92%以上", "社会效益指标"),
        index=index,
    )
    assert result.rewrites[0].name == "全系统正常运转率"
    assert result.rewrites[0].annual_value.text() == "≥92%"


def test_every_rewrite_for_the_seeds_vague_indicators_is_measurable_and_cited(
    index: Index, seed_path: Path
) -> None:
    from assistant.checks import check_project
    from assistant.refine.project import flagged

    table = read_table(seed_path)
    vague = [
        (p, ind) for p in table.projects for ind in p.indicators if not ind.annual_value.measurable
    ]
    assert len(vague) >= 15
    with_rewrites = 0
    for project, ind in vague:
        result = refine_indicator(ind, project, index)
        assert len(result.rewrites) <= 3
        for s in result.rewrites:
            # cited, or based on the unit's own plan (its other value, its goal, a graded aim)
            assert s.annual_value.measurable and (s.evidence or s.basis == "计划标准")
            assert all(
                e.project != project.name and e.department != project.department for e in s.evidence
            )
        with_rewrites += bool(result.rewrites)
        assert flagged(project, check_project(project))
    assert with_rewrites >= len(vague) * 0.6


def test_refine_cli_json() -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant.cli.main",
            "refine",
            "外来人员融合率：提高融合率",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["findings"] and data["rewrites"]
    assert {"level1", "level2", "name", "annual_value", "evidence"} <= set(data["rewrites"][0])


def test_an_aim_gets_no_rewrite_about_another_subject(index: Index) -> None:
    """提高医疗保障 once became 是否提高检验检疫技术保障能力 (a customs form's yes/no question)."""
    refinement = refine_indicator(
        Indicator.from_text(
            level1="产出指标", level2="质量指标", name="提高医疗保障", annual_value=""
        ),
        index=index,
    )
    assert not [s.name for s in refinement.rewrites if "检验检疫" in s.name]


def test_a_count_is_not_rewritten_into_another_indicator(index: Index) -> None:
    """Without the project's own number, 按需支出 stays to be filled in; no other project's
    indicator (编外人员业绩量化考核完成率) takes its place."""
    ind = Indicator.from_text(
        level1="产出指标",
        level2="数量指标",
        name="编外人员工资福利发放人数",
        annual_value="按需支出",
    )
    refinement = refine_indicator(ind, index=index)
    assert refinement.findings and all("人数" in s.name for s in refinement.rewrites)


def test_borrowed_values_are_written_canonically(index: Index) -> None:
    from assistant.stated import budget_year

    ind = Indicator.from_text(
        level1="产出指标", level2="质量指标", name="设备正常运行率", annual_value="正常"
    )
    borrowed = [s for s in refine_indicator(ind, index=index).rewrites if s.basis == "历史标准"]
    assert borrowed and all(s.annual_value.raw == s.annual_value.text() for s in borrowed)
    late = Indicator.from_text(
        level1="产出指标", level2="时效指标", name="及时完成", annual_value="及时"
    )
    deadlines = [
        s.annual_value.raw
        for s in refine_indicator(late, index=index).rewrites
        if "年" in s.annual_value.raw
    ]
    assert all(str(budget_year()) in d for d in deadlines)


def test_an_effect_aim_becomes_a_graded_target(index: Index) -> None:
    ind = Indicator.from_text(
        level1="效益指标",
        level2="可持续影响指标",
        name="通过提高政法工作人员医疗保障，提高政法工作效率",
        annual_value="提高",
    )
    rewrites = refine_indicator(ind, index=index).rewrites
    assert ("政法工作效率提升情况", "达到预期") in [(s.name, s.annual_value.raw) for s in rewrites]
    assert all(s.annual_value.measurable for s in rewrites)
    # A rate has a number to aim at: no graded target for it.
    rate = Indicator.from_text(
        level1="效益指标", level2="生态效益指标", name="提高森林覆盖率", annual_value="提高"
    )
    assert not [
        s for s in refine_indicator(rate, index=index).rewrites if s.name.endswith("提升情况")
    ]


def test_a_rewrite_keeps_the_subject(index: Index) -> None:
    """培训人员覆盖率 and 卫生检疫人员培训覆盖率 measure other things than 巡逻覆盖率 / 网格员培训."""
    patrol = Indicator.from_text(
        level1="产出指标", level2="质量指标", name="巡逻覆盖率", annual_value="提高"
    )
    training = Indicator.from_text(
        level1="产出指标", level2="质量指标", name="网格员培训", annual_value="加强培训"
    )
    names = [
        s.name for ind in (patrol, training) for s in refine_indicator(ind, index=index).rewrites
    ]
    assert not [n for n in names if "培训人员" in n or "检疫" in n], names


def test_the_period_value_can_name_what_is_measured(index: Index) -> None:
    ind = Indicator.from_text(
        level1="产出指标",
        level2="质量指标",
        name="提高医疗保障",
        annual_value="100%",
        period_value="医疗保障率达100%",
    )
    rewrites = refine_indicator(ind, index=index).rewrites
    assert ("医疗保障率", "=100%") in [(s.name, s.annual_value.raw) for s in rewrites]


def test_a_borrowed_deadline_moves_to_the_tables_year() -> None:
    from assistant.refine.offline import _tidy
    from assistant.values import parse_value

    assert _tidy(parse_value("2021年底前"), 2024).text() == "2024年底前"
