"""The embedded store: one person's library, the user's JSONL files under `data_dir()/library/`
that `jixiao corpus add` and the TUI's export write. Nobody else reviews it, so a submission is
已入库 at once; the version of a record is its place in the library (the files in name order), so
`changes(since)` is what was added after the first `since` records.
"""

from __future__ import annotations

from pathlib import Path

from assistant.corpus import add_user_records, new_user_records, user_entries, user_library_dir
from assistant.errors import InputError
from assistant.library.store import (
    APPROVED,
    LibraryRecord,
    ReviewResult,
    Status,
    Submission,
    SubmitResult,
)

OWN = "本单位"


class EmbeddedStore:
    kind = "embedded"

    def __init__(self, department: str | None = None) -> None:
        self._department = department

    def where(self) -> str:
        return f"本机指标库（{user_library_dir()}）"

    def init(self) -> list[str]:
        user_library_dir()
        return []

    def department(self) -> str | None:
        return self._department

    def is_reviewer(self) -> bool:
        return False

    def submit(self, submission: Submission) -> SubmitResult:
        records = [e.record for e in submission.entries]
        fresh = new_user_records(records)
        if fresh:
            add_user_records(fresh, Path(submission.source_table).stem or "library")
        return SubmitResult(
            added=len(fresh), known=len(records) - len(fresh), ids=[r.id for r in fresh]
        )

    def review(self, ids: list[str], status: Status, reason: str | None = None) -> ReviewResult:
        raise InputError(
            "本机指标库不需要审核（报送即入库）；审核用于共享指标库：请设置 [library] url "
            "或环境变量 JIXIAO_LIBRARY_URL"
        )

    def records(
        self, status: Status | None = None, department: str | None = None
    ) -> list[LibraryRecord]:
        found = []
        for version, entry in enumerate(user_entries(), 1):
            r = entry.record
            dept = r.department or self._department or OWN
            if (status is not None and status != APPROVED) or (department not in (None, dept)):
                continue
            found.append(
                LibraryRecord(
                    id=r.id,
                    record=r,
                    department=dept,
                    source_table=entry.file.name,
                    status=APPROVED,
                    version=version,
                )
            )
        return found

    def changes(self, since: int) -> tuple[list[LibraryRecord], int]:
        found = self.records()
        return [r for r in found if r.version > since], len(found)

    def counts(self) -> dict[tuple[str, str], int]:
        out: dict[tuple[str, str], int] = {}
        for r in self.records():
            out[(r.department, r.status)] = out.get((r.department, r.status), 0) + 1
        return out

    def close(self) -> None:
        return None
