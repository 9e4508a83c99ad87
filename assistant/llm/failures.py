"""Transport failures in plain Chinese: one short sentence per kind of litellm error, saying what
went wrong and what to do. The technical (usually English) text of the error is kept out of the
sentence; `technical_detail` gives it for the debug log (`jixiao --debug …`).

litellm is imported only when a failure is described, and by then it is already loaded."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.llm.sdk import load_litellm

if TYPE_CHECKING:
    from assistant.llm.config import LLMConfig

MORE = "用 jixiao --debug … 重新运行可查看服务返回的原文。"

# Kind → (litellm exception class names, HTTP statuses). The first matching row wins, so the
# specific subclasses (context window, content policy, payment) come before BadRequestError.
_KINDS: tuple[tuple[str, tuple[str, ...], frozenset[int]], ...] = (
    ("context_window", ("ContextWindowExceededError",), frozenset()),
    ("content_policy", ("ContentPolicyViolationError",), frozenset()),
    ("payment", ("PaymentRequiredError",), frozenset({402})),
    ("auth", ("AuthenticationError",), frozenset({401})),
    ("permission", ("PermissionDeniedError",), frozenset({403})),
    ("not_found", ("NotFoundError",), frozenset({404})),
    ("rate_limit", ("RateLimitError",), frozenset({429})),
    ("timeout", ("Timeout",), frozenset({408})),
    ("connection", ("APIConnectionError",), frozenset()),
    ("provider", ("LiteLLMUnknownProvider",), frozenset()),
    ("bad_request", ("BadRequestError", "UnprocessableEntityError"), frozenset()),
    ("server", ("ServiceUnavailableError", "BadGatewayError", "InternalServerError"), frozenset()),
)

ADVICE: dict[str, str] = {
    "auth": "大模型认证失败：请检查环境变量 {key_env} 中的 API 密钥是否正确、是否仍有效。",
    "permission": "大模型服务拒绝访问：环境变量 {key_env} 中的 API 密钥无权使用模型 {model}，"
    "请在服务商处检查账户权限。",
    "payment": "大模型服务账户余额不足或未开通付费：请到服务商控制台检查账户。",
    "not_found": "找不到模型 {model}（{where}）：请检查模型名称是否正确、该服务是否提供此模型。",
    "rate_limit": "大模型服务限流，已尝试 {tries} 次：请稍后再试，或调低并发数"
    "（配置项 max_concurrency 或环境变量 JIXIAO_LLM_CONCURRENCY）。",
    "timeout": "大模型在 {timeout:g} 秒内没有回应，已尝试 {tries} 次：请确认服务正常，或调大超时"
    "（配置项 timeout 或环境变量 JIXIAO_LLM_TIMEOUT；jixiao llm check 可用 --timeout）。",
    "connection": "无法连接大模型服务（{where}），已尝试 {tries} 次：请确认模型服务已启动、"
    "地址和端口正确、网络可以访问。",
    "context_window": "输入超出了模型 {model} 的上下文长度：请缩短项目描述等输入，"
    "或换用上下文更长的模型。",
    "content_policy": "服务商的内容审核拦截了本次请求：请检查输入内容，或换用其他模型。",
    "provider": "无法识别模型名 {model}：应写成「服务商/模型」，如 deepseek/deepseek-chat；"
    "本地 OpenAI 兼容服务写 openai/模型名，并设置 api_base。",
    "bad_request": "大模型服务拒绝了请求（HTTP {status}）：请检查模型名称 {model} 及配置是否适用于该服务。"
    + MORE,
    "server": "大模型服务出错（HTTP {status}），已尝试 {tries} 次：请稍后再试；自建服务请查看其日志。"
    + MORE,
    "other": "调用大模型失败：请运行 jixiao llm check 检查配置。" + MORE,
}


def failure_kind(err: BaseException) -> str:
    """Which row of ADVICE describes `err` (a litellm/openai/httpx exception)."""

    litellm = load_litellm()
    status = getattr(err, "status_code", None)
    for kind, names, statuses in _KINDS:
        classes = tuple(getattr(litellm, name) for name in names if hasattr(litellm, name))
        if isinstance(err, classes) or status in statuses or _also(kind, err):
            return kind
    if isinstance(status, int) and status >= 500:
        return "server"
    return "bad_request" if isinstance(status, int) and status >= 400 else "other"


def _also(kind: str, err: BaseException) -> bool:
    """Failures litellm does not give their own class."""
    if kind == "timeout":
        return _timed_out(err)
    if kind == "connection":
        return _connection_failure(err)
    if kind == "provider":
        return "LLM Provider NOT provided" in str(err)
    return False


def advice(kind: str, status: object, cfg: LLMConfig, tries: int) -> str:
    """One Chinese sentence for a transport failure of `kind` (a row of ADVICE, as
    `failure_kind` chose it where the attempt was made): what happened and what to do (no
    English, no text from the server, so nothing secret either)."""
    return ADVICE[kind].format(
        key_env=cfg.key_env or "保存 API 密钥的环境变量（可用配置项 api_key_env 指定）",
        model=cfg.model,
        where=cfg.api_base or "服务商默认地址",
        tries=tries,
        timeout=cfg.timeout,
        status=status if isinstance(status, int) else "未知状态",
    )


def technical_detail(err: BaseException) -> str:
    """The error's own text and its root cause, for the debug log (not yet scrubbed)."""
    root = _chain(err)[-1]
    text = f"{type(err).__name__}: {_squeeze(str(err))}"
    if root is not err:
        text += f"（根因 {type(root).__name__}: {_squeeze(str(root))}）"
    return text


def _squeeze(text: str) -> str:
    """`text` on one line, without litellm's "litellm.XError: " prefixes, at most 500 characters."""
    text = re.sub(
        r"^(?:(?:litellm\.)?\w*(?:Error|Exception)\s*[:\-]\s*)+", "", " ".join(text.split())
    )
    return text[:500] + ("…" if len(text) > 500 else "")


def _chain(err: BaseException) -> list[BaseException]:
    links: list[BaseException] = []
    current: BaseException | None = err
    while current is not None and current not in links:
        links.append(current)
        current = current.__cause__ or current.__context__
    return links


def _timed_out(err: BaseException) -> bool:
    import httpx
    import openai

    timeouts = (TimeoutError, openai.APITimeoutError, httpx.TimeoutException)
    return any(isinstance(link, timeouts) for link in _chain(err))


def _connection_failure(err: BaseException) -> bool:
    """True when the request never reached the server (litellm reports some of these as 500).
    Timeouts are subclasses of these, but are told apart before this is asked."""
    import httpx
    import openai

    failures = (openai.APIConnectionError, httpx.TransportError, ConnectionError)
    return any(isinstance(link, failures) for link in _chain(err))
