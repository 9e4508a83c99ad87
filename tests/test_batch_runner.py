"""The job runner: bounded concurrency, Ctrl-C once (finish what runs) and twice (abandon it)."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from assistant.batch.results import ProjectResult
from assistant.batch.runner import Stop, run_jobs, run_with_stop
from assistant.schema import Project

PROJECTS = [(i, Project(name=f"项目{i}")) for i in range(8)]


def _result(position: int, project: Project) -> ProjectResult:
    return ProjectResult(position=position, name=project.name)


def test_concurrency_is_bounded() -> None:
    running, peak = 0, 0
    done: list[ProjectResult] = []

    async def job(position: int, project: Project) -> ProjectResult:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.01)
        running -= 1
        return _result(position, project)

    stop = Stop()
    run_with_stop(
        lambda: run_jobs(PROJECTS, job, concurrency=3, stop=stop, on_result=done.append), stop
    )
    assert peak == 3 and sorted(r.position for r in done) == list(range(8))


def test_first_stop_lets_running_jobs_finish_and_starts_no_more() -> None:
    done: list[ProjectResult] = []
    stop = Stop()

    async def job(position: int, project: Project) -> ProjectResult:
        if position == 1:
            stop.request()
        await asyncio.sleep(0.02)
        return _result(position, project)

    run_with_stop(
        lambda: run_jobs(PROJECTS, job, concurrency=2, stop=stop, on_result=done.append), stop
    )
    assert sorted(r.position for r in done) == [0, 1]


def test_second_stop_abandons_running_jobs() -> None:
    done: list[ProjectResult] = []
    requests: list[int] = []
    stop = Stop(requests.append)

    async def job(position: int, project: Project) -> ProjectResult:
        if position == 0:
            stop.request()
            stop.request()
        await asyncio.sleep(5)
        return _result(position, project)

    run_with_stop(
        lambda: run_jobs(PROJECTS, job, concurrency=2, stop=stop, on_result=done.append), stop
    )
    assert done == [] and requests == [1, 2]


def test_ctrl_c_is_routed_to_stop_and_the_handler_restored() -> None:
    done: list[ProjectResult] = []
    stop = Stop()
    before = signal.getsignal(signal.SIGINT)

    async def job(position: int, project: Project) -> ProjectResult:
        if position == 2:
            os.kill(os.getpid(), signal.SIGINT)
        await asyncio.sleep(0.05)
        return _result(position, project)

    run_with_stop(
        lambda: run_jobs(PROJECTS, job, concurrency=1, stop=stop, on_result=done.append), stop
    )
    assert stop.requested and [r.position for r in done] == [0, 1, 2]
    assert signal.getsignal(signal.SIGINT) is before


def test_a_failure_outside_the_jobs_stops_the_run() -> None:
    async def job(position: int, project: Project) -> ProjectResult:
        return _result(position, project)

    def full_disk(result: ProjectResult) -> None:
        raise OSError(28, "No space left on device")

    stop = Stop()
    with pytest.raises(OSError, match="No space"):
        run_with_stop(
            lambda: run_jobs(PROJECTS, job, concurrency=2, stop=stop, on_result=full_disk), stop
        )
