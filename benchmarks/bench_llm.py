"""Throughput of the LLM layer against the scripted server with a fixed latency.

    /work/venv/bin/python benchmarks/bench_llm.py [--requests 100] [--concurrency 8] [--latency 1]

Runs N structured requests (a Draft-shaped answer, parsed and validated) through
`acomplete_model` with `max_concurrency` C, and compares the wall time with the ideal
ceil(N / C) × latency. Then runs them with no server latency (the CPU cost per request), and
with the cache on, twice: the second pass is answered entirely from the disk cache. Nothing leaves 127.0.0.1; JIXIAO_HOME is a temp dir.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from llm_server import ScriptedServer, good  # noqa: E402

from assistant.llm import LLMConfig, acomplete_model  # noqa: E402
from assistant.llm.client import load_litellm  # noqa: E402
from assistant.schema import Draft  # noqa: E402

_ROWS = [
    ("产出指标", "数量指标", "巡逻次数", "≥120次"),
    ("产出指标", "质量指标", "巡逻覆盖率", "≥95%"),
    ("产出指标", "时效指标", "问题处置时限", "≤48小时"),
    ("产出指标", "成本指标", "巡逻经费", "≤50万元"),
    ("效益指标", "社会效益指标", "治安案件下降率", "≥5%"),
    ("满意度指标", "服务对象满意度指标", "居民满意度", "≥90%"),
]
DRAFT = {
    "project": "社区巡防",
    "goal": "全年开展社区巡防，覆盖辖区全部社区。",
    "indicators": [
        {
            "level1": l1,
            "level2": l2,
            "name": name,
            "annual_value": {"raw": value},
            "evidence": [{"id": f"seed-{i}", "name": name, "value": value}],
            "engine": "llm",
        }
        for i, (l1, l2, name, value) in enumerate(_ROWS)
    ],
}


async def _batch(cfg: LLMConfig, count: int, cache: bool) -> tuple[float, int]:
    started = time.perf_counter()
    results = await asyncio.gather(
        *(
            acomplete_model(cfg, [{"role": "user", "content": f"起草项目 {i}"}], Draft, cache=cache)
            for i in range(count)
        )
    )
    assert all(len(r.value.indicators) == len(_ROWS) for r in results)
    return time.perf_counter() - started, sum(r.from_cache for r in results)


def _serve(latency: float, conn: Connection) -> None:
    with ScriptedServer(latency=latency, default=good(DRAFT)) as server:
        conn.send(server.url)
        conn.recv()  # until told to stop
        conn.send((server.in_flight_max, len(server.requests)))


@contextmanager
def remote_server(latency: float) -> Iterator[tuple[str, Connection]]:
    """The scripted server in its own process, as a real model server would be: its threads do
    not compete with the client for this interpreter's GIL."""
    ours, theirs = multiprocessing.get_context("fork").Pipe()
    process = multiprocessing.get_context("fork").Process(
        target=_serve, args=(latency, theirs), daemon=True
    )
    process.start()
    try:
        yield ours.recv(), ours
    finally:
        process.terminate()
        process.join(5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--latency", type=float, default=1.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ["JIXIAO_HOME"] = home
        os.environ["OPENAI_API_KEY"] = "sk-bench-not-a-real-key"
        started = time.perf_counter()
        load_litellm()
        print(f"import litellm: {time.perf_counter() - started:.2f} s (once per process)")
        with remote_server(args.latency) as (url, conn):
            cfg = LLMConfig(
                model="openai/bench", api_base=url, max_concurrency=args.concurrency, timeout=30
            )
            total, _ = asyncio.run(_batch(cfg, args.requests, cache=False))
            conn.send("stop")
            in_flight_max, seen = conn.recv()
        rounds = math.ceil(args.requests / args.concurrency)
        ideal = rounds * args.latency
        print(
            f"{args.requests} requests, concurrency {args.concurrency}, latency {args.latency:g} s "
            f"(server in its own process): {total:.2f} s vs ideal {ideal:.2f} s ({rounds} rounds); "
            f"overhead ratio {total / ideal:.3f}; {1000 * (total - ideal) / rounds:.0f} ms per round; "
            f"server saw max {in_flight_max} in flight, {seen} requests"
        )
        with ScriptedServer(latency=0.0, default=good(DRAFT)) as server:
            cfg = LLMConfig(
                model="openai/bench",
                api_base=server.url,
                max_concurrency=args.concurrency,
                timeout=30,
            )
            busy, _ = asyncio.run(_batch(cfg, args.requests, cache=False))
            print(
                f"same requests with no server latency: {busy:.2f} s, i.e. "
                f"{1000 * busy / args.requests:.1f} ms of CPU per request (litellm, parsing, "
                f"validation and the in-process server share one interpreter)"
            )
            fill, _ = asyncio.run(_batch(cfg, args.requests, cache=True))
            hits_time, hits = asyncio.run(_batch(cfg, args.requests, cache=True))
            print(
                f"cache: filling pass {fill:.2f} s; repeat pass {hits_time:.3f} s with "
                f"{hits}/{args.requests} answers from cache"
            )


if __name__ == "__main__":
    main()
