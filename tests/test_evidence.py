"""Issue 14, evidence that is evidence: never the indicator under repair nor its own table, never
a record the checker rejects, labels from the record's origin, and the same subject or a
suggestion that says it has no close real support."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus import load_shipped
from assistant.evidence import NO_SUPPORT, has_no_support, rejected, same_table, vet
from assistant.index import Index
from assistant.lexicon import same_subject
from assistant.refine import parse_indicator_text, refine_indicator
from assistant.schema import Amounts, CorpusRecord, Evidence, Indicator, Origin, Project, Suggestion
from assistant.similarity import cite
from assistant.tables import read_table


@pytest.fixture(scope="module")
def index() -> Index:
    from assistant.index import Index

    return Index.build(load_shipped())


def _record(
    name: str,
    value: str,
    level2: str,
    *,
    project: str,
    department: str = "某局",
    rid: str = "T1",
    origin: Origin = "table",
    amount: float | None = None,
    source: str = "x.txt",
) -> CorpusRecord:
    level1 = {"成本指标": "产出指标", "质量指标": "产出指标", "社会效益指标": "效益指标"}[level2]
    ind = Indicator.from_text(level1=level1, level2=level2, name=name, annual_value=value)
    return CorpusRecord(
        id=rid,
        origin=origin,
        indicator=ind,
        project=project,
        department=department,
        amount=amount,
        source=source,
    )


def test_refining_a_seed_indicator_cites_nothing_of_the_seed(index: Index, seed_path: Path) -> None:
    table = read_table(seed_path)
    for project in table.projects:
        for ind in project.indicators:
            if ind.annual_value.measurable:
                continue
            for s in refine_indicator(ind, project, index).rewrites:
                for e in s.evidence:
                    assert e.origin != "seed" and e.department != table.department, (ind.name, e)
                    assert e.name != ind.name


def test_the_indicator_under_repair_is_never_its_own_support(index: Index) -> None:
    # 「提高医疗保障」 is in the corpus (the seed); typed alone, its record must not support it
    result = refine_indicator(
        parse_indicator_text("提高医疗保障：医疗保障率达100%", "质量指标"), index=index
    )
    assert all(e.name != "提高医疗保障" for s in result.rewrites for e in s.evidence)


def test_a_record_with_an_error_is_no_support() -> None:
    from assistant.index import Index

    bad = _record(
        "公众号及设备维护成本控制", "≤0%", "成本指标", project="政法工作经费", rid="T-bad"
    )
    good = _record(
        "项目总成本", "≤30万元", "成本指标", project="社区培训项目", rid="T-good", amount=30
    )
    small = Index.build([bad, good])
    assert rejected(bad) and not rejected(good)
    project = Project(name="接口项目", amounts=Amounts(total=16))
    result = refine_indicator(
        parse_indicator_text("项目成本控制情况：不高于预算", "成本指标"), project, small
    )
    cited = {e.id for s in result.rewrites for e in s.evidence}
    assert "T-bad" not in cited
    assert result.rewrites  # the budget cap is still offered


def test_same_table_is_the_file_the_project_or_the_department_that_year() -> None:
    rec = _record(
        "培训合格率",
        "≥95%",
        "质量指标",
        project="甲项目",
        department="区委政法委",
        source="seed.txt 第3行",
    )
    assert same_table(rec, Project(name="乙项目", department="区委政法委"))
    assert same_table(rec, Project(name="乙项目", origin="seed.txt 第9行"))
    assert same_table(rec, Project(name="甲项目"))
    assert not same_table(
        rec, Project(name="乙项目", department="区教育局", origin="other.xlsx 第2行")
    )


@pytest.mark.parametrize(
    ("candidate", "target", "same"),
    [
        ("外事任务完成率", "年度工作任务完成率", False),
        ("培训（参会）人次", "补贴人次", False),
        ("★补助鱼塘面积", "维修面积", False),
        ("保障人数", "医疗保障率", False),
        ("资金执行率", "系统正常运行率", False),
        ("设备完好率", "设备完好率", True),
        ("系统正常运行率", "平台系统正常运行率", True),
        ("网格员培训人次", "网格员培训人次", True),
        ("项目总成本", "项目成本", True),
        ("年度工作任务完成率", "外事任务完成率", False),
    ],
)
def test_a_citation_measures_the_same_subject(
    index: Index, candidate: str, target: str, same: bool
) -> None:
    assert same_subject(candidate, target) is same


def test_a_suggestion_without_close_support_says_so(index: Index) -> None:
    record = next(
        r
        for r in index.records
        if r.origin == "table"
        and "培训" in r.indicator.name
        and r.indicator.annual_value.measurable
    )
    s = Suggestion.from_text(
        level1="产出指标",
        level2="数量指标",
        name="困难群众补贴发放人次",
        annual_value="≥100人次",
        evidence=[record.evidence()],
    )
    vetted = vet(s, index)
    assert vetted.evidence == [] and has_no_support(vetted) and NO_SUPPORT in vetted.reason
    assert vetted.explanation is None  # the tool's word never becomes the indicator's 指标解释


def test_labels_come_from_the_records_origin(index: Index) -> None:
    seed = next(
        r for r in index.records if r.origin == "seed" and r.project == "创平安白云工作经费"
    )
    library = next(r for r in index.records if r.origin == "library")
    assert seed.evidence().origin == "seed" and "共性指标库" not in cite(seed.evidence())
    assert "创平安白云工作经费" in cite(seed.evidence())
    assert "（共性指标库" in cite(library.evidence())
    # a record of a table whose project is unknown is not passed off as the common library
    assert "共性指标库" not in cite(
        Evidence(id="x", origin="table", name="群众安全感", value="≥90分")
    )
    assert "公开绩效表" in cite(Evidence(id="x", origin="table", name="群众安全感", value="≥90分"))
    from assistant.cli.output import evidence_text

    assert "创平安白云工作经费" in evidence_text(seed.evidence()) and "共性指标库" in evidence_text(
        library.evidence()
    )
    assert "共性指标库" not in evidence_text(
        Evidence(id="x", origin="seed", name="群众安全感", value="≥90分")
    )


def test_rewrites_from_the_indicators_own_value_cite_nothing(index: Index, seed_path: Path) -> None:
    project = next(p for p in read_table(seed_path).projects if p.name == "创平安白云工作经费")
    ind = next(i for i in project.indicators if i.name == "群众安全感")
    for s in refine_indicator(ind, project, index).rewrites:
        assert all(e.id != "original" and e.origin != "seed" for e in s.evidence)
        assert s.evidence or s.basis == "计划标准"
