"""`check --model`: the model's review is added after the rules as findings of their own kind,
validated (an indicator it names must be the project's), skipped for a badly broken project."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.llm_server import Recorded, Reply, ScriptedServer, clean_llm_env, good

TABLE = {
    "projects": [
        {
            "name": "城区道路维修工程",
            "goal": "完成城区道路维修3.2万平方米，10月底前完工，安全事故零发生",
            "amounts": {"total": 800},
            "indicators": [
                {
                    "level1": "产出指标",
                    "level2": "数量指标",
                    "name": "维修改造面积",
                    "annual_value": "=3.2万平方米",
                },
                {
                    "level1": "产出指标",
                    "level2": "质量指标",
                    "name": "工程验收合格率",
                    "annual_value": "=100%",
                },
                {
                    "level1": "产出指标",
                    "level2": "时效指标",
                    "name": "维修改造完成时间",
                    "annual_value": "2027年10月底前",
                },
                {
                    "level1": "产出指标",
                    "level2": "成本指标",
                    "name": "项目总成本",
                    "annual_value": "≤800万元",
                },
                {
                    "level1": "效益指标",
                    "level2": "社会效益指标",
                    "name": "道路通行能力提升情况",
                    "annual_value": "达到预期",
                },
            ],
        }
    ]
}
ANSWER = {
    "findings": [
        {
            "kind": "目标支撑度",
            "indicator": None,
            "reason": "目标承诺「安全事故零发生」，没有指标考核",
            "fix": "补上「安全事故发生数 =0起」",
        },
        {
            "kind": "指标值合理性",
            "indicator": "工程验收合格率",
            "reason": "同类项目多写一次验收合格率",
            "fix": "写「一次验收合格率 =100%」",
        },
    ]
}


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    clean_llm_env(monkeypatch)


def _check(path: Path, url: str) -> subprocess.CompletedProcess[str]:
    cmd = [
        sys.executable,
        "-m",
        "assistant.cli.main",
        "check",
        str(path),
        "--format",
        "json",
        "--model",
        "openai/test",
        "--api-base",
        url,
        "--no-cache",
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


def test_model_findings_come_after_the_rules_with_their_kind(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(TABLE, ensure_ascii=False), encoding="utf-8")
    with ScriptedServer(default=good(ANSWER)) as srv:
        run = _check(path, srv.url)
        prompt = "\n".join(m["content"] for m in srv.requests[0].body["messages"])
    assert run.returncode == 0, run.stderr
    findings = json.loads(run.stdout)["projects"][0]["findings"]
    model = [f for f in findings if f["source"] == "llm"]
    assert [(f["code"], f["indicator"]) for f in model] == [
        ("M001", None),
        ("M004", "工程验收合格率"),
    ]
    assert all("大模型审核" in f["message"] for f in model)
    sources = [f["source"] for f in findings]
    assert "rules" in sources and sources == sorted(
        sources, key=lambda s: s == "llm"
    )  # rules first
    assert "<<<规则检查发现" in prompt and "维修改造面积" in prompt


def test_an_answer_naming_an_unknown_indicator_is_re_asked(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(TABLE, ensure_ascii=False), encoding="utf-8")
    bad = {
        "findings": [
            {
                "kind": "他类指标",
                "indicator": "不存在的指标",
                "reason": "另一类项目的事项",
                "fix": "删除",
            }
        ]
    }
    with ScriptedServer(default=good(ANSWER)) as srv:
        srv.script(good(bad))
        run = _check(path, srv.url)
        assert len(srv.requests) == 2 and "原样照抄" in srv.requests[1].text
    assert run.returncode == 0, run.stderr


def test_a_badly_broken_project_skips_the_model(tmp_path: Path) -> None:
    broken = {
        "projects": [
            {
                "name": "某项目",
                "indicators": [
                    {
                        "level1": "产出指标",
                        "level2": "数量指标",
                        "name": f"指标{i}",
                        "annual_value": "提高",
                    }
                    for i in range(6)
                ],
            }
        ]
    }
    path = tmp_path / "b.json"
    path.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")

    def never(_req: Recorded) -> Reply:
        raise AssertionError("the model must not be asked")

    with ScriptedServer(default=never) as srv:
        run = _check(path, srv.url)
        assert srv.requests == []
    assert run.returncode == 0 and "跳过大模型审核" in run.stderr
