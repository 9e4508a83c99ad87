"""Running a prepared batch and writing its outputs.

plan = prepare(BatchOptions(input=Path("部门表.xlsx")))
interrupted = execute(plan, load_index(), on_result=print, stop=Stop())
figures = write_outputs(plan)
close(plan, figures)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.batch.engine import make_client
from assistant.batch.jobs import JobContext, process
from assistant.batch.plan import BatchPlan
from assistant.batch.report import render_report
from assistant.batch.results import ProjectResult
from assistant.batch.runner import Stop, run_jobs, run_with_stop
from assistant.batch.summary import BatchFigures, batch_figures
from assistant.batch.workbook import write_workbook
from assistant.safe_io import atomic_write
from assistant.schema import Project

if TYPE_CHECKING:
    from assistant.index import Index


def execute(
    plan: BatchPlan, index: Index, *, on_result: Callable[[ProjectResult], None], stop: Stop
) -> bool:
    """Process every project still to do, journalling each as it finishes; True if stopped early."""
    todo = [(pos, plan.table.projects[pos]) for pos in plan.todo()]

    def record(result: ProjectResult) -> None:
        plan.journal.append(result)
        on_result(result)

    async def run_all() -> None:
        ctx = JobContext(index, plan.config, make_client(plan.config), plan.options.only_flagged)

        async def job(position: int, project: Project) -> ProjectResult:
            return await process(position, project, ctx)

        await run_jobs(todo, job, concurrency=plan.concurrency, stop=stop, on_result=record)

    run_with_stop(run_all, stop)
    return stop.requested and len(plan.results()) < len(plan.table.projects)


def _replace(path: Path, write: Callable[[Path], object]) -> None:
    """Write beside the target, then swap it in: an existing file is never left half written."""
    atomic_write(
        path,
        write,
        advice="；文件是否正在 Excel/WPS 中打开？已完成的项目都在日志中，关闭文件后加 --resume 重新运行即可写出",
    )


def write_outputs(plan: BatchPlan) -> BatchFigures:
    """The workbook and the report for everything journalled so far."""

    generated = datetime.now().strftime("%Y-%m-%d %H:%M")
    figures = batch_figures(
        plan.table,
        plan.results(),
        engine=plan.options.engine,
        generated=generated,
        last_year=plan.last_year,
    )
    _replace(plan.paths.output, lambda p: write_workbook(figures, p))
    text = render_report(figures, plan.paths.report)
    _replace(plan.paths.report, lambda p: p.write_text(text, encoding="utf-8"))
    return figures


def close(plan: BatchPlan, figures: BatchFigures) -> None:
    """Close the journal; remove it once every project is done without error (otherwise it stays
    for --resume, which retries failed projects and skips finished ones)."""
    plan.journal.close()
    if figures.complete and not figures.failed:
        plan.paths.journal.unlink(missing_ok=True)
    if plan.lock is not None:
        plan.lock.release()


def abandon(plan: BatchPlan) -> None:
    """After a failure before any project was journalled: remove the header-only journal."""
    plan.journal.close()
    if not plan.journal.records:
        plan.paths.journal.unlink(missing_ok=True)
    if plan.lock is not None:
        plan.lock.release()
