"""The retrieval index over the indicator library: indicator search and similar projects,
lexical (BM25) always, dense (sentence-transformers) fused by RRF when a model is configured."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property, partial
from pathlib import Path

import numpy as np

from assistant.errors import InputError
from assistant.index import cache
from assistant.index.dense import Embedder, ModelUnavailable, configured_model, model_id
from assistant.index.documents import (
    DOCUMENTS_VERSION,
    ProjectGroup,
    context_weight,
    group_projects,
    indicator_fields,
    indicator_text,
    project_fields,
    project_text,
)
from assistant.index.filters import FilterColumns, SearchFilters
from assistant.index.hits import Hit, ProjectHit
from assistant.index.layers import (
    LayeredLexical,
    LayeredParts,
    LayeredVectors,
    Taken,
    compaction_limit,
    layered_projects,
)
from assistant.index.parts import Encode, Parts, Vectors
from assistant.index.ranking import Ranked, rank
from assistant.index.tokenize import TOKENIZER_VERSION, tokenize
from assistant.schema import CorpusRecord

Notify = Callable[[str], None]
# A base position as a named cache entry keeps it: the record's id, project and department.
Slot = tuple[str, str | None, str | None]


def _embedder(name: str | None, notify: Notify | None) -> Embedder | None:
    if name is None:
        return None
    try:
        return Embedder(name)
    except ModelUnavailable as err:
        if notify is not None:
            notify(f"未能离线加载向量模型 {name}，改用纯词法检索（原因：{err}）")
        return None


def _versions(embedder: Embedder | None) -> tuple[str, str, str]:
    """What besides the records makes an entry: tokenizer, indexed fields, model."""
    return TOKENIZER_VERSION, DOCUMENTS_VERSION, embedder.id if embedder else ""


def _named_folder(name: str, size: int, embedder: Embedder | None) -> Path:
    return cache.root() / cache.named_key(name, size, *_versions(embedder))


def _store_encode(embedder: Embedder | None) -> Encode | None:
    """Encoding through the embedding store: texts seen before are not embedded again."""
    if embedder is None:
        return None
    return partial(cache.EmbeddingStore(embedder.id).embed, encode=embedder.encode)


def _slots(records: list[CorpusRecord]) -> list[list[str | None]]:
    return [[r.id, r.project, r.department] for r in records]


class Index:
    """Search the indicator library. Build with `Index.load` (cached) or `Index.build`.

    An index may be layered (`with_changes`, `load_layered`): its base's records, some masked
    out, followed by a delta of records added or changed since; it searches as a full rebuild
    of its live `records` would (see `layers`), and is itself never changed: `with_changes`
    returns a new Index, so a search running on this one is not disturbed.
    """

    def __init__(
        self,
        records: list[CorpusRecord],
        parts: Parts,
        embedder: Embedder | None,
        from_cache: bool = False,
        encode: Encode | None = None,
    ) -> None:
        self._records = records  # slots: searched positions (a layered index's include masked)
        self._parts = parts  # a layered index's: its base's
        self._search: Parts | LayeredParts = parts  # what is searched
        self._embedder = embedder if parts.vectors is not None else None
        self._encode = (encode or self._embedder.encode) if self._embedder is not None else None
        self._columns = FilterColumns(records)
        self._live: np.ndarray | None = None  # None: every slot is live
        self._set_groups(group_projects(records))
        self.from_cache = from_cache
        self._base = self
        self._delta: dict[str, CorpusRecord] = {}
        self._masked_ids: frozenset[str] = frozenset()

    def _set_groups(self, groups: list[ProjectGroup]) -> None:
        self._groups = groups
        self._record_project = np.full(len(self._records), -1, dtype=np.int64)
        for p, group in enumerate(groups):
            self._record_project[list(group.members)] = p
        self._in_project = self._record_project >= 0
        self._owner = np.maximum(self._record_project, 0)

    @classmethod
    def build(cls, records: list[CorpusRecord], *, embed_model: str | None = None) -> Index:
        """In memory, no disk cache. Dense only with an explicit `embed_model` ("none" = off;
        InputError if it cannot be loaded offline), so evaluations are never silently lexical."""
        name = configured_model(embed_model) if embed_model is not None else None
        embedder = None
        if name is not None:
            try:
                embedder = Embedder(name)
            except ModelUnavailable as err:
                raise InputError(f"未能离线加载向量模型 {name}：{err}") from None
        return cls._fresh(records, embedder)

    @classmethod
    def load(
        cls,
        records: list[CorpusRecord],
        *,
        embed_model: str | None = None,
        use_cache: bool = True,
        notify: Notify | None = None,
        cache_key: str | None = None,
    ) -> Index:
        """The index of `records` (what drafting searches: `index.load_index`), from the
        disk cache when it is current. `embed_model` None → JIXIAO_EMBED_MODEL → config file.
        `cache_key`: the records' identity when the caller can vouch for it (a store and the
        version the records are at), instead of a hash of their content (≈2.6 s at 100k)."""
        embedder = _embedder(configured_model(embed_model), notify)
        return cls._load(records, embedder, use_cache, notify, cache_key)

    @classmethod
    def _load(
        cls,
        records: list[CorpusRecord],
        embedder: Embedder | None,
        use_cache: bool,
        notify: Notify | None,
        cache_key: str | None,
    ) -> Index:
        if use_cache:
            try:
                return cls._cached(records, embedder, cache_key)
            except OSError as err:
                if notify is not None:
                    notify(f"索引缓存不可用（{err}），本次不使用缓存")
        return cls._fresh(records, embedder)

    @classmethod
    def load_layered(
        cls,
        base: list[CorpusRecord],
        upserts: Iterable[CorpusRecord] = (),
        removed_ids: Iterable[str] = (),
        *,
        base_key: str | None = None,
        embed_model: str | None = None,
        use_cache: bool = True,
        notify: Notify | None = None,
    ) -> Index:
        """The index of `base` (from the cache, see `load`; `base_key` as its `cache_key`)
        with `upserts` added or replacing the records of the same id and `removed_ids` gone:
        only the changes are indexed."""
        index = cls.load(
            base,
            embed_model=embed_model,
            use_cache=use_cache,
            notify=notify,
            cache_key=base_key,
        )
        return index.with_changes(upserts, removed_ids)

    @classmethod
    def _fresh(cls, records: list[CorpusRecord], embedder: Embedder | None) -> Index:
        encode = embedder.encode if embedder else None
        return cls(records, Parts.build(records, group_projects(records), encode), embedder)

    @classmethod
    def _cached(
        cls, records: list[CorpusRecord], embedder: Embedder | None, name: str | None = None
    ) -> Index:
        """From the cache entry for this corpus and model, or built and written there.
        OSError when the cache folder cannot be used at all."""
        folder = (
            cache.root() / cache.index_key(records, *_versions(embedder))
            if name is None
            else _named_folder(name, len(records), embedder)
        )
        entry = cache.read_entry(folder)
        groups = group_projects(records)
        encode = _store_encode(embedder)
        # A named entry is checked against the records' ids, in order: a name is vouched for
        # by the caller, and the same records in another order would misplace every hit.
        slots = _slots(records) if name is not None else None
        if entry is not None and (slots is None or entry[1].get("slots") == slots):
            try:
                parts = Parts.from_entry(*entry, len(records), len(groups), embedder is not None)
                return cls(records, parts, embedder, from_cache=True, encode=encode)
            except (ValueError, KeyError, TypeError):
                pass  # unusable: rebuilt and rewritten below
        parts = Parts.build(records, groups, encode)
        arrays, objects = parts.to_entry()
        extra = {"slots": slots} if slots is not None else {}
        cache.write_entry(folder, arrays, {**objects, **extra}, replace=True)
        cache.prune()
        return cls(records, parts, embedder, encode=encode)

    @classmethod
    def from_named_cache(
        cls,
        cache_key: str,
        size: int,
        records_for: Callable[[list[Slot]], list[CorpusRecord]],
        *,
        embed_model: str | None = None,
        notify: Notify | None = None,
    ) -> Index | None:
        """The index cached under `cache_key` (see `load`) for `size` records, or None. Its
        records come from `records_for(slots)`: the (id, project, department) of each position,
        from the entry; they must carry those, but a position about to be masked (`with_changes`
        removing its id) may hold a stand-in, so a process need not have the base's old
        versions of records changed since."""
        embedder = _embedder(configured_model(embed_model), notify)
        try:
            entry = cache.read_entry(_named_folder(cache_key, size, embedder))
        except OSError:
            return None
        slots = entry[1].get("slots") if entry is not None else None
        if entry is None or not isinstance(slots, list) or len(slots) != size:
            return None
        records = records_for([(str(i), p, d) for i, p, d in slots])
        if _slots(records) != slots:
            return None
        groups = group_projects(records)
        try:
            parts = Parts.from_entry(*entry, len(records), len(groups), embedder is not None)
        except (ValueError, KeyError, TypeError):
            return None
        return cls(records, parts, embedder, from_cache=True, encode=_store_encode(embedder))

    def with_changes(
        self, upserts: Iterable[CorpusRecord] = (), removed_ids: Iterable[str] = ()
    ) -> Index:
        """A new index: this one's records with `removed_ids` gone and `upserts` added (an
        upsert whose id is already there replaces that record; removals apply first). Only
        the changed records are indexed; the base stays shared. This index is unchanged."""
        base = self._base
        positions = base._positions
        delta = dict(self._delta)
        masked = set(self._masked_ids)
        for rid in removed_ids:
            delta.pop(rid, None)
            if rid in positions:
                masked.add(rid)
        for r in upserts:
            delta[r.id] = r
            if r.id in positions:
                masked.add(r.id)
        if not delta and not masked:
            return base
        return base._layered(delta, frozenset(masked))

    @property
    def changed(self) -> int:
        """How many records differ from the base: added, changed or removed."""
        return len(self._masked_ids | self._delta.keys())

    @property
    def needs_compaction(self) -> bool:
        """True when the delta has grown past `layers.compaction_limit` of the base."""
        return self.changed > compaction_limit(len(self._base._records))

    def compacted(
        self, cache_key: str | None = None, use_cache: bool = True, notify: Notify | None = None
    ) -> Index:
        """One segment over the live records (a new base), written to the cache under
        `cache_key` (see `load`) atomically: a process reading the old base is not disturbed."""
        return Index._load(self.records, self._embedder, use_cache, notify, cache_key)

    @cached_property
    def _positions(self) -> dict[str, list[int]]:
        """Slot positions of each record id (a base's; ids should be unique, need not be)."""
        out: dict[str, list[int]] = {}
        for i, r in enumerate(self._records):
            out.setdefault(r.id, []).append(i)
        return out

    def _layered(self, delta: dict[str, CorpusRecord], masked_ids: frozenset[str]) -> Index:
        """This (base) index with `masked_ids` masked out and `delta` appended."""
        parts = self._parts
        n_base = len(self._records)
        added = list(delta.values())
        dead = np.zeros(n_base, dtype=bool)
        for rid in masked_ids:
            dead[self._positions[rid]] = True
        slots = self._records + added
        projects = layered_projects(self._groups, dead, added)
        firsts_added = [slots[s] for s in projects.added]
        lexical = LayeredLexical(parts.lexical, dead, [indicator_fields(r) for r in added])
        dead_projects = np.zeros(len(self._groups), dtype=bool)
        dead_projects[projects.masked] = True
        project_lexical = LayeredLexical(
            parts.projects, dead_projects, [project_fields(r) for r in firsts_added]
        )
        layered = LayeredParts(lexical, Taken(project_lexical, projects.source))
        if parts.vectors is not None and parts.project_vectors is not None and self._encode:
            layered.vectors = LayeredVectors(
                parts.vectors,
                _delta_vectors([indicator_text(r) for r in added], self._encode, parts.vectors),
            )
            layered.project_vectors = LayeredVectors(
                parts.project_vectors,
                _delta_vectors(
                    [project_text(r) for r in firsts_added], self._encode, parts.vectors
                ),
                projects.source,
            )
        index = object.__new__(Index)
        index._records = slots
        index._parts = parts
        index._search = layered
        index._embedder = self._embedder
        index._encode = self._encode
        index._columns = self._columns.extend(added)
        index._live = np.concatenate([~dead, np.ones(len(added), dtype=bool)])
        index._set_groups(projects.groups)
        index.from_cache = self.from_cache
        index._base = self
        index._delta = delta
        index._masked_ids = masked_ids
        return index

    @property
    def records(self) -> list[CorpusRecord]:
        """The live records, in the order a full rebuild would index them."""
        return self._live_records

    @cached_property
    def _live_records(self) -> list[CorpusRecord]:
        if self._live is None:
            return self._records
        return [self._records[i] for i in np.flatnonzero(self._live)]

    def _mask(self, filters: SearchFilters | None) -> np.ndarray | None:
        """Records that pass the filters and are live; None when all do."""
        mask = self._columns.mask(filters)
        if self._live is None:
            return mask
        return self._live if mask is None else mask & self._live

    @property
    def dense_enabled(self) -> bool:
        return self._embedder is not None

    @property
    def embed_model(self) -> str | None:
        """The dense model in use (its folder or name), or None."""
        return model_id(self._embedder.name) if self._embedder else None

    def embed(self, texts: list[str]) -> np.ndarray | None:
        """Normalised vectors of `texts` from the dense model, or None without one."""
        return self._embedder.encode(texts) if self._embedder else None

    def _dense_scores(
        self, text: str, vectors: Vectors | LayeredVectors | None
    ) -> np.ndarray | None:
        if self._embedder is None or vectors is None:
            return None
        return vectors.scores(self._embedder.query(text), self._embedder.similarities)

    def search(self, query: str, k: int = 10, filters: SearchFilters | None = None) -> list[Hit]:
        """The k indicators most like `query` (a name, or a project's name and description)."""
        if not query.strip():
            return []
        mask = self._mask(filters)
        lexical = self._lexical_scores(tokenize(query), context_weight(query))
        dense = self._dense_scores(query, self._search.vectors)
        return [self._hit(r) for r in rank(lexical, dense, mask, k)]

    def _lexical_scores(self, tokens: list[str], weight: float) -> np.ndarray:
        """Name match, blended with how well the indicator's project matches (its context)."""
        scores = self._search.lexical.scores(tokens)
        if weight == 0 or not self._groups:
            return scores
        context = self._search.projects.scores(tokens).take(self._owner) * self._in_project
        return (scores + weight * context) / (1 + weight)

    def _hit(self, r: Ranked) -> Hit:
        return Hit(
            record=self._records[r.doc],
            score=r.score,
            lexical_rank=r.lexical_rank,
            dense_rank=r.dense_rank,
            lexical_score=r.lexical_score,
            dense_score=r.dense_score,
        )

    def similar_projects(
        self, text: str, k: int = 5, filters: SearchFilters | None = None
    ) -> list[ProjectHit]:
        """The k projects most like `text`; each with its indicators that pass the filters."""
        if not text.strip():
            return []
        mask = self._mask(filters) if filters is not None else None
        lexical = self._search.projects.scores(tokenize(text))
        dense = self._dense_scores(text, self._search.project_vectors)
        return [
            self._project_hit(r, mask) for r in rank(lexical, dense, self._project_mask(mask), k)
        ]

    def _project_mask(self, mask: np.ndarray | None) -> np.ndarray | None:
        if mask is None:
            return None
        allowed = np.zeros(len(self._groups), dtype=bool)
        allowed[self._record_project[mask & self._in_project]] = True
        return allowed

    def _project_hit(self, r: Ranked, mask: np.ndarray | None) -> ProjectHit:
        group = self._groups[r.doc]
        first = self._records[group.members[0]]
        members = [self._records[i] for i in group.members if mask is None or mask[i]]
        return ProjectHit(
            project=group.name,
            department=group.department,
            sector=first.sector,
            year=first.year,
            score=r.score,
            records=members,
            lexical_rank=r.lexical_rank,
            dense_rank=r.dense_rank,
            lexical_score=r.lexical_score,
            dense_score=r.dense_score,
        )


def _delta_vectors(texts: list[str], encode: Encode, like: Vectors) -> Vectors:
    if not texts:
        empty = np.zeros((0, like.unique.shape[1]), dtype=np.float16)
        return Vectors(empty, np.zeros(0, dtype=np.int32))
    return Vectors.of(texts, encode)
