"""`jixiao parse` and `jixiao convert` through the real entry point (`assistant.cli.main:run`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.tables import read_table

DATA = Path(__file__).parent / "data"


def jixiao(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli.main", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=120,
    )


def _fails_cleanly(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    assert result.stderr.strip().startswith("错误：")


def test_parse_prints_projects_and_summary(seed_path: Path) -> None:
    result = jixiao("parse", seed_path)
    assert result.returncode == 0, result.stderr
    assert "1. 公费医疗超支及自付经费" in result.stdout
    assert "16. 公务用车购置经费" in result.stdout
    assert "维护及时时间" in result.stdout and "✗" in result.stdout and "✓" in result.stdout
    assert "共 16 个项目、73 条绩效指标" in result.stdout


def test_parse_json(seed_path: Path) -> None:
    result = jixiao("parse", seed_path, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["projects"]) == 16
    assert data["projects"][0]["name"] == "公费医疗超支及自付经费"
    assert sum(len(p["indicators"]) for p in data["projects"]) == 73


def test_parse_lists_bad_rows_with_their_place() -> None:
    result = jixiao("parse", DATA / "bad-rows.csv")
    assert result.returncode == 0, result.stderr
    assert "未能读取的行（2）" in result.stdout
    assert (
        "第 8 行，「二级指标」列：一级/二级指标「过程指标/资金管理」不属于任一指标框架"
        in result.stdout
    )
    assert "第 9 行，「三级指标」列：缺少三级指标名称" in result.stdout
    as_json = jixiao("parse", DATA / "bad-rows.csv", "-f", "json")
    assert len(json.loads(as_json.stdout)["projects"]) == 2  # stdout stays pure JSON
    assert "第 9 行" in as_json.stderr


def test_missing_file(tmp_path: Path) -> None:
    _fails_cleanly(jixiao("parse", tmp_path / "没有这个表.xlsx"), "文件不存在")


def test_bad_workbook(tmp_path: Path) -> None:
    bad = tmp_path / "坏表.xlsx"
    bad.write_bytes(b"this is not a workbook")
    _fails_cleanly(jixiao("parse", bad), "无法打开工作簿")
    old = tmp_path / "旧表.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 32)
    _fails_cleanly(jixiao("parse", old), "另存为")


def test_no_header(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("序号,名称\n1,办公桌\n", encoding="utf-8")
    _fails_cleanly(jixiao("parse", path), "找不到表头行")


def test_convert_and_overwrite_guard(seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "绩效目标表.xlsx"
    result = jixiao("convert", seed_path, out, "--framework", "2021")
    assert result.returncode == 0, result.stderr
    assert "16 个项目、73 条指标" in result.stdout and "2021" in result.stdout
    assert len(result.stdout.strip().splitlines()) == 1
    pairs = {(i.level1, i.level2) for p in read_table(out).projects for i in p.indicators}
    assert ("成本指标", "经济成本指标") in pairs
    _fails_cleanly(jixiao("convert", seed_path, out), "已存在")
    again = jixiao("convert", seed_path, out, "--force")
    assert again.returncode == 0, again.stderr
    pairs = {(i.level1, i.level2) for p in read_table(out).projects for i in p.indicators}
    assert ("产出指标", "成本指标") in pairs


@pytest.mark.parametrize("suffix", [".csv", ".json", ".md", ".txt"])
def test_convert_to_every_format(seed_path: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"out{suffix}"
    assert jixiao("convert", seed_path, out).returncode == 0
    assert out.stat().st_size > 1000


def test_convert_rejects_unknown_formats(seed_path: Path, tmp_path: Path) -> None:
    _fails_cleanly(jixiao("convert", seed_path, tmp_path / "out.docx"), "不支持写出")


def test_help_is_chinese() -> None:
    parse_help = jixiao("parse", "--help")
    assert parse_help.returncode == 0
    assert "读取一张绩效目标表" in parse_help.stdout
    convert_help = jixiao("convert", "--help")
    assert "指标框架" in convert_help.stdout and "--force" in convert_help.stdout
