"""The index follows a real shared store: a record approved after the index was loaded is found
at the next `load_index()` without rebuilding the index, a record returned after approval is no
longer found, and a new process resumes from the cached base and the changes since."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.index import follow, load_index
from assistant.index.index import Index
from assistant.library.snapshot import Snapshot
from assistant.library.store import APPROVED, RETURNED, Entry, Submission
from assistant.schema import CorpusRecord, Indicator
from tests.library_fixtures import DEPT_A, Library, use

NAMES = ("无人机巡河航线覆盖率", "河长制公示牌更新数量", "水质自动监测站在线率")


def _records(tag: str) -> list[CorpusRecord]:
    return [
        CorpusRecord(
            id=f"{tag}-{i}",
            origin="user",
            indicator=Indicator.from_text(
                level1="产出指标", level2="质量指标", name=name, annual_value="≥95%"
            ),
            project=f"{tag}河湖管护项目",
            department=DEPT_A,
            year=2025,
            source="测试",
        )
        for i, name in enumerate(NAMES)
    ]


def _submit(library: Library, tag: str) -> list[str]:
    store = library.store("a")
    try:
        entries = [Entry(record=r) for r in _records(tag)]
        return store.submit(
            Submission(department=DEPT_A, source_table="t.xlsx", entries=entries)
        ).ids
    finally:
        store.close()


def _review(library: Library, ids: list[str], status: str, reason: str | None = None) -> None:
    store = library.store("reviewer")
    try:
        store.review(ids, status, reason)  # type: ignore[arg-type]
    finally:
        store.close()


def _found(index: Index, name: str) -> set[str]:
    return {h.record.id for h in index.search(name, k=5) if h.record.indicator.name == name}


@pytest.fixture
def fresh_process() -> Iterator[None]:
    """Forget what this process holds of shared stores, as a new process would."""
    yield
    follow._followers.clear()
    Snapshot._open.clear()


def test_the_index_follows_approvals_and_returns(
    library: Library, monkeypatch: pytest.MonkeyPatch, fresh_process: None
) -> None:
    ids = _submit(library, "一")
    use(monkeypatch, library, "c")
    first = load_index()
    assert not _found(first, NAMES[0]), "pending records of another department are not evidence"

    _review(library, ids, APPROVED)
    second = load_index()
    assert _found(second, NAMES[0]) == {ids[0]}
    assert second._base is first._base, "the approved records are a delta, not a rebuild"
    assert len(second.records) == len(first.records) + 3

    _review(library, ids[:1], RETURNED, "取值依据不足")
    third = load_index()
    assert not _found(third, NAMES[0]) and _found(third, NAMES[1]) == {ids[1]}
    assert third._base is first._base


def test_a_new_process_resumes_from_the_cached_base(
    library: Library, monkeypatch: pytest.MonkeyPatch, fresh_process: None
) -> None:
    approved = _submit(library, "一")
    _review(library, approved, APPROVED)
    use(monkeypatch, library, "c")
    built = load_index()
    assert _found(built, NAMES[2]) == {approved[2]}

    later = _submit(library, "二")
    _review(library, later, APPROVED)
    follow._followers.clear()
    Snapshot._open.clear()
    resumed = load_index()
    assert resumed.from_cache, "the base came from the cache"
    assert _found(resumed, NAMES[2]) == {approved[2], later[2]}
    assert len(resumed.records) == len(built.records) + 3


def test_the_snapshot_survives_a_torn_append(
    library: Library, monkeypatch: pytest.MonkeyPatch, fresh_process: None
) -> None:
    ids = _submit(library, "一")
    _review(library, ids, APPROVED)
    use(monkeypatch, library, "c")
    store = library.store("c")
    try:
        snapshot = Snapshot.of(store)
        snapshot.refresh(store)
        with snapshot.lines_path.open("ab") as fh:
            fh.write(b'{"id": "torn')  # a crash in the middle of the next append
        Snapshot._open.clear()
        again = Snapshot.of(store)
        assert set(again.held) == set(ids)
        _review(library, _submit(library, "二"), APPROVED)
        assert len(again.refresh(store)) == 3
        Snapshot._open.clear()
        assert len(Snapshot.of(store).held) == 6
    finally:
        store.close()
