"""litellm's import (seconds of CPU) started as soon as a command knows a model is configured.

Where it can, the model process (`assistant.llm.process`) is started: it imports litellm on the
other core while the command reads the table, loads the index and composes the offline draft,
and stays for the next commands, whose first request then leaves at once. Where it cannot (no
Unix sockets, `worker_minutes = 0`), litellm is imported in a background thread here: that keeps
the TUI's own thread free, though on the command line a thread overlaps little (the import holds
the interpreter lock).

    preload_litellm()                  # the thread; idempotent; returns at once
    preload_if_configured(model, base) # the process or the thread, only when a model is named

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
    from assistant.llm import process
    from assistant.llm.config import load_config

    try:
        cfg = load_config(model=model, api_base=api_base)
    except JixiaoError:
        return False  # a broken configuration is reported where it is used
    enabled = cfg.enabled
    if enabled and not process.ensure_started(cfg.worker_minutes):
        preload_litellm()  # no model process here: the import runs beside this command's work
    return enabled


def wait(timeout: float | None = None) -> bool:
    """Wait for a started preload (tests, benchmarks); True when litellm is imported."""
    thread = _thread
    if thread is not None:
        thread.join(timeout)
    return "litellm" in sys.modules
