"""What is indexed: the fields of an indicator and of a project, and the grouping of records into
projects (records sharing a project name and department)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.index.tokenize import normalise, tokenize
from assistant.schema import CorpusRecord

# Part of the cache key: change it whenever what is indexed changes.
DOCUMENTS_VERSION = "fields-2"
# Indicator fields: name, category label + value unit.
INDICATOR_WEIGHTS: tuple[float, ...] = (1.0, 0.3)
# Project fields: name + goal, department + sector + region.
PROJECT_WEIGHTS: tuple[float, ...] = (1.0, 0.3)
PROJECT_TEXT_CHARS = 96
# A short query is an indicator name; a long one describes a project, and then an indicator
# whose project matches the description counts too, blended in with this weight (tuned with
# benchmarks/bench_retrieval_quality.py: project → indicators MRR 0.11 → 0.18 at no cost to
# name queries, which are mostly ≤ 16 characters).
LONG_QUERY_CHARS = 16
LONG_QUERY_CONTEXT = 2.0


@dataclass(frozen=True)
class ProjectGroup:
    name: str
    department: str | None
    members: tuple[int, ...]  # record positions, in corpus order


def group_projects(records: list[CorpusRecord]) -> list[ProjectGroup]:
    groups: dict[tuple[str, str | None], list[int]] = {}
    for i, r in enumerate(records):
        if r.project:
            groups.setdefault((r.project, r.department), []).append(i)
    return [ProjectGroup(name, dept, tuple(members)) for (name, dept), members in groups.items()]


def context_weight(query: str) -> float:
    return LONG_QUERY_CONTEXT if len(query.strip()) > LONG_QUERY_CHARS else 0.0


def indicator_fields(r: CorpusRecord) -> list[list[str]]:
    """The name, and the category and unit as a few whole tokens: a query mentioning "质量" or
    "满意度" leans to that category, while a stray "量" or "率" does not touch this field."""
    ind = r.indicator
    label = [t for t in tokenize(ind.level2.removesuffix("指标")) if len(t) > 1]
    unit = ind.annual_value.unit
    return [tokenize(ind.name), label + ([normalise(unit)] if unit else [])]


def indicator_text(r: CorpusRecord) -> str:
    """The text embedded for dense retrieval."""
    return r.indicator.name


def project_fields(first: CorpusRecord) -> list[list[str]]:
    return [
        tokenize(f"{first.project or ''} {first.goal or ''}"),
        tokenize(f"{first.department or ''} {first.sector or ''} {first.region or ''}"),
    ]


def project_text(first: CorpusRecord) -> str:
    """Name and the start of the goal: embedding cost grows with length, the start says most."""
    return f"{first.project or ''}。{first.goal or ''}".strip("。")[:PROJECT_TEXT_CHARS]
