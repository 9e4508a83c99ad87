"""Dense retrieval with a sentence-transformers model, loaded strictly offline.

Which model: the `embed_model` argument > `[index] embed_model` of `assistant.settings` (env
JIXIAO_EMBED_MODEL over the config file; a bad [index] is an InputError) > none (lexical only).
A local folder or a name already in the Hugging Face cache; "none" (or empty) turns dense
retrieval off.
sentence_transformers and torch are imported only here, and only when a model is asked for.
"""

from __future__ import annotations

import importlib.util
import os
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.settings import IndexSettings, load_section

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

OFF = {"", "none", "off"}
BATCH = 64
RECENT_QUERIES = 64
# A query's start is embedded (as a project's text is, see documents.PROJECT_TEXT_CHARS): the
# model's time grows with length, a 100-character description would cost ≈4 short queries.
QUERY_CHARS = 96

_loaded: dict[str, SentenceTransformer] = {}


class ModelUnavailable(Exception):
    """The configured model cannot be loaded offline; the message says why."""


def configured_model(embed_model: str | None) -> str | None:
    """The model to use, or None for lexical-only retrieval."""
    candidate = embed_model
    if candidate is None:
        candidate = load_section("index", IndexSettings).embed_model
    name = (candidate or "").strip()
    return None if name.lower() in OFF else name


def model_id(name: str) -> str:
    """A stable identity for cache keys: the absolute folder for a path, else the name."""
    path = Path(name).expanduser()
    return str(path.resolve()) if path.exists() else name


@contextmanager
def _offline() -> Iterator[None]:
    """Hugging Face libraries in offline mode, through the environment (read when they are first
    imported) and the hub's own flag (read at each call, for when it was imported before)."""
    saved = {
        k: os.environ.get(k)
        for k in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_PROGRESS_BARS")
    }
    os.environ.update({k: "1" for k in saved})
    from huggingface_hub import constants

    was_offline, constants.HF_HUB_OFFLINE = constants.HF_HUB_OFFLINE, True
    try:
        yield
    finally:
        constants.HF_HUB_OFFLINE = was_offline
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _reason(err: BaseException) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return text if len(text) <= 160 else text[:157] + "…"


def _looks_like_path(name: str) -> bool:
    return (
        name.startswith(("/", "./", "../", "~", "\\"))
        or name.count("/") > 1
        or (len(name) > 2 and name[1] == ":" and name[2] in "/\\")
    )


def _check_available(name: str) -> None:
    """Fail fast, without importing torch, when the model is surely not on this machine."""
    if Path(name).expanduser().exists():
        return
    if _looks_like_path(name):
        raise ModelUnavailable("本地路径不存在")
    from huggingface_hub import try_to_load_from_cache

    try:
        cached = try_to_load_from_cache(name, "config.json")
    except Exception as err:  # noqa: BLE001 - e.g. not a valid model name
        raise ModelUnavailable(f"不是有效的模型名称或路径（{_reason(err)}）") from None
    if not isinstance(cached, str):
        raise ModelUnavailable("本机的 Hugging Face 缓存中没有该模型，离线时无法下载")


def load_model(name: str) -> SentenceTransformer:
    """Load (once per process) from a local folder or the local HF cache; never the network."""
    key = model_id(name)
    if key in _loaded:
        return _loaded[key]
    if importlib.util.find_spec("sentence_transformers") is None:
        raise ModelUnavailable(
            '未安装 sentence-transformers（可用 pip install "jixiao[dense]" 安装）'
        )
    # Idle OpenMP threads that spin starve the next BLAS call (and everything else on a small
    # machine): a query alternating model and dot product ran 5-10x slower. Read when torch loads.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    with _offline():
        _check_available(name)
        return _load(key)


def _load(key: str) -> SentenceTransformer:
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # untyped upstream
        hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
        model = SentenceTransformer(key, device="cpu", local_files_only=True)
    except Exception as err:  # noqa: BLE001 - any failure means: no dense retrieval
        raise ModelUnavailable(_reason(err)) from None
    _loaded[key] = model
    return model


@contextmanager
def _one_thread() -> Iterator[None]:
    """One short text is too little work to share between threads: on a busy 2-core machine a
    query took 31 ms on 2 threads and 19 ms on one. Batches keep every thread."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


class Embedder:
    """Normalised embeddings from one loaded model; cosine similarity is a dot product."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.id = model_id(name)
        self._model = load_model(name)
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()

    def query(self, text: str) -> np.ndarray:
        """A query's vector (its first QUERY_CHARS characters); the last few are remembered (a
        draft asks for the same text's similar projects and indicators in turn)."""
        if text in self._recent:
            self._recent.move_to_end(text)
            return self._recent[text]
        with _one_thread():
            vector = self._encode_one(text[:QUERY_CHARS])
        self._recent[text] = vector
        if len(self._recent) > RECENT_QUERIES:
            self._recent.popitem(last=False)
        return vector

    def _encode_one(self, text: str) -> np.ndarray:
        """What `encode([text])[0]` computes, without its per-call bookkeeping (≈4 of 20 ms);
        models with a default prompt go through `encode`, which adds it."""
        import torch

        model = self._model
        if getattr(model, "default_prompt_name", None) is not None:
            encoded: np.ndarray = self.encode([text])[0]
            return encoded
        prepare = getattr(model, "preprocess", None) or model.tokenize
        with torch.inference_mode():
            vector = model.forward(dict(prepare([text])))["sentence_embedding"][0]
            return torch.nn.functional.normalize(vector.float(), dim=0).numpy()

    def similarities(self, vectors: np.ndarray, query: np.ndarray) -> np.ndarray:
        """vectors @ query (float32 result), in torch's passive thread pool: numpy's BLAS
        threads spin after each call and starve the model's next query (56 ms a search, not 27)."""
        import torch

        q = torch.from_numpy(np.ascontiguousarray(query, dtype=vectors.dtype))
        with _one_thread(), torch.inference_mode():
            return torch.mv(torch.from_numpy(vectors), q).float().numpy()

    @property
    def dim(self) -> int:
        getter = getattr(self._model, "get_embedding_dimension", None)
        dim = getter() if getter else self._model.get_sentence_embedding_dimension()
        return int(dim) if dim else int(self.encode(["维度"]).shape[1])

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            texts,
            batch_size=BATCH,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)
