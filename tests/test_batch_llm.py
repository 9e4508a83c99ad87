"""The batch with a model: every project goes through the LLM path over one shared client, a
failing model falls back to the offline suggestions with a notice, and a resumed run sends no
request twice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.batch import BatchOptions, BatchPlan, Stop, close, execute, prepare, write_outputs
from assistant.batch.results import ProjectResult
from assistant.corpus import load_shipped
from assistant.index import Index
from tests.llm_server import ScriptedServer, clean_llm_env, status

MODEL = "openai/test-model"


@pytest.fixture(scope="module")
def index() -> Index:
    return Index.build(load_shipped())


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ScriptedServer]:
    clean_llm_env(monkeypatch)
    with ScriptedServer(default=status(400, "模型不可用")) as srv:
        monkeypatch.setenv("JIXIAO_API_BASE", srv.url)
        monkeypatch.setenv("JIXIAO_LLM_RETRIES", "0")
        yield srv


def _run(plan: BatchPlan, index: Index, stop_after: int | None = None) -> list[ProjectResult]:
    stop, seen = Stop(), []

    def on_result(result: ProjectResult) -> None:
        seen.append(result)
        if len(seen) == stop_after:
            stop.request()

    execute(plan, index, on_result=on_result, stop=stop)
    close(plan, write_outputs(plan))
    return seen


def _copy(seed_path: Path, folder: Path) -> Path:
    folder.mkdir()
    target = folder / "seed.txt"
    target.write_bytes(seed_path.read_bytes())
    return target


def test_failing_model_falls_back_and_resume_sends_no_request_twice(
    seed_path: Path, tmp_path: Path, index: Index, server: ScriptedServer
) -> None:
    whole = prepare(BatchOptions(input=_copy(seed_path, tmp_path / "whole"), model=MODEL))
    assert whole.options.engine == MODEL and "test-model" in whole.notices[0]
    results = _run(whole, index)
    every_request = len(server.requests)
    assert every_request > 16  # rewrites and additions went to the model
    assert not any(r.failed for r in results)
    notices = [n for r in results if r.suggestions for n in r.suggestions.notices]
    assert notices and all("大模型" in n for n in notices)
    assert "大模型未能给出有效" in whole.paths.report.read_text(encoding="utf-8")

    server.requests.clear()
    source = _copy(seed_path, tmp_path / "split")
    first = _run(
        prepare(BatchOptions(input=source, model=MODEL, concurrency=1)), index, stop_after=6
    )
    sent_before = len(server.requests)
    second = _run(prepare(BatchOptions(input=source, model=MODEL, resume=True)), index)
    assert len(first) in (6, 7) and len(second) == 16 - len(first)  # a started project finishes
    assert len(server.requests) == every_request  # resumed projects cost nothing again
    assert 0 < sent_before < every_request


def test_the_model_review_is_journalled_with_the_rule_findings(
    seed_path: Path, tmp_path: Path, index: Index, server: ScriptedServer
) -> None:
    """Batch with a model adds the model's review (大模型审核) to each project's findings; the
    journal keeps them, so a resume asks nothing again."""
    from tests.llm_server import Recorded, Reply

    def answer(req: Recorded) -> Reply:
        if "<<<规则检查发现" in req.text:
            return Reply(
                content='{"findings": [{"kind": "核心指标缺失", "indicator": null, '
                '"reason": "资金买到的主要产出没有数量指标", "fix": "补上服务人次 ≥N人次"}]}'
            )
        return Reply(status=400, content="模型不可用")

    server.default = answer
    plan = prepare(BatchOptions(input=_copy(seed_path, tmp_path / "review"), model=MODEL))
    results = _run(plan, index)
    reviewed = [
        f
        for r in results
        if r.suggestions
        for f in r.suggestions.report.findings
        if f.source == "llm"
    ]
    assert reviewed and all(f.code == "M003" for f in reviewed)
    assert "大模型审核" in plan.paths.report.read_text(encoding="utf-8")
