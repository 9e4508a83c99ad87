"""The on-disk index cache under `cache_dir()/index/`.

An entry is a folder of `.npy` arrays and `.json` objects plus `manifest.json` listing every
file's size and sha256. An entry is written into a temporary folder and renamed into place, so a
reader sees a whole entry or none; a reader that finds a file missing, truncated or altered, or
a manifest it cannot read, deletes the entry and reports a miss: a damaged cache is rebuilt,
never trusted.

Index entries are keyed by the corpus content, the tokenizer and the embedding model. Embeddings
are also kept per model in a store keyed by the embedded text, so a changed corpus (a user table
added) re-embeds only the texts not seen before.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from assistant.resources import cache_dir
from assistant.schema import CorpusRecord

CACHE_VERSION = 1
MANIFEST = "manifest.json"
KEEP_ENTRIES = 4


def root() -> Path:
    path = cache_dir() / "index"
    path.mkdir(parents=True, exist_ok=True)
    return path


def index_key(records: list[CorpusRecord], *parts: str) -> str:
    """sha256 of the records' content and the given parts (tokenizer version, model id)."""
    h = hashlib.sha256(json.dumps([CACHE_VERSION, *parts], ensure_ascii=False).encode())
    for r in records:
        h.update(r.model_dump_json().encode())
        h.update(b"\n")
    return h.hexdigest()[:32]


def named_key(name: str, size: int, *parts: str) -> str:
    """The key of records the caller names (a store and the version they are at) instead of
    hashing their content; `size` guards a name reused for another number of records."""
    payload = [CACHE_VERSION, "named", name, size, *parts]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()[:32]


def _sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def write_entry(
    folder: Path, arrays: dict[str, np.ndarray], objects: dict[str, Any], replace: bool = False
) -> None:
    """Write atomically; an existing entry is kept unless `replace`."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
    try:
        for name, array in arrays.items():
            np.save(tmp / f"{name}.npy", array, allow_pickle=False)
        for name, obj in objects.items():
            (tmp / f"{name}.json").write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
        files = {p.name: [p.stat().st_size, _sha256(p)] for p in sorted(tmp.iterdir())}
        manifest = {"version": CACHE_VERSION, "files": files}
        (tmp / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        _move_into_place(tmp, folder, replace)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _move_into_place(tmp: Path, folder: Path, replace: bool) -> None:
    old = None
    if folder.exists():
        if not replace:
            return
        old = folder.with_name(f".old-{folder.name}-{os.getpid()}")
        try:
            os.rename(folder, old)
        except FileNotFoundError:
            old = None  # another process moved it away first
    try:
        os.rename(tmp, folder)
    except OSError:
        pass  # another process put the same entry in place first
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def read_entry(folder: Path) -> tuple[dict[str, np.ndarray], dict[str, Any]] | None:
    """The entry's arrays and objects, or None (missing, or damaged and now deleted)."""
    if not (folder / MANIFEST).exists():
        return None
    try:
        return _read_verified(folder)
    except (OSError, ValueError, KeyError, TypeError):
        shutil.rmtree(folder, ignore_errors=True)
        return None


def _read_verified(folder: Path) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    if manifest["version"] != CACHE_VERSION:
        raise ValueError("cache version")
    arrays: dict[str, np.ndarray] = {}
    objects: dict[str, Any] = {}
    for name, (size, digest) in manifest["files"].items():
        path = folder / name
        if path.stat().st_size != size or _sha256(path) != digest:
            raise ValueError(f"{name} does not match its checksum")
        stem, ext = name.rsplit(".", 1)
        if ext == "npy":
            arrays[stem] = np.load(path, allow_pickle=False)
        else:
            objects[stem] = json.loads(path.read_text(encoding="utf-8"))
    os.utime(folder / MANIFEST)  # recently used: kept by `prune`
    return arrays, objects


def prune(keep: int = KEEP_ENTRIES) -> None:
    """Delete all but the `keep` most recently used index entries."""
    used: list[tuple[float, Path]] = []
    for p in root().iterdir():
        if p.name.startswith(".") or p.name == "embeddings":
            continue  # another process's entry being written or replaced; the embeddings
        try:
            used.append(((p / MANIFEST).stat().st_mtime, p))
        except OSError:
            continue  # not an entry, or deleted meanwhile by another process
    used.sort(reverse=True)
    for _, stale in used[keep:]:
        shutil.rmtree(stale, ignore_errors=True)


def text_key(text: str) -> bytes:
    return hashlib.sha1(text.encode()).digest()


class EmbeddingStore:
    """Embeddings of one model, by text, kept across index rebuilds."""

    def __init__(self, model_id: str) -> None:
        slug = hashlib.sha256(model_id.encode()).hexdigest()[:16]
        self.folder = root() / "embeddings" / slug

    def embed(self, texts: list[str], encode: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        """Vectors of `texts`, encoding only those not stored yet."""
        keys = [text_key(t) for t in texts]
        stored, known = self._read()
        missing = list(dict.fromkeys(k for k in keys if k not in known))
        if missing:
            by_key = dict(zip(keys, texts, strict=True))
            fresh = encode([by_key[k] for k in missing])
            if stored.shape[1:] != fresh.shape[1:]:
                stored, known = fresh[:0], {}
            stored = np.vstack([stored, fresh])
            for k in missing:
                known[k] = len(known)
            key_array = np.frombuffer(b"".join(known), dtype=np.uint8).reshape(-1, 20)
            write_entry(self.folder, {"keys": key_array, "vectors": stored}, {}, replace=True)
        return stored[[known[k] for k in keys]] if keys else stored[:0]

    def _read(self) -> tuple[np.ndarray, dict[bytes, int]]:
        entry = read_entry(self.folder)
        empty = np.zeros((0, 0), dtype=np.float32)
        if entry is None:
            return empty, {}
        keys, vectors = entry[0].get("keys"), entry[0].get("vectors")
        if keys is None or vectors is None or len(keys) != len(vectors) or vectors.ndim != 2:
            return empty, {}
        return vectors, {row.tobytes(): i for i, row in enumerate(keys)}
