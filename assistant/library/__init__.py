"""The users' indicator library (issue #19): the embedded store (one person's JSONL library) or a
bureau's shared store on PostgreSQL, chosen by `[library] url` / JIXIAO_LIBRARY_URL.

What drafting sees of it (`library_records`, through `index.load_index`):
the shipped corpus stays read-only data beside it; of the store, every department's 已入库
records, plus the drafting department's own 待审核 ones (marked so); 退回 never. A local snapshot
of the shared store's records under `data_dir()` is refreshed with `changes(since)`, so a draft
does not download the whole library each time, and still works from the snapshot when the server
cannot be reached.

For the index: `SharedEvidence(url).since(version)` is what drafting searches as changes by the
store's version (the shipped corpus and the citable records at 0, then what changed), which
`index.follow` follows, so a new record is indexed without rebuilding the index;
`as_evidence(record, department)` is what each record is to a draft (None: not evidence).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from assistant.corpus import add_user_records, load_shipped, load_user, new_user_records
from assistant.errors import InputError
from assistant.library.embedded import EmbeddedStore
from assistant.library.postgres import LibraryError, PostgresStore
from assistant.library.secret import mask_url
from assistant.library.snapshot import Snapshot
from assistant.library.store import (
    APPROVED,
    PENDING,
    LibraryRecord,
    LibraryStore,
    Status,
    Submission,
    SubmitResult,
    submission_from_records,
)
from assistant.schema import CorpusRecord
from assistant.settings import LibrarySettings, load_section

__all__ = [
    "LibraryRecord",
    "LibraryStore",
    "Status",
    "Submission",
    "SharedEvidence",
    "SubmitResult",
    "as_evidence",
    "changes",
    "library_records",
    "open_store",
    "visible_records",
]

log = logging.getLogger("assistant.library")
PENDING_MARK = "本单位已报送（待审核）"
OWN_MARK = "本单位已入库"
SHARED_MARK = "共享指标库"


def _settings() -> LibrarySettings:
    return load_section("library", LibrarySettings)


def configured_url() -> str | None:
    """The shared library's connection string ([library] url, JIXIAO_LIBRARY_URL), if any."""
    settings = _settings()
    url = settings.url.get_secret_value().strip() if settings.url else ""
    return url or None


def open_store(url: str | None = None, department: str | None = None) -> LibraryStore:
    """The configured store: PostgreSQL when the library's URL is postgresql://… (or a libpq
    keyword string), else the embedded one."""
    settings = _settings()
    url = url if url is not None else configured_url()
    dept = department or settings.department
    if not url:
        return EmbeddedStore(dept)
    if not (url.startswith(("postgresql://", "postgres://")) or "=" in url):
        raise InputError(
            f"共享指标库地址应以 postgresql:// 开头，收到「{mask_url(url)}」"
            "（[library] url 或环境变量 JIXIAO_LIBRARY_URL）"
        )

    return PostgresStore(url, settings.pool_size, settings.connect_timeout)


def as_evidence(record: LibraryRecord, department: str | None) -> CorpusRecord | None:
    """What a store record is to a draft of `department`: its own records (origin user, a
    pending one marked 「本单位已报送（待审核）」), another department's approved record (origin
    shared), or None (returned, or another department's record not approved)."""
    own = department is not None and record.department == department
    if record.status == PENDING and own:
        mark = f"{PENDING_MARK}：{record.source_table}"
        return record.record.model_copy(update={"origin": "user", "source": mark})
    if record.status != APPROVED:
        return None
    if own:
        mark = f"{OWN_MARK}：{record.source_table}"
        return record.record.model_copy(update={"origin": "user", "source": mark})
    mark = f"{SHARED_MARK}：{record.department}报送（{record.source_table}）"
    return record.record.model_copy(update={"origin": "shared", "source": mark})


def changes(since: int, store: LibraryStore | None = None) -> tuple[list[LibraryRecord], int]:
    """The store's records inserted or changed after version `since` (those this connection may
    read), and the version to ask from next time."""
    own = store is None
    store = store or open_store()
    try:
        return store.changes(since)
    finally:
        if own:
            store.close()


