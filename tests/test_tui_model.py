"""The TUI with a model: suggestions come from the model in an async worker, and a slow model
never holds the user: Esc cancels the request, and quitting does not wait for the model's answer
(the time it takes is measured in benchmarks, not asserted here)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from assistant.index import Index
from tests.llm_server import Reply, ScriptedServer, clean_llm_env
from tui.app import JixiaoApp
from tui.engine import Engine


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
        for _ in range(400):  # litellm imported (seconds on a busy machine), then the request sent
            if hasattr(sys.modules.get("litellm"), "acompletion"):  # imported to the end
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(3.0)
        print(time.time(), flush=True)
        await pilot.press("ctrl+q")

asyncio.run(main())
"""


def test_quitting_while_the_model_is_slow_does_not_wait_for_it(
    seed_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The whole process ends long before the model's 60 s answer (a thread worker would hold it
    until then); the bound is loose because CI machines are shared."""
    import os
    import subprocess
    import sys

    clean_llm_env(monkeypatch)
    with _slow_server() as srv:
        env = {
            **os.environ,
            "JIXIAO_MODEL": "openai/test",
            "JIXIAO_API_BASE": srv.url,
            "OPENAI_API_KEY": "none",
            "JIXIAO_LLM_RETRIES": "0",
        }
        run = subprocess.run(
            [sys.executable, "-c", QUIT_SCRIPT, str(seed_path)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        ended = time.time()
        assert run.returncode == 0, run.stderr[-2000:]
        assert srv.requests, "the model was never asked"
    pressed = float(run.stdout.strip().splitlines()[-1])
    assert ended - pressed < 20.0, ended - pressed


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
            end = time.monotonic() + 10  # the model would answer after 60 s
            while app.workspace.busy and time.monotonic() < end:
                await pilot.pause(0.05)
            assert not app.workspace.busy


async def test_another_candidate_comes_from_the_model_first(
    seed_path: Path, index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    """g (换一条) with a model: the model's rewrite of the indicator, then the library's."""
    import json

    from assistant.tables import read_table
    from tui.state import Session

    rewrite = {
        "rewrites": [
            {
                "level1": "产出指标",
                "level2": "数量指标",
                "name": "保障雇员人数",
                "annual_value": "=17人",
                "period_value": "=17人",
                "basis": "计划标准",
                "explanation": "按编制 17 人",
                "evidence_ids": [],
            }
        ]
    }
    clean_llm_env(monkeypatch)
    with ScriptedServer(
        default=lambda _req: Reply(content=json.dumps(rewrite, ensure_ascii=False))
    ) as srv:
        monkeypatch.setenv("JIXIAO_MODEL", "openai/test")
        monkeypatch.setenv("JIXIAO_API_BASE", srv.url)
        monkeypatch.setenv("OPENAI_API_KEY", "none")
        table = read_table(seed_path)
        state = Session.from_table(table, None).get("政府雇员公用经费")
        item = next(
            i for i in state.rows() if i.kind == "original" and i.indicator.level2 == "数量指标"
        )
        found = await Engine(lambda _n: index).amore(state, item)
        assert srv.requests
    assert found[0].name == "保障雇员人数" and found[0].engine == "llm"
    assert any(s.engine == "offline" for s in found[1:])
