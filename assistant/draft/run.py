"""One entry point for drafting: the LLM when one is configured, else the offline composer."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from assistant.draft.composer import compose
from assistant.draft.llm_draft import adraft_llm
from assistant.draft.request import DraftRequest
from assistant.llm import load_config
from assistant.schema import Draft

if TYPE_CHECKING:
    from assistant.index import Index
    from assistant.llm import LLMClient, LLMConfig


def llm_config(
    model: str | None = None, api_base: str | None = None, timeout: float | None = None
) -> LLMConfig | None:
    """The configured model (flags over environment over config file), or None when offline."""

    cfg = load_config(model=model, api_base=api_base, timeout=timeout)
    return cfg if cfg.enabled else None


async def adraft(
    request: DraftRequest,
    index: Index,
    cfg: LLMConfig | None,
    *,
    use_cache: bool = True,
    exclude: set[str] | None = None,
    client: LLMClient | None = None,
) -> Draft:
    """The offline draft; with a model, the model's adaptation of it (offline on failure)."""
    offline = await asyncio.to_thread(compose, request, index, exclude)
    if cfg is None:
        return offline

    return await adraft_llm(request, index, cfg, offline, use_cache=use_cache, client=client)


def run_draft(
    request: DraftRequest,
    index: Index,
    *,
    model: str | None = None,
    api_base: str | None = None,
    timeout: float | None = None,
    use_cache: bool = True,
    exclude: set[str] | None = None,
) -> Draft:
    """Synchronous drafting for the CLI."""
    cfg = llm_config(model, api_base, timeout)
    if cfg is None:
        return compose(request, index, exclude=exclude)
    return asyncio.run(adraft(request, index, cfg, use_cache=use_cache, exclude=exclude))
