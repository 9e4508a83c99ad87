"""Nothing unbounded (issue 13): a stray cell far away, a huge merged range or a zip bomb cannot
make reading slow or large; JSON with NaN, infinity or deep nesting, a broken CSV and a bad byte
each give one Chinese line with its place; batch explains a project with a zero or negative
amount and still checks its indicators."""

from __future__ import annotations

import json
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

import assistant.tables.xlsx as xlsx_module
from assistant.errors import InputError
from assistant.schema import Amounts, Indicator, IndicatorValue, Project, Table
from assistant.tables import read_table, write_table
from tests.cli_run import cli


@pytest.fixture
def workbook(seed_path: Path, tmp_path: Path) -> Path:
    return write_table(
        read_table(seed_path).model_copy(update={"source": None}), tmp_path / "seed.xlsx"
    )


def _with_cell(base: Path, target: Path, coordinate: str, value: str = "x") -> Path:
    from openpyxl import load_workbook

    wb = load_workbook(base)
    wb.active[coordinate] = value
    wb.save(target)
    return target


def _measured(path: Path) -> tuple[Table, float, float]:
    start = time.perf_counter()
    table = read_table(path)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    try:
        read_table(path)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    return table, seconds, peak


@pytest.mark.parametrize("coordinate", ["A1048576", "XFD100"])
def test_a_stray_cell_parses_fast_and_small_and_is_reported(
    workbook: Path, tmp_path: Path, coordinate: str
) -> None:
    stray = _with_cell(workbook, tmp_path / f"{coordinate}.xlsx", coordinate, "误填")
    table, seconds, peak_mb = _measured(stray)
    assert seconds < 2 and peak_mb < 200, (seconds, peak_mb)
    assert len(table.projects) == 16 and sum(len(p.indicators) for p in table.projects) == 73
    [issue] = [i for i in table.issues if coordinate in i.message]
    assert "误填" in issue.message and issue.row == int(
        coordinate.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    )


def test_content_after_a_long_empty_run_is_reported_not_read(
    workbook: Path, tmp_path: Path
) -> None:
    path = _with_cell(workbook, tmp_path / "far.xlsx", "A3000", "远处的项目")
    table = read_table(path)
    assert "远处的项目" not in [p.name for p in table.projects]
    assert any("A3000" in i.message for i in table.issues)
    near = _with_cell(workbook, tmp_path / "near.xlsx", "A500", "近处的项目")
    assert "近处的项目" in [p.name for p in read_table(near).projects]


