"""The model process (issue 20): litellm imported once, beside the commands, and kept for the
next ones. Real processes against the scripted HTTP server; each test has its own runtime
directory (a short path: Unix socket paths are limited to ~100 bytes)."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.llm import LLMClient, LLMConfig, acomplete_model, process
from assistant.llm.client import ModeRejected
from assistant.llm.transport import AttemptFailure
from tests.llm_server import ScriptedServer, clean_llm_env, good, status

REAL_START = process.ensure_started  # conftest replaces it for every other test
KEY = "sk-worker-" + "0123456789abcdef0123456789abcdef"


@pytest.fixture(scope="module")
def short_dir() -> Iterator[Path]:
    """One runtime directory for the module: a process one test started serves the next (each
    costs litellm's import); tests that need a new one stop the others first."""
    short = Path(tempfile.mkdtemp(prefix="jx", dir="/tmp"))
    yield short
    saved, tempfile.tempdir = tempfile.tempdir, str(short)
    try:
        process.stop_all()
    finally:
        tempfile.tempdir = saved
        shutil.rmtree(short, ignore_errors=True)


@pytest.fixture
def runtime(short_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    clean_llm_env(monkeypatch)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("TMPDIR", str(short_dir))
    monkeypatch.setattr(tempfile, "tempdir", str(short_dir))
    monkeypatch.setattr(process, "ensure_started", REAL_START)
    return short_dir / f"jixiao-{os.getuid()}"


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer(default=good("好的")) as srv:
        yield srv


def _cfg(server: ScriptedServer, minutes: float = 1.0) -> LLMConfig:
    return LLMConfig(model="openai/test", api_base=server.url, timeout=10, worker_minutes=minutes)


def _through_worker(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every answer the model process gave (None: the attempt was made in this process)."""
    seen: list[Any] = []
    real = process.attempt

    async def spy(kwargs: dict[str, Any], idle_minutes: float) -> Any:
        seen.append(answer := await real(kwargs, idle_minutes))
        return answer

    monkeypatch.setattr(process, "attempt", spy)
    return seen


def _command(server: ScriptedServer) -> str:
    """A separate process that asks once and reports what it imported."""
    code = f"""
        import asyncio, sys
        from assistant.llm import LLMClient, LLMConfig, process
        cfg = LLMConfig(model="openai/test", api_base={server.url!r}, timeout=10, worker_minutes=1)
        answer = asyncio.run(LLMClient(cfg).send([{{"role": "user", "content": "问"}}], None))
        print(answer, "litellm" in sys.modules, process.running_pid())
    """
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


def test_commands_share_one_process_and_never_import_litellm(
    runtime: Path, server: ScriptedServer
) -> None:
    first = _command(server).split()
    second = _command(server).split()
    assert first[:2] == second[:2] == ["好的", "False"]
    assert first[2] == second[2] != "None"  # the second command found the first one's process
    assert len(server.requests) == 2
    assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"
    assert oct(runtime.stat().st_mode & 0o777) == "0o700"
    assert not any(KEY in p.read_text(errors="ignore") for p in runtime.glob("*.log"))


async def test_retries_messages_and_mode_steps_are_the_same_through_the_process(
    runtime: Path, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _through_worker(monkeypatch)
    client = LLMClient(_cfg(server), backoff=0.05)
    ask = [{"role": "user", "content": "问"}]
    server.script(status(429, "slow down", {"retry-after": "0.1"}), good("第二次"))
    assert await client.send(ask, None) == "第二次"
    server.script(status(401, "bad key"))
    with pytest.raises(Exception, match="认证失败.*OPENAI_API_KEY"):
        await client.send(ask, None)
    server.reject_json_schema = 400
    schema = {"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "object"}}}
    with pytest.raises(ModeRejected):
        await client.send(ask, schema)
    assert all(answer is not None for answer in seen) and len(seen) == 4
    assert isinstance(AttemptFailure.model_validate(seen[0]), AttemptFailure)
    assert seen[0]["retry_after"] == 0.1 and seen[0]["failure"] == "retry"


async def test_structured_output_through_the_process(
    runtime: Path, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pydantic import BaseModel

    class Plan(BaseModel):
        name: str
        count: int

    seen = _through_worker(monkeypatch)
    server.default = good({"name": "社区巡逻", "count": 12})
    result = await acomplete_model(
        _cfg(server), [{"role": "user", "content": "巡逻计划"}], Plan, cache=False
    )
    assert result.value == Plan(name="社区巡逻", count=12)
    assert seen and all(answer is not None for answer in seen)


async def test_a_killed_process_is_replaced_and_nothing_is_lost(
    runtime: Path, server: ScriptedServer
) -> None:
    client = LLMClient(_cfg(server))
    ask = [{"role": "user", "content": "问"}]
    assert await client.send(ask, None) == "好的"
    pid = process.running_pid()
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    await asyncio.sleep(0.3)
    assert list(runtime.glob("*.sock"))  # the dead process's socket is still there
    assert await client.send(ask, None) == "好的"
    assert process.running_pid() not in (None, pid)


async def test_an_idle_process_exits(runtime: Path, server: ScriptedServer) -> None:
    process.stop_all()  # one started with these minutes, now
    client = LLMClient(_cfg(server, minutes=0.02))  # 1.2 seconds
    assert await client.send([{"role": "user", "content": "问"}], None) == "好的"
    assert process.running_pid() is not None
    deadline = time.monotonic() + 15
    while process.running_pid() is not None and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    assert process.running_pid() is None
    assert not list(runtime.glob("*.sock"))


def test_no_process_in_a_directory_others_can_enter(runtime: Path) -> None:
    runtime.mkdir(mode=0o700, exist_ok=True)
    assert process.runtime_dir() == runtime
    runtime.chmod(0o777)
    try:
        assert process.runtime_dir() is None
        assert process.ensure_started(1.0) is False  # the attempt is then made in the command
    finally:
        runtime.chmod(0o700)


def test_zero_minutes_means_no_process(runtime: Path) -> None:
    process.stop_all()
    assert process.ensure_started(0) is False
    assert all(process._holder(lock) is None for lock in runtime.glob("*.lock"))


def test_a_model_configured_command_starts_the_process_not_a_thread(runtime: Path) -> None:
    code = """
        import sys, threading
        from assistant.llm_preload import preload_if_configured
        from assistant.llm import process
        started = preload_if_configured()
        names = [t.name for t in threading.enumerate()]
        print(started, "jixiao-litellm-import" in names, process._holder(process.place().lock) is not None)
    """
    env = {**os.environ, "JIXIAO_MODEL": "openai/test", "JIXIAO_LLM_WORKER_MINUTES": "1"}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["True", "False", "True"]


async def test_a_silent_process_is_killed_and_the_attempt_made_here(
    runtime: Path, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = LLMClient(_cfg(server).model_copy(update={"timeout": 1.0}))
    ask = [{"role": "user", "content": "问"}]
    assert await client.send(ask, None) == "好的"
    pid = process.running_pid()
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)  # wedged: accepts connections, never answers
    monkeypatch.setattr(process, "PATIENCE", 0.5)
    started = time.monotonic()
    assert await client.send(ask, None) == "好的"  # made in this process
    assert time.monotonic() - started < 15
    await asyncio.sleep(0.5)
    assert _gone(pid)  # killed, not left wedged for the next command


def _gone(pid: int) -> bool:
    """Exited (a zombie until its parent, this test's process, reaps it, counts)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")


def test_the_current_directory_cannot_inject_code(
    runtime: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "imported"
    for name in ("litellm.py", "json.py"):
        (tmp_path / name).write_text(f"open({str(marker)!r}, 'w').write('x')\n")
    process.stop_all()  # one started from this directory
    monkeypatch.chdir(tmp_path)
    assert process.ensure_started(1.0)
    deadline = time.monotonic() + 60
    while process.running_pid() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert process.running_pid() is not None and not marker.exists()


def test_a_socket_path_too_long_means_no_process(monkeypatch: pytest.MonkeyPatch) -> None:
    deep = Path(tempfile.mkdtemp(prefix="jx" + "d" * 80, dir="/tmp"))
    try:
        monkeypatch.setattr(tempfile, "tempdir", str(deep))
        monkeypatch.setattr(process, "ensure_started", REAL_START)
        assert process.place() is None and process.ensure_started(1.0) is False
    finally:
        shutil.rmtree(deep, ignore_errors=True)


def test_stop_all_stops_a_process_that_is_still_starting(runtime: Path) -> None:
    process.stop_all()  # one started with these minutes, now
    assert process.ensure_started(1.0)
    where = process.place()
    assert where is not None and process._holder(where.lock) is not None
    assert process.stop_all() == 1
    assert process._holder(where.lock) is None
