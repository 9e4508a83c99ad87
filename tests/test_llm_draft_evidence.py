"""The model path gets what a competent model needs (issue 15), against the scripted server:
one count range in prompt and validator, the full earlier answer as an assistant turn, evidence
closest-first without defective records or duplicates, slots accepted and marked pending."""

from __future__ import annotations

import json
from typing import Any

import pytest

from assistant.checks import check_indicator
from assistant.draft import make_request
from assistant.draft.run import adraft
from assistant.index import Index
from assistant.llm import LLMConfig
from assistant.schema import CorpusRecord, Indicator
from tests.llm_server import Recorded, Reply, ScriptedServer, clean_llm_env

_N = iter(range(100_000))


def _rec(project: str, name: str, level2: str, value: str) -> CorpusRecord:
    level1 = (
        "满意度指标"
        if level2.startswith("服务对象")
        else "效益指标"
        if "效益" in level2
        else "产出指标"
    )
    return CorpusRecord(
        id=f"E{next(_N):09d}",
        origin="table",
        project=project,
        department="某区某局",
        year=2023,
        indicator=Indicator.from_text(level1=level1, level2=level2, name=name, annual_value=value),
        source="fixture",
    )


@pytest.fixture(scope="module")
def index() -> Index:
    twin = "2023年网格员业务培训经费"
    return Index.build(
        [
            _rec(twin, "培训人次", "数量指标", "=600人次"),
            _rec(twin, "培训考核合格率", "质量指标", "≥95%"),
            _rec(twin, "参训学员满意度", "服务对象满意度指标", "≥90%"),
            _rec("干部培训经费", "培训合格率", "质量指标", "≥95%"),
            _rec("干部培训经费", "培训合格率", "质量指标", "≥95%"),  # a duplicate
            _rec("干部培训经费", "培训成本控制", "成本指标", "≤0%"),  # a defect the checker rejects
            _rec("干部培训经费", "培训班次", "数量指标", "=4期"),
        ]
    )


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    clean_llm_env(monkeypatch)


def _cfg(server: ScriptedServer, **kw: Any) -> LLMConfig:
    return LLMConfig(model="openai/test", api_base=server.url, timeout=10.0, max_retries=1, **kw)


def _row(l1: str, l2: str, name: str, value: str) -> dict[str, object]:
    return {
        "level1": l1,
        "level2": l2,
        "name": name,
        "annual_value": value,
        "period_value": value,
        "basis": "计划标准",
        "explanation": "",
        "evidence_ids": [],
    }


def _answer(n: int, slot: bool = False, padding: str = "") -> str:
    rows = [
        _row("产出指标", "数量指标", "培训人次", "≥【请填写】人次" if slot else "=300人次"),
        _row("产出指标", "质量指标", "培训考核合格率", "≥95%"),
        _row("产出指标", "时效指标", "培训计划完成时间", "2027年11月底前"),
        _row("产出指标", "成本指标", "项目总成本", "≤16万元"),
        _row("效益指标", "社会效益指标", "参训人员业务能力提升情况", "达到预期"),
        _row("满意度指标", "服务对象满意度指标", "参训学员满意度", "≥90%"),
    ]
    rows += [_row("产出指标", "质量指标", f"培训出勤率{i}", "≥95%") for i in range(n - len(rows))]
    return json.dumps(
        {"goal": "全年培训网格员。" + padding, "indicators": rows[:n]}, ensure_ascii=False
    )


def _user(req: Recorded) -> str:
    content: str = req.body["messages"][1]["content"]
    return content


async def test_an_eleven_line_answer_passes_and_the_prompt_states_the_same_range(
    index: Index,
) -> None:
    with ScriptedServer(default=lambda _r: Reply(content=_answer(11))) as srv:
        draft = await adraft(
            make_request(name="社区网格员培训经费", amount=16), index, _cfg(srv), use_cache=False
        )
        assert draft.engine == "llm" and len(draft.indicators) == 11
        assert "指标 6 至 12 条" in _user(srv.requests[0]) and len(srv.requests) == 1


async def test_a_reask_carries_the_whole_first_answer_as_an_assistant_turn(index: Index) -> None:
    long_bad = _answer(13, padding="说明" * 1500)  # 13 lines: out of range; over 3,000 characters
    with ScriptedServer(default=lambda _r: Reply(content=_answer(8))) as srv:
        srv.script(lambda _r: Reply(content=long_bad))
        draft = await adraft(
            make_request(name="社区网格员培训经费", amount=16), index, _cfg(srv), use_cache=False
        )
        second = srv.requests[1].body["messages"]
    assert draft.engine == "llm" and len(long_bad) > 2000
    assert second[-2] == {"role": "assistant", "content": long_bad}
    assert second[-1]["role"] == "user" and "6–12" in second[-1]["content"]


async def test_a_reask_is_cut_only_to_fit_the_context_window(index: Index) -> None:
    long_bad = _answer(13, padding="说明" * 1500)
    with ScriptedServer(default=lambda _r: Reply(content=_answer(8))) as srv:
        srv.script(lambda _r: Reply(content=long_bad))
        draft = await adraft(
            make_request(name="社区网格员培训经费", amount=16),
            index,
            _cfg(srv, context_window=8192, max_tokens=4096),
            use_cache=False,
        )
        shown = srv.requests[1].body["messages"][-2]["content"]
    assert len(shown) < len(long_bad) and "以下省略" in shown
    assert any("上下文长度" in n for n in draft.notices)


async def test_evidence_starts_with_the_twin_and_has_no_defect_or_duplicate(index: Index) -> None:
    with ScriptedServer(default=lambda _r: Reply(content=_answer(8))) as srv:
        await adraft(
            make_request(name="2025年网格员业务培训经费", amount=16),
            index,
            _cfg(srv),
            use_cache=False,
        )
        user = _user(srv.requests[0])
    block = user.split("<<<依据", 1)[1].split("依据>>>", 1)[0]
    rows = [json.loads(line) for line in block.strip().splitlines()]  # one JSON row a line
    assert [r["project"] for r in rows[:3]] == ["2023年网格员业务培训经费"] * 3
    assert "≤0%" not in block
    keys = [(r["name"], r["value"]) for r in rows]
    assert len(keys) == len(set(keys))
    for r in rows:
        ind = Indicator.from_text(
            level1="产出指标", level2="质量指标", name=r["name"], annual_value=r["value"]
        )
        assert not [f for f in check_indicator(ind) if f.severity == "error" and f.code != "V002"]
    assert "<<<本类型的标准指标" in user and "培训人次" in user.split("<<<本类型的标准指标", 1)[1]


async def test_a_slot_answer_is_accepted_and_marked_pending(index: Index) -> None:
    with ScriptedServer(default=lambda _r: Reply(content=_answer(8, slot=True))) as srv:
        draft = await adraft(
            make_request(name="社区网格员培训经费", amount=16), index, _cfg(srv), use_cache=False
        )
    count = next(s for s in draft.indicators if s.name == "培训人次")
    assert draft.engine == "llm" and count.annual_value.pending
    assert any(f.code == "V020" for f in draft.findings)
