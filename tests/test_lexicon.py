"""The lexicon (corpus/lexicon.toml): one test per entry kind, the satisfaction band, the filler
list, the one name key and the same-subject test."""

from __future__ import annotations

import pytest

from assistant import lexicon


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("系统正常运行率", "rate"),
        ("政策知晓度", "rate"),
        ("覆盖率", "rate"),
        ("培训人次", "count"),
        ("车辆购置数量", "count"),
        ("老年人体检数", "count"),
        ("故障响应时间", "time"),
        ("补助发放及时率", "time"),
        ("人均培训成本", "cost"),
        ("群众满意度", "satisfaction"),
        ("是否建立台账", "yes_no"),
        ("业务保障能力提升情况", "graded"),
        ("工作效率", "other"),
    ],
)
def test_measure_of_each_kind(name: str, kind: str) -> None:
    assert lexicon.measure_of(name) == kind


@pytest.mark.parametrize(
    ("kind", "yes", "no"),
    [
        ("not_rate", "工作效率", "完成率"),
        ("cost_end", "项目总成本", "完成率"),
        ("unit_cost", "人均培训成本", "项目总成本"),
        ("saving", "采购成本节约率", "项目总成本"),
        ("change", "较上年减少", "完成率"),
        ("growth", "接待人次增长率", "完成率"),
        ("negative", "安全事件发生数", "安全隐患整治率"),
        ("fixed_standard", "补助标准", "完成率"),
    ],
)
def test_each_pattern_kind_matches_and_refuses(kind: str, yes: str, no: str) -> None:
    pattern = lexicon.pattern(kind)
    assert pattern.search(yes), (kind, yes)
    assert not pattern.search(no), (kind, no)


def test_rate_ignores_words_that_are_not_rates() -> None:
    assert not lexicon.is_rate_name("工作效率")
    assert lexicon.is_rate_name("工作效率提升率")


def test_satisfaction_band_is_one_set_of_numbers() -> None:
    low, high = lexicon.satisfaction_band()
    assert (low, high) == (85.0, 95.0)
    assert low < lexicon.satisfaction_typical() < high < lexicon.satisfaction_credible_max() < 100


def test_filler_names_are_recognised_however_written() -> None:
    assert lexicon.is_filler("年度工作任务完成率")
    assert lexicon.is_filler("1.服务对象满意度(≥**%)")
    assert not lexicon.is_filler("参训学员满意度")


def test_one_name_key_for_the_forms_of_one_name() -> None:
    forms = ["1.提高群众满意度(≥**%)", "群众满意度", "★群众满意度（%）", "指标1：群众满意度"]
    assert {lexicon.name_key(f) for f in forms} == {"群众满意度"}


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("培训人次", "参训人次", True),
        ("系统正常运行率", "平台正常运行率", True),
        ("补贴人次", "培训（参会）人次", False),
        ("年度工作任务完成率", "外事任务完成率", False),
        ("面积", "★补助鱼塘面积", False),
    ],
)
def test_same_subject(a: str, b: str, same: bool) -> None:
    assert lexicon.same_subject(a, b) is same


@pytest.mark.parametrize(
    ("key", "word", "text"),
    [
        ("zero_subjects", "食物中毒", "食物中毒为零"),
        ("per", "生均", "生均公用经费650元"),
        ("price_links", "补贴", "每餐补贴3元"),
    ],
)
def test_each_goal_vocabulary_entry_kind_drives_the_goal_facts(
    key: str, word: str, text: str
) -> None:
    from assistant.facts import read_facts

    assert word in lexicon.data()["goal"][key]
    facts = read_facts(text)
    assert facts.zeros if key == "zero_subjects" else facts.prices
