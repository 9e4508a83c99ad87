"""`jixiao batch` on the command line: refusals before any work (exit 2, one Chinese line, nothing
lost), and a real process killed mid-run (SIGKILL, Ctrl-C) then resumed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import NoReturn

import pytest
from openpyxl import load_workbook

import assistant.cli.batch_cmd as batch_cmd
import assistant.refine.project as suggest_module
from assistant.batch.journal import read_journal
from assistant.corpus import load_shipped
from assistant.index import Index
from assistant.refine.project import ProjectSuggestions
from assistant.schema import Project
from assistant.tables import read_table, write_table
from tests.cli_run import cli as run_cli

ROOT = Path(__file__).resolve().parents[1]
SLOW_CHILD = """
import os, sys, time
from pathlib import Path
import assistant.refine.project as suggest_module
real = suggest_module.suggest_for_project
def slow(project, index):
    with Path(os.environ["BATCH_COUNTER"]).open("a", encoding="utf-8") as f:
        f.write(project.name + "\\n")
    time.sleep(float(os.environ.get("BATCH_DELAY", "0")))
    return real(project, index)
suggest_module.suggest_for_project = slow
from assistant.cli.main import run
sys.argv = ["jixiao", *sys.argv[1:]]
run()
"""


@pytest.fixture(scope="module")
def index() -> Index:
    return Index.build(load_shipped())


@pytest.fixture
def seed(seed_path: Path, tmp_path: Path, index: Index, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(batch_cmd, "_load_index", lambda err: index)
    monkeypatch.setenv("COLUMNS", "300")
    target = tmp_path / "seed.txt"
    target.write_bytes(seed_path.read_bytes())
    return target


def cli(*args: object, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run `jixiao batch …` in process: the exit code and everything printed."""
    return run_cli("batch", *args, capsys=capsys)


def _fail_one(monkeypatch: pytest.MonkeyPatch, name: str = "信创工作经费") -> None:
    real = suggest_module.suggest_for_project

    def flaky(project: Project, idx: Index) -> ProjectSuggestions:
        if project.name == name:
            raise RuntimeError("模拟的失败")
        return real(project, idx)

    monkeypatch.setattr(suggest_module, "suggest_for_project", flaky)


