"""Messages the workers post when their work is done (posting a message is thread-safe)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from assistant.schema import Draft, Project, Refinement, Suggestion, Table
from tui.engine import Answer, Exported
from tui.state import Session

if TYPE_CHECKING:
    from assistant.checks import ProjectReport
    from assistant.refine.project import ProjectSuggestions
    from assistant.renew import Renewal


@dataclass
class TableRead(Message):
    """A table read by a worker, with its session made and any saved session of it loaded
    there too (a thousand projects take a second to parse: not on the interface's thread)."""

    path: str
    table: Table
    fresh: Session | None = None
    saved: Session | None = None
    saved_error: str | None = None


@dataclass
class ReportsReady(Message):
    """Scores of a big table's projects, worked out in the background (a chunk at a time)."""

    session: object
    reports: dict[str, ProjectReport]


@dataclass
class IndexReady(Message):
    records: int


@dataclass
class ProjectResult(Message):
    """A worker's result for project `key` of `session` (the session on screen when it was
    asked: a table opened since may hold a project of the same name)."""

    session: object
    key: str


@dataclass
class SuggestionsReady(ProjectResult):
    result: ProjectSuggestions


@dataclass
class RefinementReady(ProjectResult):
    item_id: str
    refinement: Refinement


@dataclass
class CandidatesReady(ProjectResult):
    item_id: str
    candidates: list[Suggestion]


@dataclass
class AnswerReady(ProjectResult):
    request: str
    answer: Answer


@dataclass
class DraftReady(Message):
    project: Project
    draft: Draft


@dataclass
class ExportDone(Message):
    exported: Exported


@dataclass
class RenewalReady(Message):
    """Last year's table renewed by a worker (`assistant.renew`)."""

    renewal: Renewal
    table: Table
