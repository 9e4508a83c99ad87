"""Every fact a project's description states is read: counts with units, unit prices,
deadlines, zero targets; contradictory counts are found. 25+ sentences of varied forms."""

from __future__ import annotations

import pytest

from assistant.facts import deadline_text, read_facts

COUNTS = [
    ("租赁2082支高清摄像机，覆盖全区重点区域", 2082, "支"),
    ("整治15处污水设施，清运生活垃圾", 15, "处"),
    ("保障政务服务大厅正常运行，年办件量45万件", 45, "万件"),
    ("全年组织网格员业务培训6期", 6, "期"),
    ("全年培训网格员300人次", 300, "人次"),
    ("按每人每月500元标准为3454名网格员发放补助", 3454, "名"),
    ("完成城区道路维修改造3.2万平方米，10月底前完工", 3.2, "万平方米"),
    ("为全区45所中小学购买校园安保服务", 45, "所"),
    ("在7个林场和11个乡镇实施营造林8万亩", 8, "万亩"),
    ("为1250名80周岁以上老人发放高龄津贴", 1250, "名"),
    ("受益群众不少于6万人", 6, "万人"),
    ("采购马铃薯原原种425万粒免费发放", 425, "万粒"),
    ("更换公务用车1辆", 1, "辆"),
    ("修建作业道30公里", 30, "公里"),
]


@pytest.mark.parametrize(("text", "number", "unit"), COUNTS)
def test_counts_with_units(text: str, number: float, unit: str) -> None:
    assert (number, unit) in {(c.number, c.unit) for c in read_facts(text).counts}


PRICES = [
    ("为全区80岁以上老年人提供助餐服务，每餐补贴3元", 3, "元/餐"),
    ("按每人每月500元标准发放补助", 500, "元/人·月"),
    ("按每人3000元预算编制公用经费支出", 3000, "元/人"),
    ("小学教育公用经费每生每年780元", 780, "元/生·年"),
    ("生均公用经费650元", 650, "元/生"),
    ("每个网格员每月500元", 500, "元/人·月"),
    ("每户补助2000元", 2000, "元/户"),
]


@pytest.mark.parametrize(("text", "number", "unit"), PRICES)
def test_unit_prices(text: str, number: float, unit: str) -> None:
    facts = read_facts(text)
    assert [(p.number, p.unit) for p in facts.prices] == [(number, unit)]
    assert number not in {c.number for c in facts.counts}  # a price is not a count


DEADLINES = [
    ("10月底前完工", 10, None),
    ("12月31日前完成全部采购", 12, 31),
    ("2024年11月底之前完成验收", 11, None),
    ("工程6月竣工", 6, None),
    ("年底前完成改造", None, None),
]


@pytest.mark.parametrize(("text", "month", "day"), DEADLINES)
def test_deadlines(text: str, month: int | None, day: int | None) -> None:
    d = read_facts(text).deadlines
    assert [(x.month, x.day) for x in d][:1] == [(month, day)]


def test_deadline_moves_to_the_budget_year() -> None:
    d = read_facts("10月底前完工").deadlines[0]
    assert deadline_text(d, 2027) == "2027年10月底前"
    assert deadline_text(None, 2027) == "2027年12月底前"


ZEROS = [
    ("安全事件零发生", "安全事件"),
    ("实现零投诉", "投诉"),
    ("确保无重大安全事故", "安全事故"),
    ("全年杜绝火灾发生", "火灾"),
    ("食物中毒为零", "食物中毒"),
]


@pytest.mark.parametrize(("text", "subject"), ZEROS)
def test_zero_targets(text: str, subject: str) -> None:
    assert subject in {z.subject for z in read_facts(text).zeros}


def test_contradictory_counts_are_found_not_picked() -> None:
    facts = read_facts("全区共有1200名困难老人，全年为1500名老人提供服务")
    assert len(facts.conflicts) == 1
    a, b = facts.conflicts[0]
    assert {a.number, b.number} == {1200, 1500}


def test_counts_of_different_things_are_no_conflict() -> None:
    assert not read_facts("培训网格员300人次，服务群众2000人").conflicts


def test_nothing_stated_nothing_read() -> None:
    facts = read_facts("保障部门日常工作顺利开展")
    assert not (facts.counts or facts.prices or facts.deadlines or facts.zeros)
