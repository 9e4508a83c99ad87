"""litellm's import (seconds of CPU) started in a background thread as soon as a command knows a
model is configured, so it overlaps reading the table, loading the index and composing the offline
draft; the first request then finds it (mostly) done. The TUI never waits for it on its own
thread.

    preload_litellm()                  # idempotent; returns at once
    preload_if_configured(model, base) # the same, only when the configuration names a model

A failure in the background is ignored here: the real import at the first request raises it
with its usual message. This module sits outside `assistant.llm` so that, when nothing names a
model (no flag, no JIXIAO_MODEL, no configuration file), asking costs nothing: the LLM package
is not even imported.
"""

from __future__ import annotations

import os
import sys
import threading

# The variables that can name a model (assistant.settings), checked without importing it.
MODEL_ENV = ("JIXIAO_MODEL", "JIXIAO_LLM__MODEL")

_lock = threading.Lock()
_thread: threading.Thread | None = None


def _load() -> None:
    try:
        from assistant.llm.sdk import load_litellm

        load_litellm()
    except Exception:  # noqa: BLE001 - reported by the real import at the first request
        pass


def preload_litellm() -> threading.Thread | None:
    """Start importing litellm in a daemon thread (once); None if it is already imported."""
    global _thread
    with _lock:
        if _thread is None and "litellm" not in sys.modules:
            _thread = threading.Thread(target=_load, name="jixiao-litellm-import", daemon=True)
            _thread.start()
        return _thread


def _may_name_a_model(model: str | None) -> bool:
    """False only when no flag, variable or configuration file can name a model."""
    if model or any(os.environ.get(var, "").strip() for var in MODEL_ENV):
        return True
    from assistant.resources import config_path

    return config_path().exists()


def preload_if_configured(model: str | None = None, api_base: str | None = None) -> bool:
    """Preload when the configuration (file < environment < these flags) names a model."""
    if not _may_name_a_model(model):
        return False
    from assistant.errors import JixiaoError
    from assistant.llm.config import load_config

    try:
        enabled = load_config(model=model, api_base=api_base).enabled
    except JixiaoError:
        return False  # a broken configuration is reported where it is used
    if enabled:
        preload_litellm()
    return enabled


def wait(timeout: float | None = None) -> bool:
    """Wait for a started preload (tests, benchmarks); True when litellm is imported."""
    thread = _thread
    if thread is not None:
        thread.join(timeout)
    return "litellm" in sys.modules
