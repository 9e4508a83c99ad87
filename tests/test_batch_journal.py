"""The batch journal: durable appends, a crash-truncated last line, refusal of a foreign journal."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.batch.journal import Journal, JournalHeader, file_sha256, journal_path, read_journal
from assistant.batch.results import ProjectResult
from assistant.checks import ProjectReport
from assistant.errors import InputError
from assistant.suggest import ProjectSuggestions


def _result(position: int, name: str, error: str | None = None) -> ProjectResult:
    report = ProjectReport(name=name, score=90, summary="90 分", findings=[])
    return ProjectResult(
        position=position, name=name, suggestions=ProjectSuggestions(project=name, report=report), error=error
    )


def _journal(tmp_path: Path, digest: str = "abc") -> Journal:
    header = JournalHeader(input="表.txt", input_sha256=digest, projects=3)
    return Journal.create(tmp_path / "out.journal.jsonl", header)


def test_journal_path_sits_beside_the_output() -> None:
    assert journal_path(Path("/x/审核.xlsx")) == Path("/x/审核.journal.jsonl")


def test_file_sha256_hashes_the_bytes(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes(b"abc")
    assert file_sha256(f) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_records_are_on_disk_as_soon_as_appended(tmp_path: Path) -> None:
    journal = _journal(tmp_path)
    journal.append(_result(0, "甲"))
    journal.append(_result(2, "丙", error="坏数据"))
    header, records, _ = read_journal(journal.path)  # read while still open: already flushed
    assert header.input_sha256 == "abc"
    assert [(r.position, r.name, r.error) for r in records] == [(0, "甲", None), (2, "丙", "坏数据")]
    journal.close()


def test_truncated_last_line_is_ignored_and_trimmed_before_appending(tmp_path: Path) -> None:
    journal = _journal(tmp_path)
    journal.append(_result(0, "甲"))
    journal.close()
    whole = journal.path.read_bytes()
    partial = _result(1, "乙").model_dump_json().encode()[:40]
    journal.path.write_bytes(whole + partial)  # what a kill -9 mid-write leaves

    again = Journal.reopen(journal.path, "abc")
    assert [r.name for r in again.records] == ["甲"]
    again.append(_result(1, "乙"))
    again.close()
    _, records, complete = read_journal(journal.path)
    assert [r.name for r in records] == ["甲", "乙"]
    assert complete == len(journal.path.read_bytes())


def test_latest_record_of_a_position_wins(tmp_path: Path) -> None:
    journal = _journal(tmp_path)
    journal.append(_result(1, "乙", error="网络错误"))
    journal.append(_result(1, "乙"))
    assert journal.finished()[1].error is None
    journal.close()


def test_journal_of_another_input_is_refused(tmp_path: Path) -> None:
    _journal(tmp_path, digest="abc").close()
    with pytest.raises(InputError, match="另一份输入表"):
        Journal.reopen(tmp_path / "out.journal.jsonl", "def")


def test_a_file_that_is_not_a_journal_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "out.journal.jsonl"
    path.write_text('{"hello": 1}\n', encoding="utf-8")
    with pytest.raises(InputError, match="--force"):
        Journal.reopen(path, "abc")
