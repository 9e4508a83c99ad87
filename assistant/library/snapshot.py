"""The local copy of a shared store: the records one connection may read, kept in memory for the
process and on disk between processes, brought up to date with the store's `changes(since)`.

    snapshot = Snapshot.of(store)     # one per store and process; read from disk once
    changed = snapshot.refresh(store) # the records changed since; [] when the server is down
    snapshot.records()                # everything held, oldest version first

On disk, under `data_dir()/shared-library/`, a store has two files: `<key>.jsonl`, its records
appended as they arrive (a later line of the same id replaces an earlier one), and
`<key>.json`, what they are (server instance, role, department, version, size in bytes), written
atomically after the records it names are on disk. A crash between the two leaves the older
version named, so the next refresh fetches those records again: nothing is lost, a line is
repeated. The file is rewritten whole only when repeated lines outnumber the records.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import ClassVar

from pydantic import TypeAdapter, ValidationError

from assistant.bulk import collector_paused
from assistant.errors import InputError
from assistant.library.postgres import LibraryError, PostgresStore
from assistant.library.store import LibraryRecord
from assistant.resources import data_dir
from assistant.safe_io import atomic_write_text
from assistant.text import TRUSTED

log = logging.getLogger("assistant.library")
SNAPSHOT_DIR = "shared-library"
_RECORDS = TypeAdapter(list[LibraryRecord])


class Snapshot:
    """The records of one shared store this process has seen, by id."""

    _open: ClassVar[dict[str, Snapshot]] = {}

    def __init__(self, folder: Path, key: str) -> None:
        self.lines_path = folder / f"{key}.jsonl"
        self.meta_path = folder / f"{key}.json"
        self.meta: dict[str, object] = {}
        self.held: dict[str, LibraryRecord] = {}
        self.lines = 0
        self._read()

    @classmethod
    def of(cls, store: PostgresStore) -> Snapshot:
        """The process's snapshot of `store` (read from disk the first time)."""
        key = hashlib.sha256(store.where().encode()).hexdigest()[:16]
        folder = data_dir() / SNAPSHOT_DIR
        found = cls._open.get(str(folder / key))
        if found is None:
            folder.mkdir(parents=True, exist_ok=True)
            found = cls._open[str(folder / key)] = cls(folder, key)
        return found

    @property
    def version(self) -> int:
        version = self.meta.get("version", 0)
        return version if isinstance(version, int) else 0

    @property
    def department(self) -> str | None:
        dept = self.meta.get("department")
        return str(dept) if dept else None

    def records(self) -> list[LibraryRecord]:
        return sorted(self.held.values(), key=lambda r: r.version)

    def _read(self) -> None:
        try:
            meta = json.loads(self.meta_path.read_text(encoding="utf-8"))
            with self.lines_path.open("rb") as fh:
                data = fh.read(int(meta["size"]))
            with collector_paused():
                held = _RECORDS.validate_json(
                    b"[" + b",".join(data.splitlines()) + b"]", context=TRUSTED
                )
        except FileNotFoundError:
            return
        except (ValueError, OSError, KeyError, TypeError, ValidationError) as err:
            log.warning("共享指标库的本地副本无法读取（%s），将重新下载", err)
            return
        self.meta, self.lines = meta, len(held)
        self.held = {r.id: r for r in held}

    def refresh(self, store: PostgresStore) -> list[LibraryRecord]:
        """Fetch what changed since the held version and keep it; the records changed. When the
        server cannot be reached: [] with a warning if anything is held, else the error."""
        try:
            instance, user, dept = store.instance(), store.user(), store.department()
            if self.meta.get("instance") != instance or self.meta.get("user") != user:
                self.meta, self.held, self.lines = {}, {}, 0
            found, version = store.changes(self.version)
        except LibraryError as err:
            if not self.held:
                raise
            log.warning("%s；使用本地副本（版本 %s）", err.message, self.version)
            return []
        self.held.update((r.id, r) for r in found)
        meta: dict[str, object] = {
            "instance": instance,
            "user": user,
            "department": dept,
            "version": version,
        }
        if found or any(self.meta.get(k) != v for k, v in meta.items()):
            self._save(found, meta)
        return found

    def _save(self, found: list[LibraryRecord], meta: dict[str, object]) -> None:
        held_size = self.meta.get("size")
        size = held_size if isinstance(held_size, int) else 0
        try:
            whole = not size or not self.lines_path.exists()
            if whole or self.lines + len(found) > 2 * len(self.held) + 100:
                text = "".join(r.model_dump_json() + "\n" for r in self.records())
                atomic_write_text(self.lines_path, text)
                size, self.lines = len(text.encode()), len(self.held)
            elif found:
                size = self._append(found, size)
            self.meta = {**meta, "lines": self.lines, "size": size}
            atomic_write_text(self.meta_path, json.dumps(self.meta, ensure_ascii=False))
        except (OSError, InputError) as err:
            log.warning("未能保存共享指标库的本地副本：%s", err)

    def _append(self, found: list[LibraryRecord], size: int) -> int:
        """Write `found` after the first `size` bytes (what the meta file names: a torn or
        unnamed tail of a crash is cut off); the new size."""
        data = "".join(r.model_dump_json() + "\n" for r in found).encode()
        with self.lines_path.open("r+b") as fh:
            fh.truncate(size)
            fh.seek(size)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        self.lines += len(found)
        return size + len(data)
