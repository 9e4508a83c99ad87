"""#17 item 8: the user sees and removes entries of their own library; the shipped corpus stays.
(conftest points JIXIAO_HOME, and with it the user library, at a fresh folder per test.)"""

from __future__ import annotations

import pytest

from assistant.corpus import (
    add_user_records,
    load_shipped,
    load_user,
    records_from_project,
    remove_user_records,
    user_entries,
    user_library_dir,
)
from assistant.errors import InputError
from assistant.schema import CorpusRecord, Indicator, Project
from tests.cli_run import cli


def records(project: str, *named: tuple[str, str]) -> list[CorpusRecord]:
    indicators = [
        Indicator.from_text(level1="", level2="质量指标", name=name, annual_value=value)
        for name, value in named
    ]
    made = Project(name=project, indicators=indicators)
    return records_from_project(made, "user", "jixiao tui 导出：结果.xlsx")


def test_entries_name_each_record_and_its_file() -> None:
    first = add_user_records(records("运维项目", ("系统可用率", "≥99%")), "一")
    second = add_user_records(records("培训项目", ("培训合格率", "≥95%")), "二")
    entries = user_entries()
    assert [(e.record.indicator.name, e.file) for e in entries] == [
        ("系统可用率", first),
        ("培训合格率", second),
    ]
    assert entries[0].record.source == "jixiao tui 导出：结果.xlsx"


def test_removing_a_record_keeps_the_rest_of_its_file() -> None:
    held = records("运维项目", ("系统可用率", "≥99%"), ("故障响应时间", "≤2小时"))
    path = add_user_records(held, "一")
    assert remove_user_records([held[0]]) == 1
    assert [r.indicator.name for r in load_user()] == ["故障响应时间"]
    assert path.exists()


def test_identity_is_project_name_and_value() -> None:
    add_user_records(records("运维项目", ("系统可用率", "≥99%")), "一")
    other_value = records("运维项目", ("系统可用率", "≥98%"))
    other_project = records("别的项目", ("系统可用率", "≥99%"))
    assert remove_user_records([*other_value, *other_project]) == 0
    assert len(load_user()) == 1


def test_the_same_decision_goes_from_every_file_and_empty_files_go() -> None:
    one = records("运维项目", ("系统可用率", "≥99%"))
    first = add_user_records(one, "一")
    second = add_user_records([*one, *records("运维项目", ("巡检次数", "≥12次"))], "二")
    assert remove_user_records(one) == 2
    assert not first.exists() and second.exists()
    assert [e.record.indicator.name for e in user_entries()] == ["巡检次数"]


def test_the_shipped_corpus_is_not_touched() -> None:
    shipped = load_shipped()
    assert remove_user_records(shipped[:5]) == 0
    assert load_shipped() == shipped
    assert list(user_library_dir().iterdir()) == []


def test_a_damaged_user_file_is_one_chinese_error() -> None:
    (user_library_dir() / "坏.jsonl").write_text("{不是 JSON\n", encoding="utf-8")
    with pytest.raises(InputError, match="用户指标库文件已损坏"):
        remove_user_records(records("运维项目", ("系统可用率", "≥99%")))


def test_cli_lists_and_removes_by_number(capsys: pytest.CaptureFixture[str]) -> None:
    add_user_records(records("运维项目", ("系统可用率", "≥99%"), ("巡检次数", "≥12次")), "一")
    code, out = cli("corpus", "list", capsys=capsys)
    assert code == 0 and "1\t运维项目\t产出指标\t质量指标\t系统可用率\t≥99%\t" in out
    assert "2\t运维项目\t产出指标\t质量指标\t巡检次数\t≥12次\t" in out
    code, out = cli("corpus", "remove", "2", capsys=capsys)
    assert code == 0 and "已从用户指标库删除 1 条指标" in out
    assert [r.indicator.name for r in load_user()] == ["系统可用率"]


def test_cli_refuses_an_unknown_number(capsys: pytest.CaptureFixture[str]) -> None:
    add_user_records(records("运维项目", ("系统可用率", "≥99%")), "一")
    code, out = cli("corpus", "remove", "1", "3", capsys=capsys)
    assert code == 2 and "没有编号为 3 的指标（现有编号为 1–1" in out
    assert len(load_user()) == 1


def test_cli_says_an_empty_library_is_empty(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = cli("corpus", "list", capsys=capsys)
    assert code == 0 and "用户指标库还是空的" in out
