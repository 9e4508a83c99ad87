"""Project types (corpus/types.toml): valid data, real support for every standard indicator,
recognition from name and description, --type, and indicators of another kind."""

from __future__ import annotations

import pytest

from assistant import lexicon
from assistant.categories import VALID_PAIRS, level1_of
from assistant.errors import InputError
from assistant.project_types import ProjectType, all_types, by_key, other_kind, recognise
from assistant.values import parse_value


def test_about_thirty_types_with_distinct_keys() -> None:
    keys = [t.key for t in all_types()]
    assert len(keys) >= 30 and len(set(keys)) == len(keys)


@pytest.mark.parametrize("t", all_types(), ids=lambda t: t.key)
def test_each_type_is_complete_and_valid(t: ProjectType) -> None:
    labels = {level1_of(s.level2) for s in t.indicators}
    assert "产出指标" in labels and "效益指标" in labels, t.key
    for s in t.indicators:
        assert (level1_of(s.level2), s.level2) in VALID_PAIRS
        assert s.explanation
        if s.form in ("rate", "zero", "graded", "limit"):
            assert parse_value(s.value, name=s.name).measurable, (t.key, s.name, s.value)
        if s.form in ("count", "unit_cost"):
            assert s.unit and not s.value, (t.key, s.name)


def test_every_standard_indicator_has_real_support() -> None:
    """Each standard indicator measures the same subject as at least one real indicator."""
    from assistant.corpus import load_shipped
    from assistant.index import Index

    index = Index.build(load_shipped())
    unsupported = [
        (t.key, s.name)
        for t in all_types()
        for s in t.indicators
        if not any(
            lexicon.same_subject(s.name, h.record.indicator.name)
            for h in index.search(s.name, k=30)
        )
    ]
    assert not unsupported


@pytest.mark.parametrize(
    ("name", "goal", "first", "second"),
    [
        ("老年人助餐补贴", "每餐补贴3元", "elderly", "subsidy_person"),
        ("城区道路维修工程", "", "repair", "construction"),
        ("中小学校园安保服务购买", "", "property", None),
        ("农村人居环境整治", "", "environment", None),
        ("基层干部信息化技能培训", "", "training", "it_build"),
        ("农村公路建设补助资金", "", "construction", None),
        ("举报奖励经费", "", "enforcement", None),
    ],
)
def test_recognised_types_and_the_words_that_chose_them(
    name: str, goal: str, first: str, second: str | None
) -> None:
    found = recognise(name, goal)
    assert found[0].type.key == first and found[0].words
    assert (found[1].type.key if len(found) > 1 else None) == second


def test_the_description_alone_can_show_the_type() -> None:
    assert recognise("专项经费", "为全区困难群众发放临时救助金")[0].type.key == "relief"


def test_a_subsidy_word_in_a_road_fund_does_not_make_it_a_subsidy() -> None:
    assert "subsidy_person" not in {r.type.key for r in recognise("农村公路建设补助资金")}


def test_unknown_project_falls_back_and_forced_types_win() -> None:
    assert recognise("量子纠缠观测站")[0].type.key == "general"
    forced = recognise("量子纠缠观测站", forced=["research"])
    assert [r.type.key for r in forced] == ["research"] and forced[0].forced


def test_unknown_type_lists_the_types_in_chinese() -> None:
    with pytest.raises(InputError, match="没有「火箭」这个项目类型。可选：.*training（培训）"):
        by_key("火箭")


def test_other_kind_names_the_type_an_indicator_belongs_to() -> None:
    road = [by_key("construction"), by_key("repair")]
    other = other_kind("应用平台建设完成率", road, "城区道路维修工程")
    assert other is not None and other.key == "it_build"
    assert other_kind("工程验收合格率", road, "城区道路维修工程") is None
    school = [by_key("repair")]
    assert other_kind("发放对象准确率", school, "学校校舍改造") is not None
    # a subject word the project's own text has is not foreign
    assert other_kind("网格员培训人次", [by_key("training")], "网格员业务培训") is None


def test_a_topic_standard_applies_only_where_the_project_names_its_topic() -> None:
    """安全隐患及时整改率 belongs to a governance project that finds and fixes hazards, not to
    every governance fund (a blind review rejected it in an IT platform and a work fund)."""
    from assistant.project_types import by_key

    hazard = next(s for s in by_key("governance").indicators if s.name == "安全隐患及时整改率")
    assert not hazard.applies("政法工作经费 保障政法委机关日常运转")
    assert not hazard.applies("白云区网格化指挥调度平台数据结构和人员标签应用项目")
    assert hazard.applies("来穗工作经费 开展出租屋安全隐患排查整治")