def visible_records(
    department: str | None = None, store: LibraryStore | None = None
) -> list[CorpusRecord]:
    """The store's records a draft of `department` may cite (default: the department the
    connection is registered for), from the refreshed local snapshot."""
    own = store is None
    store = store or open_store()
    try:
        if store.kind == "embedded":
            return load_user()
        held = refresh_snapshot(store)
        viewer = department if department is not None else _department(store)
    finally:
        if own:
            store.close()
    found = (as_evidence(r, viewer) for r in held)
    return [r for r in found if r is not None]


def library_records() -> list[CorpusRecord]:
    """The users' records for the index: the embedded library, or what the configured shared
    library lets this department cite."""
    if configured_url() is None:
        return load_user()
    return visible_records()


def _department(store: LibraryStore) -> str | None:
    try:
        return store.department()
    except LibraryError:
        assert isinstance(store, PostgresStore)
        return Snapshot.of(store).department


def refresh_snapshot(store: LibraryStore) -> list[LibraryRecord]:
    """The shared store's records this connection may read, from the local snapshot brought up
    to date (see `snapshot`); when the server cannot be reached, the snapshot as it is (with a
    warning), or the error when there is none."""
    assert isinstance(store, PostgresStore)
    snapshot = Snapshot.of(store)
    snapshot.refresh(store)
    return snapshot.records()


class SharedEvidence:
    """What drafting searches with a shared library configured, as changes by version (what
    `index.follow.Follower` follows): since 0, the shipped corpus and every record this
    department may cite; since a later version, the records changed after it (citable ones as
    upserts, the rest — returned, or no longer visible — as removed ids). The feed's version is
    the store's + 1, so the shipped corpus alone is version 1, never 0 ("everything")."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.shipped = load_shipped()
        store = open_store(url)
        try:
            self.department = _department(store)
            where = store.where()
        finally:
            store.close()
        ids = "\n".join(r.id for r in self.shipped)
        key = f"{where}|{self.department}|{ids}"
        self.name = "shared-" + hashlib.sha256(key.encode()).hexdigest()[:16]

    def since(self, version: int) -> tuple[list[CorpusRecord], list[str], int]:
        """(upserts, removed ids, the version they bring a follower to)."""
        store = open_store(self.url)
        try:
            assert isinstance(store, PostgresStore)
            snapshot = Snapshot.of(store)
            snapshot.refresh(store)
        finally:
            store.close()
        changed = [r for r in snapshot.records() if r.version + 1 > version]
        upserts: list[CorpusRecord] = list(self.shipped) if version == 0 else []
        removed: list[str] = []
        for record in changed:
            evidence = as_evidence(record, self.department)
            if evidence is not None:
                upserts.append(evidence)
            elif version:
                removed.append(record.id)
        return upserts, removed, max(snapshot.version + 1, version)


def submit_accepted(records: list[CorpusRecord], source_table: str) -> tuple[int, str]:
    """The TUI's accepted and edited indicators into the library: the embedded one (each decision
    once), or the shared one as the connected department's submission (待审核). Returns how many
    were added and where they went, as a phrase (「加入你的指标库」)."""

    if configured_url() is None:
        fresh = new_user_records(records)
        if fresh:
            add_user_records(fresh, Path(source_table).stem or "library")
        return len(fresh), "加入你的指标库"
    store = open_store()
    try:
        department = store.department()
        if department is None:
            raise InputError(
                "数据库角色尚未登记单位，不能报送到共享指标库：请管理员运行 "
                "jixiao library grant 角色 --department 单位名称"
            )
        result = store.submit(submission_from_records(records, department, source_table))
    finally:
        store.close()
    return result.added, f"报送到共享指标库（{department}，待审核）"


def load_corpus(include_user: bool = True) -> list[CorpusRecord]:
    """What drafting searches: the shipped corpus plus (by default) the users' records — the
    embedded library, or what the configured shared library lets this department cite."""
    return load_shipped() + (library_records() if include_user else [])