def test_defaults_sit_beside_the_input(seed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, text = cli(seed, capsys=capsys)
    assert code == 0, text
    assert (seed.parent / "seed-审核.xlsx").exists() and (seed.parent / "seed-报告.html").exists()
    assert "已写出" in text and "16 个项目" in text
    sub = seed.parent / "结果"
    sub.mkdir()
    assert cli(seed, "-o", sub / "审核.xlsx", capsys=capsys)[0] == 0
    assert sorted(p.name for p in sub.iterdir()) == [
        "seed-报告.html",
        "审核.xlsx",
    ]  # report beside it


def test_existing_output_is_refused_unless_forced(
    seed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = seed.with_name("结果.xlsx")
    assert cli(seed, "-o", out, capsys=capsys)[0] == 0
    before = out.read_bytes()
    code, text = cli(seed, "-o", out, capsys=capsys)
    assert code == 2 and "输出文件已存在" in text and "--force" in text
    assert out.read_bytes() == before
    assert cli(seed, "-o", out, "--force", capsys=capsys)[0] == 0


def test_leftover_journal_needs_resume_or_force(
    seed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_one(monkeypatch)
    code, text = cli(seed, capsys=capsys)
    assert code == 0 and "1 个项目处理失败" in text and "--resume" in text
    journal = seed.with_name("seed-审核.journal.jsonl")
    assert journal.exists()
    code, text = cli(seed, capsys=capsys)
    assert code == 2 and "--resume" in text and "--force" in text

    seed.write_bytes(seed.read_bytes() + b"\n")  # now a different input
    code, text = cli(seed, "--resume", capsys=capsys)
    assert code == 2 and "另一份输入表" in text
    assert len(read_journal(journal)[1]) == 16  # refused without touching the journal


def test_missing_or_unwritable_output_folder_is_refused(
    seed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, text = cli(seed, "-o", seed.parent / "没有的目录" / "out.xlsx", capsys=capsys)
    assert code == 2 and "输出目录不存在" in text

    def refuse(*args: object, **kwargs: object) -> NoReturn:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("assistant.batch.paths.tempfile.NamedTemporaryFile", refuse)
    code, text = cli(seed, capsys=capsys)
    assert code == 2 and "无法在目录" in text
    assert sorted(p.name for p in seed.parent.iterdir()) == ["seed.txt"]  # nothing started


def test_bad_paths_and_options_are_refused(seed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = seed.with_name("原表.xlsx")
    write_table(read_table(seed), workbook)
    original = workbook.read_bytes()
    for args, message in (
        ((workbook, "-o", workbook), "不能是输入表本身"),
        ((seed, "-o", seed.with_name("out.csv")), "须为 Excel"),
        ((seed, "--report", seed.with_name("r.pdf")), ".html 或 .md"),
        ((seed, "--concurrency", "0"), "--concurrency"),
    ):
        code, text = cli(*args, capsys=capsys)
        assert code == 2 and message in text, (args, text)
    assert workbook.read_bytes() == original


def test_table_without_projects_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "空表.txt"
    empty.write_text("项目名称（资金使用单位）\t总计\t绩效目标\t绩效指标\n", encoding="utf-8")
    code, text = cli(empty, capsys=capsys)
    assert code == 2 and "没有可识别的项目" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["空表.txt"]


def test_locked_output_keeps_the_journal_and_resume_writes_it(
    seed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    real = os.replace
    monkeypatch.setattr("assistant.safe_io.os.replace", locked)
    code, text = cli(seed, capsys=capsys)
    assert code == 2 and "Excel/WPS" in text and "--resume" in text
    assert not seed.with_name("seed-审核.xlsx").exists()
    monkeypatch.setattr("assistant.safe_io.os.replace", real)
    calls: list[str] = []
    monkeypatch.setattr(suggest_module, "suggest_for_project", lambda p, i: calls.append(p.name))
    code, text = cli(seed, "--resume", capsys=capsys)
    assert code == 0 and calls == [] and "本次处理 0" in text
    assert seed.with_name("seed-审核.xlsx").exists()


def _child(args: list[object], counter: Path, delay: float, script: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "BATCH_COUNTER": str(counter), "BATCH_DELAY": str(delay), "COLUMNS": "300"}
    return subprocess.Popen(
        [sys.executable, str(script), "batch", *map(str, args)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def _wait_for_records(
    journal: Path, count: int, child: subprocess.Popen[str], timeout: float = 120
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if journal.exists() and journal.read_bytes().count(b"\n") >= count + 1:
            return
        assert child.poll() is None, child.communicate()
        time.sleep(0.05)
    raise AssertionError("journal did not fill in time")


@pytest.fixture
def child_script(tmp_path: Path) -> Path:
    script = tmp_path / "slow_jixiao.py"
    script.write_text(SLOW_CHILD, encoding="utf-8")
    return script


def test_kill_9_loses_nothing_and_resume_does_each_project_once(
    seed: Path, tmp_path: Path, child_script: Path
) -> None:
    out, counter = tmp_path / "审核.xlsx", tmp_path / "calls.txt"
    journal = tmp_path / "审核.journal.jsonl"
    child = _child([seed, "-o", out], counter, 0.4, child_script)
    _wait_for_records(journal, 2, child)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    _, before, _ = read_journal(journal)
    assert len(before) >= 2
    killed_calls = counter.read_text(encoding="utf-8").splitlines()
    counter.unlink()

    again = _child([seed, "-o", out, "--resume"], counter, 0, child_script)
    stdout, stderr = again.communicate(timeout=300)
    assert again.returncode == 0, stderr
    resumed_calls = counter.read_text(encoding="utf-8").splitlines()
    journalled = {r.name for r in before}
    assert not journalled & set(resumed_calls)  # nothing journalled is redone
    assert len(resumed_calls) == len(set(resumed_calls)) == 16 - len(journalled)
    assert journalled | set(resumed_calls) == {p.name for p in read_table(seed).projects}
    assert len(killed_calls) <= len(journalled) + 1  # at most the one in progress was lost
    summary = load_workbook(out)["项目汇总"]
    assert [summary.cell(row=r, column=12).value for r in range(2, 18)] == ["已完成"] * 16
    assert not journal.exists()


def test_ctrl_c_writes_what_is_done_and_says_how_to_resume(
    seed: Path, tmp_path: Path, child_script: Path
) -> None:
    out, counter = tmp_path / "审核.xlsx", tmp_path / "calls.txt"
    report = tmp_path / "报告.html"
    child = _child([seed, "-o", out, "--report", report], counter, 0.4, child_script)
    _wait_for_records(tmp_path / "审核.journal.jsonl", 2, child)
    child.send_signal(signal.SIGINT)
    stdout, stderr = child.communicate(timeout=120)
    assert child.returncode == 130, stderr
    assert "已中断" in stderr and "--resume" in stderr and str(out) in stderr
    assert "尚未完成" in report.read_text(encoding="utf-8")
    statuses = [load_workbook(out)["项目汇总"].cell(row=r, column=12).value for r in range(2, 18)]
    assert "未处理" in statuses and "已完成" in statuses

    again = _child([seed, "-o", out, "--report", report, "--resume"], counter, 0, child_script)
    _, stderr = again.communicate(timeout=300)
    assert again.returncode == 0, stderr
    calls = counter.read_text(encoding="utf-8").splitlines()
    assert len(calls) == len(set(calls)) == 16
    assert "尚未完成" not in report.read_text(encoding="utf-8")
