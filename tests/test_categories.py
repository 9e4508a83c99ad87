"""Category names found in the wild normalise to the two frameworks; originals are kept."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.categories import (
    COST,
    LEGACY,
    MODERN,
    VALID_PAIRS,
    clean_label,
    is_cost,
    level1_of,
    normalise_pair,
    short_label,
    to_framework,
)
from assistant.schema import Indicator

WILD = [
    ("1-产出指标", "11-数量指标", "", ("产出指标", "数量指标")),
    ("2-效益指标", "22-社会效益", "", ("效益指标", "社会效益指标")),
    ("2-效益指标", "24-可持续影响", "", ("效益指标", "可持续影响指标")),
    ("3-满意度指标", "31-服务对象满意度", "", ("满意度指标", "服务对象满意度指标")),
    ("项目产出", "产出数量", "", ("产出指标", "数量指标")),
    ("项目产出", "产出质量", "", ("产出指标", "质量指标")),
    ("项目效果", "社会效益", "", ("效益指标", "社会效益指标")),
    ("项目完成指标", "质量指标", "", ("产出指标", "质量指标")),
    ("效益指标", "社会效益指标", "", ("效益指标", "社会效益指标")),
    ("满意度指标", "服务对象满意度", "", ("满意度指标", "服务对象满意度指标")),
    ("产出指标", "数量指标(必填硬性指标)", "", ("产出指标", "数量指标")),
    ("★产出指标", "★★★质量指标", "", ("产出指标", "质量指标")),
    ("满意度指标(10分)", "服务对象满意度", "", ("满意度指标", "服务对象满意度指标")),
    ("预期产出指标", "时效指标(工期指标)", "", ("产出指标", "时效指标")),
    ("预期产出指标", "预算(或投资规模)控制指标", "", ("产出指标", "成本指标")),
    ("成本指标", "经济成本指标", "", ("成本指标", "经济成本指标")),
    ("成本指标", "社会成本指标", "", ("成本指标", "社会成本指标")),
    ("成本指标", "生态环境成本指标", "", ("成本指标", "生态环境成本指标")),
    ("成本指标", "成本指标", "", ("成本指标", "经济成本指标")),
    ("产出指标", "", "设备完好率", ("产出指标", "质量指标")),
    ("", "", "群众满意度", ("满意度指标", "服务对象满意度指标")),
    ("效益指标", "质量指标", "政策知晓率", ("效益指标", "社会效益指标")),
]


@pytest.mark.parametrize(("level1", "level2", "name", "expected"), WILD)
def test_wild_names_normalise(
    level1: str, level2: str, name: str, expected: tuple[str, str]
) -> None:
    assert normalise_pair(level1, level2, name) == expected


@pytest.mark.parametrize(
    ("level1", "expected"), [("满意度指标", "服务对象满意度指标"), ("成本指标", "经济成本指标")]
)
def test_a_level1_with_one_possible_level2_needs_no_level2(level1: str, expected: str) -> None:
    # Fixed: a blank 二级 under 满意度/成本 used to depend on the name giving a hint.
    assert normalise_pair(level1, "", "政法工作评价") == (level1, expected)
    assert normalise_pair("社会公众或服务对象满意度指标", "", "") == (
        "满意度指标",
        "服务对象满意度指标",
    )


def test_level2_decides_when_level1_disagrees() -> None:
    assert normalise_pair("满意度指标", "数量指标", "举办活动次数") == ("产出指标", "数量指标")


def test_indicator_keeps_the_original_labels() -> None:
    ind = Indicator.from_text(level1="2-效益指标", level2="22-社会效益", name="平安宣传")
    assert (ind.level1, ind.level2) == ("效益指标", "社会效益指标")
    assert (ind.level1_raw, ind.level2_raw) == ("2-效益指标", "22-社会效益")


def test_canonical_labels_are_left_alone() -> None:
    ind = Indicator.from_text(level1="产出指标", level2="数量指标", name="车辆采购数量")
    assert (ind.level1_raw, ind.level2_raw) == ("", "")


@pytest.mark.parametrize(
    ("level1", "level2", "name"),
    [("过程指标", "", "项目管理"), ("过程指标", "资金管理", "项目管理"), ("", "", "其他")],
)
def test_unplaceable_pairs_are_rejected(level1: str, level2: str, name: str) -> None:
    assert normalise_pair(level1, level2, name) is None
    with pytest.raises(ValidationError, match="不属于任一指标框架"):
        Indicator.from_text(level1=level1, level2=level2, name=name)


def test_empty_name_is_rejected() -> None:
    with pytest.raises(ValidationError, match="指标名称为空"):
        Indicator.from_text(level1="产出指标", level2="数量指标", name="  ")


def test_to_framework_moves_cost_both_ways() -> None:
    assert to_framework("产出指标", "成本指标", "2021") == ("成本指标", "经济成本指标")
    assert to_framework("成本指标", "社会成本指标", "legacy") == ("产出指标", "成本指标")
    assert to_framework("成本指标", "经济成本指标", "2021") == ("成本指标", "经济成本指标")
    assert to_framework("产出指标", "成本指标", "legacy") == ("产出指标", "成本指标")
    assert to_framework("效益指标", "可持续影响指标", "2021") == ("效益指标", "可持续影响指标")


@pytest.mark.parametrize("framework", ["legacy", "2021"])
def test_to_framework_always_lands_in_the_target_tree(framework: str) -> None:
    tree = LEGACY if framework == "legacy" else MODERN
    for level1, level2 in VALID_PAIRS:
        l1, l2 = to_framework(level1, level2, framework)  # type: ignore[arg-type]
        assert l2 in tree[l1]


def test_helpers() -> None:
    assert clean_label(" 11-数量指标（必填） ") == "数量指标"
    assert level1_of("成本指标") == "产出指标"
    assert level1_of("经济成本指标", "2021") == COST
    assert is_cost("成本指标") and is_cost("生态环境成本指标") and not is_cost("数量指标")
    assert short_label("服务对象满意度指标") == "满意度"


def test_level2s_under_lists_both_frameworks_and_nothing_for_an_unknown_level1() -> None:
    from assistant.categories import level2s_under

    assert level2s_under("产出指标") == ("数量指标", "质量指标", "时效指标", "成本指标")
    assert level2s_under("成本指标") == ("经济成本指标", "社会成本指标", "生态环境成本指标")
    assert level2s_under("提高") == ()


def test_canonical_name_takes_the_name_with_or_without_its_suffix_only() -> None:
    from assistant.categories import LEVEL1_NAMES, LEVEL2_NAMES, canonical_name

    assert canonical_name(" 产出 ", LEVEL1_NAMES) == "产出指标"
    assert canonical_name("社会效益指标", LEVEL2_NAMES) == "社会效益指标"
    assert canonical_name("提高", LEVEL1_NAMES) is None
    assert canonical_name("数量", LEVEL1_NAMES) is None
    assert canonical_name("", LEVEL2_NAMES) is None
