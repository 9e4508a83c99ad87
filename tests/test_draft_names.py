"""How drafted indicators are named: counts a description states (named from the words around
them, valued with their operator, or named after a sibling project's count), and borrowed names."""

from __future__ import annotations

import pytest

from assistant.corpus import load_shipped
from assistant.draft import compose, make_request
from assistant.index import Index
from assistant.stated import stated_counts


def _named(text: str) -> dict[str, tuple[str, float, str]]:
    return {c.name: (c.operator, c.number, c.unit) for c in stated_counts(text)}


def test_counts_are_named_by_what_their_unit_measures() -> None:
    named = _named(
        "在7个林场和11个乡镇(街道办事处)实施营造林8万亩。其中:新造林3万亩;修建作业道30公里。"
    )
    assert named["实施营造林面积"] == ("=", 8, "万亩")
    assert named["新造林面积"] == ("=", 3, "万亩")
    assert named["修建作业道长度"] == ("=", 30, "公里")
    assert named["乡镇数量"] == ("=", 11, "个")  # not "个林场和乡镇数量"


def test_comparison_words_set_the_operator_not_the_name() -> None:
    assert _named("为水濂村带来观光游客不少于6万人") == {"水濂村带来观光游客人数": ("≥", 6, "万人")}
    assert _named("培训网格员300人次") == {"培训网格员人次": ("=", 300, "人次")}


def test_rates_money_and_periods_are_not_counts() -> None:
    assert stated_counts("检测批次达到2批次/千人，投入50万元，历时3个月，覆盖率95%") == []
    assert stated_counts("完成第3批老旧小区改造，建设3-5个示范点") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("租赁2082支高清摄像机，2024年12月底前完成", ("租赁高清摄像机数量", "=", 2082, "支")),
        ("受益群众6万人以上", ("受益群众人数", "≥", 6, "万人")),
        ("覆盖人口5000人以内", ("覆盖人口人数", "≤", 5000, "人")),
        ("新建300个前端摄像头", ("新建前端摄像头数量", "=", 300, "个")),
        ("为老服务中心3个", ("为老服务中心数量", "=", 3, "个")),
        ("计划生育特殊家庭扶助对象300人", ("计划生育特殊家庭扶助对象人数", "=", 300, "人")),
        ("建设和谐社区5个", ("建设和谐社区数量", "=", 5, "个")),
        ("投入资金50万元用于购买设备20台", ("购买设备数量", "=", 20, "台")),
        ("为19名百岁老人发放高龄津贴", ("百岁老人人数", "=", 19, "名")),
        ("培训1.5万人次", ("培训人次", "=", 1.5, "万人次")),
        ("惠及困难群众1.2万户", ("惠及困难群众户数", "=", 1.2, "万户")),
        ("累计超过300人参加培训", ("参加培训人数", ">", 300, "人")),
        ("全区各镇、街3454个网格", ("网格数量", "=", 3454, "个")),
        ("为全街道86名专职网格员按每人每月600元发放补助", ("专职网格员人数", "=", 86, "名")),
        ("为辖区1,250名80周岁以上老人发放高龄津贴", ("老人人数", "=", 1250, "名")),
    ],
)
def test_counts_in_realistic_descriptions(text: str, expected: tuple[str, str, float, str]) -> None:
    assert [(c.name, c.operator, c.number, c.unit) for c in stated_counts(text)] == [expected]


def test_only_the_start_of_a_very_long_description_is_read() -> None:
    from assistant.stated import MAX_TEXT

    assert stated_counts("培训网格员300人次" + "。" * MAX_TEXT) != []
    assert stated_counts("。" * MAX_TEXT + "培训网格员300人次") == []


@pytest.fixture(scope="module")
def index() -> Index:
    from assistant.index import Index

    return Index.build(load_shipped())


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("受益人数(人)", "受益人数"),
        ("旅游区居民满意度(≥**%)", "旅游区居民满意度"),
        ("★★★受益脱贫户、监测户人口数(≥**户)", "受益脱贫户、监测户人口数"),
        ("指标1.药品抽检完成率", "药品抽检完成率"),
        ("其中:实施新造林总面积(亩)", "实施新造林总面积"),
        ("受益脱贫(含监测对象)户人口数", "受益脱贫(含监测对象)户人口数"),
        ("桥梁数量（座）", "桥梁数量"),
        ("服务面积（平方公里）", "服务面积"),
        ("作物补助成本(≤**元/株)", "作物补助成本"),
        ("系统正常\n运行率", "系统正常运行率"),
        ("1.1受益人数", "受益人数"),
        ("一、受益人数", "受益人数"),
        ("1.5万人次培训", "1.5万人次培训"),
        ("指标1：", "指标1:"),
    ],
)
def test_borrowed_names_drop_units_targets_and_numbering(raw: str, shown: str) -> None:
    from assistant.similarity import display_name

    assert display_name(raw) == shown


def test_one_fact_stated_twice_gives_one_count(index: Index) -> None:
    request = make_request(
        name="政府雇员工资经费",
        goal="按17人编制数预算2024年雇员17人全年工资及相关补贴（包含五险一金），主要用于保障政府雇员人员工资支出。",
        amount=143.36,
        department="中共广州市白云区区委政法委员会",
    )
    draft = compose(request, index, exclude={"政府雇员工资经费"})
    assert [
        s.annual_value.raw for s in draft.indicators if s.reason.startswith("目标所述：17")
    ] == ["=17人"]
