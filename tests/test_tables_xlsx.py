"""Excel workbooks as departments make them: merged title and project cells, a header over two
rows, amounts in 元, percent-formatted numbers, several sheets; and workbooks that cannot be read."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from assistant.errors import InputError
from assistant.tables import read_table
from assistant.tables.xlsx import cell_text

# 重庆市荣昌区林业局 2022 (raw/038) with 指标值 over 年度/中期 and an extra project.
ROWS = [
    [
        "古昌镇大青冈村乡村振兴绿化美化项目",
        1535184,
        "对古昌镇大青杠村约3500米公路沿线进行绿化美化。",
        "产出指标",
        "数量指标",
        "绿化美化公路",
        "米",
        "=",
        3500,
        3500,
    ],
    [None, None, None, None, "数量指标", "购买发放李子苗", "株", "=", 15000, 15000],
    [None, None, None, None, "质量指标", "树木成活率", "%", "≥", 0.85, 0.85],
    [None, None, None, "满意度指标", "服务对象满意度指标", "沿线村民满意度", "%", "≥", 0.9, 0.9],
    [
        "森林资源专项调查",
        2000000,
        "完成全区森林资源专项调查。",
        "产出指标",
        "时效指标",
        "调查成果提交时间",
        None,
        None,
        "2022年12月31日前",
        None,
    ],
    [None, None, None, "效益指标", "过程管理", "项目管理", None, None, "规范", None],
]


def _forestry_sheet(ws: Worksheet) -> None:
    ws.title = "项目绩效目标"
    ws["A1"] = "2022年项目绩效目标表"
    ws.merge_cells("A1:J1")
    ws["A2"] = "部门名称：重庆市荣昌区林业局"
    ws["A3"] = "单位：元"
    header_top = [
        "项目名称",
        "预算数",
        "年度绩效目标",
        "绩效指标",
        None,
        None,
        "计量单位",
        "指标性质",
        "指标值",
        None,
    ]
    header_low = [None, None, None, "一级指标", "二级指标", "三级指标", None, None, "年度", "中期"]
    ws.append(header_top)
    ws.append(header_low)
    for col in "ABCGH":
        ws.merge_cells(f"{col}4:{col}5")
    ws.merge_cells("D4:F4")
    ws.merge_cells("I4:J4")
    for row in ROWS:
        ws.append(row)
    ws.merge_cells("A6:A9")
    ws.merge_cells("B6:B9")
    ws.merge_cells("C6:C9")
    ws.merge_cells("D6:D8")
    for ref in ("I8", "J8", "I9", "J9"):
        ws[ref].number_format = "0%"
    ws.append([])
    ws.append(["注：指标值以年度为准，金额单位为元。"])
    ws.merge_cells("A13:J13")
    for col in "BCDEFGHIJ":  # a merged banner reads as the same text in every cell
        assert ws[f"{col}13"].value is None


@pytest.fixture
def workbook_path(tmp_path: Path) -> Path:
    wb = Workbook()
    _forestry_sheet(wb.active)
    notes = wb.create_sheet("填表说明")
    notes["A1"] = "请按指标库填写，指标值应可量化。"
    hidden = wb.create_sheet("下拉选项")
    hidden.append(["一级指标", "二级指标", "三级指标", "指标值"])
    hidden.append(["产出指标", "数量指标", "示例", "1"])
    hidden.sheet_state = "hidden"
    second = wb.create_sheet("第二批")
    second.append(["项目名称", "三级指标", "二级指标", "年度指标值"])
    second.append(["信创工作经费", "办公设备正常运行率", "质量指标", "100%"])
    path = tmp_path / "林业局.xlsx"
    wb.save(path)
    return path


def test_merged_cells_and_two_row_header(workbook_path: Path) -> None:
    table = read_table(workbook_path)
    assert table.department == "重庆市荣昌区林业局"
    assert [p.name for p in table.projects] == [
        "古昌镇大青冈村乡村振兴绿化美化项目",
        "森林资源专项调查",
        "信创工作经费",
    ]
    green, survey, xinchuang = table.projects
    assert green.amounts.total == pytest.approx(153.5184)  # 元 → 万元
    assert green.year == 2022
    assert green.goal.startswith("对古昌镇")
    assert [i.level1 for i in green.indicators] == ["产出指标"] * 3 + ["满意度指标"]
    values = [
        (i.annual_value.raw, i.annual_value.operator, i.annual_value.number, i.annual_value.unit)
        for i in green.indicators
    ]
    assert values == [
        ("=3500米", "=", 3500, "米"),
        ("=15000株", "=", 15000, "株"),
        ("≥85%", "≥", 85, "%"),
        ("≥90%", "≥", 90, "%"),
    ]
    assert green.indicators[0].period_value is not None
    assert green.indicators[0].period_value.raw == "=3500米"
    assert green.indicators[0].source == "林业局.xlsx 工作表「项目绩效目标」 第6行"
    assert survey.amounts.total == pytest.approx(200)
    assert survey.indicators[0].annual_value.operator == "≤"
    assert xinchuang.amounts.total is None and len(xinchuang.indicators) == 1


def test_bad_rows_and_skipped_sheets_are_issues(workbook_path: Path) -> None:
    issues = read_table(workbook_path).issues
    bad = next(i for i in issues if i.row is not None)
    assert (bad.sheet, bad.row, bad.column) == ("项目绩效目标", 11, "二级指标")
    assert "效益指标/过程管理" in bad.message
    skipped = [i for i in issues if i.row is None]
    assert [i.sheet for i in skipped] == ["填表说明"]  # the hidden sheet is not read at all
    assert "已跳过该工作表" in skipped[0].message


def test_no_header_names_the_sheet(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "汇总"
    wb.active.append(["序号", "资产名称", "数量"])
    wb.active.append([1, "办公设备", 26])
    path = tmp_path / "no-header.xlsx"
    wb.save(path)
    with pytest.raises(InputError, match="找不到表头行") as err:
        read_table(path)
    assert err.value.sheet == "汇总"
    assert "工作表「汇总」" in err.value.user_message()


def test_unreadable_workbooks(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="无法打开工作簿"):
        read_table(corrupt)
    not_a_workbook = tmp_path / "other.xlsx"
    with zipfile.ZipFile(not_a_workbook, "w") as zf:
        zf.writestr("hello.txt", "你好")
    with pytest.raises(InputError, match="无法打开工作簿"):
        read_table(not_a_workbook)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    with pytest.raises(InputError, match="另存为.*xlsx"):
        read_table(old)
    renamed = tmp_path / "renamed.xlsx"
    renamed.write_bytes(old.read_bytes())
    with pytest.raises(InputError, match=r"\.xls"):
        read_table(renamed)


def test_cell_text() -> None:
    assert cell_text(0.95, "0%") == "95%"
    assert cell_text(0.975, "0.0%") == "97.5%"
    assert cell_text(2082.0) == "2082"
    assert cell_text(True) == "是"
    assert cell_text(None) == ""
    assert cell_text(" 提高 ") == "提高"
    assert cell_text(dt.datetime(2024, 12, 31)) == "2024年12月31日"
    assert cell_text(dt.date(2024, 6, 1)) == "2024年6月1日"
