"""An index that follows a store whose records carry a version (a column bumped on every
insert and change): each sync asks for what changed since the version it is at and indexes only
that, as the delta of a layered index (see `layers`); past `layers.compaction_limit` the delta
is folded into a new base, cached on disk under the store's name and version.

    follower = Follower.start("library", changes)    # changes(since) -> Changes
    follower.index.search("系统正常运行率")
    follower.sync()                                  # the records changed since, indexed

Searchers keep the Index they hold: `sync` makes a new one, it never changes one in place.

A new process (`start`) takes the newest base the cache holds for the store (a pointer file
names its version) and indexes only the changes since that version; the records it has not
seen change come from the store's current state, the positions of changed or removed ones are
masked. Only when no base is cached is everything built (and cached).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.bulk import collector_paused
from assistant.index import cache
from assistant.index.dense import configured_model
from assistant.index.index import Index, Notify, Slot
from assistant.library import SharedEvidence, configured_url, load_corpus
from assistant.schema import CorpusRecord, Indicator


@dataclass(frozen=True)
class Changes:
    """What a store reports since a version: records that are (again) citable, new or changed
    (same id), and ids that no longer are (removed, sent back, not yet approved); `version`: the
    store's version these changes bring the follower to."""

    upserts: Sequence[CorpusRecord]
    removed: Sequence[str]
    version: int


ChangesSince = Callable[[int], Changes]


def base_key(name: str, version: int) -> str:
    """The cache identity of a store's records at a version (see `Index.load`'s cache_key)."""
    return f"{name}@{version}"


def _pointer(name: str) -> Path:
    slug = hashlib.sha256(name.encode()).hexdigest()[:16]
    return cache.root() / "bases" / f"{slug}.json"


def read_pointer(name: str) -> tuple[int, int] | None:
    """(version, size) of the newest base cached for the store `name`, if any."""
    try:
        data = json.loads(_pointer(name).read_text(encoding="utf-8"))
        return int(data["version"]), int(data["size"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_pointer(name: str, version: int, size: int) -> None:
    """Name the store's newest cached base, atomically; a base older than the one named
    already is not named (two processes compacting in turn keep the newer)."""
    current = read_pointer(name)
    if current is not None and current[0] > version:
        return
    path = _pointer(name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"version": version, "size": size}, fh)
        os.replace(tmp, path)
    except OSError:
        pass  # without a pointer the next process builds a base itself: slower, still right


def stand_in(slot: Slot) -> CorpusRecord:
    """A masked base position's record: it is never returned, only its id and project count."""
    rid, project, department = slot
    indicator = Indicator.model_construct(level1="", level2="", name=rid)
    return CorpusRecord.model_construct(
        id=rid,
        origin="library",
        indicator=indicator,
        project=project,
        department=department,
        source="",
    )


class Follower:
    """An Index kept current with a store through `changes(since_version)`."""

    def __init__(
        self,
        name: str,
        changes: ChangesSince,
        index: Index,
        version: int,
        *,
        use_cache: bool = True,
        notify: Notify | None = None,
    ) -> None:
        self.name = name
        self.index = index
        self.version = version
        self.compactions = 0
        self._changes = changes
        self._use_cache = use_cache
        self._notify = notify

    @classmethod
    def start(
        cls,
        name: str,
        changes: ChangesSince,
        *,
        embed_model: str | None = None,
        use_cache: bool = True,
        notify: Notify | None = None,
    ) -> Follower:
        """The store's records (its changes since version 0, i.e. all of them) indexed as the
        newest cached base + the changes since it; a full build only without a cached base."""
        current = changes(0)
        pointer = read_pointer(name) if use_cache else None
        if pointer is not None and pointer[0] <= current.version:
            resumed = cls._resume(name, changes, current, pointer, embed_model, notify)
            if resumed is not None:
                return resumed
        records = list(current.upserts)
        index = Index.load(
            records,
            embed_model=embed_model,
            use_cache=use_cache,
            notify=notify,
            cache_key=base_key(name, current.version),
        )
        if use_cache:
            write_pointer(name, current.version, len(records))
        return cls(name, changes, index, current.version, use_cache=use_cache, notify=notify)

    @classmethod
    def _resume(
        cls,
        name: str,
        changes: ChangesSince,
        current: Changes,
        pointer: tuple[int, int],
        embed_model: str | None,
        notify: Notify | None,
    ) -> Follower | None:
        version, size = pointer
        since = changes(version) if version < current.version else Changes([], [], version)
        touched = {r.id for r in since.upserts} | set(since.removed)
        now = {r.id: r for r in current.upserts}
        masked: list[str] = []

        def records_for(slots: list[Slot]) -> list[CorpusRecord]:
            out = []
            for slot in slots:
                record = now.get(slot[0])
                if record is None or slot[0] in touched:
                    masked.append(slot[0])
                    out.append(stand_in(slot))
                else:
                    out.append(record)
            return out

        base = Index.from_named_cache(
            base_key(name, version), size, records_for, embed_model=embed_model, notify=notify
        )
        if base is None:
            return None
        index = base.with_changes(since.upserts, [*masked, *since.removed])
        follower = cls(name, changes, index, since.version, notify=notify)
        return follower

    def sync(self) -> Index:
        """Apply the store's changes since the last sync; compact when the delta is too big."""
        got = self._changes(self.version)
        if not got.upserts and not got.removed:
            self.version = got.version
            return self.index
        index = self.index.with_changes(got.upserts, got.removed)
        if index.needs_compaction:
            index = index.compacted(
                base_key(self.name, got.version), use_cache=self._use_cache, notify=self._notify
            )
            self.compactions += 1
            if self._use_cache:
                write_pointer(self.name, got.version, len(index.records))
        self.index, self.version = index, got.version
        return index


_followers: dict[tuple[str, str | None, str], tuple[SharedEvidence, Follower]] = {}


def load_index(
    *, embed_model: str | None = None, use_cache: bool = True, notify: Notify | None = None
) -> Index:
    """The index drafting searches: the shipped corpus and the users' library. With a shared
    library configured ([library] url), a Follower of it, one per process: the first call
    resumes from the newest cached base and the changes since, later calls sync; otherwise the
    corpus and the embedded library, from the disk cache (`Index.load`)."""
    with collector_paused():
        return _load_index(embed_model, use_cache, notify)


def _load_index(embed_model: str | None, use_cache: bool, notify: Notify | None) -> Index:
    url = configured_url()
    if url is None:
        return Index.load(
            load_corpus(), embed_model=embed_model, use_cache=use_cache, notify=notify
        )
    key = (url, configured_model(embed_model), str(cache.root()))
    held = _followers.get(key)
    if held is None:
        feed = SharedEvidence(url)
        follower = Follower.start(
            feed.name,
            lambda since: Changes(*feed.since(since)),
            embed_model=embed_model,
            use_cache=use_cache,
            notify=notify,
        )
        _followers[key] = (feed, follower)
        return follower.index
    return held[1].sync()
