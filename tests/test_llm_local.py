"""End-to-end against a real local model (Ollama, vLLM, llama.cpp server). Skipped unless
JIXIAO_TEST_LOCAL_MODEL is set, e.g.

    JIXIAO_TEST_LOCAL_MODEL=ollama/qwen2.5:7b JIXIAO_TEST_LOCAL_API_BASE=http://127.0.0.1:11434 \\
        pytest -m local_llm
"""

from __future__ import annotations

import os

import pytest

from assistant.llm import FRAMEWORK_LABELS, LLMConfig, acomplete_model, load_prompt
from assistant.llm.probe import probe
from assistant.schema import Draft, Evidence

MODEL = os.environ.get("JIXIAO_TEST_LOCAL_MODEL", "")
pytestmark = [
    pytest.mark.local_llm,
    pytest.mark.skipif(
        not MODEL, reason="set JIXIAO_TEST_LOCAL_MODEL to run against a local model"
    ),
]


async def test_local_model_answers_and_drafts_a_valid_set() -> None:
    cfg = LLMConfig(model=MODEL, api_base=os.environ.get("JIXIAO_TEST_LOCAL_API_BASE"), timeout=600)
    report = await probe(cfg)
    assert report.best is not None, [t.detail for t in report.trials]
    evidence = [
        Evidence(
            id="seed-1", name="巡逻覆盖率", value="≥95%", project="社区巡防", source="白云区政法委"
        ),
        Evidence(
            id="seed-2", name="居民满意度", value="≥90%", project="社区巡防", source="白云区政法委"
        ),
    ]
    rendered = load_prompt("draft").render(
        project="项目名称：社区治安巡防\n预算：50 万元\n说明：组织平安志愿者在 12 个社区开展夜间巡逻。",
        evidence=evidence,
        framework_name=FRAMEWORK_LABELS["legacy"],
    )
    result = await acomplete_model(cfg, rendered, Draft, cache=False)
    assert result.value.indicators and result.value.goal
