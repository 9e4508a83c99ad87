"""One project's batch job: check, suggest, and never let an exception escape — a failure is a
recorded result, and the run goes on."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.batch.engine import suggest
from assistant.batch.results import ProjectResult
from assistant.checks import ProjectReport, check_project
from assistant.errors import JixiaoError
from assistant.llm.redact import scrub
from assistant.model_review import areview_project
from assistant.refine.project import ProjectSuggestions

if TYPE_CHECKING:
    from assistant.index import Index
    from assistant.llm import LLMClient, LLMConfig
    from assistant.schema import Project


@dataclass(frozen=True)
class JobContext:
    """What every job shares: the index (loaded once), the LLM config and client, the options."""

    index: Index
    config: LLMConfig
    client: LLMClient | None = None
    only_flagged: bool = False


def needs_suggestions(report: ProjectReport) -> bool:
    """A project is flagged when it has an error or a warning."""
    return any(f.severity in ("error", "warning") for f in report.findings)


def describe(err: Exception) -> str:
    """The error as one line for the journal and the report, with anything secret masked."""

    if isinstance(err, JixiaoError):
        return scrub(err.user_message())
    return scrub(f"{type(err).__name__}: {err}" if str(err) else type(err).__name__)


def _checked_only(project: Project) -> ProjectSuggestions | None:
    try:
        return ProjectSuggestions(project=project.name, report=check_project(project))
    except Exception:  # noqa: BLE001 - the data that broke suggesting may break checking too
        return None


async def _suggestions(project: Project, ctx: JobContext) -> ProjectSuggestions:
    if ctx.only_flagged:
        report = await asyncio.to_thread(check_project, project)
        if not needs_suggestions(report):
            return await _reviewed(
                project, ProjectSuggestions(project=project.name, report=report), ctx
            )
    return await _reviewed(project, await suggest(project, ctx.index, ctx.config, ctx.client), ctx)


async def _reviewed(
    project: Project, found: ProjectSuggestions, ctx: JobContext
) -> ProjectSuggestions:
    """With a model, its review (大模型审核) added to the project's findings; journalled with them."""
    if not ctx.config.enabled:
        return found

    extra, notices = await areview_project(
        project, found.report, ctx.index, ctx.config, client=ctx.client
    )
    report = found.report.with_findings(extra)
    return found.model_copy(update={"report": report, "notices": [*found.notices, *notices]})


async def process(position: int, project: Project, ctx: JobContext) -> ProjectResult:
    """The project's result; an exception becomes a result with `error` (and the check, if any)."""
    try:
        found = await _suggestions(project, ctx)
    except Exception as err:  # noqa: BLE001 - per-project isolation
        return ProjectResult(
            position=position,
            name=project.name,
            suggestions=_checked_only(project),
            error=describe(err),
        )
    return ProjectResult(position=position, name=project.name, suggestions=found)
