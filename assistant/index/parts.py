"""The built pieces of an index (BM25 fields, embeddings) and their cache form.

Embeddings are kept once per distinct text (`*_unique`) with a row number per document, so the
many repeated names ("服务对象满意度") cost one vector and one dot product; and in float16, which
halves memory and the time of the dot product (a memory-bound scan) for a change in cosine of
at most ≈3e-4 (top-10 agreement 99% on the shipped corpus).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.index.documents import (
    INDICATOR_WEIGHTS,
    PROJECT_WEIGHTS,
    ProjectGroup,
    indicator_fields,
    indicator_text,
    project_fields,
    project_text,
)
from assistant.index.lexical import Lexical
from assistant.index.tokenize import TOKENIZER_VERSION
from assistant.schema import CorpusRecord

Encode = Callable[[list[str]], np.ndarray]
MatVec = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass
class Vectors:
    """Normalised embeddings of distinct texts and, per document, the row of its text."""

    unique: np.ndarray  # float16 (n_texts, dim), rows of norm 1
    rows: np.ndarray  # int32 (n_docs,)

    @classmethod
    def of(cls, texts: list[str], encode: Encode) -> Vectors:
        distinct = list(dict.fromkeys(texts))
        row = {t: i for i, t in enumerate(distinct)}
        rows = np.fromiter((row[t] for t in texts), dtype=np.int32, count=len(texts))
        return cls(encode(distinct).astype(np.float16), rows)

    def scores(self, query: np.ndarray, matvec: MatVec) -> np.ndarray:
        """Cosine of every document with the (normalised) query."""
        cosines: np.ndarray = matvec(self.unique, query)[self.rows]
        return cosines


@dataclass
class Parts:
    lexical: Lexical
    projects: Lexical
    vectors: Vectors | None = None
    project_vectors: Vectors | None = None

    @classmethod
    def build(
        cls, records: list[CorpusRecord], groups: list[ProjectGroup], encode: Encode | None
    ) -> Parts:
        firsts = [records[g.members[0]] for g in groups]
        lexical = Lexical.build([indicator_fields(r) for r in records], INDICATOR_WEIGHTS)
        projects = Lexical.build([project_fields(r) for r in firsts], PROJECT_WEIGHTS)
        if encode is None:
            return cls(lexical, projects)
        vectors = Vectors.of([indicator_text(r) for r in records], encode)
        return cls(
            lexical, projects, vectors, Vectors.of([project_text(r) for r in firsts], encode)
        )

    def to_entry(self) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        arrays = {**self.lexical.arrays("ind"), **self.projects.arrays("prj")}
        for name, v in (("vec", self.vectors), ("pvec", self.project_vectors)):
            if v is not None:
                arrays[f"{name}_unique"], arrays[f"{name}_rows"] = v.unique, v.rows
        objects = {
            "ind_vocab": list(self.lexical.vocab),
            "prj_vocab": list(self.projects.vocab),
            "meta": {"tokenizer": TOKENIZER_VERSION, "dense": self.vectors is not None},
        }
        return arrays, objects

    @classmethod
    def from_entry(
        cls,
        arrays: dict[str, np.ndarray],
        objects: dict[str, Any],
        n_docs: int,
        n_projects: int,
        dense: bool,
    ) -> Parts:
        """Rebuild from the cache; ValueError/KeyError when anything does not fit."""
        meta = objects["meta"]
        if meta["tokenizer"] != TOKENIZER_VERSION or meta["dense"] != dense:
            raise ValueError("cache made with another tokenizer or model")
        lexical = Lexical.from_arrays(objects["ind_vocab"], arrays, "ind", INDICATOR_WEIGHTS)
        projects = Lexical.from_arrays(objects["prj_vocab"], arrays, "prj", PROJECT_WEIGHTS)
        if lexical.n_docs != n_docs or projects.n_docs != n_projects:
            raise ValueError("cache made for another corpus")
        if not dense:
            return cls(lexical, projects)
        vectors = _vectors(arrays, "vec", n_docs)
        project_vectors = _vectors(arrays, "pvec", n_projects)
        if vectors.unique.shape[1] != project_vectors.unique.shape[1]:
            raise ValueError("embedding sizes differ")
        return cls(lexical, projects, vectors, project_vectors)


def _vectors(arrays: dict[str, np.ndarray], name: str, n_docs: int) -> Vectors:
    unique, rows = arrays[f"{name}_unique"], arrays[f"{name}_rows"]
    ok = (
        unique.ndim == 2
        and rows.shape == (n_docs,)
        and unique.dtype == np.float16
        and (n_docs == 0 or 0 <= int(rows.min()) <= int(rows.max()) < len(unique))
    )
    if not ok:
        raise ValueError(f"{name}: embeddings do not fit the corpus")
    return Vectors(unique, rows.astype(np.int32, copy=False))
