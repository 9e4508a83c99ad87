"""Where shipped data (corpus/, prompts/) and per-user files live.

In a wheel the shipped folders are under `assistant/_data/`; in a source checkout they sit
beside the package. Per-user files follow platformdirs, overridable with JIXIAO_HOME (tests).
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def shipped(name: str) -> Path:
    """The shipped folder `corpus` or `prompts`."""
    for base in (_PACKAGE / "_data", _PACKAGE.parent):
        if (base / name).is_dir():
            return base / name
    raise FileNotFoundError(f"找不到随软件提供的 {name}/ 目录")


def _user_dir(kind: str) -> Path:
    home = os.environ.get("JIXIAO_HOME")
    if home:
        path = Path(home) / kind
    else:
        import platformdirs

        path = Path(getattr(platformdirs, f"user_{kind}_dir")("jixiao", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    """User library, autosaves (platformdirs data dir)."""
    return _user_dir("data")


def cache_dir() -> Path:
    """Index and LLM caches (platformdirs cache dir)."""
    return _user_dir("cache")


def config_dir() -> Path:
    """config.toml (platformdirs config dir)."""
    return _user_dir("config")


CONFIG_ENV = "JIXIAO_CONFIG"


def config_path() -> Path:
    """The settings file: JIXIAO_CONFIG, else config_dir()/config.toml (read by assistant.settings)."""
    override = os.environ.get(CONFIG_ENV, "").strip()
    return Path(override).expanduser() if override else config_dir() / "config.toml"
