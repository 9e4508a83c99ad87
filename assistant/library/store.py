"""The library store: what one department submitted, with provenance and review status, and the
protocol both backends (embedded, PostgreSQL) follow.

A store record is a `CorpusRecord` (the indicator, its project, its source) plus who submitted it
for which department from which table row, where its review stands, and a `version` that grows
with every insert and every status change, so a reader can ask for what changed since it last
looked (`changes(since)`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from assistant.corpus import records_from_project
from assistant.schema import CorpusRecord, Project, Table

Status = Literal["待审核", "已入库", "退回"]
PENDING: Status = "待审核"
APPROVED: Status = "已入库"
RETURNED: Status = "退回"
STATUSES: tuple[Status, ...] = (PENDING, APPROVED, RETURNED)

_ROW = re.compile(r"第\s*(\d+)\s*行")


class LibraryRecord(BaseModel):
    """共享指标库中的一条记录：指标及其项目、报送单位、出处行、审核状态与版本号。"""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="记录编号（单位、年度、项目、指标名称、指标值决定）")
    record: CorpusRecord
    department: str = Field(description="报送单位")
    source_table: str = Field(description="报送的表")
    source_row: int | None = Field(None, description="表中的行号")
    status: Status = PENDING
    submitted_by: str = Field("", description="报送人（数据库角色）")
    submitted_at: datetime | None = None
    reviewer: str | None = None
    reviewed_at: datetime | None = None
    reason: str | None = Field(None, description="退回理由")
    version: int = 0


class Entry(BaseModel):
    """One indicator of a submission and the row of the table it came from."""

    model_config = ConfigDict(frozen=True)

    record: CorpusRecord
    row: int | None = None


class Submission(BaseModel):
    """报送：一个单位从一张表报送的指标。"""

    model_config = ConfigDict(frozen=True)

    department: str = Field(min_length=1)
    source_table: str = Field(min_length=1)
    entries: list[Entry]


class SubmitResult(BaseModel):
    added: int = 0
    known: int = 0
    ids: list[str] = Field(default_factory=list)


class ReviewResult(BaseModel):
    changed: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)


def library_id(department: str, record: CorpusRecord) -> str:
    """The identity of a submitted indicator: its department, year, project, name and value.
    The same indicator submitted twice is one record."""
    key = [
        department,
        record.year,
        record.project or "",
        record.indicator.name,
        record.indicator.annual_value.raw,
    ]
    digest = hashlib.sha1(json.dumps(key, ensure_ascii=False).encode()).hexdigest()
    return f"L{digest[:15]}"


def source_row(project: Project) -> int | None:
    """The table row a project was read from (its origin: 「file 第N行」)."""
    match = _ROW.search(project.origin or "")
    return int(match.group(1)) if match else None


def submission_of(table: Table, department: str, source_table: str) -> Submission:
    """A table's indicators as one department's submission."""
    entries: list[Entry] = []
    for project in table.projects:
        own = project.model_copy(update={"department": department})
        row = source_row(project)
        entries += [
            Entry(record=r, row=row) for r in records_from_project(own, "user", source_table)
        ]
    return Submission(department=department, source_table=source_table, entries=entries)


def submission_from_records(
    records: Iterable[CorpusRecord], department: str, source_table: str
) -> Submission:
    """Records already made (the TUI's accepted indicators) as one department's submission."""
    entries = [
        Entry(record=r.model_copy(update={"department": department}), row=None) for r in records
    ]
    return Submission(department=department, source_table=source_table, entries=entries)


class LibraryStore(Protocol):
    """A library of submitted records. The embedded store is one person's (everything submitted
    is 已入库 at once); the PostgreSQL store is a bureau's, reviewed."""

    kind: str

    def where(self) -> str:
        """Where the store is, as users may read it (never a password)."""
        ...

    def init(self) -> list[str]:
        """Create or migrate what the store needs; the migrations applied now."""
        ...

    def department(self) -> str | None:
        """The department this connection submits for (None: not registered)."""
        ...

    def is_reviewer(self) -> bool: ...

    def submit(self, submission: Submission) -> SubmitResult: ...

    def review(self, ids: list[str], status: Status, reason: str | None = None) -> ReviewResult:
        """Set the status of records (已入库, or 退回 with a reason)."""
        ...

    def records(
        self, status: Status | None = None, department: str | None = None
    ) -> list[LibraryRecord]:
        """The records this connection may read, oldest version first."""
        ...

    def changes(self, since: int) -> tuple[list[LibraryRecord], int]:
        """Records inserted or changed after version `since`, in version order, and the version
        to ask from next time."""
        ...

    def counts(self) -> dict[tuple[str, str], int]:
        """(department, status) → how many records this connection can see."""
        ...

    def close(self) -> None: ...
