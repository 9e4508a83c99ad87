"""The client: one attempt at a time per slot of a bounded semaphore, with transport retries
(429, 5xx, timeouts, connection errors) and exponential backoff. Each attempt goes through
`transport.send_once` (the model process, or litellm imported here on first use)."""

from __future__ import annotations

import asyncio
import logging
import random
import weakref
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, TypeVar

from assistant.errors import LLMError
from assistant.llm.config import LLMConfig
from assistant.llm.failures import advice
from assistant.llm.formats import Message
from assistant.llm.redact import scrub
from assistant.llm.transport import AttemptFailure, Failure, send_once

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")
RequestHook = Callable[[dict[str, Any]], dict[str, Any]]
_LOCAL_KEY = "no-key-required"
_NEXT_STEP: dict[Failure, str] = {
    "mode": "服务端不接受该结构化输出方式",
    "retry": "稍后重试",
    "fatal": "不再重试",
}


class ModeRejected(Exception):
    """The server refused the requested structured-output mode (response_format)."""


class UnsupportedModeError(LLMError):
    """The server rejected every structured-output mode that was tried."""


class InvalidAnswerError(LLMError):
    """The model's answers stayed invalid after every re-ask."""


class LLMClient:
    """Sends chat requests for one config: at most `cfg.max_concurrency` at a time, with
    transport retries. `request_hook` may rewrite the litellm keyword arguments of each HTTP
    attempt (tests pass `mock_response` this way); it never sees the API key."""

    def __init__(
        self,
        cfg: LLMConfig,
        *,
        request_hook: RequestHook | None = None,
        backoff: float = 1.0,
        max_backoff: float = 20.0,
    ) -> None:
        self.cfg = cfg
        self.request_hook = request_hook
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._semaphore = asyncio.Semaphore(cfg.max_concurrency)

    def error(self, message: str, kind: type[LLMError] = LLMError) -> LLMError:
        """An LLMError (or subclass `kind`) whose message is scrubbed of anything secret."""
        return kind(self.scrub(message))

    def scrub(self, text: str) -> str:
        """`text` with the API key (and anything that looks like a credential) masked."""
        key = self.cfg.api_key()
        return scrub(text, [key.get_secret_value()] if key else [])

    async def send(
        self, messages: Sequence[Message], response_format: dict[str, Any] | None
    ) -> str:
        """The answer text. Raises ModeRejected when the server refuses `response_format`, and
        LLMError (Chinese, scrubbed) when retries are exhausted or the error is not transient."""
        kwargs = self._kwargs(messages, response_format)
        credentials = self._credentials()
        attempt = 0
        while True:
            attempt += 1
            outcome = await self._once(kwargs, credentials)
            if isinstance(outcome, str):
                return outcome
            failure = outcome.failure
            if failure == "retry" and attempt > self.cfg.max_retries:
                failure = "fatal"
            self._log_failure(outcome, attempt, failure)
            if failure == "mode":
                raise ModeRejected
            if failure == "fatal":
                raise self.error(advice(outcome.kind, outcome.status, self.cfg, attempt))
            await asyncio.sleep(self._delay(attempt - 1, outcome.retry_after))

    def _log_failure(self, outcome: AttemptFailure, attempt: int, failure: Failure) -> None:
        """The technical detail (scrubbed) of a failed attempt, for `jixiao --debug`."""
        if log.isEnabledFor(logging.DEBUG):
            detail = self.scrub(outcome.detail)
            then = _NEXT_STEP[failure]
            log.debug("%s 第 %d 次请求失败（%s）：%s", self.cfg.model, attempt, then, detail)

    async def _once(
        self, kwargs: dict[str, Any], credentials: dict[str, str]
    ) -> str | AttemptFailure:
        if self.request_hook is not None:
            kwargs = self.request_hook(dict(kwargs))
        async with self._semaphore:
            return await send_once(kwargs | credentials, self.cfg.worker_minutes)

    def _kwargs(
        self, messages: Sequence[Message], response_format: dict[str, Any] | None
    ) -> dict[str, Any]:
        cfg = self.cfg
        kwargs: dict[str, Any] = {
            "model": cfg.model,
            "messages": [dict(m) for m in messages],
            "timeout": cfg.timeout,
            "temperature": cfg.temperature,
            "max_retries": 0,  # retries are ours, with backoff; the SDK's would multiply them
        }
        optional = {
            "api_base": cfg.api_base,
            "max_tokens": cfg.max_tokens,
            "response_format": response_format,
        }
        kwargs.update({k: v for k, v in optional.items() if v is not None})
        return kwargs

    def _credentials(self) -> dict[str, str]:
        """The api_key argument, read from the environment just before sending."""
        cfg = self.cfg
        key = cfg.api_key()
        if key is not None:
            return {"api_key": key.get_secret_value()}
        if cfg.api_base and cfg.provider in ("openai", "hosted_vllm"):
            return {"api_key": _LOCAL_KEY}  # local OpenAI-compatible servers need no key
        if cfg.key_env:
            raise LLMError(f"未找到 API 密钥：请设置环境变量 {cfg.key_env}。")
        return {}

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.max_backoff)
        return min(self.max_backoff, self.backoff * 2.0**attempt) * random.uniform(0.5, 1.0)


_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[LLMConfig, LLMClient]] = (
    weakref.WeakKeyDictionary()
)


def client_for(cfg: LLMConfig) -> LLMClient:
    """The shared client for `cfg` in the running event loop (one semaphore per config)."""
    per_loop = _clients.setdefault(asyncio.get_running_loop(), {})
    if cfg not in per_loop:
        per_loop[cfg] = LLMClient(cfg)
    return per_loop[cfg]


async def amap_limited(
    func: Callable[[T], Awaitable[R]],
    items: Iterable[T],
    limit: int,
    *,
    on_done: Callable[[int, R | Exception], None] | None = None,
) -> list[R | Exception]:
    """`func` over `items` with at most `limit` running at once, results in input order.
    A failing item yields its exception in place (the others still run); `on_done(index,
    result)` is called as each finishes, e.g. to move a progress bar."""
    semaphore = asyncio.Semaphore(limit)

    async def run(index: int, item: T) -> R | Exception:
        async with semaphore:
            try:
                result: R | Exception = await func(item)
            except Exception as err:  # noqa: BLE001 - reported per item, not raised
                result = err
        if on_done is not None:
            on_done(index, result)
        return result

    return list(await asyncio.gather(*(run(i, item) for i, item in enumerate(items))))
