"""The seed table (packed format) reads completely and correctly."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.schema import Indicator, Table
from assistant.tables import read_table
from assistant.tables.packed import looks_packed, parse_item, split_items


@pytest.fixture
def seed(seed_path: Path) -> Table:
    return read_table(seed_path)


def _find(table: Table, project: str, name: str) -> Indicator:
    p = next(p for p in table.projects if project in p.name)
    return next(i for i in p.indicators if i.name == name)


def test_counts(seed: Table) -> None:
    assert len(seed.projects) == 16
    assert sum(len(p.indicators) for p in seed.projects) == 73
    assert seed.issues == []


def test_amounts_sum_to_the_total(seed: Table) -> None:
    assert seed.total == pytest.approx(1989.76)
    assert sum(p.amounts.total or 0 for p in seed.projects) == pytest.approx(1989.76)
    assert all(p.amounts.total == p.amounts.fiscal for p in seed.projects)


def test_department_row_is_not_a_project(seed: Table) -> None:
    assert seed.department == "中共广州市白云区区委政法委员会"
    assert all(p.name not in ("合计", seed.department) for p in seed.projects)
    assert all(p.department == seed.department for p in seed.projects)


def test_response_time_is_a_cap_in_hours(seed: Table) -> None:
    value = _find(seed, "矛盾纠纷", "维护及时时间").annual_value
    assert (value.operator, value.number, value.unit) == ("≤", 48, "小时")


def test_camera_count(seed: Table) -> None:
    value = _find(seed, "2082支", "购买/租赁硬件数量计划完成率").annual_value
    assert (value.number, value.unit) == (2082, "支")


def test_vague_value(seed: Table) -> None:
    value = _find(seed, "公费医疗", "通过提高政法工作人员医疗保障，提高政法工作效率").annual_value
    assert value.raw == "提高"
    assert value.measurable is False


def test_categories_keep_their_codes(seed: Table) -> None:
    ind = _find(seed, "公费医疗", "医疗定点报销比例%")
    assert (ind.level1, ind.level2) == ("产出指标", "数量指标")
    assert (ind.level1_raw, ind.level2_raw) == ("1-产出指标", "11-数量指标")
    sustain = _find(seed, "公费医疗", "通过提高政法工作人员医疗保障，提高政法工作效率")
    assert sustain.level2 == "可持续影响指标"


def test_sources_point_at_rows(seed: Table) -> None:
    first = seed.projects[0]
    assert first.origin == "seed-baiyun-zhengfawei-2024.txt 第12行"
    assert first.indicators[1].source == "seed-baiyun-zhengfawei-2024.txt 第12行 第2项"


def test_packed_helpers(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    assert looks_packed(text)
    items = split_items(
        "1、1-产出指标；11-数量指标；登记率；实施周期指标值:100%；年度指标值:95%。2、3-满意度指标；31-服务对象满意度；群众满意度；实施周期指标值:；年度指标值:≥90%。"
    )
    assert len(items) == 2
    assert parse_item(items[1]) == {
        "level1": "3-满意度指标",
        "level2": "31-服务对象满意度",
        "name": "群众满意度",
        "annual_value": "≥90%",
    }
