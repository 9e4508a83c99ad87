"""The model process as a command sees it: where it listens, starting it, one attempt through it.

litellm's import is seconds of pure-Python CPU, and a thread cannot overlap it with anything (it
holds the interpreter lock). So a command with a model configured starts the model process
(`python -m assistant.llm.worker`) beside itself: it imports litellm on the other core while the
command reads the table and drafts offline, then carries the command's requests. It stays
`idle_minutes` after its last request, so the next command's first request leaves at once.

    ensure_started(idle_minutes) -> bool        start one unless one is running or starting
    await attempt(kwargs, idle_minutes)         the answer, a failure (dict), or None: do it here
    running_pid() -> int | None                 this environment's process, if one is serving
    stop_all() -> int                           ask every model process of this user to exit

There is one process per Python, code and environment: litellm reads keys, proxies and
certificates from the environment, so a process only serves commands whose environment it
shares. Its socket is in a directory only this user can enter (nothing listens on the network);
a request carries the API key, which is never written anywhere. A lock file held for the
process's life tells "running or starting" from "gone": a command never waits for a process
that died, it makes the attempt itself.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib.util
import json
import os
import socket
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, NamedTuple

# Variables that differ between two shells of the same user without changing what litellm does.
_VOLATILE = frozenset(
    {"PWD", "OLDPWD", "SHLVL", "_", "COLUMNS", "LINES", "PYTEST_CURRENT_TEST", "TMUX_PANE"}
    | {"WINDOWID", "TERM_SESSION_ID", "SSH_TTY", "LITELLM_LOCAL_MODEL_COST_MAP"}
    | {"LITELLM_OFFLINE_MODE"}
)
# The modules the process runs: a change to any of them (an upgrade) means a new process.
_CODE = ("process.py", "worker.py", "transport.py", "failures.py", "sdk.py")
START_WAIT = 60.0  # seconds a command waits for a starting process (litellm's import)
LINE_LIMIT = 64 * 1024 * 1024  # one request or answer is one JSON line


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
    root = runtime_dir()
    litellm = importlib.util.find_spec("litellm")
    if root is None or litellm is None or litellm.origin is None:
        return None
    digest = hashlib.sha256(f"{sys.executable}\0{sys.version}\0".encode())
    here = Path(__file__).parent
    for path in [here / name for name in _CODE] + [Path(litellm.origin)]:
        info = path.stat()
        digest.update(f"{path}\0{info.st_mtime_ns}\0{info.st_size}\0".encode())
    # jixiao's own variables are not litellm's: a request carries all the process needs.
    for name in sorted(n for n in os.environ if n not in _VOLATILE and not n.startswith("JIXIAO_")):
        digest.update(f"{name}\0{os.environ[name]}\0".encode())
    key = digest.hexdigest()[:20]
    return Place(root / f"model-{key}.sock", root / f"model-{key}.lock", root / f"model-{key}.log")


def _held(lock: Path) -> bool:
    """True while a model process (running or starting) holds `lock`."""
    import fcntl  # POSIX only, like everything after place(): Windows has no model process

    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing releases a lock taken here
    return False


def ensure_started(idle_minutes: float) -> bool:
    """Start the model process unless it is running or starting. True when there is one (or
    will be in a moment); False where none can run. Returns at once: the process imports
    litellm on its own."""
    where = place()
    if where is None or idle_minutes <= 0:
        return False
    import fcntl  # POSIX only (place() is None elsewhere)

    try:
        fd = os.open(where.lock, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return True  # running or starting
    try:
        with open(
            os.open(where.log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb"
        ) as log:  # the process inherits the lock with this descriptor
            args = ["-m", "assistant.llm.worker", str(fd), str(where.socket), str(idle_minutes)]
            subprocess.Popen(
                [sys.executable, *args],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                pass_fds=(fd,),
                start_new_session=True,  # Ctrl-C in the terminal stops the command, not it
            )
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


async def attempt(kwargs: dict[str, Any], idle_minutes: float) -> str | dict[str, Any] | None:
    """One attempt through the model process: the answer text, a failure (AttemptFailure's
    fields), or None when no process can take it (then the caller makes the attempt itself)."""
    where = place()
    if where is None or not ensure_started(idle_minutes):
        return None
    try:
        request = json.dumps({"op": "complete", "kwargs": kwargs}, ensure_ascii=False)
    except (TypeError, ValueError):
        return None  # not plain data (a test's hook): only this process can send it
    streams = await _connect(where)
    if streams is None:
        return None
    reader, writer = streams
    patience = float(kwargs.get("timeout") or 60) * 2 + 30
    try:
        writer.write(request.encode() + b"\n")
        await writer.drain()
        line = await asyncio.wait_for(reader.readline(), patience)
    except TimeoutError:
        return {"failure": "retry", "kind": "timeout", "detail": "模型进程没有回应"}
    except (OSError, ValueError):
        return None
    finally:
        writer.close()
    if not line:
        return None  # the process went away during the request: made here instead
    reply: dict[str, Any] = json.loads(line)
    answer: str | dict[str, Any] = reply["content"] if "content" in reply else reply["failure"]
    return answer


async def _connect(where: Place) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
    """A connection to the process, waiting while it starts; None when it is gone."""
    deadline = time.monotonic() + START_WAIT
    while True:
        try:
            return await asyncio.open_unix_connection(str(where.socket), limit=LINE_LIMIT)
        except (FileNotFoundError, ConnectionRefusedError):
            pass
        if not _held(where.lock) or time.monotonic() > deadline:
            return None
        await asyncio.sleep(0.02)


def running_pid() -> int | None:
    """The pid of this environment's model process, when one is serving."""
    where = place()
    if where is None:
        return None
    try:
        with socket.socket(socket.AF_UNIX) as conn:
            conn.settimeout(5)
            conn.connect(str(where.socket))
            conn.sendall(b'{"op": "ping"}\n')
            pid: int = json.loads(conn.makefile("rb").readline())["pid"]
    except (OSError, ValueError, KeyError):
        return None
    return pid


def stop_all() -> int:
    """Ask every model process of this user to exit; how many were asked."""
    root = runtime_dir()
    asked = 0
    for path in sorted(root.glob("model-*.sock")) if root else []:
        try:
            with socket.socket(socket.AF_UNIX) as conn:
                conn.settimeout(5)
                conn.connect(str(path))
                conn.sendall(b'{"op": "stop"}\n')
                conn.recv(64)
            asked += 1
        except OSError:
            continue
    return asked
