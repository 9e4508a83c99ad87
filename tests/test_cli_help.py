"""Help screens and usage errors are Chinese: none of typer's own English strings get through."""

from __future__ import annotations

import sys

import pytest
import typer
from typer.testing import CliRunner

from assistant.cli import commands  # noqa: F401  (registers every command on `app`)
from assistant.cli.app import app
from assistant.cli.main import run

runner = CliRunner()

ENGLISH = (
    "Usage:",
    "Show this message",
    "Options",
    "Commands",
    "Arguments",
    "[default:",
    "[required]",
    "[OPTIONS]",
    "COMMAND [ARGS]",
    "<bool>",
    "<str>",
    "<int>",
    "for help",
    # issue 14: typer's range and argument placeholders
    "range>",
    "<=x",
    "x<=",
    "{file}",
    "{query}",
    "{source}",
    "[text]",
    "[file]",
)


def _help(*args: str) -> str:
    result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def _english_in(text: str) -> list[str]:
    return [s for s in ENGLISH if s in text]


def _command_paths() -> list[list[str]]:
    """Every command and group of `jixiao`, as argument lists."""
    paths: list[list[str]] = []

    def walk(command: object, path: list[str]) -> None:
        paths.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return paths


def test_top_level_help_is_chinese() -> None:
    out = _help()
    assert _english_in(out) == []
    assert "用法：jixiao [选项] 命令 [参数]..." in out
    assert "选项" in out and "命令" in out and "显示本帮助并退出" in out


def test_draft_help_is_chinese() -> None:
    out = _help("draft")
    assert _english_in(out) == []
    assert "用法：jixiao draft [选项]" in out
    assert "[必填]" in out and "[默认：legacy]" in out and "<整数>" in out and "<文本>" in out
    assert "显示本帮助并退出" in out


def test_argument_panel_title_is_chinese() -> None:
    out = _help("check")
    assert "参数" in out and "Arguments" not in out and "[必填]" in out


@pytest.mark.parametrize("path", _command_paths(), ids=lambda p: " ".join(p) or "jixiao")
def test_every_help_screen_is_free_of_typer_english(path: list[str]) -> None:
    out = _help(*path)
    assert _english_in(out) == [] and "用法：jixiao" in out


def _run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["jixiao", *args])
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit) as done:
        run()
    captured = capsys.readouterr()
    return int(done.value.code or 0), captured.out, captured.err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["draft"], "缺少参数 --name"),
        (["draft", "--name", "x", "--years", "abc"], "参数 --years 的值无效：「abc」应为整数"),
        (["llm", "check", "--timeout", "快"], "参数 --timeout 的值无效：「快」应为数字"),
        (["draft", "--name"], "选项 --name 后面缺少取值"),
        (["draft", "--name", "x", "多余"], "多余的参数：多余"),
        (["draft", "--bogus"], "没有这个选项：--bogus"),
        (["nonexistent"], "没有这个命令：nonexistent"),
        # issue 14: no English left in these lines
        (["drat"], "没有这个命令：drat（是不是要用 draft？）"),
        (["search"], "缺少参数「检索词」"),
        (["draft", "--nam", "x"], "没有这个选项：--nam（是不是要用 --amount 或 --name？）"),
        (["check"], "缺少参数「表格文件」"),
        (["search", "x", "-k", "0"], "参数 -k/--top 的值无效：「0」应不小于 1（允许 1–500）"),
    ],
)
def test_usage_errors_are_one_chinese_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    expected: str,
) -> None:
    code, _out, err = _run(monkeypatch, capsys, *args)
    assert code == 2
    assert err.strip() == f"错误：{expected}。用 --help 查看用法。"


def test_no_arguments_shows_help_and_no_error_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(monkeypatch, capsys)
    assert code == 2 and "[选项] 命令 [参数]..." in out and "错误" not in err
    code, out, err = _run(monkeypatch, capsys, "corpus")
    assert code == 2 and "corpus [选项] 命令 [参数]..." in out and "错误" not in err


def test_usage_lines_name_arguments_in_chinese() -> None:
    assert "用法：jixiao check [选项] 表格文件" in _help("check")
    assert "用法：jixiao refine [选项] [指标]" in _help("refine")
    assert "<整数> [取值 1–500]" in _help("search")


def test_version(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    code, out, err = _run(monkeypatch, capsys, "--version")
    assert code == 0 and out.strip() == f"jixiao {version('jixiao')}" and not err


def test_chinese_help_folds_at_80_columns_instead_of_being_cut() -> None:
    """To rich a Chinese sentence is one word: in a narrow column it ended in 「…」."""
    result = runner.invoke(app, ["batch", "--help"], env={"COLUMNS": "80"}, terminal_width=80)
    flat = "".join(ch for ch in result.output if ch not in "│ \n")
    assert "丢弃旧日志从头开始；与上年比较时，部门不同也照样比较。" in flat
    assert "…" not in result.output
