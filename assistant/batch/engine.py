"""How the batch makes one project's suggestions: the one place that chooses the engine.

Offline (retrieval and rules) runs in a worker thread; with a model configured, rewrites and
additions come from the LLM through one shared client (its semaphore bounds the requests of the
whole run), each falling back to the offline result with a notice. One event loop serves both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.llm import LLMClient
from assistant.refine.project import ProjectSuggestions, asuggest_for_project

if TYPE_CHECKING:
    from assistant.index import Index
    from assistant.llm import LLMClient, LLMConfig
    from assistant.schema import Project


def engine_name(config: LLMConfig) -> str:
    """What makes the suggestions: `offline`, or the model name."""
    return config.model if config.enabled else "offline"


def engine_notices(config: LLMConfig) -> list[str]:
    """What the user should know about the engine before the run starts."""
    if not config.enabled:
        return []
    return [
        f"使用大模型「{config.model}」生成改写和新增建议；某条失败时改用离线检索与规则的结果，并在报告中注明。"
    ]


def make_client(config: LLMConfig) -> LLMClient | None:
    """The client every project shares (call inside the running event loop)."""
    if not config.enabled:
        return None

    return LLMClient(config)


async def suggest(
    project: Project, index: Index, config: LLMConfig, client: LLMClient | None
) -> ProjectSuggestions:
    """One project's check, rewrites, additions and goal."""
    model = config if client is not None else None
    return await asuggest_for_project(project, index, model, use_cache=config.cache, client=client)
