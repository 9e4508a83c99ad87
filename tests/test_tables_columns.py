"""Column tables in delimited text: header variants, title rows, two-row headers, fill-down,
bad rows kept as issues, GBK files and pasted pipe tables."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from assistant.errors import InputError
from assistant.schema import Indicator
from assistant.tables import read_table
from assistant.tables.cells import combined_value, direction
from assistant.tables.columns import field_of, find_header, read_title, repeats_header
from assistant.tables.csv_io import sniff_delimiter

DATA = Path(__file__).parent / "data"


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _values(ind: Indicator) -> tuple[object, ...]:
    v = ind.annual_value
    return v.raw, v.operator, v.number, v.unit


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("项目名称", "project"),
        ("项目名称（资金使用单位）", "project"),
        ("一级指标", "level1"),
        ("二级指标", "level2"),
        ("三级指标", "name"),
        ("指标名称", "name"),
        ("指标值", "annual"),
        ("年度指标值", "annual"),
        ("目标值", "annual"),
        ("年度目标值", "annual"),
        ("计划指标值(或计划水平)[年度]", "annual"),
        ("实施周期指标值", "period"),
        ("中期指标值", "period"),
        ("指标值(或计划水平)[中期]", "period"),
        ("指标性质", "nature"),
        ("指标方向", "sign"),
        ("计算符号", "sign"),
        ("计量单位", "unit"),
        ("度量单位", "unit"),
        ("单位", "unit"),
        ("指标解释", "explanation"),
        ("指标值说明", "explanation"),
        ("取值依据", "basis"),
        ("绩效标准", "basis"),
        ("绩效目标", "goal"),
        ("年度绩效目标", "goal"),
        ("预算数", "total"),
        ("总计", "total"),
        ("金额", "total"),
        ("资金总额", "total"),
        ("总计（万元）", "total"),
        ("财政拨款", "fiscal"),
        ("财政专户拨款", "special_account"),
        ("其他资金", "other"),
        ("部门", "department"),
        ("单位名称", "department"),
        ("项目单位", "department"),
        ("绩效指标", "packed"),
        ("*三级指标", "name"),
        ("分值", None),
        ("实际完成值", None),
    ],
)
def test_header_variants(label: str, field: str | None) -> None:
    assert field_of(label) == field


def test_gbk_form_with_two_row_header() -> None:
    table = read_table(DATA / "gbk-form-two-row-header.csv")
    assert table.issues == []
    assert table.department == "六安市农业农村局"
    [project] = table.projects
    assert project.name == "发展建设类-农产品质检体系建设和“三品一标”发展项目"
    assert project.amounts.total == pytest.approx(51.35)
    assert project.goal.startswith("通过项目实施")
    assert project.year == 2024
    assert len(project.indicators) == 7
    assert {i.level1 for i in project.indicators} == {"产出指标"}
    timely = project.indicators[-1]
    assert (timely.level2, timely.name) == ("时效指标", "检测及时率")
    assert _values(timely) == ("≤7工作日", "≤", 7, "工作日")
    assert timely.period_value is not None and timely.period_value.raw == "≤7工作日"


def test_bad_rows_become_issues_and_the_rest_loads() -> None:
    table = read_table(DATA / "bad-rows.csv")
    assert [p.name for p in table.projects] == ["业务装备经费", "办案(业务)经费"]
    assert [len(p.indicators) for p in table.projects] == [4, 3]
    bad_category, no_name = table.issues
    assert (bad_category.row, bad_category.column) == (8, "二级指标")
    assert (
        "过程指标/资金管理" in bad_category.message and "不属于任一指标框架" in bad_category.message
    )
    assert (no_name.row, no_name.column, no_name.sheet) == (9, "三级指标", None)
    assert "缺少三级指标名称" in no_name.message
    assert no_name.where() == f"{DATA / 'bad-rows.csv'}，第 9 行，「三级指标」列"


def test_direction_nature_unit_and_yuan_columns() -> None:
    table = read_table(DATA / "bad-rows.csv")
    equipment, cases = table.projects
    assert equipment.amounts.total == pytest.approx(103.07)  # 单位：元 → 万元
    assert equipment.department == "776001-扎赉特旗人民检察院"
    satisfaction, long_term, car_cost, deadline = equipment.indicators
    assert _values(satisfaction) == ("≥98%", "≥", 98, "%")
    assert (satisfaction.level1, satisfaction.level2) == ("满意度指标", "服务对象满意度指标")
    assert satisfaction.level1_raw == "满意度指标(10分)"
    assert long_term.annual_value.measurable is False
    assert _values(car_cost) == ("≤12万元", "≤", 12, "万元")
    assert deadline.annual_value.operator == "≤" and deadline.annual_value.measurable
    closing_rate = cases.indicators[1]
    assert closing_rate.level1 == "产出指标"  # blank 一级 continues the row above
    assert _values(closing_rate) == ("≥90%", "≥", 90, "%")  # 指标性质 正向 alone means ≥


def test_project_header_spanning_two_rows_with_packed_alternative(tmp_path: Path) -> None:
    text = (
        "项目支出绩效目标表,,,,,,,\n"
        "部门名称：中共广州市白云区区委政法委员会（部门）,,,,,,,\n"
        "单位：万元,,,,,,,\n"
        "项目名称,总计,绩效目标,绩效指标,,,指标值,\n"
        ",,,一级指标,二级指标,三级指标,年度,实施周期\n"
        '合计,"1,989.76",,,,,,\n'
        "矛盾纠纷多元化解平台运维费,17.00,保障平台正常运行。,1-产出指标,13-时效指标,故障维护及时率,100%,100%\n"
        ",,,,,维护及时时间,48小时内解决,48小时内解决\n"
        ",,,2-效益指标,22-社会效益,系统故障减少率,全系统正常运转率达92%以上,\n"
    )
    table = read_table(_write(tmp_path, "t.csv", text))
    assert table.department == "中共广州市白云区区委政法委员会"
    assert table.total == pytest.approx(1989.76)
    [project] = table.projects
    assert project.department == table.department
    names = [(i.level1, i.level2, i.name) for i in project.indicators]
    assert names == [
        ("产出指标", "时效指标", "故障维护及时率"),
        ("产出指标", "时效指标", "维护及时时间"),
        ("效益指标", "社会效益指标", "系统故障减少率"),
    ]
    assert _values(project.indicators[1]) == ("48小时内解决", "≤", 48, "小时")
    assert project.indicators[2].period_value is None


def test_packed_indicator_column_in_a_csv(seed_path: Path, tmp_path: Path) -> None:
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    for keep_title in (True, False):
        kept = [line for line in lines if keep_title or not line.startswith("部门名称")]
        out = io.StringIO()
        csv.writer(out).writerows(line.split("\t") for line in kept)
        table = read_table(_write(tmp_path, "seed.csv", out.getvalue(), "gb18030"))
        assert len(table.projects) == 16
        assert sum(len(p.indicators) for p in table.projects) == 73
        # without the title, the row naming the department (and repeating 合计) still is no project
        assert table.department == "中共广州市白云区区委政法委员会"


def test_tab_separated_text_column_table(tmp_path: Path) -> None:
    text = (
        "一级指标\t二级指标\t三级指标\t计量单位\t指标性质\t指标值\n"
        "产出指标\t数量指标\t绿化美化公路\t米\t=\t3500\n"
        "产出指标\t数量指标\t购买发放李子苗\t株\t=\t15000\n"
        "产出指标\t质量指标\t树木成活率\t%\t≥\t85\n"
    )
    for name in ("绿化美化.txt", "绿化美化.tsv"):
        table = read_table(_write(tmp_path, name, text))
        [project] = table.projects
        assert project.name == "绿化美化"  # no project column: the file names it
        assert [_values(i) for i in project.indicators] == [
            ("=3500米", "=", 3500, "米"),
            ("=15000株", "=", 15000, "株"),
            ("≥85%", "≥", 85, "%"),
        ]


def test_pasted_pipe_table_from_a_real_page(shared_data: Path) -> None:
    raw = shared_data / "raw" / "038.txt"
    if not raw.exists():
        pytest.skip("raw/038.txt not present")
    table = read_table(raw)
    indicators = [i for p in table.projects for i in p.indicators]
    assert [_values(i) for i in indicators[:3]] == [
        ("=3500米", "=", 3500, "米"),
        ("=15000株", "=", 15000, "株"),
        ("≥85%", "≥", 85, "%"),
    ]
    assert any("缺少三级指标名称" in issue.message for issue in table.issues)  # the cut-off row


def test_repeated_headers_separators_and_basis(tmp_path: Path) -> None:
    text = (
        "| 项目名称 | 三级指标 | 二级指标 | 年度指标值 | 取值依据 |\n"
        "|---|---|---|---|---|\n"
        "| 信创工作经费 | 办公设备正常运行率 | 质量指标 | ≥98% | 计划标准 |\n"
        "| 项目名称 | 三级指标 | 二级指标 | 年度指标值 | 取值依据 |\n"
        "| 信创工作经费 | 采购成本控制率 | 成本指标 | ≤100% | 按合同约定 |\n"
    )
    table = read_table(_write(tmp_path, "pipe.txt", text))
    [project] = table.projects
    first, second = project.indicators
    assert first.basis == "计划标准"
    assert (second.level1, second.level2) == ("产出指标", "成本指标")
    assert second.basis is None and second.explanation == "取值依据：按合同约定"


def test_notes_and_unit_lines_below_the_header_are_not_projects(tmp_path: Path) -> None:
    text = (
        "项目名称,三级指标,二级指标,年度指标值\n"
        "单位：万元,,,\n"
        "信创工作经费,设备验收合格率,质量指标,100%\n"
        "注：1.指标值为年度目标。,,,\n"
        "填表人：张三,,,\n"
    )
    table = read_table(_write(tmp_path, "notes.csv", text))
    assert [p.name for p in table.projects] == ["信创工作经费"]
    assert table.issues == []


def test_a_list_of_projects_without_indicators(tmp_path: Path) -> None:
    text = "项目名称,总计（万元）,绩效目标\n信创工作经费,26,完成信创设备采购和适配\n公务用车购置经费,18,\n"
    table = read_table(_write(tmp_path, "projects.csv", text))
    assert [(p.name, p.amounts.total, p.goal) for p in table.projects] == [
        ("信创工作经费", 26, "完成信创设备采购和适配"),
        ("公务用车购置经费", 18, ""),
    ]
    assert all(not p.indicators for p in table.projects)


def test_bad_amount_is_an_issue(tmp_path: Path) -> None:
    text = (
        "项目名称,总计,三级指标,二级指标,指标值\n信创工作经费,约26万,设备验收合格率,质量指标,100%\n"
    )
    table = read_table(_write(tmp_path, "a.csv", text))
    assert table.projects[0].amounts.total is None
    [issue] = table.issues
    assert (issue.row, issue.column) == (2, "总计") and "不是数字" in issue.message


def test_no_header_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="找不到表头行") as err:
        read_table(_write(tmp_path, "n.csv", "序号,名称\n1,办公桌\n"))
    assert err.value.file and err.value.file.endswith("n.csv")
    with pytest.raises(InputError, match="表格是空的"):
        read_table(_write(tmp_path, "e.csv", "\n,,\n"))
    with pytest.raises(InputError, match="不支持的文件类型"):
        read_table(_write(tmp_path, "a.docx", "x"))
    with pytest.raises(InputError, match="文件不存在"):
        read_table(tmp_path / "missing.csv")


def test_find_header_and_title() -> None:
    rows = [
        ["2024年项目支出绩效目标表", ""],
        ["单位：元", ""],
        ["三级指标", "指标值"],
    ]
    header = find_header(rows)
    assert header is not None and (header.first, header.last) == (2, 2)
    title = read_title(rows[:2])
    assert (title.year, title.amount_scale) == (2024, 1e-4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("≥", "≥"),
        ("大于等于", "≥"),
        ("小于等于", "≤"),
        ("等于", "="),
        ("正向", "≥"),
        ("反向", "≤"),
        ("定性", None),
        ("", None),
    ],
)
def test_direction(text: str, expected: str | None) -> None:
    assert direction(text) == expected


def test_combined_value() -> None:
    assert combined_value("95", "≥", "%", "").raw == "≥95%"
    assert combined_value("≥95%", "≤", "人", "").raw == "≥95%"  # the cell's own sign and unit win
    kept = combined_value("提交报告1份", "≥", "", "提交专项调研报告数量")
    assert (kept.raw, kept.operator, kept.number) == ("提交报告1份", "≥", 1)
    assert combined_value("有效提升", "≥", "%", "").qualitative == "有效提升"
    assert combined_value("90以上", None, "百分比", "").unit == "%"


def test_sniff_delimiter() -> None:
    assert sniff_delimiter("a\tb\tc\n1,2\t3\t4\n", ",") == "\t"
    assert sniff_delimiter('a,b,c\n"1,989.76",2,3\n', "\t") == ","
    assert sniff_delimiter("a | b | c\n1 | 2 | 3\n") == "|"


def test_a_body_row_repeats_the_header_only_with_three_fields_in_their_own_columns() -> None:
    labels = ["项目名称", "一级指标", "二级指标", "三级指标", "年度指标值"]
    header = find_header([labels])
    assert header is not None
    assert repeats_header(labels, header)
    assert repeats_header(["", "一级指标", "二级指标", "三级指标", ""], header)
    assert not repeats_header(["", "", "二级指标", "三级指标", ""], header)  # two fields
    assert not repeats_header(["", *labels[:4]], header)  # each a column to the right
    # three at home, but 项目名称 written first under 年度指标值: not this header
    assert not repeats_header(["", "一级指标", "二级指标", "三级指标", "项目名称"], header)
    assert not repeats_header(["项目名称", "产出指标", "数量指标", "培训人次", "≥100人次"], header)
