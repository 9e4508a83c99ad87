"""The TUI with a model: suggestions come from the model in an async worker, and a slow model
never holds the user: Esc cancels the request, quitting takes under 2 s."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from assistant.corpus import load_shipped
from assistant.index import Index
from tests.llm_server import Reply, ScriptedServer, clean_llm_env
from tui.app import JixiaoApp
from tui.engine import Engine


@pytest.fixture(scope="module")
def index() -> Index:
    return Index.build(load_shipped())


def _slow_server() -> ScriptedServer:
    return ScriptedServer(default=lambda _req: Reply(content="{}", delay=60))


async def _until_asked(server: ScriptedServer, seconds: float = 20) -> None:
    end = time.monotonic() + seconds
    while not server.requests and time.monotonic() < end:
        await asyncio.sleep(0.05)
    assert server.requests, "the model was never asked"


QUIT_SCRIPT = """
import asyncio, sys, time
from assistant.corpus import load_shipped
from assistant.index import Index
from tui.app import JixiaoApp
from tui.engine import Engine

async def main():
    index = Index.build(load_shipped())
    app = JixiaoApp(sys.argv[1], engine=Engine(lambda _n: index))
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.workspace.busy:
            await pilot.pause(0.05)
        await asyncio.sleep(8.0)  # litellm imported, the model request in flight
        print(time.time(), flush=True)
        await pilot.press("ctrl+q")

asyncio.run(main())
"""


def test_quitting_while_the_model_is_slow_takes_under_two_seconds(
    seed_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The whole process ends within 2 s of ctrl+q (a thread worker would hold it for the
    model's 60 s)."""
    import os
    import subprocess
    import sys

    clean_llm_env(monkeypatch)
    with _slow_server() as srv:
        env = {**os.environ, "JIXIAO_MODEL": "openai/test", "JIXIAO_API_BASE": srv.url, "OPENAI_API_KEY": "none",
               "JIXIAO_LLM_RETRIES": "0"}
        run = subprocess.run([sys.executable, "-c", QUIT_SCRIPT, str(seed_path)], env=env, capture_output=True,
                             text=True, timeout=60)
        ended = time.time()
        assert run.returncode == 0, run.stderr[-2000:]
        assert srv.requests, "the model was never asked"
    pressed = float(run.stdout.strip().splitlines()[-1])
    assert ended - pressed < 2.0, ended - pressed


async def test_escape_cancels_the_model_request(
    seed_path: Path, index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean_llm_env(monkeypatch)
    with _slow_server() as srv:
        monkeypatch.setenv("JIXIAO_MODEL", "openai/test")
        monkeypatch.setenv("JIXIAO_API_BASE", srv.url)
        monkeypatch.setenv("OPENAI_API_KEY", "none")
        app = JixiaoApp(str(seed_path), engine=Engine(lambda _notify: index))
        async with app.run_test(size=(120, 40)) as pilot:
            await _until_asked(srv)
            assert app.workspace.busy
            await pilot.press("escape")
            end = time.monotonic() + 2
            while app.workspace.busy and time.monotonic() < end:
                await pilot.pause(0.05)
            assert not app.workspace.busy
