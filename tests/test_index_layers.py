"""The layered index (a cached base, a delta of records added or changed since, masked base
ids) searches as a full rebuild of its live records does; it is compacted into a new base past
its limit; a process searching while another compacts never fails."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from assistant.index import Index, SearchFilters, layers
from assistant.index import cache as index_cache
from assistant.index.documents import group_projects
from assistant.index.follow import Changes, Follower
from assistant.index.parts import Parts
from assistant.schema import CorpusRecord
from tests.synthetic_library import library, renamed

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def base() -> list[CorpusRecord]:
    return library(40, seed=1)


@pytest.fixture(scope="module")
def extra() -> list[CorpusRecord]:
    """New records: new projects, and new indicators of the base's projects."""
    fresh = library(6, seed=2, tag="N")
    joining = [
        r.model_copy(update={"id": f"J{i}", "indicator": r.indicator.model_copy()})
        for i, r in enumerate(library(40, seed=1)[3:200:25])
    ]
    return fresh + joining


def _queries(records: list[CorpusRecord]) -> list[str]:
    names = sorted({r.indicator.name for r in records})[::3]
    described = sorted({f"{r.project} {r.goal}" for r in records if r.project})[::4]
    return names + described + ["系统正常运行率", "车辆维修次数", "食堂服务对象满意度提升"]


FILTERS = (
    SearchFilters(level2="质量"),
    SearchFilters(level1="满意度", year=2024),
    SearchFilters(origins={"user", "library"}, measurable_only=True),
    SearchFilters(level2="成本指标"),
)


def _same_search(layered: Index, full: Index, queries: list[str]) -> None:
    """Top hits equal (ids, in order), every score within the tolerance, same projects."""
    n = len(full.records)
    for q in queries:
        got = layered.search(q, k=n)
        want = full.search(q, k=n)
        assert [h.record.id for h in got[:10]] == [h.record.id for h in want[:10]], q
        assert {h.record.id for h in got} == {h.record.id for h in want}, q
        score = {h.record.id: h.score for h in want}
        assert max(abs(h.score - score[h.record.id]) for h in got) <= layers.LAYERED_TOLERANCE
        for f in FILTERS:
            assert [h.record.id for h in layered.search(q, k=10, filters=f)] == [
                h.record.id for h in full.search(q, k=10, filters=f)
            ], (q, f)
        project_filters: tuple[SearchFilters | None, ...] = (None, FILTERS[0])
        for pf in project_filters:
            got_p = layered.similar_projects(q, k=5, filters=pf)
            want_p = full.similar_projects(q, k=5, filters=pf)
            assert [(p.project, p.department, [r.id for r in p.records]) for p in got_p] == [
                (p.project, p.department, [r.id for r in p.records]) for p in want_p
            ], q
            assert [p.score for p in got_p] == pytest.approx([p.score for p in want_p], abs=1e-5)


def _changes(
    base: list[CorpusRecord], extra: list[CorpusRecord], kind: str
) -> tuple[list[CorpusRecord], list[str]]:
    changed = [renamed(r, "完成情况") for r in base[5::17]]
    changed += [r.model_copy(update={"project": "另一个项目"}) for r in base[:1]]
    removed = [r.id for r in base[2::13]] + [r.id for r in base if r.id.startswith("P7-")]
    return {
        "added": (extra, []),
        "changed": (changed, []),
        "removed": ([], removed),
        "all": (extra + changed, removed),
    }[kind]


@pytest.mark.parametrize("kind", ["added", "changed", "removed", "all"])
def test_layered_search_equals_a_full_rebuild(
    kind: str, base: list[CorpusRecord], extra: list[CorpusRecord]
) -> None:
    upserts, removed = _changes(base, extra, kind)
    layered = Index.build(base).with_changes(upserts, removed)
    replaced = {r.id for r in upserts} | set(removed)
    expected = [r for r in base if r.id not in replaced] + list(upserts)
    assert [r.id for r in layered.records] == [r.id for r in expected]
    assert layered.records == expected
    _same_search(layered, Index.build(expected), _queries(expected))


