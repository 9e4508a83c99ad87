"""Every kind of litellm failure reaches the user as one short Chinese sentence that says what
to do; the server's own (English) text and the API key stay out of it. The technical detail is
in the debug log, scrubbed. Failures are raised through litellm's `mock_response`."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest
from pydantic import BaseModel

from assistant.errors import LLMError
from assistant.llm import LLMClient, LLMConfig
from assistant.llm.client import UnsupportedModeError
from assistant.llm.failures import ADVICE, advice, failure_kind
from assistant.llm.sdk import load_litellm
from assistant.llm.structured import make_request, run_modes
from assistant.llm.transport import assess
from tests.llm_server import ScriptedServer, clean_llm_env

KEY = "sk-test-5e1f0a9b7c3d2e4f"
SAID = f"SERVER-SAID: quota exceeded for key {KEY}"  # what the server wrote, key and all
MESSAGES = [{"role": "user", "content": "你好"}]
_REQUEST = httpx.Request("POST", "http://127.0.0.1:9/v1/chat/completions")

Make = Callable[[ModuleType], Exception]


class Answer(BaseModel):
    ok: bool


def _response(status: int) -> httpx.Response:
    return httpx.Response(status, request=_REQUEST)


def _named(name: str, **extra: Any) -> Make:
    return lambda lt: getattr(lt, name)(message=SAID, llm_provider="openai", model="m", **extra)


CASES: list[tuple[str, Make, str]] = [
    ("auth", _named("AuthenticationError"), "认证失败：请检查环境变量 OPENAI_API_KEY"),
    ("permission", _named("PermissionDeniedError", response=_response(403)), "拒绝访问"),
    ("not_found", _named("NotFoundError"), "找不到模型 openai/test"),
    ("rate_limit", _named("RateLimitError"), "限流，已尝试 1 次：请稍后再试"),
    ("timeout", _named("Timeout"), "秒内没有回应"),
    ("connection", _named("APIConnectionError"), "无法连接大模型服务（http://127.0.0.1:9/v1）"),
    ("context_window", _named("ContextWindowExceededError"), "上下文长度"),
    ("content_policy", _named("ContentPolicyViolationError"), "内容审核"),
    ("payment", _named("PaymentRequiredError"), "余额不足"),
    ("bad_request", _named("BadRequestError"), "拒绝了请求（HTTP 400）"),
    ("bad_request", _named("UnprocessableEntityError", response=_response(422)), "HTTP 422"),
    ("server", _named("InternalServerError"), "服务出错（HTTP 500）"),
    ("server", _named("ServiceUnavailableError"), "服务出错（HTTP 503）"),
    ("server", _named("BadGatewayError"), "服务出错（HTTP 502）"),
    ("bad_request", lambda lt: lt.APIError(418, SAID, "openai", "m"), "HTTP 418"),
    ("other", lambda lt: lt.APIError(None, SAID, "openai", "m"), "调用大模型失败"),
]


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    clean_llm_env(monkeypatch)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)


def _config(**extra: Any) -> LLMConfig:
    settings: dict[str, Any] = {"max_retries": 0} | extra
    return LLMConfig(model="openai/test", api_base="http://127.0.0.1:9/v1", **settings)


def _failing(error: Exception | str, **cfg: Any) -> LLMClient:
    hook = lambda kwargs: kwargs | {"mock_response": error}  # noqa: E731
    return LLMClient(_config(**cfg), request_hook=hook, backoff=0.001)


async def _send(client: LLMClient, response_format: dict[str, Any] | None = None) -> str:
    return await client.send(MESSAGES, response_format)


def _assert_plain_chinese(message: str) -> None:
    """No server text, no key, no exception class names, no litellm."""
    assert "SERVER-SAID" not in message and "quota" not in message
    assert KEY not in message and "5e1f0a9b" not in message
    assert "litellm" not in message.lower()
    assert not re.search(r"[A-Z]\w+(Error|Exception)|Timeout\b", message), message
    assert re.search(r"[\u4e00-\u9fff]", message)


@pytest.mark.parametrize(("kind", "make", "expected"), CASES, ids=[c[0] for c in CASES])
async def test_each_failure_is_one_chinese_sentence(kind: str, make: Make, expected: str) -> None:
    error = make(load_litellm())
    assert failure_kind(error) == kind
    with pytest.raises(LLMError) as info:
        await _send(_failing(error))
    assert expected in info.value.message
    _assert_plain_chinese(info.value.message)
    _assert_plain_chinese(str(info.value))


def test_every_kind_has_advice_and_every_advice_is_reachable() -> None:
    kinds = {c[0] for c in CASES} | {"provider"}
    assert kinds == set(ADVICE)


async def test_detail_goes_to_the_debug_log_scrubbed(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="assistant.llm")
    with pytest.raises(LLMError):
        await _send(
            _failing(load_litellm().NotFoundError(message=SAID, llm_provider="openai", model="m"))
        )
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "NotFoundError" in logged and "SERVER-SAID: quota exceeded for key" in logged
    assert "第 1 次请求失败（不再重试）" in logged
    assert KEY not in logged and "5e1f0a9b" not in logged


async def test_retries_are_logged_and_the_final_message_counts_them(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="assistant.llm")
    with pytest.raises(LLMError) as info:
        await _send(_failing("litellm.RateLimitError", max_retries=2))
    assert "已尝试 3 次" in info.value.message
    steps = [r.getMessage() for r in caplog.records if "请求失败" in r.getMessage()]
    assert len(steps) == 3 and "稍后重试" in steps[0] and "不再重试" in steps[2]


async def test_litellm_mock_timeout_names_the_timeout_and_how_to_raise_it() -> None:
    hook = lambda kwargs: kwargs | {"mock_response": "好", "mock_timeout": True}  # noqa: E731
    client = LLMClient(_config(timeout=0.2), request_hook=hook)
    with pytest.raises(LLMError) as info:
        await _send(client)
    assert "0.2 秒内没有回应" in info.value.message and "JIXIAO_LLM_TIMEOUT" in info.value.message
    _assert_plain_chinese(info.value.message)


async def test_model_name_without_provider_is_explained() -> None:
    hook = lambda kwargs: kwargs | {"mock_response": "好"}  # noqa: E731 - never sent anyway
    client = LLMClient(LLMConfig(model="qwen-plus", max_retries=0), request_hook=hook)
    with pytest.raises(LLMError) as info:
        await _send(client)
    assert (
        "无法识别模型名 qwen-plus" in info.value.message
        and "deepseek/deepseek-chat" in info.value.message
    )
    _assert_plain_chinese(info.value.message)


async def test_rejected_structured_output_is_chinese_without_server_text() -> None:
    rejected = load_litellm().BadRequestError(
        message=f"response_format json_schema is not supported {SAID}",
        llm_provider="openai",
        model="m",
    )
    request = make_request(MESSAGES, Answer)
    with pytest.raises(UnsupportedModeError) as info:
        await run_modes(_failing(rejected), request, ["json_schema"], use_cache=False, learn=False)
    assert "服务端不支持" in info.value.message and "--debug" in info.value.message
    _assert_plain_chinese(info.value.message)


def _described(err: Exception, cfg: LLMConfig, tries: int) -> str:
    """What the client says of a failed attempt (transport.assess, then the ADVICE row)."""
    failed = assess(err, {})
    return advice(failed.kind, failed.status, cfg, tries)


def test_plain_python_timeout_and_connection_errors_are_recognised() -> None:
    cfg = _config()
    assert "没有回应" in _described(TimeoutError(), cfg, 2)
    refused = httpx.ConnectError("[Errno 111] Connection refused", request=_REQUEST)
    assert _described(refused, cfg, 1).startswith("无法连接大模型服务（http://127.0.0.1:9/v1）")


def test_debug_flag_shows_the_servers_words_and_the_plain_run_does_not(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant.cli.main import run

    with ScriptedServer() as gone:
        url = gone.url
    args = ["llm", "check", "-m", "openai/test", "--api-base", url, "--timeout", "2"]
    outputs = []
    for extra in ([], ["--debug"]):
        monkeypatch.setattr(sys, "argv", ["jixiao", *extra, *args])
        with pytest.raises(SystemExit) as done:
            run()
        assert done.value.code == 2
        outputs.append(capsys.readouterr().err)
    plain, debug = outputs
    assert "错误：无法连接大模型服务" in plain and "调试" not in plain
    assert not re.search(r"Connect|Errno|Error\b", plain), plain
    assert "调试：openai/test 第 1 次请求失败" in debug and "ConnectionRefusedError" in debug
    monkeypatch.setattr(sys, "argv", ["jixiao", "llm", "show"])  # --debug does not stick
    with pytest.raises(SystemExit):
        run()
    assert not logging.getLogger("assistant").handlers
