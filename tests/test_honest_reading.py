"""Tables read honestly (issues 13 and 14): what cannot be read right is a read problem on its
row, never a silent misread; the table's year is read from the table itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.refine.project import draft_request
from assistant.schema import Amounts, Indicator, Project, Table
from assistant.tables import read_table, write_table
from assistant.tables.packed import packed_indicators
from tests.cli_run import cli

# The shape of raw/042.txt: 单位:元 at the end of the title, indicator rows without the project cells.
PUBLISHED = """表11 项目绩效目标表 (某旗人民检察院, 发布 2025-02-06) 单位:元
项目名称 | 项目单位 | 项目类别 | 预算数 | 年度绩效目标 | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标方向 | 目标值 | 计量单位 | 分值
业务装备经费 | 776001-某检察院 | 32-专项资金项目 | 1,030,700.00 | 保障日常办公办案装备需要。
满意度指标(10分) | 服务对象满意度 | 使用人员满意度 | 正向 | 大于等于 | 98 | % | 10
产出指标(50分) | 成本指标 | 车辆购置成本 | 反向 | 小于等于 | 12 | 万元 | 5
产出指标 | 数量指标 | 车辆采购数量 | 反向 | 小于等于 | 1 | 辆 | 7.5
办案(业务)经费 | 776001-某检察院 | 32-专项资金项目 | 3,239,300.00 | 保障日常办案业务需要。
产出指标(50分) | 时效指标 | 法定审限内结案率 | 正向 | 大于等于 | 95 | % | 5
产出指标 | 质量指标 | 一审案件改
"""


def test_a_published_table_in_yuan_with_short_indicator_rows_reads_right(tmp_path: Path) -> None:
    path = tmp_path / "042.txt"
    path.write_text(PUBLISHED, encoding="utf-8")
    table = read_table(path)
    assert [(p.name, p.amounts.total, len(p.indicators)) for p in table.projects] == [
        ("业务装备经费", 103.07, 3),
        ("办案(业务)经费", 323.93, 2),
    ]
    first = table.projects[0].indicators
    assert [(i.level1, i.name, i.annual_value.text()) for i in first] == [
        ("满意度指标", "使用人员满意度", "≥98%"),
        ("产出指标", "车辆购置成本", "≤12万元"),
        ("产出指标", "车辆采购数量", "≤1辆"),
    ]


def test_a_project_named_like_a_category_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "项目名称,总计,绩效目标,一级指标,二级指标,三级指标,年度指标值\n"
        "培训经费,10,组织培训,产出指标,数量指标,培训人次,≥100人次\n"
        "满意度指标(10分),,,,,,\n",
        encoding="utf-8",
    )
    table = read_table(path)
    [issue] = [i for i in table.issues if "指标类别" in i.message]
    assert issue.row == 3 and "满意度指标(10分)" in issue.message


def test_nothing_read_as_indicators_exits_2_naming_the_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.txt"
    path.write_text(
        "项目名称 | 预算数 | 一级指标 | 二级指标 | 三级指标 | 指标值\n"
        "业务装备经费 | 10 | 甲类 | 乙类 | 某某 | ≥90%\n"
        "业务装备经费 | 10 | 丙类 | 丁类 | 某事 | ≥90%\n",
        encoding="utf-8",
    )
    code, text = cli("parse", path, capsys=capsys)
    assert code == 2 and "没有读到任何一条绩效指标" in text and "三级指标（第 5 列）" in text, text
    assert "一级指标（第 3 列）" in text


def test_amounts_implausible_for_wan_yuan_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "项目名称,总计,绩效目标,一级指标,二级指标,三级指标,年度指标值\n"
        '培训经费,"1,030,700.00",组织培训,产出指标,数量指标,培训人次,≥100人次\n',
        encoding="utf-8",
    )
    [issue] = read_table(path).issues
    assert "1,030,700.00 万元" in issue.message and "单位：元" in issue.message and issue.row == 2


# --- the packed format ----------------------------------------------------------------------


def _item(n: int | None, level1: str, level2: str, name: str, value: str) -> str:
    number = f"{n}、" if n is not None else ""
    return f"{number}{level1}；{level2}；{name}；实施周期指标值:{value}；年度指标值:{value}。"


def test_a_long_official_level1_label_does_not_swallow_the_next_items() -> None:
    cell = (
        _item(1, "1-产出指标", "11-数量指标", "培训人次", "≥100人次")
        + _item(2, "3-社会公众或服务对象满意度指标", "31-服务对象满意度指标", "群众满意度", "≥90%")
        + _item(3, "1-产出指标", "12-质量指标", "培训合格率", "≥95%")
    )
    indicators, failures = packed_indicators(cell, "t")
    assert failures == []
    assert [(i.level1, i.name) for i in indicators] == [
        ("产出指标", "培训人次"),
        ("满意度指标", "群众满意度"),
        ("产出指标", "培训合格率"),
    ]


def test_an_unknown_label_is_a_read_problem_and_the_rest_still_reads() -> None:
    cell = (
        _item(1, "1-产出指标", "11-数量指标", "培训人次", "≥100人次")
        + _item(2, "9-其他奇怪指标", "99-未知类别", "某指标", "1")
        + _item(3, "1-产出指标", "12-质量指标", "培训合格率", "≥95%")
    )
    indicators, failures = packed_indicators(cell, "t")
    assert [i.name for i in indicators] == ["培训人次", "培训合格率"]
    assert len(failures) == 1 and "第 2 项" in failures[0] and "其他奇怪指标" in failures[0]


def test_items_without_their_numbers_are_split() -> None:
    cell = "".join(
        _item(None, "1-产出指标", "11-数量指标", f"指标{n}", f"{n}人") for n in range(1, 6)
    )
    indicators, failures = packed_indicators(cell, "t")
    assert failures == [] and [i.name for i in indicators] == [f"指标{n}" for n in range(1, 6)]


def test_more_than_999_items_in_one_cell_all_read() -> None:
    cell = "".join(_item(n, "1-产出指标", "11-数量指标", f"指标{n}", "1人") for n in range(1, 1201))
    indicators, failures = packed_indicators(cell, "t")
    assert failures == [] and len(indicators) == 1200 and indicators[-1].name == "指标1200"


def test_a_name_of_hundreds_of_characters_is_a_read_problem() -> None:
    cell = _item(1, "1-产出指标", "11-数量指标", "很长的名称" * 60, "1人")
    indicators, failures = packed_indicators(cell, "t")
    assert indicators == [] and "300 字" in failures[0]


def test_a_long_name_in_a_column_table_is_a_read_problem(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "项目名称,总计,绩效目标,一级指标,二级指标,三级指标,年度指标值\n"
        f"培训经费,10,组织培训,产出指标,数量指标,{'很长' * 150},1人\n"
        f"{'项目' * 150},10,目标,产出指标,数量指标,人次,1人\n"
        "普法经费,10,普法,产出指标,数量指标,普法场次,≥10场\n",
        encoding="utf-8",
    )
    table = read_table(path)
    assert [(p.name, len(p.indicators)) for p in table.projects] == [
        ("培训经费", 0),
        ("普法经费", 1),
    ]
    assert [(i.row, "字" in i.message) for i in table.issues] == [(2, True), (3, True)]


# --- CSV and sheets -------------------------------------------------------------------------


def test_an_unbalanced_quote_is_a_read_problem_not_a_project(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "项目名称,总计,绩效目标,一级指标,二级指标,三级指标,年度指标值\n"
        '"项目A,10,目标,产出指标,数量指标,人次,1人\n'
        "项目B,5,目标B,产出指标,数量指标,培训人次,≥2人次\n",
        encoding="utf-8",
    )
    table = read_table(path)
    assert not [p for p in table.projects if "," in p.name]
    assert any("引号" in i.message and i.row == 2 for i in table.issues)


def test_a_second_table_in_the_same_sheet_keeps_its_own_department(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    header = "项目名称,总计,绩效目标,一级指标,二级指标,三级指标,年度指标值\n"
    path.write_text(
        "部门名称：区司法局\n" + header + "普法经费,10,普法,产出指标,数量指标,普法场次,≥10场\n\n"
        "部门名称：区委政法委\n"
        + header
        + "网格经费,20,网格,产出指标,数量指标,网格员人数,≥100人\n",
        encoding="utf-8",
    )
    table = read_table(path)
    assert [(p.name, p.department) for p in table.projects] == [
        ("普法经费", "区司法局"),
        ("网格经费", "区委政法委"),
    ]


# --- the table's year -----------------------------------------------------------------------


def test_the_seed_says_2024(seed_path: Path) -> None:
    table = read_table(seed_path)
    assert table.year == 2024 and {p.year for p in table.projects} == {2024}
    assert draft_request(table.projects[0]).budget_year() == 2024  # batch drafts for 2024


def test_the_year_comes_from_the_goals_when_title_and_name_say_nothing(
    seed_path: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "seed.txt"
    copy.write_bytes(seed_path.read_bytes())
    assert read_table(copy).year == 2024  # the seed's goals name 2024


def test_the_year_comes_from_the_title_first(tmp_path: Path) -> None:
    ind = Indicator.from_text(
        level1="产出指标", level2="数量指标", name="培训人次", annual_value="≥100人次"
    )
    table = Table(
        projects=[
            Project(
                name="培训经费",
                year=2023,
                goal="2025年完成",
                amounts=Amounts(total=1),
                indicators=[ind],
            )
        ]
    )
    for suffix in (".txt", ".csv", ".xlsx", ".json"):
        back = read_table(write_table(table, tmp_path / f"表2026{suffix}"))
        assert back.projects[0].year == 2023, suffix
    plain = Table(
        projects=[
            Project(
                name="培训经费", goal="2025年完成培训", amounts=Amounts(total=1), indicators=[ind]
            )
        ]
    )
    assert read_table(write_table(plain, tmp_path / "表2026.csv")).year == 2026
    assert read_table(write_table(plain, tmp_path / "无年份.csv")).year == 2025
