"""Search and similar projects on the shipped corpus (lexical only, in memory)."""

from __future__ import annotations

import pytest

from assistant.corpus import load_shipped
from assistant.index import Hit, Index, ProjectHit, SearchFilters
from assistant.schema import CorpusRecord, Evidence, Indicator


@pytest.fixture(scope="module")
def records() -> list[CorpusRecord]:
    return load_shipped()


@pytest.fixture(scope="module")
def index(records: list[CorpusRecord]) -> Index:
    return Index.build(records)


def test_exact_name_comes_first(index: Index) -> None:
    for name in ("系统正常运行率", "故障维护及时率", "信息化项目验收合格率"):
        hits = index.search(name, k=5)
        assert hits[0].record.indicator.name == name
        assert hits[0].score == pytest.approx(1.0)
        assert hits[0].lexical_rank == 1 and hits[0].dense_rank is None


def test_perturbed_name_finds_the_original(index: Index) -> None:
    hits = index.search("故障维修及时率", k=3)
    assert "故障维护及时率" in [h.record.indicator.name for h in hits]
    hits = index.search("信息化项目的验收合格率", k=3)
    assert hits[0].record.indicator.name == "信息化项目验收合格率"


def test_hits_sorted_bounded_and_lexical_only(index: Index, records: list[CorpusRecord]) -> None:
    hits = index.search("培训合格率", k=7)
    assert len(hits) == 7
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 for s in scores)
    assert [h.lexical_rank for h in hits] == list(range(1, 8))
    assert not index.dense_enabled
    assert index.records == records


def test_nothing_matches(index: Index) -> None:
    assert index.search("ΩΩΩ", k=5) == []
    assert index.search("   ", k=5) == []
    assert index.search("系统", k=0) == []
    assert index.similar_projects("", k=5) == []


def test_evidence_carries_the_record(index: Index) -> None:
    hit = index.search("系统正常运行率", k=1)[0]
    ev = hit.evidence()
    assert isinstance(ev, Evidence)
    r = hit.record
    assert (ev.id, ev.name, ev.value) == (r.id, r.indicator.name, r.indicator.annual_value.raw)
    assert (ev.project, ev.department, ev.year, ev.source) == (
        r.project,
        r.department,
        r.year,
        r.source,
    )
    assert ev.score == pytest.approx(hit.score, abs=1e-4)


def test_similar_projects_find_the_project_itself(
    index: Index, records: list[CorpusRecord]
) -> None:
    seed = next(r for r in records if r.origin == "seed" and r.project and "网格化" in r.project)
    found = index.similar_projects(f"{seed.project} {seed.goal}", k=3)
    assert found[0].project == seed.project
    assert isinstance(found[0], ProjectHit)
    assert {r.id for r in found[0].records} == {
        r.id for r in records if r.project == seed.project and r.department == seed.department
    }
    assert found[0].department == seed.department and found[0].year == seed.year


def test_exclude_projects_hides_a_project_everywhere(
    index: Index, records: list[CorpusRecord]
) -> None:
    seed = next(r for r in records if r.indicator.name == "系统正常运行率")
    hide = SearchFilters(exclude_projects={seed.project or ""})
    assert all(
        h.record.project != seed.project for h in index.search("系统正常运行率", k=50, filters=hide)
    )
    projects = index.similar_projects(f"{seed.project} {seed.goal}", k=10, filters=hide)
    assert seed.project not in {p.project for p in projects}
    assert projects, "other projects are still found"


def test_hit_is_a_plain_model(index: Index) -> None:
    hit = index.search("满意度", k=1)[0]
    assert isinstance(hit, Hit)
    assert Hit.model_validate(hit.model_dump()) == hit


def test_empty_corpus_and_tokenless_names() -> None:
    assert Index.build([]).search("系统") == []
    assert Index.build([]).similar_projects("系统") == []
    blank = CorpusRecord(
        id="X",
        origin="library",
        source="s",
        indicator=Indicator.from_text(level1="产出指标", level2="数量指标", name="**"),
    )
    named = blank.model_copy(
        update={"id": "Y", "indicator": blank.indicator.model_copy(update={"name": "系统数量"})}
    )
    index = Index.build([blank, named])
    assert [h.record.id for h in index.search("系统")] == ["Y"]
    # the category field still finds the indicator whose name has no tokens
    assert [h.record.id for h in index.search("数量")] == ["Y", "X"]
