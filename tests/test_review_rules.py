"""Issue 14: scores that mean something, one consistent satisfaction target, the rules reviewers
apply (each on small built projects, for and against), and the seed's findings pinned."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.checks import RULES, check_indicator, check_project, check_table
from assistant.checks.score import FEW_CAP
from assistant.index import Index
from assistant.schema import Amounts, Finding, Indicator, Project, Table
from assistant.tables import read_table
from assistant.targets import SATISFACTION_TYPICAL, satisfaction_target

SEED_FINDINGS = Path(__file__).parent / "data" / "seed-findings.tsv"


def _ind(
    name: str,
    value: str,
    level2: str = "质量指标",
    level1: str = "产出指标",
    period: str | None = None,
    explanation: str | None = None,
) -> Indicator:
    return Indicator.from_text(
        level1=level1,
        level2=level2,
        name=name,
        annual_value=value,
        period_value=period,
        explanation=explanation,
    )


GOOD = [
    _ind("培训人次", "≥500人次", "数量指标"),
    _ind("培训合格率", "≥95%", "质量指标"),
    _ind("培训完成时间", "2024年12月31日前", "时效指标"),
    _ind("培训总成本", "≤20万元", "成本指标"),
    _ind("居民健康知识知晓率", "≥85%", "社会效益指标", "效益指标"),
    _ind("培训学员满意度", "≥90%", "服务对象满意度指标", "满意度指标"),
]


def _project(
    indicators: list[Indicator],
    goal: str = "为辖区居民开展健康培训",
    total: float | None = 20.0,
    name: str = "社区居民健康培训项目",
    **amounts: float,
) -> Project:
    return Project(
        name=name, goal=goal, amounts=Amounts(total=total, **amounts), indicators=indicators
    )


def _codes(found: list[Finding]) -> list[str]:
    return [f.code for f in found]


def _one(ind: Indicator, project: Project | None = None) -> list[str]:
    return _codes(check_indicator(ind, project))


# --- scores -----------------------------------------------------------------------------------


def test_a_project_without_indicators_is_an_error_and_scores_zero() -> None:
    report = check_project(_project([]))
    assert [f.code for f in report.findings if f.severity == "error"] == ["P004"]
    assert "没有任何绩效指标" in report.findings[0].message
    assert report.score == 0


def test_fewer_than_three_indicators_is_an_error_and_a_low_score() -> None:
    report = check_project(_project(GOOD[:2]))
    assert RULES["P004"].severity == "error" and "P004" in _codes(report.findings)
    assert report.score <= FEW_CAP
    assert check_project(_project(GOOD)).score == 100


def test_check_fail_on_error_fails_and_the_total_says_so(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text(
        json.dumps({"projects": [{"name": "没有指标的项目", "goal": "x"}]}, ensure_ascii=False),
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "assistant.cli.main", "check", str(path), "--fail-on", "error"],
        capture_output=True,
        text=True,
        env={"COLUMNS": "200", "PATH": ""},
    )
    assert run.returncode == 1, run.stderr
    assert "平均 0 分" in run.stdout and "1 个项目没有任何指标" in run.stdout


def test_batch_figures_count_projects_without_indicators() -> None:
    from assistant.batch.results import ProjectResult
    from assistant.batch.summary import batch_figures
    from assistant.refine.project import ProjectSuggestions

    table = Table(projects=[_project(GOOD), _project([], name="空项目")])
    results = {
        i: ProjectResult(
            position=i,
            name=p.name,
            suggestions=ProjectSuggestions(project=p.name, report=check_project(p)),
        )
        for i, p in enumerate(table.projects)
    }
    figures = batch_figures(table, results)
    assert figures.empty == 1 and figures.average_score == 50.0
    from assistant.batch.report_text import overview

    cards = {label: (figure, detail) for label, figure, detail in overview(figures)}
    assert cards["平均得分"] == ("50.0", "满分 100；1 个项目没有任何指标，记 0 分")


# --- one satisfaction target ---------------------------------------------------------------------


def test_satisfaction_of_100_gets_one_finding_with_the_one_target() -> None:
    ind = _ind(
        "提高上访人员满意度", "100%", "服务对象满意度指标", "满意度指标", period="满意度达92%以上"
    )
    found = check_indicator(ind, _project([ind]))
    target_findings = [f for f in found if f.code in ("V003", "V010", "V011")]
    assert [f.code for f in target_findings] == ["V011"]
    assert (
        "不可信" in target_findings[0].message and satisfaction_target() in target_findings[0].hint
    )
    assert "≥100%" not in " ".join(f.hint for f in found)


@pytest.mark.parametrize(
    ("value", "flagged"),
    [
        ("≥85%", False),
        ("≥90%", False),
        ("≥95%", False),
        ("≥98%", True),
        ("100%", True),
        ("≥80%", True),
    ],
)
def test_satisfaction_band(value: str, flagged: bool) -> None:
    ind = _ind("服务对象满意度", value, "服务对象满意度指标", "满意度指标")
    assert ("V011" in _one(ind)) is flagged


def test_every_hint_and_prompt_states_the_same_target() -> None:
    from assistant.checks.hints import measurable_value
    from assistant.llm import load_prompt

    vague = _ind("服务对象满意度", "满意", "服务对象满意度指标", "满意度指标")
    assert satisfaction_target() in measurable_value(vague, None)
    system = (
        load_prompt("refine")
        .render(**{v: "" for v in load_prompt("refine").variables})
        .messages[0]["content"]
    )
    assert f"满意度目标写「{satisfaction_target()}」" in system and "98%" not in system


def test_refine_hint_and_every_rewrite_agree(index: Index) -> None:
    from assistant.refine import parse_indicator_text, refine_indicator

    result = refine_indicator(
        parse_indicator_text("服务对象满意度：满意", "服务对象满意度指标"), index=index
    )
    assert result.rewrites
    assert {s.annual_value.text() for s in result.rewrites} == {f"≥{SATISFACTION_TYPICAL:g}%"}
    assert all(satisfaction_target() in f.hint for f in result.findings if f.code == "V001")


@pytest.fixture(scope="module")
def index() -> Index:
    from assistant.corpus import load_shipped
    from assistant.index import Index

    return Index.build(load_shipped())


# --- rules reviewers apply -------------------------------------------------------------------------


def test_b005_funds_must_add_up() -> None:
    bad = _project(GOOD, total=20.0, fiscal=15.0, other=4.0)
    found = [f for f in check_project(bad).findings if f.code == "B005"]
    assert (
        len(found) == 1 and "财政拨款 15" in found[0].message and "相差 1 万元" in found[0].message
    )
    assert "B005" not in _codes(
        check_project(_project(GOOD, total=20.0, fiscal=15.0, other=4.95)).findings
    )
    assert "B005" not in _codes(
        check_project(_project(GOOD, total=20.0)).findings
    )  # nothing to add


def test_t001_the_total_row_equals_the_projects() -> None:
    projects = [_project(GOOD, total=20.0), _project(GOOD, total=7.0, name="另一个项目")]
    assert _codes(check_table(Table(projects=projects, total=30.0))) == ["T001"]
    assert check_table(Table(projects=projects, total=27.05)) == []
    assert check_table(Table(projects=projects)) == []


def test_v013_a_year_outside_the_budget_year() -> None:
    late = _ind("项目完成时间", "2025年6月30日前", "时效指标")
    dated = _project([late], goal="2024年为辖区居民开展健康培训")
    found = [f for f in check_indicator(late, dated) if f.code == "V013"]
    assert len(found) == 1 and "2025年" in found[0].message and "2024 年" in found[0].message
    assert "V013" not in _one(_ind("项目完成时间", "2024年12月31日前", "时效指标"), dated)
    # the year comes from the project when it has one, and plan periods in the goal do not count
    assert "V013" in _one(
        late, dated.model_copy(update={"year": 2024, "goal": "依据《规划（2017-2020年）》"})
    )
    assert "V013" not in _one(
        late, dated.model_copy(update={"goal": "依据《规划（2017-2020年）》开展"})
    )


@pytest.mark.parametrize(
    ("name", "value", "code"),
    [
        ("苗木成活率(≥**%)", "≥95%", "N005"),
        ("★补助鱼塘面积", "≥100亩", "N005"),
        ("培训覆盖率", "≥95百分比百分比", "N005"),
        ("设备数量", "=12个个", "N005"),
        ("培训合格率", "≥**%", "V016"),
    ],
)
def test_template_leftovers(name: str, value: str, code: str) -> None:
    codes = _one(_ind(name, value))
    assert code in codes
    assert "N002" not in codes  # one finding per problem
    if code == "V016":
        assert "V001" not in codes


def test_no_template_finding_on_a_clean_indicator() -> None:
    assert not {"N005", "V016"} & set(_one(_ind("设备验收合格率", "=100%")))
    # reduplicated words are Chinese, not a doubled unit
    assert "N005" not in _one(_ind("广播电视户户通覆盖率", "≥95%"))
    assert "N005" not in _one(_ind("群众诉求件件有回音率", "=100%"))


def test_b006_a_cost_is_capped_not_floored() -> None:
    project = _project(GOOD)
    assert "B006" in _one(_ind("培训总成本", "≥18万元", "成本指标"), project)
    assert "B006" not in _one(_ind("培训总成本", "≤18万元", "成本指标"), project)
    assert "B006" not in _one(_ind("较上年节约成本比例", "≥5%", "成本指标"), project)


def test_b007_the_whole_budget_on_one_sub_item() -> None:
    project = _project(GOOD, total=447.0, name="政法工作经费")
    item = _ind("公众号及设备维护成本", "≤447万元", "成本指标")
    found = [f for f in check_indicator(item, project) if f.code == "B007"]
    assert len(found) == 1 and "447 万元" in found[0].message
    assert "B007" not in _one(_ind("项目总成本", "≤447万元", "成本指标"), project)
    assert "B007" not in _one(_ind("政法工作经费支出", "≤447万元", "成本指标"), project)
    assert "B007" not in _one(_ind("公众号及设备维护成本", "≤20万元", "成本指标"), project)


def test_p006_goal_promises_that_no_indicator_carries() -> None:
    goal = "全年培训网格员500人次，6月底前完成全部培训，实现安全事故零发生。"
    found = [f for f in check_project(_project(GOOD[1:], goal=goal)).findings if f.code == "P006"]
    assert len(found) == 1
    assert (
        "500人次" in found[0].message and "6月底前" not in found[0].message
    )  # a 时效 indicator carries it
    assert "零发生" in found[0].message
    carried = [*GOOD, _ind("安全事故发生次数", "=0次", "社会效益指标", "效益指标")]
    assert "P006" not in _codes(check_project(_project(carried, goal=goal)).findings)
    # money, years, per-person rates and plan periods are not promises
    money = "2024年按每人3000元标准，共20万元，依据《规划（2017-2020年）》"
    assert "P006" not in _codes(check_project(_project(GOOD, goal=money)).findings)


def test_v014_a_grade_needs_its_graded_statement() -> None:
    assert "V014" in _one(_ind("空气质量", "优良", "生态效益指标", "效益指标"))
    graded = _ind(
        "空气质量", "优良", "生态效益指标", "效益指标", explanation="分为优、良、中、差四级"
    )
    assert "V014" not in _one(graded)
    assert "V014" not in _one(_ind("是否按时完成", "是"))


def test_v015_a_rate_without_formula_where_the_table_has_explanations() -> None:
    rate = _ind("培训合格率", "≥95%")
    with_column = _project(
        [rate, _ind("培训人次", "≥500人次", "数量指标", explanation="实际培训人次")]
    )
    assert "V015" in _one(rate, with_column) and RULES["V015"].severity == "hint"
    formula = _ind("培训合格率", "≥95%", explanation="合格人数/参训人数×100%")
    assert "V015" not in _one(formula, with_column)
    assert "V015" not in _one(rate, _project([rate]))  # no 指标解释 column at all


# --- the seed, pinned ------------------------------------------------------------------------------


def _seed_rows(seed_path: Path) -> list[tuple[str, str, str]]:
    table = read_table(seed_path)
    rows = [("（全表）", "", f.code) for f in check_table(table)]
    for p in table.projects:
        rows += [(p.name, f.indicator or "", f.code) for f in check_project(p).findings]
    return rows


def test_every_seed_finding_is_where_it_should_be_and_nowhere_else(seed_path: Path) -> None:
    lines = [
        ln
        for ln in SEED_FINDINGS.read_text(encoding="utf-8").splitlines()
        if ln and not ln.startswith("#")
    ]
    expected = sorted(tuple(ln.split("\t")) for ln in lines)
    assert sorted(_seed_rows(seed_path)) == expected


def test_the_new_review_rules_on_the_seed(seed_path: Path) -> None:
    new = {"B005", "B006", "B007", "N005", "P006", "T001", "V013", "V014", "V015", "V016"}
    found = sorted((p, i, c) for p, i, c in _seed_rows(seed_path) if c in new)
    assert found == [
        ("全区网格员补助", "", "P006"),
        ("政府雇员公用经费", "", "P006"),
        ("政府雇员工资经费", "", "P006"),
    ]
    # the old hints that disagreed with V011 are gone
    rows = _seed_rows(seed_path)
    assert [c for p, i, c in rows if i == "提高上访人员满意度"] == ["N001", "V011"]


def test_one_finding_per_problem_between_v001_v003_v010() -> None:
    fusion = _ind("外来人员融合率", "100%", "社会效益指标", "效益指标", period="提高融合率")
    found = check_indicator(fusion)
    assert "V003" not in _codes(found)
    assert [f.hint for f in found if f.code == "V001"] == ["参照年度指标值写成「=100%」"]
    cars = _ind("车辆购置数量", "=1", "数量指标", period="年度计划数")
    assert "参照年度指标值写成「=1辆」" in [f.hint for f in check_indicator(cars)]
    # a rate whose values disagree: V010 names the target, V003 does not propose another
    both = _ind(
        "安全隐患整治率", "100%", "社会效益指标", "效益指标", period="提高安全隐患整治率达85%以上"
    )
    codes = _one(both)
    assert "V010" in codes and "V003" not in codes
