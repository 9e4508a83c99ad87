"""#17 item 6: 换一条 offers only candidates that fit the project: none the checker rejects, none of
another kind of project (C020)."""

from __future__ import annotations

from assistant.index import Index
from assistant.schema import Amounts, CorpusRecord, Indicator, Project
from tui.engine import Engine


def record(n: int, name: str, value: str, project: str) -> CorpusRecord:
    indicator = Indicator.from_text(
        level1="产出指标", level2="质量指标", name=name, annual_value=value
    )
    return CorpusRecord(
        id=f"R{n}", origin="table", indicator=indicator, project=project, source="测试"
    )


RECORDS = [
    record(1, "培训覆盖率", "≥95%", "街道干部培训经费"),
    record(2, "应用平台建设完成率", "=100%", "智慧政务平台建设项目"),
    record(3, "培训合格率", "≥90%", "教师培训项目"),
]


def test_search_leaves_out_indicators_of_another_kind_of_project() -> None:
    index = Index.build(RECORDS)
    engine = Engine(lambda notify: index)
    project = Project(
        name="教师业务培训经费", goal="全年组织教师业务培训", amounts=Amounts(total=7)
    )
    names = [s.name for s in engine.search("培训 完成率 覆盖率 合格率 平台建设", project)]
    assert "应用平台建设完成率" not in names
    assert {"培训覆盖率", "培训合格率"} <= set(names)
