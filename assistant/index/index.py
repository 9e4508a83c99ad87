"""The retrieval index over the indicator library: indicator search and similar projects,
lexical (BM25) always, dense (sentence-transformers) fused by RRF when a model is configured."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from assistant.errors import InputError
from assistant.index import cache
from assistant.index.dense import Embedder, ModelUnavailable, configured_model, model_id
from assistant.index.documents import (
    DOCUMENTS_VERSION,
    ProjectGroup,
    context_weight,
    group_projects,
)
from assistant.index.filters import FilterColumns, SearchFilters
from assistant.index.hits import Hit, ProjectHit
from assistant.index.parts import Parts, Vectors
from assistant.index.ranking import Ranked, rank
from assistant.index.tokenize import TOKENIZER_VERSION, tokenize
from assistant.library import load_corpus
from assistant.schema import CorpusRecord

Notify = Callable[[str], None]


def _embedder(name: str | None, notify: Notify | None) -> Embedder | None:
    if name is None:
        return None
    try:
        return Embedder(name)
    except ModelUnavailable as err:
        if notify is not None:
            notify(f"未能离线加载向量模型 {name}，改用纯词法检索（原因：{err}）")
        return None


class Index:
    """Search the indicator library. Build with `Index.load` (cached) or `Index.build`."""

    def __init__(
        self,
        records: list[CorpusRecord],
        parts: Parts,
        embedder: Embedder | None,
        from_cache: bool = False,
    ) -> None:
        self._records = records
        self._parts = parts
        self._embedder = embedder if parts.vectors is not None else None
        self._columns = FilterColumns(records)
        self._groups: list[ProjectGroup] = group_projects(records)
        self._record_project = np.full(len(records), -1, dtype=np.int64)
        for p, group in enumerate(self._groups):
            self._record_project[list(group.members)] = p
        self._in_project = self._record_project >= 0
        self._owner = np.maximum(self._record_project, 0)
        self.from_cache = from_cache

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
        records: list[CorpusRecord] | None = None,
        *,
        embed_model: str | None = None,
        use_cache: bool = True,
        notify: Notify | None = None,
    ) -> Index:
        """The index of `records` (default: the shipped corpus plus the user's library), from the
        disk cache when it is current. `embed_model` None → JIXIAO_EMBED_MODEL → config file."""
        if records is None:
            records = load_corpus()
        embedder = _embedder(configured_model(embed_model), notify)
        if use_cache:
            try:
                return cls._cached(records, embedder)
            except OSError as err:
                if notify is not None:
                    notify(f"索引缓存不可用（{err}），本次不使用缓存")
        return cls._fresh(records, embedder)

    @classmethod
    def _fresh(cls, records: list[CorpusRecord], embedder: Embedder | None) -> Index:
        encode = embedder.encode if embedder else None
        return cls(records, Parts.build(records, group_projects(records), encode), embedder)

    @classmethod
    def _cached(cls, records: list[CorpusRecord], embedder: Embedder | None) -> Index:
        """From the cache entry for this corpus and model, or built and written there.
        OSError when the cache folder cannot be used at all."""
        key = cache.index_key(
            records, TOKENIZER_VERSION, DOCUMENTS_VERSION, embedder.id if embedder else ""
        )
        folder = cache.root() / key
        entry = cache.read_entry(folder)
        groups = group_projects(records)
        if entry is not None:
            try:
                parts = Parts.from_entry(*entry, len(records), len(groups), embedder is not None)
                return cls(records, parts, embedder, from_cache=True)
            except (ValueError, KeyError, TypeError):
                pass  # unusable: rebuilt and rewritten below
        encode = (
            partial(cache.EmbeddingStore(embedder.id).embed, encode=embedder.encode)
            if embedder
            else None
        )
        parts = Parts.build(records, groups, encode)
        cache.write_entry(folder, *parts.to_entry(), replace=True)
        cache.prune()
        return cls(records, parts, embedder)

    @property
    def records(self) -> list[CorpusRecord]:
        return self._records

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

    def _dense_scores(self, text: str, vectors: Vectors | None) -> np.ndarray | None:
        if self._embedder is None or vectors is None:
            return None
        return vectors.scores(self._embedder.query(text), self._embedder.similarities)

    def search(self, query: str, k: int = 10, filters: SearchFilters | None = None) -> list[Hit]:
        """The k indicators most like `query` (a name, or a project's name and description)."""
        if not query.strip():
            return []
        mask = self._columns.mask(filters)
        lexical = self._lexical_scores(tokenize(query), context_weight(query))
        dense = self._dense_scores(query, self._parts.vectors)
        return [self._hit(r) for r in rank(lexical, dense, mask, k)]

    def _lexical_scores(self, tokens: list[str], weight: float) -> np.ndarray:
        """Name match, blended with how well the indicator's project matches (its context)."""
        scores = self._parts.lexical.scores(tokens)
        if weight == 0 or not self._groups:
            return scores
        context = self._parts.projects.scores(tokens).take(self._owner) * self._in_project
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
        mask = self._columns.mask(filters)
        lexical = self._parts.projects.scores(tokenize(text))
        dense = self._dense_scores(text, self._parts.project_vectors)
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
