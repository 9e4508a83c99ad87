"""End-to-end against a real local model (Ollama, vLLM, llama.cpp server). Skipped unless
JIXIAO_TEST_LOCAL_MODEL is set; nothing is downloaded. The model settings go through
`load_config`, so the usual JIXIAO_LLM_* variables (max_tokens, timeout, retries) apply, e.g.

    JIXIAO_TEST_LOCAL_MODEL=ollama/qwen2.5:7b JIXIAO_TEST_LOCAL_API_BASE=http://127.0.0.1:11434 \\
        pytest -m local_llm

    # llama.cpp / llama-cpp-python server (OpenAI-compatible, no key needed):
    JIXIAO_TEST_LOCAL_MODEL=openai/<model id from /v1/models> \\
    JIXIAO_TEST_LOCAL_API_BASE=http://127.0.0.1:8080/v1 JIXIAO_LLM_MAX_TOKENS=2048 \\
        pytest -m local_llm

Each test goes through the same code as the CLI (`jixiao llm check`, `jixiao draft --model`,
`jixiao refine --model`) and fails when the model's answer did not pass validation, i.e. when
the command would have fallen back to the offline result.
"""

from __future__ import annotations

import os

import pytest

from assistant.llm import LLMConfig, load_config
from assistant.llm.probe import probe

MODEL = os.environ.get("JIXIAO_TEST_LOCAL_MODEL", "")
pytestmark = [
    pytest.mark.local_llm,
    pytest.mark.skipif(
        not MODEL, reason="set JIXIAO_TEST_LOCAL_MODEL to run against a local model"
    ),
]


def _config() -> LLMConfig:
    timeout = None if os.environ.get("JIXIAO_LLM_TIMEOUT") else 600.0
    return load_config(
        model=MODEL,
        api_base=os.environ.get("JIXIAO_TEST_LOCAL_API_BASE") or None,
        timeout=timeout,
        cache=False,
    )


async def test_local_model_passes_the_probe() -> None:
    report = await probe(_config())
    assert report.best is not None, [f"{t.mode}: {t.detail}" for t in report.trials]


async def test_local_model_drafts_a_valid_set() -> None:
    from assistant.draft import make_request
    from assistant.draft.run import adraft
    from assistant.index import load_index

    request = make_request(
        name="社区治安巡防",
        amount=50.0,
        department="白云区政法委",
        goal="组织平安志愿者在 12 个社区开展夜间巡逻。",
    )
    draft = await adraft(request, load_index(), _config(), use_cache=False)
    assert draft.engine == "llm", draft.notices
    assert draft.indicators and draft.goal


async def test_local_model_refines_a_vague_indicator() -> None:
    from assistant.index import load_index
    from assistant.refine import parse_indicator_text, refine_indicator
    from assistant.refine.llm import arefine_llm

    index = load_index()
    offline = refine_indicator(parse_indicator_text("提高医疗保障"), None, index)
    refined = await arefine_llm(offline, None, index, _config(), use_cache=False)
    assert all(s.engine == "llm" for s in refined.rewrites), refined.notices
    assert refined.rewrites
