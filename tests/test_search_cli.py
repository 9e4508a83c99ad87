"""`jixiao search`: table and JSON output, similar projects, Chinese errors with exit 2, and no
heavy imports (torch, sentence-transformers, litellm) on the lexical path."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from assistant.cli.main import run


def _run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["jixiao", "search", *args])
    code = 0
    try:
        run()
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_hits(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(monkeypatch, capsys, "系统正常运行率", "-k", "3", "--format", "json")
    assert code == 0
    hits = json.loads(out)["hits"]
    assert len(hits) == 3
    keys = {
        "id",
        "name",
        "level1",
        "level2",
        "value",
        "project",
        "department",
        "region",
        "year",
        "sector",
        "source",
        "score",
    }
    assert all(set(h) == keys for h in hits)
    assert hits[0]["name"] == "系统正常运行率" and hits[0]["score"] == 1.0
    assert "系统正常运行率" in out, "Chinese is written as is (ensure_ascii=False)"


def test_json_with_filters(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(
        monkeypatch,
        capsys,
        "满意度",
        "--level2",
        "满意度",
        "--year",
        "2024",
        "--region",
        "广州",
        "--measurable-only",
        "--format",
        "json",
        "-k",
        "50",
    )
    hits = json.loads(out)["hits"]
    assert code == 0 and hits
    assert all(
        h["level2"] == "服务对象满意度指标" and h["year"] == 2024 and "广州" in h["region"]
        for h in hits
    )


def test_json_similar_projects(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(
        monkeypatch,
        capsys,
        "网格化社会综合治理平台建设",
        "--similar-projects",
        "-k",
        "2",
        "--format",
        "json",
    )
    projects = json.loads(out)["projects"]
    assert code == 0 and len(projects) == 2
    assert set(projects[0]) == {"project", "department", "sector", "year", "score", "indicators"}
    assert "网格化" in projects[0]["project"]
    assert projects[0]["indicators"] and {"name", "level2", "value"} <= set(
        projects[0]["indicators"][0]
    )


def test_table_output(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(monkeypatch, capsys, "故障维护及时率", "-k", "2")
    assert code == 0
    assert "故障维护及时率" in out and "检索方式：词法（BM25）" in out
    code, out, _ = _run(monkeypatch, capsys, "平台运维", "--similar-projects", "-k", "1")
    assert code == 0 and "得分" in out and "二级指标" in out


def test_no_hits_said_in_chinese(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(monkeypatch, capsys, "系统", "--year", "1990")
    assert code == 0 and "没有找到与「系统」相符的指标" in out
    code, out, err = _run(monkeypatch, capsys, "系统", "--year", "1990", "--format", "json")
    assert json.loads(out) == {"hits": []} and "没有找到" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--level2", "不存在的类别"], "无法识别的二级指标「不存在的类别」"),
        (["--level1", "abc"], "无法识别的一级指标「abc」"),
        (["--format", "xml"], "不支持的输出格式「xml」"),
    ],
)
def test_bad_option_exits_2_in_chinese(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    code, out, err = _run(monkeypatch, capsys, "满意度", *args)
    assert code == 2
    assert message in err.replace("\n", "")
    assert out == ""


def test_unavailable_model_is_a_notice_not_an_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        monkeypatch,
        capsys,
        "系统正常运行率",
        "--embed-model",
        "/nonexistent/model",
        "--format",
        "json",
    )
    assert code == 0 and json.loads(out)["hits"]
    assert err.count("未能离线加载向量模型") == 1


HEAVY = ("sentence_transformers", "torch", "transformers", "litellm")
PROBE = """
import sys
from assistant.cli.main import run
sys.argv = ["jixiao", *sys.argv[1:]]
try:
    run()
except SystemExit as e:
    assert not e.code, e.code
heavy = [m for m in {heavy!r} if m in sys.modules]
print("HEAVY", heavy, file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["search", "--help"],
        ["search", "系统正常运行率", "--format", "json"],
        ["search", "平台运维", "--similar-projects"],
        ["search", "系统正常运行率", "--embed-model", "/nonexistent/model"],
    ],
)
def test_lexical_path_imports_nothing_heavy(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "HEAVY []" in done.stderr
