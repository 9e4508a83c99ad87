"""Refining through an LLM over a real socket, with the offline refinement as the fallback."""

from __future__ import annotations

import json
import re

import pytest

from assistant.corpus import load_shipped
from assistant.evidence import has_no_support
from assistant.index import Index
from assistant.llm import LLMConfig
from assistant.refine import parse_indicator_text, refine_indicator
from assistant.refine.llm import arefine_llm
from tests.llm_server import Recorded, Reply, ScriptedServer, clean_llm_env, good


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    clean_llm_env(monkeypatch)


@pytest.fixture(scope="module")
def index() -> Index:
    from assistant.index import Index

    return Index.build(load_shipped())


def _rewrite(req: Recorded) -> Reply:
    text = "\n".join(m["content"] for m in req.body["messages"])
    first_id = re.findall(r'"id": "([A-Z][0-9a-f]{9})"', text)[0]
    rewrite = {
        "level1": "效益指标",
        "level2": "社会效益指标",
        "name": "来穗人员融合活动参与率",
        "annual_value": "≥85%",
        "period_value": "≥85%",
        "basis": "历史标准",
        "explanation": "参与融合活动的来穗人员/登记来穗人员×100%",
        "evidence_ids": [first_id],
    }
    return Reply(content=json.dumps({"rewrites": [rewrite]}, ensure_ascii=False))


def _cfg(server: ScriptedServer) -> LLMConfig:
    return LLMConfig(model="openai/test", api_base=server.url, timeout=10.0, max_retries=1)


async def test_llm_rewrite_is_validated_and_cited(index: Index) -> None:
    offline = refine_indicator(
        parse_indicator_text("外来人员融合率：提高融合率", "社会效益指标"), index=index
    )
    with ScriptedServer(default=_rewrite) as srv:
        result = await arefine_llm(offline, None, index, _cfg(srv), use_cache=False)
    assert result.findings == offline.findings
    assert [s.name for s in result.rewrites] == ["来穗人员融合活动参与率"]
    first = result.rewrites[0]
    # the scripted model cites the pool's first record whatever it measures: kept only when it
    # measures the same subject, else the rewrite says it has no close real support (issue 14)
    assert first.engine == "llm" and (first.evidence or has_no_support(first))


async def test_unmeasurable_llm_rewrite_falls_back_offline(index: Index) -> None:
    offline = refine_indicator(
        parse_indicator_text("外来人员融合率：提高融合率", "社会效益指标"), index=index
    )
    vague = {
        "rewrites": [
            {
                "level1": "效益指标",
                "level2": "社会效益指标",
                "name": "外来人员融合率",
                "annual_value": "明显提高",
                "evidence_ids": [],
            }
        ]
    }
    with ScriptedServer(default=good(vague)) as srv:
        result = await arefine_llm(offline, None, index, _cfg(srv), use_cache=False)
        assert len(srv.requests) >= 2  # re-asked with the checker's findings
    assert result.rewrites == offline.rewrites
    assert any("离线改写" in n for n in result.notices)
