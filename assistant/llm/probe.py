"""`jixiao llm check`: one tiny request per structured-output mode, strongest first, to learn
whether the model answers, how fast, and which mode it supports."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from assistant.llm.client import InvalidAnswerError, LLMClient, UnsupportedModeError
from assistant.llm.config import LLMConfig
from assistant.llm.profiles import MODES, Mode, remember_mode
from assistant.llm.structured import make_request, run_modes

PROBE_MESSAGES = [
    {"role": "system", "content": "你是连通性测试助手。"},
    {"role": "user", "content": "请回答：1 加 1 等于几？把答案填入 answer，并把 ok 设为 true。"},
]


class ProbeAnswer(BaseModel):
    """连通性测试的回答。"""

    ok: bool = Field(description="能正常回答时为 true")
    answer: int = Field(description="1 加 1 的结果")


def _check_answer(value: ProbeAnswer) -> list[str]:
    return [] if value.answer == 2 else [f"answer 应为 2，而不是 {value.answer}"]


@dataclass
class ModeTrial:
    mode: Mode
    ok: bool
    detail: str = ""
    latency: float = 0.0


@dataclass
class ProbeReport:
    model: str
    api_base: str | None
    trials: list[ModeTrial] = field(default_factory=list)

    @property
    def best(self) -> ModeTrial | None:
        return next((t for t in self.trials if t.ok), None)


async def probe(cfg: LLMConfig, client: LLMClient | None = None) -> ProbeReport:
    """Try json_schema, json_object, text in turn (no cache) and remember the first that works.
    Raises LLMError when the model cannot be reached at all (auth, network, missing model)."""
    client = client or LLMClient(cfg.model_copy(update={"max_retries": min(cfg.max_retries, 1)}))
    request = make_request(PROBE_MESSAGES, ProbeAnswer, _check_answer)
    report = ProbeReport(cfg.model, cfg.api_base)
    for mode in MODES:
        started = time.perf_counter()
        try:
            result = await run_modes(client, request, [mode], use_cache=False, learn=False)
        except (UnsupportedModeError, InvalidAnswerError) as err:
            report.trials.append(ModeTrial(mode, False, err.message))
            continue
        detail = f"第 {result.attempts} 次回答通过校验" if result.attempts > 1 else ""
        report.trials.append(ModeTrial(mode, True, detail, time.perf_counter() - started))
        remember_mode(cfg.model, cfg.api_base, result.mode)
        break
    return report