def test_removed_and_superseded_records_are_never_returned(base: list[CorpusRecord]) -> None:
    gone = [r for r in base if r.id.startswith("P3-")]
    old = base[10]
    layered = Index.build(base).with_changes([renamed(old, "甲乙")], [r.id for r in gone])
    n = len(base)
    for q in [r.indicator.name for r in gone] + [old.indicator.name, gone[0].project or ""]:
        hits = layered.search(q, k=n)
        assert not {h.record.id for h in hits} & {r.id for r in gone}
        assert all(h.record != old for h in hits)
        assert gone[0].project not in [p.project for p in layered.similar_projects(q, k=n)]
    top = layered.search(old.indicator.name + "甲乙", k=1)[0]
    assert top.record.id == old.id and top.record.indicator.name.endswith("甲乙")
    for f in FILTERS:
        assert not {h.record.id for h in layered.search("满意度", k=n, filters=f)} & {
            r.id for r in gone
        }


def test_with_changes_leaves_the_index_it_came_from_alone(
    base: list[CorpusRecord], extra: list[CorpusRecord]
) -> None:
    index = Index.build(base)
    before = [h.record.id for h in index.search("网格员正常运行率", k=20)]
    first = index.with_changes(extra[:5], [base[0].id])
    second = first.with_changes([renamed(base[1], "变更")], [extra[0].id])
    assert [h.record.id for h in index.search("网格员正常运行率", k=20)] == before
    assert len(index.records) == len(base)
    assert len(first.records) == len(base) + 4
    assert {r.id for r in first.records} - {r.id for r in second.records} == {extra[0].id}
    assert index.with_changes() is index


def test_changes_in_steps_equal_the_changes_at_once(
    base: list[CorpusRecord], extra: list[CorpusRecord]
) -> None:
    steps = Index.build(base)
    steps = steps.with_changes(extra[:10], [base[4].id, base[9].id])
    steps = steps.with_changes([renamed(extra[2], "二改"), base[4]], [extra[3].id])
    steps = steps.with_changes(extra[10:], [renamed(base[20], "x").id])
    assert steps.changed == len(extra) - 1 + 2 + 1  # extra[3] came and went; base[4] came back
    assert base[4] in steps.records and extra[3] not in steps.records
    assert any(r.indicator.name.endswith("二改") for r in steps.records)
    _same_search(steps, Index.build(steps.records), _queries(steps.records)[::2])


class _FakeEmbedder:
    """Deterministic unit vectors from character bigrams; records every text it encodes."""

    name = id = "fake-bigrams"
    dim = 64

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def _vector(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for a, b in zip(text, text[1:], strict=False):
            v[int(hashlib.md5((a + b).encode()).hexdigest(), 16) % self.dim] += 1.0
        v[0] += 0.01
        return v / np.linalg.norm(v)

    def encode(self, texts: list[str]) -> np.ndarray:
        self.encoded += texts
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim))

    def query(self, text: str) -> np.ndarray:
        return self._vector(text)

    def similarities(self, vectors: np.ndarray, query: np.ndarray) -> np.ndarray:
        return (vectors.astype(np.float32) @ query.astype(np.float32)).astype(np.float32)


def _dense(records: list[CorpusRecord], embedder: _FakeEmbedder) -> Index:
    parts = Parts.build(records, group_projects(records), embedder.encode)
    return Index(records, parts, embedder)  # type: ignore[arg-type]


def test_dense_vectors_of_the_delta_only(
    base: list[CorpusRecord], extra: list[CorpusRecord]
) -> None:
    embedder = _FakeEmbedder()
    index = _dense(base, embedder)
    embedder.encoded.clear()
    upserts, removed = _changes(base, extra, "all")
    layered = index.with_changes(upserts, removed)
    assert layered.dense_enabled
    names = {r.indicator.name for r in upserts}
    assert names <= set(embedder.encoded)
    assert len(embedder.encoded) <= len(names) + len({r.project for r in upserts})
    full = _dense(layered.records, _FakeEmbedder())
    for q in _queries(layered.records)[::3]:
        got, want = layered.search(q, k=10), full.search(q, k=10)
        assert [h.record.id for h in got] == [h.record.id for h in want], q
        # cosines equal to float rounding (a dot product over other shapes sums in another
        # order), so tied cosines may rank in another order: compared by value
        assert [h.dense_score for h in got] == pytest.approx(
            [h.dense_score for h in want], abs=1e-6
        )
        assert [p.project for p in layered.similar_projects(q, k=5)] == [
            p.project for p in full.similar_projects(q, k=5)
        ]


