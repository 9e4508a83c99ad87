"""The users' indicator library (issue #19): the embedded store (one person's JSONL library) or a
bureau's shared store on PostgreSQL, chosen by `[library] url` / JIXIAO_LIBRARY_URL.

What drafting sees of it (`library_records`, through `corpus.load_corpus` and so `Index.load`):
the shipped corpus stays read-only data beside it; of the store, every department's 已入库
records, plus the drafting department's own 待审核 ones (marked so); 退回 never. A local snapshot
of the shared store's records under `data_dir()` is refreshed with `changes(since)`, so a draft
does not download the whole library each time, and still works from the snapshot when the server
cannot be reached.

For the index (part 2 of the issue): `changes(since)` gives the store's records inserted or
changed after a version, and `as_evidence(record, department)` what each is to the index (None:
not evidence, drop it).
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.corpus import add_user_records, load_shipped, load_user, new_user_records
from assistant.errors import InputError
from assistant.library.embedded import EmbeddedStore
from assistant.library.postgres import LibraryError, PostgresStore
from assistant.library.secret import mask_url
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
from assistant.resources import data_dir
from assistant.safe_io import atomic_write_text
from assistant.schema import CorpusRecord
from assistant.settings import LibrarySettings, load_section

if TYPE_CHECKING:
    from assistant.settings import LibrarySettings

__all__ = [
    "LibraryRecord",
    "LibraryStore",
    "Status",
    "Submission",
    "SubmitResult",
    "as_evidence",
    "changes",
    "library_records",
    "open_store",
    "visible_records",
]

log = logging.getLogger("assistant.library")
SNAPSHOT_DIR = "shared-library"
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
        meta = _read_snapshot(_snapshot_path(store))[0]
        dept = meta.get("department")
        return str(dept) if dept else None


# -- the local snapshot of a shared store --------------------------------------------------------


def _snapshot_path(store: LibraryStore) -> Path:

    key = hashlib.sha256(store.where().encode()).hexdigest()[:16]
    folder = data_dir() / SNAPSHOT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{key}.jsonl"


def _read_snapshot(path: Path) -> tuple[dict[str, object], dict[str, LibraryRecord]]:
    if not path.exists():
        return {}, {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        meta = json.loads(lines[0]) if lines else {}
        held = [LibraryRecord.model_validate_json(line) for line in lines[1:] if line.strip()]
    except (ValueError, OSError) as err:
        log.warning("共享指标库的本地副本无法读取（%s），将重新下载", err)
        return {}, {}
    return meta, {r.id: r for r in held}


def refresh_snapshot(store: LibraryStore) -> list[LibraryRecord]:
    """The store's records this connection may read, kept in a local file and brought up to date
    with `changes(since)`; when the server cannot be reached, the file as it is (with a
    warning), or the error when there is none."""

    assert isinstance(store, PostgresStore)
    path = _snapshot_path(store)
    meta, held = _read_snapshot(path)
    try:
        instance, user, dept = store.instance(), store.user(), store.department()
        if meta.get("instance") != instance or meta.get("user") != user:
            meta, held = {}, {}
        since = meta.get("version", 0)
        found, version = store.changes(since if isinstance(since, int) else 0)
    except LibraryError as err:
        if not held:
            raise
        log.warning("%s；使用本地副本（版本 %s）", err.message, meta.get("version"))
        return sorted(held.values(), key=lambda r: r.version)
    for record in found:
        held[record.id] = record
    if found or meta.get("version") != version:
        meta = {"instance": instance, "user": user, "department": dept, "version": version}
        lines = [json.dumps(meta, ensure_ascii=False)]
        lines += [r.model_dump_json() for r in sorted(held.values(), key=lambda r: r.version)]
        try:
            atomic_write_text(path, "\n".join(lines) + "\n")
        except (OSError, InputError) as err:
            log.warning("未能保存共享指标库的本地副本：%s", err)
    return sorted(held.values(), key=lambda r: r.version)


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
