"""The value parser on the forms real tables use, and its never-raise contract."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.schema import IndicatorValue, clean_value_text
from assistant.values import format_number, format_value, parse_value

# (raw, unit column, name) -> (operator, number, unit)
CASES = [
    ("≥95%", "", "", ("≥", 95, "%")),
    (">=4754人", "", "", ("≥", 4754, "人")),
    ("≧ 735", "人次", "学生受资助人数", ("≥", 735, "人次")),
    ("大于等于90%", "", "", ("≥", 90, "%")),
    ("大于等于", "", "", (None, None, None)),
    ("不少于15条", "", "", ("≥", 15, "条")),
    ("不低于98%", "", "", ("≥", 98, "%")),
    ("至少召开2次", "", "", ("≥", 2, "次")),
    ("95%以上", "", "", ("≥", 95, "%")),
    ("达到85分以上", "", "", ("≥", 85, "分")),
    ("不高于16万元", "", "", ("≤", 16, "万元")),
    ("不超过5个工作日", "", "", ("≤", 5, "个工作日")),
    ("3天以内", "", "", ("≤", 3, "天")),
    ("5%以下", "", "", ("≤", 5, "%")),
    ("48小时内解决", "", "维护及时时间", ("≤", 48, "小时")),
    ("2个以上", "", "", ("≥", 2, "个")),
    ("满意度达92%以上", "", "提高上访人员满意度", ("≥", 92, "%")),
    ("=1", "", "车辆购置数量", ("=", 1, None)),
    ("100.00%", "", "", (None, 100, "%")),
    ("≥0.97比例", "", "", ("≥", 0.97, None)),
    ("<1681680元", "", "", ("<", 1681680, "元")),
    ("１００％", "", "", (None, 100, "%")),
    ("＞＝９０％", "", "", ("≥", 90, "%")),
    ("90", "%", "", (None, 90, "%")),
    ("≥85", "百分比", "", ("≥", 85, "%")),
    ("= 116", "人", "保障在职职工人数", ("=", 116, "人")),
    ("正向 大于等于 98", "%", "使用人员满意度", ("≥", 98, "%")),
    ("反向 小于等于 12", "万元", "车辆购置成本", ("≤", 12, "万元")),
    ("1,030,700.00元", "", "", (None, 1030700, "元")),
]


@pytest.mark.parametrize(("raw", "unit", "name", "expected"), CASES)
def test_parses_real_forms(raw: str, unit: str, name: str, expected: tuple[object, ...]) -> None:
    value = parse_value(raw, unit, name)
    assert (value.operator, value.number, value.unit) == expected
    assert value.raw == raw
    assert value.measurable is (expected[1] is not None)


@pytest.mark.parametrize(
    "raw", ["提高", "增加功能", "按需支出", "正常开展", "有效提升", "进一步完善"]
)
def test_vague_texts_are_not_measurable(raw: str) -> None:
    value = parse_value(raw)
    assert value.number is None
    assert value.qualitative == raw
    assert value.measurable is False


def test_percentage_completed_beside_a_non_rate_name_is_vague() -> None:
    assert parse_value("100%完成", name="推进平安创建").measurable is False
    assert parse_value("100%达标", name="接访受理案件").measurable is False
    assert parse_value("100%完成", name="项目计划完成率").measurable is True


@pytest.mark.parametrize("raw", ["2024年12月31日前", "11月底之前", "12月底前完成"])
def test_deadlines_are_measurable_caps(raw: str) -> None:
    value = parse_value(raw)
    assert value.operator == "≤"
    assert value.number is None
    assert value.measurable is True


@pytest.mark.parametrize("raw", ["是", "优", "达标", "按时完成"])
def test_graded_or_yes_no_scales_are_measurable(raw: str) -> None:
    assert parse_value(raw).measurable is True


def test_unit_column_does_not_override_the_cells_own_unit() -> None:
    assert parse_value("≥4754人次", "人").unit == "人次"


def test_empty_value() -> None:
    assert parse_value(None) == IndicatorValue(raw="")
    assert parse_value("   ").measurable is False


def test_format_value_and_number() -> None:
    assert format_value(parse_value("大于或等于15条")) == "≥15条"
    assert format_value(parse_value("48小时内解决")) == "≤48小时"
    assert format_value(parse_value("提高")) == "提高"
    assert format_number(2082.0) == "2082"
    assert format_number(1989.76) == "1989.76"
    assert format_number(0.97) == "0.97"


def test_as_written_prefers_the_original_text() -> None:
    value = parse_value("完好率不低于98%")
    assert value.as_written() == "完好率不低于98%"
    assert IndicatorValue(operator="≥", number=95, unit="%").as_written() == "≥95%"


@settings(max_examples=300, deadline=None)
@given(st.text(), st.text(max_size=8), st.text(max_size=20))
def test_never_raises_and_keeps_raw(raw: str, unit: str, name: str) -> None:
    value = parse_value(raw, unit, name)
    assert isinstance(value, IndicatorValue)
    assert value.raw == clean_value_text(raw)  # raw as written, normalised at the schema (issue 13)
    assert isinstance(value.text(), str)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["", "≥", "≤", "大于等于", "不少于", "不超过", "＞＝", "="]),
    st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False),
    st.sampled_from(["", "%", "人", "小时", "万元", "个", "％"]),
    st.sampled_from(["", "以上", "以内", "以下"]),
)
def test_numbers_survive_any_wrapping(prefix: str, number: object, unit: str, suffix: str) -> None:
    raw = f"{prefix}{number}{unit}{suffix}"
    value = parse_value(raw)
    assert value.number == pytest.approx(float(str(number)))
    assert value.raw == raw


def test_a_value_text_is_parsed_once_and_shared_immutably() -> None:
    """A table repeats its value texts: cells of one text share one parsed value, which no
    one can change under the others."""
    from pydantic import ValidationError

    first, again = parse_value("≥95%", name="合格率"), parse_value("≥95%", name="合格率")
    assert first is again and first.number == 95
    with pytest.raises(ValidationError):
        first.number = 90  # type: ignore[misc]
    changed = first.model_copy(update={"number": 90.0})
    assert changed.number == 90 and parse_value("≥95%", name="合格率").number == 95
    # 「100%完成」 beside a name that is not a rate: its own value, not the shared one changed
    done = parse_value("100%完成", name="培训")
    assert not done.measurable and parse_value("100%完成", name="完成率").measurable
