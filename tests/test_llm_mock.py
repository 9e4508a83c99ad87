"""The structured-output loop driven by litellm's `mock_response` (no network, no server)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel, Field

from assistant.errors import LLMError
from assistant.llm import LLMClient, LLMConfig, amap_limited, complete_model
from assistant.llm.client import InvalidAnswerError
from assistant.llm.profiles import learned_mode
from assistant.llm.sdk import load_litellm
from assistant.llm.structured import acomplete_model
from tests.llm_server import clean_llm_env

MESSAGES = [{"role": "system", "content": "系统"}, {"role": "user", "content": "给一个巡逻计划"}]
GOOD: dict[str, Any] = {"name": "社区巡逻", "count": 12}


class Plan(BaseModel):
    name: str = Field(min_length=1, description="名称")
    count: int = Field(description="次数")


class Mocks:
    """A request hook that answers each call with the next scripted mock_response."""

    def __init__(self, *responses: Any) -> None:
        self.responses = list(responses)
        self.calls: list[dict[str, Any]] = []

    def __call__(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        self.calls.append(kwargs)
        return kwargs | {"mock_response": self.responses.pop(0)}


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    clean_llm_env(monkeypatch)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-dummy-000000")
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-test-dummy-000000")


def _client(mocks: Mocks, model: str = "openai/test", **cfg: Any) -> LLMClient:
    return LLMClient(LLMConfig(model=model, **cfg), request_hook=mocks, backoff=0.01)


async def _ask(client: LLMClient, **kw: Any) -> Any:
    return await acomplete_model(client.cfg, MESSAGES, Plan, client=client, **kw)


@pytest.mark.parametrize(
    "answer",
    [
        json.dumps(GOOD, ensure_ascii=False),
        "```json\n" + json.dumps(GOOD, ensure_ascii=False, indent=2) + "\n```",
        "下面是结果：\n" + json.dumps(GOOD, ensure_ascii=False) + "\n如需调整请告诉我。",
    ],
)
async def test_valid_answers_in_any_wrapping(answer: str) -> None:
    mocks = Mocks(answer)
    result = await _ask(_client(mocks), cache=False)
    assert result.value == Plan(**GOOD)
    assert (result.mode, result.attempts, result.from_cache) == ("json_schema", 1, False)
    assert mocks.calls[0]["response_format"]["type"] == "json_schema"
    assert "api_key" not in mocks.calls[0]  # the hook never sees the key


async def test_schema_violation_is_fed_back_then_fixed() -> None:
    mocks = Mocks('{"name": "", "count": "很多"}', json.dumps(GOOD))
    result = await _ask(_client(mocks), cache=False)
    assert result.value.count == 12 and result.attempts == 2
    reask = mocks.calls[1]["messages"]
    assert reask[-2] == {"role": "assistant", "content": '{"name": "", "count": "很多"}'}
    assert (
        "字段 name：不能为空" in reask[-1]["content"]
        and "字段 count：应为整数" in reask[-1]["content"]
    )
    assert any("第 1 次回答不符合要求" in n for n in result.notices)


async def test_checker_problems_are_fed_back_like_schema_errors() -> None:
    def checker(plan: Plan) -> list[str]:
        return [] if plan.count >= 10 else [f"「{plan.name}」次数 {plan.count} 太少，应不少于 10"]

    mocks = Mocks('{"name": "巡逻", "count": 3}', '{"name": "巡逻", "count": 10}')
    result = await _ask(_client(mocks), validate=checker, cache=False)
    assert result.value.count == 10
    assert "次数 3 太少" in mocks.calls[1]["messages"][-1]["content"]


async def test_always_invalid_raises_after_two_reasks() -> None:
    mocks = Mocks("不知道", '{"name": "x"}', "```json\n{broken\n```")
    with pytest.raises(InvalidAnswerError) as info:
        await _ask(_client(mocks), cache=False)
    assert len(mocks.calls) == 3
    assert "3 次" in info.value.message and "JSON" in info.value.message


async def test_rate_limit_is_retried_with_backoff_not_reasked() -> None:
    litellm = load_litellm()
    limited = litellm.RateLimitError(message="slow down", llm_provider="openai", model="test")
    mocks = Mocks(limited, litellm.InternalServerError("boom", "openai", "test"), json.dumps(GOOD))
    result = await _ask(_client(mocks), cache=False)
    assert result.attempts == 1 and len(mocks.calls) == 3
    assert mocks.calls[2]["messages"] == mocks.calls[0]["messages"]  # same request, not a re-ask


async def test_exhausted_transport_retries_give_a_chinese_error() -> None:
    mocks = Mocks(*["litellm.RateLimitError"] * 3)
    with pytest.raises(LLMError, match="限流") as info:
        await _ask(_client(mocks, max_retries=2), cache=False)
    assert len(mocks.calls) == 3 and "3 次" in info.value.message


async def test_auth_failure_is_not_retried_and_names_the_env_var() -> None:
    litellm = load_litellm()
    denied = litellm.AuthenticationError(
        message="bad key sk-test-dummy-000000", llm_provider="deepseek", model="x"
    )
    mocks = Mocks(denied)
    with pytest.raises(LLMError) as info:
        await _ask(_client(mocks, model="deepseek/deepseek-chat"), cache=False)
    assert len(mocks.calls) == 1
    assert "DEEPSEEK_API_KEY" in info.value.message and "sk-test-dummy" not in info.value.message


async def test_missing_key_is_reported_before_sending(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEEPSEEK_API_KEY")
    mocks = Mocks(json.dumps(GOOD))
    with pytest.raises(LLMError, match="DEEPSEEK_API_KEY"):
        await _ask(_client(mocks, model="deepseek/deepseek-chat"), cache=False)
    assert mocks.calls == []


async def test_rejected_response_format_steps_down_and_is_remembered() -> None:
    litellm = load_litellm()
    unsupported = litellm.UnsupportedParamsError(
        message="deepseek does not support parameters: ['response_format']",
        llm_provider="openai",
        model="test",
    )
    mocks = Mocks(unsupported, json.dumps(GOOD))
    result = await _ask(_client(mocks), cache=False)
    assert result.mode == "json_object"
    assert [c["response_format"]["type"] for c in mocks.calls] == ["json_schema", "json_object"]
    assert '"count"' in mocks.calls[1]["messages"][0]["content"]  # schema moved into the prompt
    assert any("已改用" in n for n in result.notices)
    assert learned_mode("openai/test", None) == "json_object"


async def test_identical_request_is_answered_from_cache() -> None:
    mocks = Mocks(
        json.dumps(GOOD), json.dumps(GOOD | {"count": 13}), json.dumps(GOOD | {"count": 14})
    )
    client = _client(mocks)
    first = await _ask(client)
    second = await _ask(client)
    assert second.from_cache and second.value == first.value and len(mocks.calls) == 1
    bypass = await _ask(client, cache=False)
    assert not bypass.from_cache and bypass.value.count == 13
    no_cache_cfg = _client(mocks, cache=False)
    assert (await _ask(no_cache_cfg)).value.count == 14


async def test_cached_answer_is_revalidated_with_todays_checker() -> None:
    mocks = Mocks(json.dumps(GOOD), json.dumps(GOOD | {"count": 20}))
    client = _client(mocks)
    await _ask(client)
    stricter = await _ask(client, validate=lambda p: [] if p.count >= 20 else ["次数应不少于 20"])
    assert not stricter.from_cache and stricter.value.count == 20 and len(mocks.calls) == 2


async def test_unconfigured_model_is_a_chinese_error() -> None:
    with pytest.raises(LLMError, match="未配置大模型"):
        await acomplete_model(LLMConfig(), MESSAGES, Plan)


async def test_amap_limited_keeps_order_and_reports_failures() -> None:
    done: list[int] = []

    async def work(n: int) -> int:
        if n == 2:
            raise ValueError("坏")
        return n * 10

    results = await amap_limited(work, range(5), 2, on_done=lambda i, _r: done.append(i))
    assert results[:2] == [0, 10] and results[3:] == [30, 40]
    assert isinstance(results[2], ValueError) and sorted(done) == [0, 1, 2, 3, 4]


def test_sync_wrapper(monkeypatch: pytest.MonkeyPatch) -> None:
    mocks = Mocks(json.dumps(GOOD))
    monkeypatch.setattr(
        "assistant.llm.structured.client_for", lambda cfg: LLMClient(cfg, request_hook=mocks)
    )
    result = complete_model(LLMConfig(model="openai/test"), MESSAGES, Plan)
    assert result.value == Plan(**GOOD) and len(mocks.calls) == 1
