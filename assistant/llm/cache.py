"""A disk cache of validated model answers under `cache_dir()/llm/answers`.

The key is a sha256 over everything that decides the answer (model, server, prompt name and
version, messages, output schema, mode, temperature). Nothing secret goes in: the API key is
neither part of the key nor of the stored value.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.llm.formats import Message
from assistant.llm.profiles import MODES, Mode
from assistant.resources import cache_dir


@dataclass(frozen=True)
class CachedAnswer:
    """A validated answer as stored: the object's JSON and the mode that produced it."""

    json: str
    mode: Mode


def cache_key(
    *,
    model: str,
    api_base: str | None,
    prompt_id: str,
    messages: Sequence[Message],
    schema: dict[str, Any],
    mode: Mode,
    temperature: float,
) -> str:
    payload = {
        "model": model,
        "api_base": api_base or "",
        "prompt": prompt_id,
        "messages": list(messages),
        "schema": schema,
        "mode": mode,
        "temperature": temperature,
    }
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_open_stores: dict[Path, Any] = {}


def _store() -> Any:
    """The diskcache for the current cache dir, opened once per process (opening costs ms)."""
    path = cache_dir() / "llm" / "answers"
    if path not in _open_stores:
        import diskcache

        _open_stores[path] = diskcache.Cache(str(path), size_limit=256 * 2**20)
    return _open_stores[path]


def get(key: str) -> CachedAnswer | None:
    """The stored answer for `key`, or None."""
    raw = _store().get(key)
    if not isinstance(raw, str):
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("mode") not in MODES:
        return None
    return CachedAnswer(json=str(data.get("json", "")), mode=data["mode"])


def put(key: str, answer: CachedAnswer) -> None:
    """Store `answer` under `key` (as JSON text, never pickled objects)."""
    raw = json.dumps({"json": answer.json, "mode": answer.mode}, ensure_ascii=False)
    _store().set(key, raw)
