"""Revising a project's set from a plain-words request through the LLM (TUI's 「提要求」)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.corpus import load_shipped
from assistant.index import Index
from assistant.llm import LLMConfig
from assistant.llm.outputs import LLMIndicator
from assistant.refine.revise import arevise_llm, split
from assistant.schema import Indicator
from assistant.tables import read_table
from tests.llm_server import Recorded, Reply, ScriptedServer, clean_llm_env
from tui.engine import Engine
from tui.state import Session


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    clean_llm_env(monkeypatch)


@pytest.fixture(scope="module")
def index() -> Index:
    from assistant.index import Index

    return Index.build(load_shipped())


def _item(name: str, value: str, level2: str = "质量指标") -> LLMIndicator:
    return LLMIndicator(level1="产出指标", level2=level2, name=name, annual_value=value)


def test_split_finds_added_changed_renamed_and_removed() -> None:
    current = [
        Indicator.from_text(
            level1="产出指标", level2="质量指标", name="系统运行正确率", annual_value="100%"
        ),
        Indicator.from_text(
            level1="满意度指标", level2="服务对象满意度指标", name="满意度", annual_value="100%"
        ),
        Indicator.from_text(
            level1="产出指标", level2="数量指标", name="开发系统数量", annual_value="提高"
        ),
    ]
    answer = [
        _item("系统运行正确率", "100%"),
        LLMIndicator(
            level1="满意度指标", level2="服务对象满意度指标", name="群众满意度", annual_value="≥95%"
        ),
        _item("故障响应时间", "≤2小时", "时效指标"),
    ]
    added, changed, removed = split(answer, current)
    assert [i.name for i in added] == ["故障响应时间"]
    assert [(k, i.name) for k, i in changed] == [(1, "群众满意度")]
    assert removed == [2]


def _revise(req: Recorded) -> Reply:
    text = "\n".join(m["content"] for m in req.body["messages"])
    evidence_id = re.findall(r'"id": "([A-Z][0-9a-f]{9})"', text)[0]
    rows = [
        json.loads(line)
        for line in text.split("<<<现有指标", 1)[1].split("现有指标>>>", 1)[0].strip().splitlines()
    ]
    indicators = [{**r, "evidence_ids": []} for r in rows]
    indicators.append(
        {
            "level1": "产出指标",
            "level2": "时效指标",
            "name": "雇员工资按月发放及时率",
            "annual_value": "=100%",
            "period_value": "=100%",
            "evidence_ids": [evidence_id],
        }
    )
    return Reply(content=json.dumps({"indicators": indicators, "notices": []}, ensure_ascii=False))


async def test_revision_keeps_the_rest_and_adds_the_requested(
    index: Index, seed_path: Path
) -> None:
    project = next(p for p in read_table(seed_path).projects if p.name == "政府雇员公用经费")
    with ScriptedServer(default=_revise) as srv:
        cfg = LLMConfig(model="openai/test", api_base=srv.url, timeout=10.0, max_retries=1)
        revision = await arevise_llm(project, "再加一个时效指标", index, cfg, use_cache=False)
    assert [s.name for s in revision.added] == ["雇员工资按月发放及时率"]
    assert not revision.changed and not revision.removed
    assert revision.added[0].evidence and revision.added[0].engine == "llm"


def test_tui_engine_uses_the_model_when_configured(
    index: Index, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = read_table(seed_path)
    state = Session.from_table(table, None).get("政府雇员公用经费")
    with ScriptedServer(default=_revise) as srv:
        monkeypatch.setenv("JIXIAO_MODEL", "openai/test")
        monkeypatch.setenv("JIXIAO_API_BASE", srv.url)
        answer = Engine(lambda notify: index).ask(state, "再加一个时效指标", llm_enabled=True)
    assert [s.name for s in answer.suggestions] == ["雇员工资按月发放及时率"]
    assert "大模型已按要求修改" in answer.reply
