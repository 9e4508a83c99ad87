"""litellm's import started in a background thread when a model is configured (issue 20): by
draft/refine/batch before the index is loaded, by the TUI at start-up; never without a model."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.llm_server import clean_llm_env


def _run(code: str, env: dict[str, str] | None = None) -> str:
    import os

    full = {k: v for k, v in os.environ.items() if not k.startswith("JIXIAO_MODEL")}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env={**full, **(env or {})},
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


def test_no_model_no_preload(tmp_path: Path) -> None:
    out = _run(
        """
        import sys
        from assistant.llm_preload import preload_if_configured, wait
        print(preload_if_configured(), wait(0.1), "litellm" in sys.modules, "assistant.llm" in sys.modules)
    """,
        {"JIXIAO_HOME": str(tmp_path)},
    )
    assert out == "False False False False"  # not even the LLM package is imported to find out


def test_configured_model_is_imported_in_the_background(tmp_path: Path) -> None:
    out = _run(
        """
        import sys, threading
        from assistant.llm_preload import preload_if_configured, wait
        started = preload_if_configured()
        names = [t.name for t in threading.enumerate()]
        print(started, "jixiao-litellm-import" in names or "litellm" in sys.modules, wait(120))
    """,
        {"JIXIAO_HOME": str(tmp_path), "JIXIAO_MODEL": "openai/test"},
    )
    assert out == "True True True"


def test_draft_starts_the_import_before_loading_the_index(tmp_path: Path) -> None:
    out = _run(
        """
        import threading
        from typer.testing import CliRunner
        import assistant.index
        from assistant.cli.main import app
        import assistant.llm_preload as preload
        calls = []
        preload.preload_litellm = lambda: calls.append("preload")
        real = assistant.index.Index.load
        def load(*a, **k):
            calls.append("index")
            return real(*a, **k)
        assistant.index.Index.load = load
        CliRunner().invoke(app, ["draft", "--name", "社区网格员培训经费", "--format", "json"])
        print(",".join(calls[:2]))
    """,
        {
            "JIXIAO_HOME": str(tmp_path),
            "JIXIAO_MODEL": "openai/test",
            "JIXIAO_API_BASE": "http://127.0.0.1:9/v1",
            "JIXIAO_LLM_TIMEOUT": "1",
            "OPENAI_API_KEY": "sk-test",
        },
    )
    assert out == "preload,index"


def test_a_broken_configuration_is_left_to_its_usual_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant import llm_preload as preload

    bad = tmp_path / "bad.toml"
    bad.write_text("[llm\nmodel = ", encoding="utf-8")
    monkeypatch.setenv("JIXIAO_CONFIG", str(bad))
    assert preload.preload_if_configured() is False


async def test_tui_starts_the_import(seed_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant import llm_preload as preload
    from assistant.corpus import load_shipped
    from assistant.index import Index
    from tui.app import JixiaoApp
    from tui.engine import Engine

    clean_llm_env(monkeypatch)
    monkeypatch.setenv("JIXIAO_MODEL", "openai/test")
    calls: list[str] = []
    monkeypatch.setattr(preload, "preload_litellm", lambda: calls.append("preload"))
    index = Index.build(load_shipped())
    app = JixiaoApp(str(seed_path), engine=Engine(lambda notify: index))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    assert calls == ["preload"]
