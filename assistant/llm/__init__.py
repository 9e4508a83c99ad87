"""The LLM layer: configuration, prompts, and structured output that is always validated.

Public API (importing this package never imports litellm; that happens on the first request):

    load_config(**flags) -> LLMConfig          TOML < JIXIAO_* env < flags; `.enabled`
    load_prompt(name) -> Prompt                 prompts/<name>.md: draft, refine, goal, revise
    Prompt.render(**vars) -> Rendered           messages + prompt id (goes into the cache key)
    FRAMEWORK_LABELS[framework] -> str          text for the draft prompt's `framework_name`
    await acomplete_model(cfg, messages, OutputModel, validate=checker, cache=True)
        -> StructuredResult(value, mode, attempts, from_cache, elapsed, notices)
    complete_model(...)                         the same, synchronous
    LLMClient(cfg)                              shared semaphore/retries; pass as client=
    await amap_limited(func, items, limit, on_done=...)   many requests, bounded, in order
    grounding_check(numbers, input_text, evidence) -> list[str]   numbers the model invented
    scrub(text) -> str                          mask API keys before showing/storing text

Failures raise `assistant.errors.LLMError` with a Chinese message (subclasses
`InvalidAnswerError`, `UnsupportedModeError`); callers fall back to the offline engine.
Transport failures (`failures.advice`) say what went wrong and what to do, never in
the server's words; those, scrubbed, go to the `assistant.llm` debug log (`jixiao --debug`).

Typical use by the drafting module:

    cfg = load_config()
    if cfg.enabled:
        rendered = load_prompt("draft").render(
            project=project_text, evidence=evidence, framework_name=FRAMEWORK_LABELS["legacy"]
        )
        result = await acomplete_model(cfg, rendered, Draft, validate=problems_of_draft)
"""

from __future__ import annotations

from assistant.llm.client import (
    InvalidAnswerError,
    LLMClient,
    UnsupportedModeError,
    amap_limited,
)
from assistant.llm.config import LLMConfig, load_config
from assistant.llm.grounding import extract_numbers, grounding_check
from assistant.llm.profiles import MODE_LABELS, Mode
from assistant.llm.prompts import FRAMEWORK_LABELS, Prompt, Rendered, load_prompt
from assistant.llm.redact import scrub
from assistant.llm.structured import StructuredResult, acomplete_model, complete_model

__all__ = [
    "FRAMEWORK_LABELS",
    "MODE_LABELS",
    "InvalidAnswerError",
    "LLMClient",
    "LLMConfig",
    "Mode",
    "Prompt",
    "Rendered",
    "StructuredResult",
    "UnsupportedModeError",
    "acomplete_model",
    "amap_limited",
    "complete_model",
    "extract_numbers",
    "grounding_check",
    "load_config",
    "load_prompt",
    "scrub",
]