def test_compaction_past_the_limit(
    monkeypatch: pytest.MonkeyPatch, base: list[CorpusRecord], extra: list[CorpusRecord]
) -> None:
    monkeypatch.setattr(layers, "COMPACT_MIN", 10)
    assert layers.compaction_limit(len(base)) == max(10, int(0.1 * len(base)))
    index = Index.load(base, cache_key="fixture@1")
    small = index.with_changes(extra[:5])
    assert not small.needs_compaction
    big = index.with_changes(extra, [r.id for r in base[:10]])
    assert big.needs_compaction
    compact = big.compacted("fixture@2")
    assert compact.changed == 0 and not compact.needs_compaction
    assert compact.records == big.records
    _same_search(compact, big, _queries(big.records)[::4])
    again = Index.load(big.records, cache_key="fixture@2")
    assert again.from_cache
    assert [h.record.id for h in again.search("档案合格率")] == [
        h.record.id for h in compact.search("档案合格率")
    ]


def test_a_named_cache_entry_is_found_without_hashing_the_records(
    monkeypatch: pytest.MonkeyPatch, base: list[CorpusRecord]
) -> None:
    assert not Index.load(base, cache_key="store@7").from_cache

    def no_hashing(*args: object) -> str:
        raise AssertionError("the records were hashed")

    monkeypatch.setattr(index_cache, "index_key", no_hashing)
    assert Index.load(base, cache_key="store@7").from_cache
    assert not Index.load(base[:-1], cache_key="store@7").from_cache, "another size, another key"


def test_an_entry_without_document_lengths_is_rebuilt(base: list[CorpusRecord]) -> None:
    """Entries written before layering lack the lengths it needs: rebuilt, not trusted."""
    index = Index.load(base, cache_key="old@1")
    arrays, objects = index._parts.to_entry()
    arrays = {k: v for k, v in arrays.items() if not k.endswith("_lengths")}
    (entry,) = [p for p in index_cache.root().iterdir() if p.is_dir() and p.name != "embeddings"]
    index_cache.write_entry(entry, arrays, objects, replace=True)
    reloaded = Index.load(base, cache_key="old@1")
    assert not reloaded.from_cache
    assert reloaded.with_changes([], [base[0].id]).search(base[0].indicator.name, k=3)


def test_follower_applies_the_changes_since_its_version(
    monkeypatch: pytest.MonkeyPatch, base: list[CorpusRecord], extra: list[CorpusRecord]
) -> None:
    monkeypatch.setattr(layers, "COMPACT_MIN", 20)
    log: list[tuple[int, list[CorpusRecord], list[str]]] = [(1, list(base), [])]

    def changes(since: int) -> Changes:
        """A store's answer: the last state of each record changed after `since`."""
        asked.append(since)
        upserts: dict[str, CorpusRecord] = {}
        removed: dict[str, None] = {}
        for _, u, r in (entry for entry in log if entry[0] > since):
            for record in u:
                upserts[record.id] = record
                removed.pop(record.id, None)
            for rid in r:
                upserts.pop(rid, None)
                removed[rid] = None
        return Changes(list(upserts.values()), list(removed), log[-1][0])

    asked: list[int] = []
    follower = Follower.start("fixture", changes)
    assert follower.version == 1 and len(follower.index.records) == len(base)
    held = follower.index
    log.append((2, extra[:4], [base[0].id]))
    first = follower.sync()
    assert follower.version == 2 and first.changed == 5 and follower.compactions == 0
    log.append((3, extra[4:], [r.id for r in base[1:6]]))
    second = follower.sync()
    assert asked == [0, 1, 2]
    assert follower.compactions == 1 and second.changed == 0
    expected = [r for r in base if r.id not in {x.id for x in base[:6]}] + list(extra)
    assert [r.id for r in second.records] == [r.id for r in expected]
    assert len(held.records) == len(base), "a searcher's index is never changed"
    assert follower.sync() is second and follower.version == 3
    restarted = Follower.start("fixture", changes)
    assert restarted.index.from_cache, "the compacted base was cached under its version"
    assert restarted.index.records == second.records


def test_a_named_entry_for_records_in_another_order_is_not_trusted(
    base: list[CorpusRecord],
) -> None:
    Index.load(base, cache_key="store@9")
    shuffled = base[1:] + base[:1]
    reloaded = Index.load(shuffled, cache_key="store@9")
    assert not reloaded.from_cache
    top = reloaded.search(base[0].indicator.name, k=1)[0]
    assert top.record.indicator.name == base[0].indicator.name


