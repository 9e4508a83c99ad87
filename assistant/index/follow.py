"""An index that follows a store whose records carry a version (a column bumped on every
insert and change): each sync asks for what changed since the version it is at and indexes only
that, as the delta of a layered index (see `layers`); past `layers.compaction_limit` the delta
is folded into a new base, cached on disk under the store's name and version.

    follower = Follower.start("library", changes)    # changes(since) -> Changes
    follower.index.search("系统正常运行率")
    follower.sync()                                  # the records changed since, indexed

Searchers keep the Index they hold: `sync` makes a new one, it never changes one in place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.index.index import Index, Notify
from assistant.schema import CorpusRecord


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
        """Everything the store holds (its changes since version 0) as the base: from the cache
        when that version of the store was indexed before."""
        first = changes(0)
        index = Index.load(
            list(first.upserts),
            embed_model=embed_model,
            use_cache=use_cache,
            notify=notify,
            cache_key=base_key(name, first.version),
        )
        return cls(name, changes, index, first.version, use_cache=use_cache, notify=notify)

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
        self.index, self.version = index, got.version
        return index
