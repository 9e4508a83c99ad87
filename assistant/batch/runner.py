"""Running the project jobs on one event loop with bounded concurrency, stoppable from Ctrl-C.

The first Ctrl-C (or SIGTERM) starts no new project and lets the ones in progress finish; a second
abandons them. Either way the caller gets back everything that finished.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any, TypeVar

from assistant.batch.results import ProjectResult
from assistant.schema import Project

T = TypeVar("T")
Job = Callable[[int, Project], Awaitable[ProjectResult]]
_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stop:
    """Stop requests: once → start nothing new; twice → cancel the jobs in progress."""

    def __init__(self, notify: Callable[[int], None] | None = None) -> None:
        self.requests = 0
        self._notify = notify
        self._tasks: list[asyncio.Task[None]] = []

    @property
    def requested(self) -> bool:
        return self.requests > 0

    def track(self, tasks: list[asyncio.Task[None]]) -> None:
        self._tasks = tasks

    def request(self) -> None:
        self.requests += 1
        if self.requests == 2:
            for task in self._tasks:
                task.cancel()
        if self._notify is not None:
            self._notify(self.requests)


async def run_jobs(
    todo: list[tuple[int, Project]],
    job: Job,
    *,
    concurrency: int,
    stop: Stop,
    on_result: Callable[[ProjectResult], None],
) -> None:
    """Run `job` for each project, at most `concurrency` at a time; `on_result` as each finishes."""
    limit = asyncio.Semaphore(max(1, concurrency))

    async def one(position: int, project: Project) -> None:
        async with limit:
            if stop.requested:
                return
            result = await job(position, project)
        await asyncio.sleep(0)  # the next job starts its thread before on_result blocks on fsync
        on_result(result)

    tasks = [asyncio.create_task(one(position, project)) for position, project in todo]
    if not tasks:
        return
    stop.track(tasks)
    _, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending)
    failures = [t.exception() for t in tasks if not t.cancelled()]  # retrieves every exception
    failure = next((f for f in failures if f is not None), None)
    if failure is not None:
        raise failure


@contextmanager
def stop_on_signals(loop: asyncio.AbstractEventLoop, stop: Stop) -> Iterator[None]:
    """Route Ctrl-C and SIGTERM to `stop` while the batch runs (main thread only)."""

    def handler(signum: int, frame: FrameType | None) -> None:
        loop.call_soon_threadsafe(stop.request)

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, handler) for sig in _SIGNALS}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def run_with_stop(make: Callable[[], Coroutine[Any, Any, T]], stop: Stop) -> T:
    """Run the coroutine on a fresh loop with Ctrl-C routed to `stop`."""
    with asyncio.Runner() as runner:
        with stop_on_signals(runner.get_loop(), stop):
            return runner.run(make())