READER = """
import sys, time
from pathlib import Path
from assistant.index import Index
from tests.synthetic_library import library
base, extra = library(40, seed=1), library(3, seed=2, tag="N")
go, stop = Path(sys.argv[1]), time.monotonic() + float(sys.argv[2])
while not go.exists():
    time.sleep(0.01)
loads = hits = 0
while time.monotonic() < stop:
    index = Index.load_layered(base, extra, [base[0].id], base_key="lib@0")
    loads += index.from_cache
    top = index.search(extra[0].indicator.name, k=3)
    assert extra[0].id in [h.record.id for h in top], top
    assert base[0].id not in [h.record.id for h in index.search(base[0].indicator.name, k=50)]
    hits += 1
print(hits, loads)
"""

WRITER = """
import sys, time
from pathlib import Path
from assistant.index import Index
from assistant.index import cache
from tests.synthetic_library import library
base, more = library(40, seed=1), library(60, seed=3, tag="M")
Index.load(base, cache_key="lib@0")
go, stop = Path(sys.argv[1]), time.monotonic() + float(sys.argv[2])
go.touch()
version = 0
while time.monotonic() < stop:
    version += 1
    index = Index.load(base, cache_key="lib@0").with_changes(more[: version % 60 + 1])
    index.compacted(f"lib@{version}")
    cache.prune(keep=1)
    if version % 3 == 0:
        Index.load(base, cache_key="lib@0")._parts  # rewritten when it was pruned
print(version)
"""


def test_a_reader_searches_while_another_process_compacts(tmp_path: Path) -> None:
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    seconds = "4"

    def start(code: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-c", code, str(go), seconds],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    writer = start(WRITER)
    reader = start(READER)
    started = time.monotonic()
    outputs = [p.communicate(timeout=120) for p in (writer, reader)]
    assert writer.returncode == 0, outputs[0][1][-3000:]
    assert reader.returncode == 0, outputs[1][1][-3000:]
    compactions = int(outputs[0][0].split()[-1])
    searches, from_cache = map(int, outputs[1][0].split()[-2:])
    assert compactions >= 3 and searches >= 3, (compactions, searches)
    assert from_cache >= 1
    assert time.monotonic() - started < 120


def test_an_empty_base_and_everything_removed(base: list[CorpusRecord]) -> None:
    grown = Index.build([]).with_changes(base[:30])
    _same_search(grown, Index.build(base[:30]), _queries(base[:30])[::3])
    emptied = Index.build(base[:30]).with_changes([], [r.id for r in base[:30]])
    assert emptied.records == []
    assert emptied.search("系统合格率") == [] and emptied.similar_projects("系统运维") == []


def test_a_new_process_resumes_from_the_cached_base_and_the_changes_since(
    monkeypatch: pytest.MonkeyPatch, base: list[CorpusRecord], extra: list[CorpusRecord]
) -> None:
    """No full build: the base comes from the cache (its changed and removed positions held by
    stand-ins, masked), only the changes since its version are indexed."""
    state: dict[str, CorpusRecord] = {r.id: r for r in base}
    versions: dict[str, int] = {r.id: 1 for r in base}
    gone: dict[str, int] = {}

    def changes(since: int) -> Changes:
        up = [r for i, r in state.items() if versions[i] > since]
        return Changes(up, [i for i, v in gone.items() if v > since], max(versions.values()))

    first = Follower.start("store", changes)
    assert not first.index.from_cache
    for r in [*extra[:6], renamed(base[3], "新版"), base[5].model_copy(update={"project": "改"})]:
        state[r.id], versions[r.id] = r, 2
    for rid in (base[0].id, base[8].id):
        del state[rid]
        gone[rid] = 2
        versions[rid] = 2
    first.sync()

    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("the base was rebuilt")

    monkeypatch.setattr(Parts, "build", no_build)
    second = Follower.start("store", changes)
    monkeypatch.undo()
    assert second.version == 2 and second.index.from_cache
    assert second.index.records == first.index.records
    _same_search(second.index, Index.build(first.index.records), _queries(base)[::3])
    n = len(base)
    for q in [base[0].indicator.name, base[8].indicator.name, base[3].indicator.name, "满意度"]:
        hits = second.index.search(q, k=n)
        assert all(h.record.source for h in hits), "a stand-in is never returned"
        assert base[3] not in [h.record for h in hits], "nor the old version of a changed record"
