"""Shared fixtures: real data paths, and an isolated per-test JIXIAO_HOME so nothing touches the
real user's config, library or caches."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from assistant.index import Index

# Copies of the real data the tests read (from the workplace's shared/data), kept in the repository
# so that a clone anywhere runs every test.
SHARED_DATA = Path(__file__).resolve().parent / "data" / "real"
SEED = SHARED_DATA / "seed-baiyun-zhengfawei-2024.txt"
# The shared library's fixtures: a real PostgreSQL server (started only by tests that ask for it).
pytest_plugins = ["tests.pg_server", "tests.library_fixtures"]
# The temporary directory of everything the tests run (short: it holds model processes' sockets).
_RUNTIME = Path(tempfile.mkdtemp(prefix="jxt"))


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("jixiao_home")
    monkeypatch.setenv("JIXIAO_HOME", str(home))
    for var in ("JIXIAO_MODEL", "JIXIAO_API_BASE", "JIXIAO_EMBED_MODEL", "JIXIAO_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    # No background model process (tests/test_llm_worker.py starts its own): requests stay in
    # the test's process, where hooks and mocks see them; a configuration built in a test
    # (LLMConfig(...), default 30 minutes) does not start one either.
    monkeypatch.setenv("JIXIAO_LLM_WORKER_MINUTES", "0")
    from assistant.llm import process

    monkeypatch.setattr(process, "ensure_started", lambda idle_minutes: False)
    # Should a command started by a test start one anyway, it is the tests' own (stopped below).
    monkeypatch.setenv("TMPDIR", str(_RUNTIME))
    monkeypatch.setattr(tempfile, "tempdir", str(_RUNTIME))
    return home


@pytest.fixture
def seed_path() -> Path:
    assert SEED.exists(), f"seed table missing from the repository: {SEED}"
    return SEED


@pytest.fixture(scope="session")
def index() -> Index:
    """The shipped corpus's index, built in memory once (no disk cache, no vector model)."""
    from assistant.corpus import load_shipped
    from assistant.index import Index

    return Index.build(load_shipped())


@pytest.fixture
def shared_data() -> Path:
    return SHARED_DATA


os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _mutate() -> None:
    """benchmarks/mutate_draft.py: JIXIAO_MUTATE="module:NAME=value" sets one constant for the
    whole session, to see whether any test notices."""
    import importlib

    spec = os.environ.get("JIXIAO_MUTATE", "")
    if not spec:
        return
    module, assignment = spec.split(":", 1)
    name, value = assignment.split("=", 1)
    setattr(
        importlib.import_module(module),
        name,
        type(getattr(importlib.import_module(module), name))(float(value)),
    )


_mutate()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A command a test started without JIXIAO_LLM_WORKER_MINUTES=0 may have left a model process
    (30 idle minutes) in the tests' runtime directory: stop it, and say so, so that the test
    gets fixed."""
    from assistant.llm import process

    tempfile.tempdir = str(_RUNTIME)
    if stopped := process.stop_all():
        print(f"\nwarning: tests left {stopped} background model process(es); stopped them")
    shutil.rmtree(_RUNTIME, ignore_errors=True)
