"""Every search filter, alone and together, as a mask over the score vector."""

from __future__ import annotations

import pytest

from assistant.errors import InputError
from assistant.index import Index, SearchFilters
from assistant.schema import CorpusRecord, Indicator


def _record(
    n: int, name: str, level1: str, level2: str, value: str = "≥95%", **meta: object
) -> CorpusRecord:
    fields: dict[str, object] = {
        "project": "网格化平台运维",
        "department": "区政法委",
        "region": "广东省广州市白云区",
        "year": 2024,
        "sector": "政法/社会治理",
        "origin": "table",
        **meta,
    }
    return CorpusRecord(
        id=f"R{n}",
        indicator=Indicator.from_text(level1=level1, level2=level2, name=name, annual_value=value),
        source="测试",
        **fields,  # type: ignore[arg-type]
    )


RECORDS = [
    _record(0, "系统正常运行率", "产出指标", "质量指标"),
    _record(1, "系统运行维护次数", "产出指标", "数量指标", "≥12次"),
    _record(2, "系统故障响应时间", "产出指标", "时效指标", "≤2小时"),
    _record(3, "系统运维成本", "产出指标", "成本指标", "≤50万元"),
    _record(4, "系统运维经济成本", "成本指标", "经济成本指标", "≤48万元", year=2023),
    _record(
        5,
        "系统使用人员满意度",
        "满意度指标",
        "服务对象满意度指标",
        "≥90%",
        project="卫生信息系统",
        department="区卫健局",
        region="四川省成都市",
        sector="卫生健康",
    ),
    _record(6, "系统运行效果", "效益指标", "社会效益指标", "提高", origin="seed"),
    _record(
        7,
        "系统建设数量",
        "产出指标",
        "数量指标",
        "",
        origin="library",
        project=None,
        department=None,
        region=None,
        year=None,
        sector="购置类",
    ),
]


@pytest.fixture(scope="module")
def index() -> Index:
    return Index.build(RECORDS)


def _ids(index: Index, **filters: object) -> set[str]:
    hits = index.search("系统运行", k=50, filters=SearchFilters(**filters))  # type: ignore[arg-type]
    return {h.record.id for h in hits}


def test_no_filter_finds_all(index: Index) -> None:
    assert _ids(index) == {r.id for r in RECORDS}


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("数量指标", {"R1", "R7"}),
        ("数量", {"R1", "R7"}),
        ("11-数量指标", {"R1", "R7"}),
        ("时效", {"R2"}),
        ("满意度", {"R5"}),
        ("社会效益", {"R6"}),
        ("经济成本指标", {"R4"}),
        # a 成本 filter takes the cost indicators of both frameworks
        ("成本指标", {"R3", "R4"}),
        ("成本", {"R3", "R4"}),
    ],
)
def test_level2_accepts_wild_names(index: Index, label: str, expected: set[str]) -> None:
    assert _ids(index, level2=label) == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("产出指标", {"R0", "R1", "R2", "R3", "R7"}),
        ("产出", {"R0", "R1", "R2", "R3", "R7"}),
        ("1-产出指标", {"R0", "R1", "R2", "R3", "R7"}),
        ("满意度", {"R5"}),
        ("效益", {"R6"}),
        ("成本指标", {"R4"}),
    ],
)
def test_level1_accepts_wild_names(index: Index, label: str, expected: set[str]) -> None:
    assert _ids(index, level1=label) == expected


def test_sector_and_region_are_substring_matches(index: Index) -> None:
    assert _ids(index, sector="卫生") == {"R5"}
    assert _ids(index, sector="购置") == {"R7"}
    assert _ids(index, region="成都") == {"R5"}
    assert _ids(index, region="广州") == {"R0", "R1", "R2", "R3", "R4", "R6"}


def test_year(index: Index) -> None:
    assert _ids(index, year=2023) == {"R4"}
    assert _ids(index, year=1999) == set()


def test_measurable_only(index: Index) -> None:
    # "提高" (R6) and the library entry without a value (R7) are not measurable
    assert _ids(index, measurable_only=True) == {"R0", "R1", "R2", "R3", "R4", "R5"}


def test_origins(index: Index) -> None:
    assert _ids(index, origins={"seed", "library"}) == {"R6", "R7"}


def test_exclude_projects(index: Index) -> None:
    assert _ids(index, exclude_projects={"网格化平台运维"}) == {"R5", "R7"}


def test_filters_combine(index: Index) -> None:
    assert _ids(index, level1="产出", measurable_only=True, origins={"table"}) == {
        "R0",
        "R1",
        "R2",
        "R3",
    }


def test_filtered_search_still_returns_k_hits() -> None:
    # 40 strong matches in one category; the 5 weaker ones in another must still fill k=5
    strong = [_record(i, "系统正常运行率", "产出指标", "质量指标") for i in range(40)]
    weak = [_record(100 + i, f"系统维护次数{i}", "产出指标", "数量指标", "≥1次") for i in range(5)]
    index = Index.build(strong + weak)
    hits = index.search("系统正常运行率", k=5, filters=SearchFilters(level2="数量"))
    assert [h.record.indicator.level2 for h in hits] == ["数量指标"] * 5


@pytest.mark.parametrize(
    "filters",
    [
        {"level2": "未知类别"},
        {"level2": "效益"},
        {"level1": "指标"},
        {"level1": "abc"},
        {"origins": {"web"}},
    ],
)
def test_bad_filter_values_raise_chinese_input_error(filters: dict[str, object]) -> None:
    with pytest.raises(InputError) as err:
        SearchFilters(**filters)  # type: ignore[arg-type]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.value.user_message())


def test_similar_projects_respect_filters(index: Index) -> None:
    every = index.similar_projects("系统运维", k=5)
    assert {p.project for p in every} == {"网格化平台运维", "卫生信息系统"}
    only = index.similar_projects("系统运维", k=5, filters=SearchFilters(level2="时效"))
    assert [p.project for p in only] == ["网格化平台运维"]
    assert [r.id for r in only[0].records] == ["R2"]
    hidden = index.similar_projects(
        "系统运维", k=5, filters=SearchFilters(exclude_projects={"卫生信息系统"})
    )
    assert "卫生信息系统" not in {p.project for p in hidden}
