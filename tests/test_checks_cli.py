"""`jixiao check`: rich and JSON reports, --fail-on exit codes, Chinese errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import assistant.cli.check_cmd  # noqa: F401  (registers `check` on the app)
from assistant.cli.app import app
from assistant.schema import Amounts, Indicator, Project, Table
from assistant.tables import write_table

runner = CliRunner()


@pytest.fixture
def clean_table(tmp_path: Path) -> Path:
    inds = [
        ("产出指标", "数量指标", "培训人次", "≥500人次"),
        ("产出指标", "质量指标", "培训合格率", "≥95%"),
        ("产出指标", "时效指标", "培训完成时间", "2024年12月31日前"),
        ("产出指标", "成本指标", "培训总成本", "≤20万元"),
        ("效益指标", "社会效益指标", "居民健康知识知晓率", "≥85%"),
        ("满意度指标", "服务对象满意度指标", "培训学员满意度", "≥90%"),
    ]
    project = Project(
        name="社区居民健康培训项目",
        goal="为辖区居民开展健康培训",
        amounts=Amounts(total=20.0),
        indicators=[
            Indicator.from_text(level1=a, level2=b, name=n, annual_value=v, period_value=v)
            for a, b, n, v in inds
        ],
    )
    return write_table(Table(projects=[project], department="某区卫生健康局"), tmp_path / "t.txt")


def test_json_report_on_seed(seed_path: Path) -> None:
    result = runner.invoke(app, ["check", str(seed_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "\\u" not in result.output and "项目" in result.output
    payload = json.loads(result.output)
    projects = payload["projects"]
    assert len(projects) == 16
    for project in projects:
        assert set(project) == {"name", "score", "summary", "findings"}
        assert 0 <= project["score"] <= 100
        assert project["summary"].startswith(f"{project['score']} 分")
        for f in project["findings"]:
            assert set(f) == {"indicator", "code", "severity", "message", "hint", "source"}
    codes = {f["code"] for p in projects for f in p["findings"]}
    assert {"V001", "B002", "B003", "N002", "V009"} <= codes


def test_rich_report_on_seed(seed_path: Path) -> None:
    result = runner.invoke(app, ["check", str(seed_path)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "公费医疗超支及自付经费" in result.output
    assert "指标「系统故障减少率」" in result.output
    assert "✖ V001" in result.output and "⚠" in result.output
    assert "共 16 个项目" in result.output


@pytest.mark.parametrize(("level", "code"), [("error", 1), ("warning", 1)])
def test_fail_on_seed(seed_path: Path, level: str, code: int) -> None:
    result = runner.invoke(app, ["check", str(seed_path), "--format", "json", "--fail-on", level])
    assert result.exit_code == code


def test_clean_table_passes_fail_on(clean_table: Path) -> None:
    for level in ("error", "warning"):
        result = runner.invoke(app, ["check", str(clean_table), "--fail-on", level])
        assert result.exit_code == 0, result.output
    payload = json.loads(runner.invoke(app, ["check", str(clean_table), "-f", "json"]).output)
    assert payload["projects"][0]["score"] == 100


def test_help_is_chinese() -> None:
    result = runner.invoke(app, ["check", "--help"])
    assert result.exit_code == 0
    assert "检查绩效指标表" in result.output and "--fail-on" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "--format 只能是"),
        (["--fail-on", "hint"], "--fail-on 只能是"),
    ],
)
def test_bad_options_are_one_chinese_line(seed_path: Path, args: list[str], message: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "assistant.cli.main", "check", str(seed_path), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_missing_file(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "assistant.cli.main", "check", str(tmp_path / "无.txt")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "文件不存在" in proc.stderr
