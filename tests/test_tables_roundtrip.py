"""What a writer writes reads back to an equal table (xlsx, csv, json, packed text).

Equality is on content: the provenance fields (Table.source, Project.origin, Indicator.source)
and the category labels as found in the file read (level1_raw/level2_raw) are left out, since
writers write canonical category names and every read records its own file and row.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.categories import VALID_PAIRS, to_framework
from assistant.schema import Amounts, Indicator, IndicatorValue, Project, Table
from assistant.tables import read_table, write_table
from assistant.values import parse_value

_INDICATOR_PROVENANCE = {"source": True, "level1_raw": True, "level2_raw": True}
_EXCLUDE: Any = {
    "source": True,
    "year": True,  # derived on reading (title, file name, goals): see test_table_year.py
    "issues": True,
    "projects": {"__all__": {"origin": True, "indicators": {"__all__": _INDICATOR_PROVENANCE}}},
}


def content(table: Table) -> dict[str, Any]:
    return table.model_dump(exclude=_EXCLUDE)


@pytest.fixture
def seed(seed_path: Path) -> Table:
    return read_table(seed_path)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".json", ".txt"])
def test_seed_round_trips(seed: Table, tmp_path: Path, suffix: str) -> None:
    back = read_table(write_table(seed, tmp_path / f"seed{suffix}"))
    assert back.issues == []
    assert content(back) == content(seed)


def test_csv_reencoded_as_gbk_reads_back(seed: Table, tmp_path: Path) -> None:
    path = write_table(seed, tmp_path / "seed.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    gbk = tmp_path / "seed-gbk.csv"
    gbk.write_bytes(path.read_text(encoding="utf-8-sig").encode("gbk"))
    assert content(read_table(gbk)) == content(seed)


def test_json_keeps_every_field(seed: Table, tmp_path: Path) -> None:
    path = write_table(seed, tmp_path / "seed.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len(data["projects"]) == 16
    assert "公费医疗超支及自付经费" in path.read_text(encoding="utf-8")  # ensure_ascii=False
    back = read_table(path)
    assert back.projects == seed.projects
    assert back.source == str(path)


def test_2021_framework_moves_cost_and_back(seed: Table, tmp_path: Path) -> None:
    modern = read_table(write_table(seed, tmp_path / "m.xlsx", framework="2021"))
    pairs = {(i.level1, i.level2) for p in modern.projects for i in p.indicators}
    assert ("成本指标", "经济成本指标") in pairs
    assert ("产出指标", "成本指标") not in pairs
    legacy = read_table(write_table(modern, tmp_path / "l.csv", framework="legacy"))
    assert content(legacy) == content(seed)


def test_markdown_has_a_section_per_project(seed: Table, tmp_path: Path) -> None:
    text = write_table(seed, tmp_path / "seed.md").read_text(encoding="utf-8")
    assert text.count("\n## ") == 16
    rows = [line for line in text.splitlines() if line.startswith("| ") and "三级指标" not in line]
    assert len(rows) == 73
    assert "| 产出指标 | 时效指标 | 维护及时时间 | 48小时内解决 | 48小时内解决 |" in text
    assert "合计：1,989.76 万元" in text


def test_xlsx_layout(seed: Table, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    ws = load_workbook(write_table(seed, tmp_path / "seed.xlsx")).active
    assert ws is not None
    header = [c.value for c in ws[4]]
    assert header[:4] == ["项目名称", "总计（万元）", "财政拨款（万元）", "绩效目标"]
    assert header[4:] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标方向",
        "年度指标值",
        "实施周期指标值",
        "计量单位",
        "取值依据",
        "指标解释",
    ]
    assert ws.freeze_panes == "A5"
    assert ws["A4"].font.b and ws["A4"].fill.fgColor.rgb.endswith("DDEBF7")
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A6:A8" in merged  # 公费医疗: 3 indicators, project cell merged
    assert ws["A6"].alignment.wrap_text
    car = next(row for row in ws.iter_rows(min_row=5) if row[6].value == "车辆购置数量")
    assert car[8].value == "=1" and car[8].data_type == "s"


# ---- generated tables: real values, awkward text, both frameworks -----------------------------

_REAL_VALUES = [
    "≥95%",
    "≤48小时",
    "=2082支",
    "2个以上",
    "提高",
    "100%",
    "48小时内解决",
    "≤0%，小于预算数",
    "完好率不低于98%",
    "=1",
    "11月底之前",
    "≧ 735人次",
    "大于或等于15条",
    "是",
    "有效提升",
    "使用率高于97%",
    "１００％",
    "≥0.97比例",
    "<1681680元",
    "满意度达到85分以上",
    "0.9‰",
    "",
]
_NAMES = [
    "系统正常运行率",
    "故障响应时间",
    "出租屋登记率",
    "车辆购置数量",
    "群众满意度",
    "培训|人次",
]
_TEXT = st.text(alphabet=st.sampled_from("项目经费保障，。\n|=-（）《》 2024年%"), max_size=30)


def _value(raw: str, name: str) -> IndicatorValue:
    return parse_value(raw, "", name)


@st.composite
def indicators(draw: st.DrawFn) -> Indicator:
    level1, level2 = draw(st.sampled_from(sorted(VALID_PAIRS)))
    name = draw(st.sampled_from(_NAMES))
    period = draw(st.sampled_from([None, *_REAL_VALUES[:-1]]))
    return Indicator.from_text(
        level1=level1,
        level2=level2,
        name=name,
        annual_value=_value(draw(st.sampled_from(_REAL_VALUES)), name),
        period_value=_value(period, name) if period else None,
        explanation=draw(st.none() | _TEXT.filter(lambda t: t.strip() == t and t != "")),
        basis=draw(
            st.sampled_from([None, "计划标准", "历史标准", "行业标准", "预算支出标准", "其他标准"])
        ),
    )


@st.composite
def tables(draw: st.DrawFn) -> Table:
    amounts = st.none() | st.decimals(min_value=0, max_value=99999, places=2).map(float)
    department = draw(st.sampled_from([None, "中共广州市白云区区委政法委员会"]))
    year = draw(st.sampled_from([None, 2024]))
    projects = [
        Project(
            name=f"项目{n}" + draw(st.sampled_from(["", "（含法学会经费）", "=经费"])),
            department=draw(st.sampled_from([department, "区司法局"])),
            year=year,
            amounts=Amounts(total=draw(amounts), fiscal=draw(amounts), other=draw(amounts)),
            goal=draw(_TEXT).strip(),
            indicators=draw(st.lists(indicators(), max_size=4)),
        )
        for n in range(draw(st.integers(min_value=1, max_value=3)))
    ]
    return Table(projects=projects, department=department, total=draw(amounts))


def _in_framework(table: Table, framework: str) -> dict[str, Any]:
    data = content(table)
    for project in data["projects"]:
        for ind in project["indicators"]:
            ind["level1"], ind["level2"] = to_framework(ind["level1"], ind["level2"], framework)  # type: ignore[arg-type]
    return data


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    table=tables(),
    suffix=st.sampled_from([".xlsx", ".csv", ".json"]),
    framework=st.sampled_from(["legacy", "2021"]),
)
def test_generated_tables_round_trip(
    tmp_path: Path, table: Table, suffix: str, framework: str
) -> None:
    back = read_table(write_table(table, tmp_path / f"t{suffix}", framework=framework))  # type: ignore[arg-type]
    assert back.issues == []
    if all(p.year is None for p in table.projects):  # a year the goals name is read as the table's
        back = back.model_copy(
            update={"projects": [p.model_copy(update={"year": None}) for p in back.projects]}
        )
    assert content(back) == _in_framework(table, framework)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_same_project_name_for_two_units_stays_two_projects(tmp_path: Path, suffix: str) -> None:
    def project(department: str) -> Project:
        ind = Indicator.from_text(
            level1="产出指标", level2="数量指标", name="运维次数", annual_value="≥2次"
        )
        return Project(
            name="信息化运维费", department=department, amounts=Amounts(total=10), indicators=[ind]
        )

    table = Table(projects=[project("区司法局"), project("区委政法委")], department="区委政法委")
    back = read_table(write_table(table, tmp_path / f"dup{suffix}"))
    assert [(p.name, p.department, len(p.indicators)) for p in back.projects] == [
        ("信息化运维费", "区司法局", 1),
        ("信息化运维费", "区委政法委", 1),
    ]


def _real_table(shared_data: Path) -> Table:
    """The published indicators of indicators.jsonl, grouped by project, units in their own field."""
    path = shared_data / "indicators.jsonl"
    if not path.exists():
        pytest.skip("indicators.jsonl not present")
    projects: dict[tuple[str, str], Project] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        try:
            ind = Indicator.from_text(
                level1=rec["level1"],
                level2=rec["level2"],
                name=rec["name"],
                annual_value=rec["annual_value"],
                period_value=rec["period_value"] or None,
                unit=rec["unit"],
            )
        except ValueError:
            continue  # a few published rows cannot be placed in either framework
        key = (rec["project"], rec["department"])
        project = projects.setdefault(
            key, Project(name=rec["project"], department=rec["department"])
        )
        project.indicators.append(ind)
    return Table(projects=list(projects.values()))


def _semantics(value: IndicatorValue | None) -> tuple[object, ...] | None:
    if value is None:
        return None
    return value.operator, value.number, value.unit, value.qualitative, value.measurable


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_real_published_indicators_survive(shared_data: Path, tmp_path: Path, suffix: str) -> None:
    table = _real_table(shared_data)
    assert sum(len(p.indicators) for p in table.projects) > 400
    back = read_table(write_table(table, tmp_path / f"real{suffix}", framework="2021"))
    assert back.issues == []
    assert [p.name for p in back.projects] == [p.name for p in table.projects]
    pairs = zip(
        (i for p in table.projects for i in p.indicators),
        (i for p in back.projects for i in p.indicators),
        strict=True,
    )
    for before, after in pairs:
        assert (after.level1, after.level2) == to_framework(before.level1, before.level2, "2021")
        assert after.name == before.name
        for old, new in (
            (before.annual_value, after.annual_value),
            (before.period_value, after.period_value),
        ):
            assert _semantics(new) == _semantics(old)
            if old is not None and new is not None and new.raw != old.raw:
                # a raw that left its unit to the 计量单位 column comes back with the unit attached
                assert new.raw == old.raw.strip() + (old.unit or "")


def test_write_errors(seed: Table, tmp_path: Path) -> None:
    from assistant.errors import InputError

    with pytest.raises(InputError, match="不支持写出"):
        write_table(seed, tmp_path / "seed.docx")
    with pytest.raises(InputError, match="目录不存在"):
        write_table(seed, tmp_path / "no" / "such" / "seed.xlsx")
    with pytest.raises(InputError, match="指标框架"):
        write_table(seed, tmp_path / "seed.csv", framework="2018")  # type: ignore[arg-type]
