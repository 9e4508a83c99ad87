"""How drafted indicators are named: counts a description states (named from the words around
them, valued with their operator, or named after a sibling project's count), and borrowed names."""

from __future__ import annotations

import pytest

from assistant.corpus import load_corpus
from assistant.draft import compose, make_request
from assistant.draft.stated import stated_counts


def _named(text: str) -> dict[str, tuple[str, float, str]]:
    return {c.name: (c.operator, c.number, c.unit) for c in stated_counts(text)}


def test_counts_are_named_by_what_their_unit_measures() -> None:
    named = _named("在7个林场和11个乡镇(街道办事处)实施营造林8万亩。其中:新造林3万亩;修建作业道30公里。")
    assert named["实施营造林面积"] == ("=", 8, "万亩")
    assert named["新造林面积"] == ("=", 3, "万亩")
    assert named["修建作业道长度"] == ("=", 30, "公里")
    assert named["乡镇数量"] == ("=", 11, "个")  # not "个林场和乡镇数量"


def test_comparison_words_set_the_operator_not_the_name() -> None:
    assert _named("为水濂村带来观光游客不少于6万人") == {"水濂村带来观光游客人数": ("≥", 6, "万人")}
    assert _named("培训网格员300人次") == {"培训网格员人次": ("=", 300, "人次")}


def test_rates_money_and_periods_are_not_counts() -> None:
    assert stated_counts("检测批次达到2批次/千人，投入50万元，历时3个月，覆盖率95%") == []


@pytest.fixture(scope="module")
def index():
    from assistant.index import Index

    return Index.build(load_corpus(include_user=False))


def test_a_stated_count_takes_a_sibling_projects_name(index) -> None:
    request = make_request(
        name="政府雇员公用经费",
        goal="2024年全委共政府雇员编制17人，按每人3000元预算编制公用经费支出，主要用于保障雇员日常工作需求。",
        amount=5.1, department="中共广州市白云区区委政法委员会",
    )
    draft = compose(request, index, exclude={"政府雇员公用经费"})
    count = next(s for s in draft.indicators if s.basis == "计划标准")
    assert (count.name, count.annual_value.raw) == ("编外人员工资福利发放人数", "=17人")
    assert count.evidence[0].project == "政府雇员工资经费"


def test_the_same_department_alone_does_not_rename_a_count(index) -> None:
    request = make_request(
        name="白云区2082支高清摄像机租赁项目", goal="通过租赁高清视频图像采集点2082个，构建视频网络",
        amount=84.7, department="中共广州市白云区区委政法委员会",
    )
    draft = compose(request, index, exclude={"白云区2082支高清摄像机租赁项目"})
    count = next(s for s in draft.indicators if s.basis == "计划标准")
    assert count.name == "租赁高清视频图像采集点数量"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("受益人数(人)", "受益人数"),
        ("旅游区居民满意度(≥**%)", "旅游区居民满意度"),
        ("★★★受益脱贫户、监测户人口数(≥**户)", "受益脱贫户、监测户人口数"),
        ("指标1.药品抽检完成率", "药品抽检完成率"),
        ("其中:实施新造林总面积(亩)", "实施新造林总面积"),
        ("受益脱贫(含监测对象)户人口数", "受益脱贫含监测对象户人口数"),
    ],
)
def test_borrowed_names_drop_units_targets_and_numbering(raw: str, shown: str) -> None:
    from assistant.similarity import display_name

    assert display_name(raw) == shown