def test_a_huge_merged_range_reads_quickly(workbook: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(workbook)
    wb.active.merge_cells("J2:K60000")
    path = tmp_path / "merged.xlsx"
    wb.save(path)
    start = time.perf_counter()
    table = read_table(path)
    assert time.perf_counter() - start < 10  # was 12–72 s (benchmarks/README.md)
    assert len(table.projects) == 16


def test_a_zip_bomb_is_refused_before_parsing(
    workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(workbook) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                at = data.index(b"<t>") + 3
                data = data[:at] + b"A" * (3 * 2**20) + data[at:]
            dst.writestr(item, data)
    monkeypatch.setattr(xlsx_module, "MAX_UNCOMPRESSED", 2 * 2**20)
    with pytest.raises(InputError, match="超过可读取的上限") as err:
        read_table(bomb)
    assert "sheet1.xml" in err.value.user_message()
    assert bomb.stat().st_size < 100_000  # small on disk, large unpacked


# --- JSON -----------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"])
def test_json_non_finite_numbers_are_refused(
    tmp_path: Path, number: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.json"
    path.write_text(
        '{"projects": [{"name": "项目", "amounts": {"total": NUMBER}, "indicators": []}]}'.replace(
            "NUMBER", number
        ),
        encoding="utf-8",
    )
    code, text = cli("parse", "--format", "json", path, capsys=capsys)
    assert code == 2 and ("非有限" in text or "有限的数" in text) and "内部错误" not in text, text
    assert '"projects"' not in text  # nothing printed as JSON


def test_the_schema_refuses_non_finite_numbers() -> None:
    for bad in (float("nan"), float("inf"), -float("inf")):
        with pytest.raises(ValueError, match="有限的数"):
            Amounts(total=bad)
        with pytest.raises(ValueError, match="有限的数"):
            IndicatorValue(number=bad)
        with pytest.raises(ValueError, match="有限的数"):
            Table(total=bad)


def test_deeply_nested_json_is_one_chinese_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"projects": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    code, text = cli("parse", path, capsys=capsys)
    assert code == 2 and "嵌套层数过深" in text and "内部错误" not in text, text


def test_an_infinite_amount_never_reaches_a_writer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.json"
    path.write_text(
        json.dumps({"projects": [{"name": "项目", "amounts": {"total": 1e308}}]}).replace(
            "1e+308", "1e999"
        ),
        encoding="utf-8",
    )
    code, text = cli("convert", path, tmp_path / "out.csv", capsys=capsys)
    assert code == 2 and "内部错误" not in text and not (tmp_path / "out.csv").exists(), text


# --- CSV and encodings ----------------------------------------------------------------------


def test_csv_module_errors_are_chinese_with_their_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = "项目名称,总计,绩效目标,一级指标,二级指标,三级指标,年度指标值\n"
    big = tmp_path / "big.csv"
    big.write_text(
        header + '项目,10,"' + "很长" * 70_000 + '",产出指标,数量指标,人次,1人\n', encoding="utf-8"
    )
    code, text = cli("parse", big, capsys=capsys)
    assert code == 2 and "field larger" not in text and "超过" in text and "第 2 行" in text, text
    cr = tmp_path / "cr.csv"
    cr.write_bytes(
        (header + "项目,10,目标\r后半,产出指标,数量指标,人次,1人\n")
        .encode("utf-8")
        .replace(b"\n", b"\r\n", 1)
    )
    code, text = cli("parse", cr, capsys=capsys)
    assert "new-line character" not in text and "Error" not in text, text


def test_a_bad_byte_is_reported_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = ["项目名称,总计,绩效目标,一级指标,二级指标,三级指标,年度指标值"]
    rows += [f"培训项目{n},10,组织培训,产出指标,数量指标,培训人次,≥{n}人次" for n in range(1, 20)]
    data = "\n".join(rows).encode("utf-8")
    at = data.index("培训项目7".encode())
    path = tmp_path / "bad.csv"
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    code, text = cli("parse", path, capsys=capsys)
    assert code == 2 and "第 8 行" in text and "0xFF" in text, text


# --- batch: a zero or negative amount ------------------------------------------------------


@pytest.mark.parametrize("total", [0.0, -5.0])
def test_batch_explains_a_zero_or_negative_amount_and_still_checks(
    tmp_path: Path,
    total: float,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import assistant.cli.batch_cmd as batch_cmd
    from assistant.corpus import load_shipped
    from assistant.index import Index

    index = Index.build(load_shipped())
    monkeypatch.setattr(batch_cmd, "_load_index", lambda err: index)
    monkeypatch.setenv("COLUMNS", "300")
    ind = Indicator.from_text(
        level1="产出指标", level2="数量指标", name="培训人次", annual_value="提高"
    )
    table = Table(
        projects=[
            Project(
                name="网格员培训经费",
                goal="组织培训",
                amounts=Amounts(total=total),
                indicators=[ind],
            )
        ]
    )
    source = write_table(table, tmp_path / "t.txt")
    code, text = cli("batch", source, "--report", tmp_path / "r.md", capsys=capsys)
    assert code == 0, text
    assert (
        "网格员培训经费" in text
        and "金额有误" in text
        and "pydantic" not in text
        and "失败" not in text.replace("失败 0", "")
    )
    report = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "pydantic" not in report and "validation error" not in report
    assert "V0" in report or "提高" in report  # the vague value was still checked
