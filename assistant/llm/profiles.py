"""Which structured-output mode a model gets, and what to fall back to when a server rejects it.

Start from a table keyed by provider prefix (litellm's own capability flags are not trusted:
DeepSeek, for one, rejects json_schema). When a server rejects a mode, the next mode down is
remembered for that model and api_base — in memory, and in `cache_dir()/llm/modes.json` so
later runs (and `jixiao llm check`) reuse it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, get_args

from assistant.resources import cache_dir

Mode = Literal["json_schema", "json_object", "text"]
MODES: tuple[Mode, ...] = get_args(Mode)
MODE_LABELS: dict[Mode, str] = {
    "json_schema": "JSON Schema 约束（json_schema）",
    "json_object": "JSON 对象模式（json_object）",
    "text": "纯文本 + 提示词中的 JSON 结构（text）",
}
PROVIDER_MODES: dict[str, Mode] = {
    "deepseek": "json_object",
    "openai": "json_schema",
    "ollama": "json_object",
    "ollama_chat": "json_object",
    "dashscope": "json_object",
    "hosted_vllm": "json_schema",
}
DEFAULT_MODE: Mode = "json_schema"

_memory: dict[Path, dict[str, Mode]] = {}


def _store_path() -> Path:
    return cache_dir() / "llm" / "modes.json"


def _model_key(model: str, api_base: str | None) -> str:
    return f"{model}|{api_base or ''}"


def _load(path: Path) -> dict[str, Mode]:
    if path not in _memory:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        valid = data.items() if isinstance(data, dict) else ()
        _memory[path] = {k: v for k, v in valid if v in MODES}
    return _memory[path]


def profile_mode(model: str) -> Mode:
    """The mode the provider table gives a model before anything is learned."""
    provider = model.split("/", 1)[0] if "/" in model else ""
    return PROVIDER_MODES.get(provider, DEFAULT_MODE)


def learned_mode(model: str, api_base: str | None) -> Mode | None:
    """The mode remembered for this model and server, if any."""
    return _load(_store_path()).get(_model_key(model, api_base))


def start_mode(model: str, api_base: str | None) -> Mode:
    """The mode to try first: the remembered one, else the provider table's."""
    return learned_mode(model, api_base) or profile_mode(model)


def remember_mode(model: str, api_base: str | None, mode: Mode) -> None:
    """Remember `mode` for this model and server for the process and, if possible, on disk."""
    path = _store_path()
    modes = _load(path)
    modes[_model_key(model, api_base)] = mode
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(modes, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # an unwritable cache dir only costs the on-disk memory; the process keeps it


def chain_from(mode: Mode) -> tuple[Mode, ...]:
    """`mode` and every weaker mode after it, strongest first."""
    return MODES[MODES.index(mode) :]
