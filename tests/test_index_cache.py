"""The on-disk index cache: reused when current, rebuilt when the corpus changes or the cache is
damaged, written atomically; embeddings re-encoded only for texts not seen before."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.corpus import add_user_records, load_shipped
from assistant.index import Index, load_index
from assistant.index import cache as index_cache
from assistant.schema import CorpusRecord, Indicator


@pytest.fixture(scope="module")
def shipped() -> list[CorpusRecord]:
    return load_shipped()


def _entries() -> list[Path]:
    return [p for p in index_cache.root().iterdir() if p.is_dir() and p.name != "embeddings"]


def _forbid_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the index was rebuilt")

    monkeypatch.setattr("assistant.index.index.Parts.build", fail)


def test_second_load_comes_from_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_index()
    assert not first.from_cache
    assert len(_entries()) == 1
    _forbid_build(monkeypatch)
    second = load_index()
    assert second.from_cache
    q = "系统正常运行率"
    assert [h.record.id for h in second.search(q)] == [h.record.id for h in first.search(q)]
    assert [h.score for h in second.search(q)] == pytest.approx([h.score for h in first.search(q)])
    p = "网格化平台运维"
    assert [x.project for x in second.similar_projects(p)] == [
        x.project for x in first.similar_projects(p)
    ]


def test_adding_a_user_table_updates_the_index(shipped: list[CorpusRecord]) -> None:
    assert all(h.record.origin != "user" for h in load_index().search("无人机巡河里程"))
    record = CorpusRecord(
        id="U1",
        origin="user",
        source="我的历史表.xlsx",
        project="河湖巡查",
        department="区水务局",
        indicator=Indicator.from_text(
            level1="产出指标", level2="数量指标", name="无人机巡河里程", annual_value="≥300公里"
        ),
    )
    add_user_records([record], "我的历史表")
    updated = load_index()
    assert not updated.from_cache
    assert len(updated.records) == len(shipped) + 1
    top = updated.search("无人机巡河里程", k=1)[0]
    assert (top.record.id, top.record.origin) == ("U1", "user")
    assert load_index().from_cache


def _damage_and_reload(damage: str) -> Index:
    load_index()
    (entry,) = _entries()
    files = sorted(entry.glob("*.npy"))
    if damage == "truncate":
        whole = files[0].read_bytes()
        files[0].write_bytes(whole[: len(whole) // 2])
    elif damage == "missing":
        files[-1].unlink()
    elif damage == "manifest":
        (entry / "manifest.json").write_text("{not json", encoding="utf-8")
    elif damage == "flipped":
        data = bytearray(files[0].read_bytes())
        data[-1] ^= 0xFF
        files[0].write_bytes(bytes(data))
    return load_index()


@pytest.mark.parametrize("damage", ["truncate", "missing", "manifest", "flipped"])
def test_damaged_cache_is_detected_and_rebuilt(damage: str) -> None:
    rebuilt = _damage_and_reload(damage)
    assert not rebuilt.from_cache
    assert rebuilt.search("系统正常运行率")[0].record.indicator.name == "系统正常运行率"
    assert load_index().from_cache, "the rebuilt entry was written back whole"


def test_consistent_but_foreign_entry_is_not_trusted(shipped: list[CorpusRecord]) -> None:
    """An entry whose checksums hold but whose arrays belong to another corpus (shape mismatch)."""
    Index.load(shipped)
    (entry,) = _entries()
    other = Index.build(shipped[:50])
    index_cache.write_entry(entry, *other._parts.to_entry(), replace=True)
    reloaded = Index.load(shipped)
    assert not reloaded.from_cache
    assert len(reloaded.search("满意度", k=500)) > 50


def test_writes_are_atomic_and_old_entries_pruned(shipped: list[CorpusRecord]) -> None:
    for n in range(index_cache.KEEP_ENTRIES + 2):
        Index.load(shipped[: 100 + n])
    leftovers = [p for p in index_cache.root().iterdir() if p.name.startswith(".")]
    assert leftovers == []
    assert len(_entries()) == index_cache.KEEP_ENTRIES
    manifest = json.loads((_entries()[0] / "manifest.json").read_text(encoding="utf-8"))
    assert all(name.endswith((".npy", ".json")) for name in manifest["files"])


def test_use_cache_false_writes_nothing(shipped: list[CorpusRecord]) -> None:
    index = Index.load(shipped[:30], use_cache=False)
    assert not index.from_cache
    assert _entries() == []


class _Counting:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.seen += texts
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)


def test_embedding_store_encodes_only_new_texts() -> None:
    encode = _Counting()
    store = index_cache.EmbeddingStore("test-model")
    first = store.embed(["甲", "乙乙", "甲"], encode)
    assert encode.seen == ["甲", "乙乙"]
    assert first.shape == (3, 2) and first[0].tolist() == first[2].tolist()
    again = index_cache.EmbeddingStore("test-model").embed(["乙乙", "丙丙丙", "甲"], encode)
    assert encode.seen == ["甲", "乙乙", "丙丙丙"]
    assert again[:, 0].tolist() == [2.0, 3.0, 1.0]


def test_damaged_embedding_store_is_re_encoded() -> None:
    encode = _Counting()
    store = index_cache.EmbeddingStore("test-model")
    store.embed(["甲", "乙乙"], encode)
    vectors = store.folder / "vectors.npy"
    vectors.write_bytes(vectors.read_bytes()[:-8])
    assert store.embed(["甲", "乙乙"], encode)[:, 0].tolist() == [1.0, 2.0]
    assert encode.seen == ["甲", "乙乙", "甲", "乙乙"]


def test_unusable_cache_folder_is_a_notice(
    monkeypatch: pytest.MonkeyPatch, shipped: list[CorpusRecord]
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(index_cache, "write_entry", full)
    notices: list[str] = []
    index = Index.load(shipped, notify=notices.append)
    assert len(notices) == 1 and notices[0].startswith("索引缓存不可用")
    assert index.search("系统正常运行率")[0].record.indicator.name == "系统正常运行率"
