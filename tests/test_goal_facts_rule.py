"""P021: the goal's unit price × its count far from the budget."""

from __future__ import annotations

import pytest

from assistant.checks import check_project
from assistant.schema import Amounts, Indicator, Project


def _p(goal: str, budget: float) -> Project:
    ind = Indicator.from_text(
        level1="产出指标", level2="数量指标", name="服务人次", annual_value="=1人次"
    )
    return Project(name="某项目", goal=goal, amounts=Amounts(total=budget), indicators=[ind])


def _p021(project: Project) -> list[str]:
    return [f.message for f in check_project(project).findings if f.code == "P021"]


def test_a_price_and_count_far_from_the_budget() -> None:
    found = _p021(_p("为全区80岁以上老年人提供助餐服务，每餐补贴3元，全年服务1.2万人次", 36))
    assert (
        len(found) == 1
        and "3.6 万元" in found[0]
        and "36 万元" in found[0]
        and "1.2万人次" in found[0]
    )


@pytest.mark.parametrize(
    ("goal", "budget"),
    [
        (
            "2024年全委共政府雇员编制17人，按每人3000元预算编制公用经费支出",
            5.1,
        ),  # 17 × 3000元 = 5.1万
        ("按每人每月500元标准为3454名网格员发放补助", 2072.4),  # × 12 months
        ("全区各镇、街3454个网格，每个网格员每月500元", 737.4),  # grids are not people: no product
        ("保障平台稳定运行", 17),
    ],
)
def test_figures_that_agree_or_cannot_be_multiplied_say_nothing(goal: str, budget: float) -> None:
    assert _p021(_p(goal, budget)) == []


def test_monthly_prices_count_twelve_months() -> None:
    found = _p021(_p("按每人每月500元标准为3454名网格员发放补助", 737.4))
    assert found and "2072.4 万元" in found[0] and "12 个月" in found[0]
