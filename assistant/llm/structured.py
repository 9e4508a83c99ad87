"""Structured output that never lets an invalid answer through.

Two separate loops, as in instructor: transport retries live in `LLMClient.send`; here the
answer is parsed (fences, prose and <think> blocks stripped), validated with pydantic and the
caller's `validate`, and on failure the problems are sent back for at most `MAX_REASKS`
re-asks. Around that, the structured-output mode steps down json_schema → json_object → text
when a server rejects one, and the step is remembered (see `profiles`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from assistant.errors import LLMError
from assistant.llm import cache as answer_cache
from assistant.llm.client import (
    InvalidAnswerError,
    LLMClient,
    ModeRejected,
    UnsupportedModeError,
    client_for,
)
from assistant.llm.config import LLMConfig
from assistant.llm.formats import Message, response_format, schema_of, with_format_instructions
from assistant.llm.parsing import AnswerError, parse_answer
from assistant.llm.profiles import MODE_LABELS, Mode, chain_from, remember_mode, start_mode
from assistant.llm.prompts import Rendered

M = TypeVar("M", bound=BaseModel)
MAX_REASKS = 2


CHARS_PER_TOKEN = 1.5  # Chinese text with JSON punctuation; a conservative estimate


def tokens(text: str) -> int:
    """A conservative token estimate of a text (no tokenizer needed offline)."""
    return int(len(text) / CHARS_PER_TOKEN) + 1


def fit_answer(
    convo: Sequence[Message], answer: str, problems_text: str, cfg: LLMConfig
) -> tuple[str, bool]:
    """The rejected answer as the re-ask's assistant turn: whole, unless the conversation would
    not fit the model's context window with room for the next answer; then cut to fit and
    marked as cut (so the model is not asked to repair a fragment as if it were whole)."""
    used = sum(tokens(str(m.get("content", ""))) for m in convo) + tokens(problems_text)
    room = cfg.window() - (cfg.max_tokens or 4096) - used
    if tokens(answer) <= room:
        return answer, False
    keep = max(0, int(room * CHARS_PER_TOKEN) - 40)
    return f"{answer[:keep]}\n……（回答过长，以下省略 {len(answer) - keep} 个字符）", True


@dataclass(frozen=True)
class StructuredResult(Generic[M]):
    """A validated answer and how it was obtained: `attempts` counts the asks (1 + re-asks;
    0 for a cache hit), `notices` are Chinese lines for the user (mode changes, re-asks)."""

    value: M
    mode: Mode
    attempts: int
    from_cache: bool = False
    elapsed: float = 0.0
    notices: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class StructuredRequest(Generic[M]):
    prompt_id: str
    messages: list[Message]
    output_type: type[M]
    validate: Callable[[M], Sequence[str]] | None
    schema: dict[str, Any]

    def problems(self, answer: str) -> tuple[M | None, list[str]]:
        try:
            value = parse_answer(answer, self.output_type)
        except AnswerError as err:
            return None, err.problems
        return value, list(self.validate(value)) if self.validate else []


def reask_message(problems: Sequence[str]) -> str:
    """The user message that feeds validation problems back to the model."""
    lines = "\n".join(f"- {p}" for p in problems)
    return (
        "你上一次的回答没有通过校验，问题如下：\n"
        f"{lines}\n"
        "请逐条修正，重新输出完整的 JSON 对象（只输出 JSON，不要解释）。"
    )


async def _ask(
    client: LLMClient, req: StructuredRequest[M], mode: Mode
) -> tuple[M, int, list[str]]:
    """Ask in `mode`, re-asking with the problems fed back; (value, attempts, notices)."""
    convo = with_format_instructions(req.messages, mode, req.schema)
    fmt = response_format(mode, req.output_type.__name__, req.schema)
    notices: list[str] = []
    for attempt in range(1, MAX_REASKS + 2):
        answer = await client.send(convo, fmt)
        value, problems = req.problems(answer)
        if value is not None and not problems:
            return value, attempt, notices
        notices.append(f"第 {attempt} 次回答不符合要求（{problems[0]}），已要求模型修正。")
        ask = reask_message(problems)
        shown, cut = fit_answer(convo, answer, ask, client.cfg)
        if cut:
            notices.append("上一次回答超出模型上下文长度，重问时只带上了它的前一部分。")
        convo += [{"role": "assistant", "content": shown}, {"role": "user", "content": ask}]
    shown = "；".join(problems[:3])
    raise client.error(
        f"大模型连续 {MAX_REASKS + 1} 次给出的回答都不符合要求（{shown}）。", InvalidAnswerError
    )


def _key(client: LLMClient, req: StructuredRequest[Any], mode: Mode) -> str:
    cfg = client.cfg
    return answer_cache.cache_key(
        model=cfg.model,
        api_base=cfg.api_base,
        prompt_id=req.prompt_id,
        messages=req.messages,
        schema=req.schema,
        mode=mode,
        temperature=cfg.temperature,
    )


def _cached(client: LLMClient, req: StructuredRequest[M], mode: Mode) -> M | None:
    hit = answer_cache.get(_key(client, req, mode))
    if hit is None:
        return None
    try:
        value = req.output_type.model_validate_json(hit.json)
    except ValidationError:
        return None
    return None if req.validate and list(req.validate(value)) else value


async def run_modes(
    client: LLMClient,
    req: StructuredRequest[M],
    modes: Sequence[Mode],
    *,
    use_cache: bool,
    learn: bool,
) -> StructuredResult[M]:
    """Try `modes` in order until one is accepted by the server; cache and return the answer."""
    started = time.perf_counter()
    if use_cache and (value := _cached(client, req, modes[0])) is not None:
        return StructuredResult(value, modes[0], 0, True, time.perf_counter() - started)
    notices: list[str] = []
    for index, mode in enumerate(modes):
        try:
            value, attempts, asked = await _ask(client, req, mode)
        except ModeRejected:
            if index + 1 == len(modes):
                raise client.error(
                    f"服务端不支持{MODE_LABELS[mode]}（用 jixiao --debug … 运行可查看服务返回的原文）",
                    UnsupportedModeError,
                ) from None
            following = modes[index + 1]
            notices.append(f"服务端不支持{MODE_LABELS[mode]}，已改用{MODE_LABELS[following]}。")
            if learn:
                remember_mode(client.cfg.model, client.cfg.api_base, following)
            continue
        if use_cache:
            answer_cache.put(
                _key(client, req, mode), answer_cache.CachedAnswer(value.model_dump_json(), mode)
            )
        return StructuredResult(
            value, mode, attempts, False, time.perf_counter() - started, notices + asked
        )
    raise ValueError("run_modes needs at least one mode")


def make_request(
    messages: Rendered | Sequence[Message],
    output_type: type[M],
    validate: Callable[[M], Sequence[str]] | None = None,
) -> StructuredRequest[M]:
    if isinstance(messages, Rendered):
        prompt_id, msgs = messages.prompt_id, messages.messages
    else:
        prompt_id, msgs = "", [dict(m) for m in messages]
    return StructuredRequest(prompt_id, list(msgs), output_type, validate, schema_of(output_type))


async def acomplete_model(
    cfg: LLMConfig,
    messages: Rendered | Sequence[Message],
    output_type: type[M],
    *,
    validate: Callable[[M], Sequence[str]] | None = None,
    cache: bool = True,
    client: LLMClient | None = None,
) -> StructuredResult[M]:
    """Ask the configured model for an `output_type` object.

    `messages` is usually `load_prompt(name).render(...)`. `validate` returns Chinese problem
    strings (the checker); they are fed back to the model like schema errors. Raises LLMError
    (Chinese, scrubbed of secrets) when no valid answer comes; the caller then falls back to the
    offline engine and says so.
    """
    if not cfg.enabled:
        raise LLMError(
            "未配置大模型：请在 config.toml 的 [llm] 中设置 model，或设置环境变量 JIXIAO_MODEL。"
        )
    client = client or client_for(cfg)
    req = make_request(messages, output_type, validate)
    modes = chain_from(start_mode(cfg.model, cfg.api_base))
    return await run_modes(client, req, modes, use_cache=cache and cfg.cache, learn=True)


def complete_model(
    cfg: LLMConfig,
    messages: Rendered | Sequence[Message],
    output_type: type[M],
    *,
    validate: Callable[[M], Sequence[str]] | None = None,
    cache: bool = True,
) -> StructuredResult[M]:
    """Synchronous `acomplete_model`, for code that has no event loop (not for use inside one)."""
    return asyncio.run(acomplete_model(cfg, messages, output_type, validate=validate, cache=cache))
