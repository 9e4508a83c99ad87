"""Messages the workers post when their work is done (posting a message is thread-safe)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from assistant.schema import Draft, Project, Refinement, Suggestion, Table
from tui.engine import Answer, Exported

if TYPE_CHECKING:
    from assistant.suggest import ProjectSuggestions


@dataclass
class TableRead(Message):
    path: str
    table: Table


@dataclass
class IndexReady(Message):
    records: int


@dataclass
class SuggestionsReady(Message):
    key: str
    result: ProjectSuggestions


@dataclass
class RefinementReady(Message):
    key: str
    item_id: str
    refinement: Refinement


@dataclass
class CandidatesReady(Message):
    key: str
    item_id: str
    candidates: list[Suggestion]


@dataclass
class AnswerReady(Message):
    key: str
    request: str
    answer: Answer


@dataclass
class DraftReady(Message):
    project: Project
    draft: Draft


@dataclass
class ExportDone(Message):
    exported: Exported
