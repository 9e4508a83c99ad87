"""The batch journal: durable appends, a crash-truncated last line, refusal of a foreign journal."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.batch.journal import Journal, JournalHeader, file_sha256, journal_path, read_journal
from assistant.batch.results import ProjectResult
from assistant.checks import ProjectReport
from assistant.errors import InputError
from assistant.refine.project import ProjectSuggestions


def _result(position: int, name: str, error: str | None = None) -> ProjectResult:
    report = ProjectReport(name=name, score=90, summary="90 分", findings=[])
    return ProjectResult(
        position=position,
        name=name,
        suggestions=ProjectSuggestions(project=name, report=report),
        error=error,
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
    assert [(r.position, r.name, r.error) for r in records] == [
        (0, "甲", None),
        (2, "丙", "坏数据"),
    ]
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


def test_fsync_is_grouped_and_done_on_close(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20: one fsync per SYNC_EVERY records (not per record), and one more on close."""
    import os

    from assistant.batch import journal as journal_module

    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr("assistant.batch.journal.os.fsync", fsync)
    monkeypatch.setattr(journal_module, "SYNC_SECONDS", 3600.0)
    journal = _journal(tmp_path)
    assert len(synced) == 1  # the header
    for n in range(journal_module.SYNC_EVERY * 2 + 3):
        journal.append(_result(n, f"项目{n}"))
        _, records, _ = read_journal(journal.path)  # every record is readable at once
        assert len(records) == n + 1
    assert len(synced) == 3
    journal.close()
    assert len(synced) == 4
    journal.close()  # closing twice is harmless
    assert len(synced) == 4


def test_fsync_at_least_every_second(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.batch import journal as journal_module

    clock = [1000.0]
    monkeypatch.setattr("assistant.batch.journal.time.monotonic", lambda: clock[0])
    synced: list[int] = []
    monkeypatch.setattr("assistant.batch.journal.os.fsync", synced.append)
    journal = _journal(tmp_path)
    journal.append(_result(0, "甲"))
    assert len(synced) == 1
    clock[0] += journal_module.SYNC_SECONDS
    journal.append(_result(1, "乙"))
    assert len(synced) == 2
    journal.close()


def test_kill_9_right_after_appends_loses_nothing(tmp_path: Path) -> None:
    """Records not yet fsynced are still in the file when the process is killed: flush is enough
    against kill -9 (fsync only matters if the machine itself stops)."""
    import signal
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from assistant.batch.journal import Journal, JournalHeader
        from assistant.batch.results import ProjectResult
        from assistant.checks import ProjectReport
        from assistant.refine.project import ProjectSuggestions
        header = JournalHeader(input="表.txt", input_sha256="abc", projects=7)
        journal = Journal.create(Path({str(tmp_path / "k.journal.jsonl")!r}), header)
        for n in range(7):
            report = ProjectReport(name=f"项目{{n}}", score=90, summary="90 分", findings=[])
            journal.append(ProjectResult(position=n, name=f"项目{{n}}",
                                         suggestions=ProjectSuggestions(project=f"项目{{n}}", report=report)))
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    done = subprocess.run([sys.executable, "-c", code], check=False)
    assert done.returncode == -signal.SIGKILL
    again = Journal.reopen(tmp_path / "k.journal.jsonl", "abc")
    assert sorted(again.finished()) == list(range(7))
    again.close()
