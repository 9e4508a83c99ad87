"""The model process: litellm imported once, requests served from commands on a Unix socket.

    python -P -m assistant.llm.worker LOCK_FD SOCKET IDLE_MINUTES

Started by `assistant.llm.process.ensure_started`, which passes the descriptor of the lock it
took: held for this process's life, with its pid written in it. The socket appears, by an atomic
rename, only once litellm is imported, so a command that connects is served at once. One
request per connection, one JSON line each way:

    {"op": "complete", "kwargs": {...}}  -> {"content": "..."} | {"failure": {AttemptFailure}}
    {"op": "ping"}                       -> {"pid": 123}
    {"op": "stop"}                       -> {"stopped": true}

A request whose command goes away (Esc, quitting) is cancelled. The process exits
`IDLE_MINUTES` after its last request, on "stop", or when its lock file is removed or replaced;
it lets go of the lock as soon as its socket is gone, so the next command starts a new one.
Nothing it receives is logged (a request carries the API key).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from assistant.llm.process import LINE_LIMIT
from assistant.llm.sdk import load_litellm
from assistant.llm.transport import attempt_here


class Worker:
    def __init__(self, path: Path, lock_fd: int, idle_seconds: float) -> None:
        self.path = path
        self.lock_fd = lock_fd
        self.idle_seconds = idle_seconds
        self.active = 0
        self.last = time.monotonic()
        self.stop = asyncio.Event()

    async def serve(self) -> None:
        """Listen on `path` until idle, stopped, or the lock file is no longer ours."""
        staging = self.path.with_name(f"{self.path.name}.{os.getpid()}")
        for stale in (staging, self.path):  # a dead process's: the lock says none is alive
            stale.unlink(missing_ok=True)
        server = await asyncio.start_unix_server(self.handle, path=str(staging), limit=LINE_LIMIT)
        staging.chmod(0o600)
        staging.replace(self.path)  # from here on commands are served
        bound = self.path.stat().st_ino
        async with server:
            while not self.stop.is_set() and not self.idle() and self.lock_is_ours():
                try:
                    await asyncio.wait_for(self.stop.wait(), 1.0)
                except TimeoutError:
                    continue
        if _inode(self.path) == bound:  # another process's socket is never removed
            self.path.unlink()
        os.close(self.lock_fd)  # the next command may start a new process at once

    def idle(self) -> bool:
        return self.active == 0 and time.monotonic() - self.last > self.idle_seconds

    def lock_is_ours(self) -> bool:
        return _inode(self.path.with_suffix(".lock")) == os.fstat(self.lock_fd).st_ino

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = json.loads(await reader.readline())
            answering = asyncio.ensure_future(self.answer(request))
            gone = asyncio.ensure_future(reader.read(1))  # b"": the command went away
            await asyncio.wait({answering, gone}, return_when=asyncio.FIRST_COMPLETED)
            gone.cancel()
            if not answering.done():
                answering.cancel()  # nobody is waiting for it: no tokens spent on it
                return
            writer.write(json.dumps(answering.result(), ensure_ascii=False).encode() + b"\n")
            await writer.drain()
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a broken request or a command gone away: nothing to answer
        finally:
            writer.close()

    async def answer(self, request: dict[str, Any]) -> dict[str, Any]:
        op = request["op"]
        if op == "stop":
            self.stop.set()
            return {"stopped": True}
        if op == "ping":
            return {"pid": os.getpid()}
        self.active += 1  # only requests keep the process: a ping does not
        try:
            outcome = await attempt_here(request["kwargs"])
        finally:
            self.active -= 1
            self.last = time.monotonic()
        if isinstance(outcome, str):
            return {"content": outcome}
        return {"failure": outcome.model_dump()}


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except OSError:
        return None


def main(argv: list[str]) -> None:
    lock_fd, path, minutes = int(argv[0]), Path(argv[1]), float(argv[2])
    os.set_inheritable(lock_fd, False)
    os.ftruncate(lock_fd, 0)
    os.pwrite(lock_fd, str(os.getpid()).encode(), 0)  # so that `stop_all` can find it
    load_litellm()  # the seconds this process exists to spend once
    asyncio.run(Worker(path, lock_fd, minutes * 60).serve())


if __name__ == "__main__":
    main(sys.argv[1:])
