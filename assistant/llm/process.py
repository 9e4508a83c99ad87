"""The model process as a command sees it: where it listens, starting it, one attempt through it.

litellm's import is seconds of pure-Python CPU, and a thread cannot overlap it with anything (it
holds the interpreter lock). So a command with a model configured starts the model process
(`python -m assistant.llm.worker`) beside itself: it imports litellm on the other core while the
command reads the table and drafts offline, then carries the command's requests. It stays
`idle_minutes` after its last request, so the next command's first request leaves at once.

    ensure_started(idle_minutes) -> bool        start one unless one is running or starting
    await attempt(kwargs, idle_minutes)         the answer, a failure (dict), or None: do it here
    running_pid() -> int | None                 this environment's process, if one is serving
    stop_all() -> int                           stop every model process of this user

There is one process per Python, code and the environment litellm reads (keys, proxies,
certificates, its own settings): a process only serves commands that share those. Its socket is
in a directory only this user can enter (nothing listens on the network); a request carries the
API key, which is never written anywhere. A lock file, held for the process's life and holding
its pid, tells "running or starting" from "gone": a command never waits for a process that
died, and one that stops answering is killed; the attempt is then made in the command.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib.util
import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import assistant

# The variables litellm and the HTTP stack read: provider keys and addresses, proxies,
# certificates, litellm's own. Others (the terminal's, the shell's) do not make a new process.
_LITELLM_READS = re.compile(
    r"KEY|TOKEN|SECRET|PASSWORD|PROXY|CERT|SSL|CA_BUNDLE|API|BASE|URL|ENDPOINT|REGION|PROJECT"
    r"|LITELLM|OPENAI|AZURE|AWS|VERTEX|GOOGLE|GEMINI|ANTHROPIC|OLLAMA|HTTPX|LOCATION",
    re.IGNORECASE,
)
# The modules the process runs: a change to any of them (an upgrade) means a new process.
_CODE = ("process.py", "worker.py", "transport.py", "failures.py", "sdk.py")
START_WAIT = 60.0  # seconds a command waits for a starting process (litellm's import)
STOP_WAIT = 10.0  # seconds `stop_all` waits for a process to go before killing it
PATIENCE = 30.0  # seconds past twice the request's timeout before a silent process is killed
LINE_LIMIT = 64 * 1024 * 1024  # one request or answer is one JSON line
_SOCKET_PATH_MAX = 100  # bytes: Unix socket paths are limited (108 on Linux, 104 on macOS)
_children: list[subprocess.Popen[bytes]] = []  # started here: reaped, never left as zombies
_wedged: set[Path] = set()  # processes that stopped answering this command: not asked again


class Place(NamedTuple):
    socket: Path
    lock: Path
    log: Path


def runtime_dir() -> Path | None:
    """The user's own directory for the model processes' sockets; None where there is none
    (no Unix sockets, or a directory someone else could enter)."""
    if os.name != "posix" or not hasattr(socket, "AF_UNIX"):
        return None
    root = Path(tempfile.gettempdir()) / f"jixiao-{os.getuid()}"
    try:
        root.mkdir(mode=0o700, exist_ok=True)
        info = root.lstat()
    except OSError:
        return None
    private = info.st_uid == os.getuid() and not info.st_mode & 0o077
    return root if stat.S_ISDIR(info.st_mode) and private else None


def place() -> Place | None:
    """Where the model process of this Python, code and environment listens (None: nowhere)."""
    root, key = runtime_dir(), _key()
    if root is None or key is None:
        return None
    where = Place(root / f"model-{key}.sock", root / f"model-{key}.lock", root / f"model-{key}.log")
    staging = f"{where.socket}.{'9' * 10}"  # the worker binds here first (worker.py)
    return where if len(os.fsencode(staging)) <= _SOCKET_PATH_MAX else None


@cache  # once per command: what the command itself sets later (e.g. OMP_*) is not litellm's
def _key() -> str | None:
    litellm = importlib.util.find_spec("litellm")
    if litellm is None or litellm.origin is None:
        return None
    digest = hashlib.sha256(f"{sys.executable}\0{sys.version}\0".encode())
    here = Path(__file__).parent
    try:
        for path in [here / name for name in _CODE] + [Path(litellm.origin)]:
            info = path.stat()
            digest.update(f"{path}\0{info.st_mtime_ns}\0{info.st_size}\0".encode())
    except OSError:
        return None  # an installation without its sources: no process
    for name in sorted(n for n in os.environ if _LITELLM_READS.search(n)):
        if not name.startswith("JIXIAO_"):  # jixiao's own: a request carries what they say
            digest.update(f"{name}\0{os.environ[name]}\0".encode())
    return digest.hexdigest()[:20]


def _holder(lock: Path) -> int | None:
    """The pid of the model process (running or starting) that holds `lock`; None if none."""
    import fcntl  # POSIX only, like everything after place(): Windows has no model process

    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        text = os.pread(fd, 32, 0).decode(errors="ignore").strip()
        return int(text) if text.isdigit() else 0  # 0: held, pid not written yet
    finally:
        os.close(fd)  # closing releases a lock taken here
    return None


def ensure_started(idle_minutes: float) -> bool:
    """Start the model process unless it is running or starting. True when there is one (or
    will be in a moment); False where none can run. Returns at once: the process imports
    litellm on its own."""
    _children[:] = [child for child in _children if child.poll() is None]
    where = place()
    if where is None or idle_minutes <= 0:
        return False
    import fcntl  # POSIX only (place() is None elsewhere)

    try:
        opened = os.open(where.lock, os.O_RDWR | os.O_CREAT, 0o600)
        fd = fcntl.fcntl(opened, fcntl.F_DUPFD, 3)  # never 0-2, which the child's stdio take
        os.close(opened)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return True  # running or starting
    try:
        _children.append(_spawn(where, fd, idle_minutes))
    except OSError:
        return False
    finally:
        os.close(fd)  # the child holds the lock with its copy
    return True


def _spawn(where: Place, fd: int, idle_minutes: float) -> subprocess.Popen[bytes]:
    """The process, holding the lock on `fd`; the same `assistant` as this command's, whatever
    the current directory holds (-P, and it runs in /)."""
    code_root = Path(assistant.__file__).resolve().parents[1]
    paths = list(filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep)))
    if code_root.name not in ("site-packages", "dist-packages"):  # a checkout, not installed
        paths.insert(0, str(code_root))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    log = os.open(where.log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    args = ["-P", "-m", "assistant.llm.worker", str(fd), str(where.socket), str(idle_minutes)]
    try:
        return subprocess.Popen(
            [sys.executable, *args],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            pass_fds=(fd,),
            cwd="/",
            env=env,
            start_new_session=True,  # Ctrl-C in the terminal stops the command, not it
        )
    finally:
        os.close(log)


async def attempt(kwargs: dict[str, Any], idle_minutes: float) -> str | dict[str, Any] | None:
    """One attempt through the model process: the answer text, a failure (AttemptFailure's
    fields), or None when no process can take it (then the caller makes the attempt itself)."""
    try:
        request = json.dumps({"op": "complete", "kwargs": kwargs}, ensure_ascii=False) + "\n"
    except (TypeError, ValueError):
        return None  # not plain data (a test's hook): only this process can send it
    where = place()
    if where is None or where.socket in _wedged or not ensure_started(idle_minutes):
        return None
    streams = await _connect(where, idle_minutes)
    if streams is None:
        return None
    reader, writer = streams
    patience = float(kwargs.get("timeout") or 60) * 2 + PATIENCE  # litellm's timeout comes first
    try:
        line = await asyncio.wait_for(_exchange(reader, writer, request.encode()), patience)
    except TimeoutError:
        _give_up(where)
        return None
    except OSError:
        return None
    finally:
        writer.close()
    try:
        reply: dict[str, Any] = json.loads(line) if line.endswith(b"\n") else {}
        answer: str | dict[str, Any] = reply["content"] if "content" in reply else reply["failure"]
    except (ValueError, KeyError):
        return None  # the process went away during the request: made here instead
    return answer


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> bytes:
    writer.write(request)
    await writer.drain()
    return await reader.readline()


def _give_up(where: Place) -> None:
    """The process stopped answering: kill it (the next command starts a new one); this
    command makes its attempts itself."""
    _wedged.add(where.socket)
    pid = _holder(where.lock)
    if pid:
        _kill(pid)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


async def _connect(
    where: Place, idle_minutes: float
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
    """A connection to the process, waiting while it starts; None when it cannot be had. A
    process that went away meanwhile (idle, stopped) is replaced once."""
    deadline = time.monotonic() + START_WAIT
    replaced = False
    while time.monotonic() < deadline:
        try:
            return await asyncio.open_unix_connection(str(where.socket), limit=LINE_LIMIT)
        except OSError:
            pass
        if _holder(where.lock) is None:
            if replaced or not ensure_started(idle_minutes):
                return None
            replaced = True
        await asyncio.sleep(0.02)
    return None


def running_pid() -> int | None:
    """The pid of this environment's model process, when one is serving."""
    where = place()
    if where is None:
        return None
    reply = _ask(where.socket, b'{"op": "ping"}\n')
    pid = reply.get("pid") if reply else None
    return pid if isinstance(pid, int) else None


def _ask(path: Path, request: bytes) -> dict[str, Any] | None:
    try:
        with socket.socket(socket.AF_UNIX) as conn:
            conn.settimeout(5)
            conn.connect(str(path))
            conn.sendall(request)
            reply = json.loads(conn.makefile("rb").readline())
    except (OSError, ValueError):
        return None
    return reply if isinstance(reply, dict) else None


def stop_all() -> int:
    """Stop every model process of this user: asked to exit, killed while it is still starting
    or when it does not go within STOP_WAIT seconds; how many there were."""
    root = runtime_dir()
    if root is None:
        return 0
    locks = [lock for lock in sorted(root.glob("model-*.lock")) if _holder(lock) is not None]
    for lock in locks:
        _stop(lock)
    return len(locks)


def _stop(lock: Path) -> None:
    deadline = time.monotonic() + STOP_WAIT
    asked = False
    while (pid := _holder(lock)) is not None and time.monotonic() < deadline + STOP_WAIT:
        asked = asked or _ask(lock.with_suffix(".sock"), b'{"op": "stop"}\n') is not None
        if pid and (not asked or time.monotonic() > deadline):
            _kill(pid)  # starting (no socket yet), or not going
        time.sleep(0.05)
