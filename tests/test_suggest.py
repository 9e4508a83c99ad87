"""Suggestions for an existing project (shared by batch and the TUI)."""

from __future__ import annotations

import pytest

from assistant.categories import short_label
from assistant.corpus import load_shipped
from assistant.evidence import has_no_support
from assistant.index import Index
from assistant.refine.project import asuggest_for_project, missing_labels, suggest_for_project
from assistant.schema import Project
from assistant.tables import read_table
from tests.conftest import SEED


@pytest.fixture(scope="module")
def index() -> Index:
    from assistant.index import Index

    return Index.build(load_shipped())


@pytest.fixture(scope="module")
def seed() -> dict[str, Project]:
    return {p.name: p for p in read_table(SEED).projects}


def test_flagged_indicators_get_rewrites_and_gaps_get_additions(
    index: Index, seed: dict[str, Project]
) -> None:
    project = seed["政府雇员公用经费"]
    result = suggest_for_project(project, index)
    assert result.report.score < 80
    rewritten = {r.original.name for r in result.rewrites}
    assert "编外人员工资福利发放人数" in rewritten
    missing = missing_labels(project)
    assert missing and {short_label(s.level2) for s in result.additions} <= set(missing)
    assert all(
        (s.evidence or has_no_support(s)) and s.annual_value.measurable for s in result.additions
    )
    assert all(
        e.project != project.name and e.department != project.department
        for s in result.additions
        for e in s.evidence
    )


async def test_offline_async_variant_equals_sync(index: Index, seed: dict[str, Project]) -> None:
    project = seed["来穗工作经费"]
    assert (await asuggest_for_project(project, index)) == suggest_for_project(project, index)
