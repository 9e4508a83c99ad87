"""The resumable batch journal, `<output stem>.journal.jsonl` beside the output workbook.

Line 1 is a header: the input file's sha256 and the options of the run. Every later line is one
finished project (a `ProjectResult`), appended and flushed to the operating system as soon as the
project is done, so a crash or `kill -9` of the process loses nothing already written (the data
is in the kernel, which writes it out whatever happens to the process). fsync — which only adds
protection against the machine itself stopping (power cut, kernel crash) — is grouped: after
`SYNC_EVERY` records or `SYNC_SECONDS` since the last one, and on close; at worst such a stop
loses the last second of projects, which `--resume` redoes. One fsync a project cost about 5 s of
a 1,000-project run. A last line cut short by a crash is ignored, and trimmed off before the
journal is appended to again.
"""

from __future__ import annotations

import hashlib
import os
import time
from datetime import datetime
from pathlib import Path
from typing import IO, Literal

from pydantic import Field, ValidationError

from assistant.batch.results import ProjectResult
from assistant.errors import InputError
from assistant.schema import Model

KIND: Literal["jixiao-batch"] = "jixiao-batch"
SYNC_EVERY = 50
SYNC_SECONDS = 1.0


class JournalOptions(Model):
    """影响结果的运行选项。"""

    engine: str = Field("offline", description="offline，或大模型名称")
    only_flagged: bool = Field(False, description="只为有问题的项目生成建议")

    def describe(self) -> str:
        engine = "离线检索与规则" if self.engine == "offline" else f"大模型 {self.engine}"
        return (
            f"{engine}，{'只为有问题的项目生成建议' if self.only_flagged else '为全部项目生成建议'}"
        )


class JournalHeader(Model):
    """日志第一行。"""

    kind: Literal["jixiao-batch"] = KIND
    version: int = 1
    input: str = Field(description="输入文件")
    input_sha256: str = Field(description="输入文件内容的 sha256")
    projects: int = Field(ge=0, description="输入表中的项目数")
    options: JournalOptions = Field(default_factory=JournalOptions)
    started: str = Field(default_factory=lambda: datetime.now().isoformat(timespec="seconds"))


def journal_path(output: Path) -> Path:
    return output.with_name(f"{output.stem}.journal.jsonl")


def file_sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _header(line: bytes, path: Path) -> JournalHeader:
    try:
        return JournalHeader.model_validate_json(line)
    except ValidationError:
        raise InputError(
            "不是 jixiao 批量处理日志，或日志已损坏；请用 --force 重新开始", file=str(path)
        ) from None


def _record(line: bytes) -> ProjectResult | None:
    try:
        return ProjectResult.model_validate_json(line)
    except ValidationError:
        return None


def read_journal(path: Path) -> tuple[JournalHeader, list[ProjectResult], int]:
    """The header, every readable record, and the byte length of the complete lines."""
    data = path.read_bytes()
    complete = data.rfind(b"\n") + 1
    lines = data[:complete].splitlines()
    if not lines:
        raise InputError("日志为空或已损坏；请用 --force 重新开始", file=str(path))
    records = [r for r in map(_record, lines[1:]) if r is not None]
    return _header(lines[0], path), records, complete


def _reason(err: OSError) -> str:
    import errno

    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return "磁盘空间不足"
    if err.errno == errno.EFBIG:
        return "文件超过允许的大小"
    return err.strerror or str(err)


def _sync(handle: IO[bytes]) -> None:
    handle.flush()
    os.fsync(handle.fileno())


class Journal:
    """An open journal: append one finished project at a time, durably."""

    def __init__(
        self, path: Path, header: JournalHeader, records: list[ProjectResult], handle: IO[bytes]
    ) -> None:
        self.path, self.header, self.records, self._handle = path, header, records, handle
        self._unsynced = 0
        self._synced_at = time.monotonic()

    @classmethod
    def create(cls, path: Path, header: JournalHeader) -> Journal:
        try:
            handle = path.open("wb", buffering=0)
            handle.write(header.model_dump_json().encode() + b"\n")
            _sync(handle)
        except OSError as err:
            raise InputError(f"无法写入批量处理日志（{_reason(err)}）", file=str(path)) from None
        return cls(path, header, [], handle)

    @classmethod
    def reopen(cls, path: Path, input_sha256: str) -> Journal:
        """The journal of an earlier run over the same input, ready to append to."""
        header, records, complete = read_journal(path)
        if header.input_sha256 != input_sha256:
            raise InputError(
                f"日志属于另一份输入表（{header.input}，内容与本次输入不同），不能续跑；"
                "请换一个输出文件，或用 --force 丢弃旧日志重新开始",
                file=str(path),
            )
        handle = path.open("r+b", buffering=0)
        handle.truncate(complete)
        handle.seek(complete)
        return cls(path, header, records, handle)

    def append(self, result: ProjectResult) -> None:
        """Write one finished project: written whole and flushed at once (safe from kill -9),
        fsynced in groups; on a write failure (disk full) the journal is cut back to its last
        complete line and an InputError says so."""
        start = self._handle.tell()
        try:
            data = result.model_dump_json().encode() + b"\n"
            written = 0
            while written < len(data):
                written += self._handle.write(data[written:]) or 0
            self._handle.flush()
        except OSError as err:
            try:
                self._handle.truncate(start)
                self._handle.seek(start)
            except OSError:
                pass  # a cut-short last line is ignored on reading anyway
            raise InputError(
                f"无法写入批量处理日志（{_reason(err)}）。此前完成的项目都已保存，"
                "处理好后加 --resume 接着运行",
                file=str(self.path),
            ) from None
        self.records.append(result)
        self._unsynced += 1
        if self._unsynced >= SYNC_EVERY or time.monotonic() - self._synced_at >= SYNC_SECONDS:
            self.sync()

    def sync(self) -> None:
        """fsync what is written so far."""
        _sync(self._handle)
        self._unsynced = 0
        self._synced_at = time.monotonic()

    def close(self) -> None:
        if self._handle.closed:
            return
        try:
            if self._unsynced:
                self.sync()
            self._handle.close()
        except OSError:
            pass  # unbuffered and flushed: nothing left to lose

    def finished(self) -> dict[int, ProjectResult]:
        """The latest record of each project position."""
        return {r.position: r for r in self.records}
