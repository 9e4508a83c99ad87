"""Search filters and their evaluation as a boolean mask over the records.

Category names are accepted as people write them ("数量", "11-数量指标", "满意度") and stored in
canonical form; a name that fits no category raises InputError (the CLI exits 2). A 成本 filter at
level2 ("成本指标") matches the cost indicators of both frameworks.
"""

from __future__ import annotations

import unicodedata
from typing import get_args

import numpy as np
from pydantic import BaseModel, ConfigDict, field_validator

from assistant.categories import (
    COST2,
    LEVEL1_NAMES,
    LEVEL2_NAMES,
    clean_label,
    is_cost,
    normalise_pair,
)
from assistant.errors import InputError
from assistant.schema import CorpusRecord, Origin

ORIGINS: tuple[str, ...] = get_args(Origin)


def level1_name(text: str) -> str:
    """Canonical first-level name for a wild label, or InputError."""
    label = clean_label(text)
    found = [n for n in LEVEL1_NAMES if label and (label in n or n.removesuffix("指标") in label)]
    if len(found) != 1:
        raise InputError(f"无法识别的一级指标「{text}」，可用：{'、'.join(LEVEL1_NAMES)}")
    return found[0]


def level2_name(text: str) -> str:
    """Canonical second-level name for a wild label, or InputError."""
    pair = normalise_pair("", text) if clean_label(text) else None
    if pair is None:
        raise InputError(f"无法识别的二级指标「{text}」，可用：{'、'.join(LEVEL2_NAMES)}")
    return pair[1]


def _fold(text: str | None) -> str:
    return unicodedata.normalize("NFKC", text or "").strip().lower()


class SearchFilters(BaseModel):
    """检索条件；均为空时不过滤。"""

    model_config = ConfigDict(extra="forbid")

    level1: str | None = None
    level2: str | None = None
    sector: str | None = None
    region: str | None = None
    year: int | None = None
    measurable_only: bool = False
    origins: set[str] | None = None
    exclude_projects: set[str] = set()

    @field_validator("level1")
    @classmethod
    def _level1(cls, v: str | None) -> str | None:
        return level1_name(v) if v else None

    @field_validator("level2")
    @classmethod
    def _level2(cls, v: str | None) -> str | None:
        return level2_name(v) if v else None

    @field_validator("origins")
    @classmethod
    def _origins(cls, v: set[str] | None) -> set[str] | None:
        unknown = sorted((v or set()) - set(ORIGINS))
        if unknown:
            raise InputError(f"未知的来源「{'、'.join(unknown)}」，可用：{'、'.join(ORIGINS)}")
        return v


class _Coded:
    """A text column as integer codes over its distinct values."""

    def __init__(self, values: list[str | None], known: list[str | None] | None = None) -> None:
        index: dict[str | None, int] = {v: i for i, v in enumerate(known or [])}
        self.codes = np.fromiter(
            (index.setdefault(v, len(index)) for v in values), np.int32, len(values)
        )
        self.values = list(index)

    def extend(self, values: list[str | None]) -> _Coded:
        """These codes followed by those of `values` (the known values keep their codes)."""
        tail = _Coded(values, self.values)
        tail.codes = np.concatenate([self.codes, tail.codes])
        return tail

    def equal_any(self, wanted: set[str]) -> np.ndarray:
        return np.isin(self.codes, [i for i, v in enumerate(self.values) if v in wanted])

    def contains(self, needle: str) -> np.ndarray:
        n = _fold(needle)
        return np.isin(self.codes, [i for i, v in enumerate(self.values) if n in _fold(v) and v])


CODED: tuple[str, ...] = ("level1", "level2", "sector", "region", "origin", "project")


def _value(r: CorpusRecord, name: str) -> str | None:
    value: str | None = getattr(r.indicator if name in ("level1", "level2") else r, name)
    return value


def _years(records: list[CorpusRecord]) -> np.ndarray:
    return np.array([r.year if r.year is not None else -1 for r in records], np.int32)


def _measurable(records: list[CorpusRecord]) -> np.ndarray:
    return np.array([r.indicator.annual_value.measurable for r in records], bool)


class FilterColumns:
    """The record attributes filters look at, as arrays, so a filter is a few vector ops."""

    level1: _Coded
    level2: _Coded
    sector: _Coded
    region: _Coded
    origin: _Coded
    project: _Coded

    def __init__(self, records: list[CorpusRecord]) -> None:
        self.size = len(records)
        for name in CODED:
            setattr(self, name, _Coded([_value(r, name) for r in records]))
        self.year = _years(records)
        self.measurable = _measurable(records)

    def extend(self, records: list[CorpusRecord]) -> FilterColumns:
        """These columns followed by those of `records`, at the cost of `records` alone (a
        layered index adds its few new records to its base's columns)."""
        out = FilterColumns([])
        out.size = self.size + len(records)
        for name in CODED:
            column: _Coded = getattr(self, name)
            setattr(out, name, column.extend([_value(r, name) for r in records]))
        out.year = np.concatenate([self.year, _years(records)])
        out.measurable = np.concatenate([self.measurable, _measurable(records)])
        return out

    def mask(self, f: SearchFilters | None) -> np.ndarray | None:
        """True where a record passes; None when nothing is filtered."""
        if f is None:
            return None
        parts = [
            self.level1.equal_any({f.level1}) if f.level1 else None,
            self._level2(f.level2) if f.level2 else None,
            self.sector.contains(f.sector) if f.sector else None,
            self.region.contains(f.region) if f.region else None,
            self.year == f.year if f.year is not None else None,
            self.measurable if f.measurable_only else None,
            self.origin.equal_any(f.origins) if f.origins is not None else None,
            ~self.project.equal_any(f.exclude_projects) if f.exclude_projects else None,
        ]
        active = [p for p in parts if p is not None]
        if not active:
            return None
        return np.logical_and.reduce(active) if len(active) > 1 else active[0]

    def _level2(self, level2: str) -> np.ndarray:
        if level2 == COST2:
            return self.level2.equal_any({n for n in self.level2.values if n and is_cost(n)})
        return self.level2.equal_any({level2})
