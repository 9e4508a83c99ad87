"""One HTTP attempt at the model, and what its failure means, computed where litellm lives.

    await send_once(kwargs, idle_minutes)   -> str | AttemptFailure

An attempt either answers (the text) or fails with an `AttemptFailure`: whether to step the
structured-output mode down, retry or give up, which ADVICE row describes it, and the technical
detail for the debug log. The attempt runs in the model process (`assistant.llm.worker`, where
litellm is already imported) when one is enabled and can be reached, else here, importing
litellm on first use. Either way the client sees the same plain model, so retries, messages and
logs do not depend on where the request left from.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any, Literal

from assistant.llm import process
from assistant.llm.failures import failure_kind, technical_detail
from assistant.llm.sdk import load_litellm
from assistant.text import Model

Failure = Literal["mode", "retry", "fatal"]

_MODE_WORDS = re.compile(
    r"response_format|response format|json_schema|json_object|structured output|guided_json|grammar",
    re.IGNORECASE,
)
_RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


class AttemptFailure(Model):
    """What one failed attempt tells the client (plain data: it crosses the process boundary)."""

    failure: Failure
    kind: str  # the ADVICE row (assistant.llm.failures)
    status: int | None = None
    retry_after: float | None = None  # seconds the server asked us to wait
    detail: str = ""  # the error's own text, not yet scrubbed: debug log only


def classify(err: Exception, sent_format: bool) -> Failure:
    """Whether a failed call should step the mode down, be retried, or give up."""
    litellm = load_litellm()
    status = getattr(err, "status_code", None)
    if isinstance(err, litellm.RateLimitError | litellm.Timeout | TimeoutError):
        return "retry"
    rejectable = status in (400, 422, 500, None) or isinstance(err, litellm.BadRequestError)
    if sent_format and rejectable and _MODE_WORDS.search(str(err)):
        return "mode"
    transient = (
        litellm.APIConnectionError,
        litellm.ServiceUnavailableError,
        litellm.InternalServerError,
        litellm.BadGatewayError,
    )
    if isinstance(err, transient) or status in _RETRY_STATUS:
        return "retry"
    return "fatal"


def assess(err: Exception, kwargs: dict[str, Any]) -> AttemptFailure:
    """The failure of the attempt sent with `kwargs`."""
    status = getattr(err, "status_code", None)
    return AttemptFailure(
        failure=classify(err, kwargs.get("response_format") is not None),
        kind=failure_kind(err),
        status=status if isinstance(status, int) else None,
        retry_after=_retry_after(err),
        detail=technical_detail(err),
    )


def _retry_after(err: Exception) -> float | None:
    response = getattr(err, "response", None)
    headers = getattr(response, "headers", None) or {}
    text = str(headers.get("retry-after", "")).strip()
    return float(text) if text.replace(".", "", 1).isdigit() else None


def crashed(err: BaseException) -> AttemptFailure:
    """An error that is not a transport failure (a bug, an argument litellm refused): fatal."""
    return AttemptFailure(failure="fatal", kind="other", detail=technical_detail(err))


async def attempt_here(kwargs: dict[str, Any]) -> str | AttemptFailure:
    """One attempt in this process (litellm imported on first use, in a thread: an event loop
    that is an interface's keeps running). Every failure comes back as an AttemptFailure:
    transport failures classified, anything else (an answer without choices, an argument
    litellm refused) fatal."""
    litellm = await asyncio.to_thread(load_litellm)
    import httpx  # loaded with litellm by now: no wait on an interface's thread
    import openai

    try:
        response = await litellm.acompletion(**kwargs)
        content = response.choices[0].message.content
    except (openai.OpenAIError, httpx.HTTPError, TimeoutError) as err:
        return assess(err, kwargs)
    except Exception as err:  # noqa: BLE001 - a failed attempt, told as one
        return crashed(err)
    return content if isinstance(content, str) else ""


async def send_once(kwargs: dict[str, Any], idle_minutes: float) -> str | AttemptFailure:
    """One attempt: through the model process (kept `idle_minutes` after its last request; 0:
    none) when one can be reached, else here."""
    answer = await process.attempt(kwargs, idle_minutes) if idle_minutes > 0 else None
    if answer is None:
        return await attempt_here(kwargs)
    return answer if isinstance(answer, str) else AttemptFailure.model_validate(answer)
