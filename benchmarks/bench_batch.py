"""End-to-end cost of `jixiao batch`: wall time and peak memory of the real command.

    /work/venv/bin/python benchmarks/bench_batch.py [--projects 1000] [--concurrency 1] [--keep DIR]

1. The seed table (16 projects), twice: cold (empty JIXIAO_HOME, the index cache is built) and
   warm (cache present) — each the whole `jixiao batch` process, start-up included.
2. N projects synthesised from the shipped corpus: its records grouped by project, replicated with
   perturbed names (and shuffled indicator order) until there are N, written as a packed table.

Wall time, CPU time (user + system) and peak memory (ru_maxrss) are the child's own, from
os.wait4; on a shared machine the CPU time is the figure that does not depend on the load. Targets: seed well under 5 s; 1,000 projects under 60 s and 1 GB.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from assistant.corpus import load_shipped
from assistant.schema import Amounts, CorpusRecord, Project, Table
from assistant.tables import write_table

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "real" / "seed-baiyun-zhengfawei-2024.txt"
JIXIAO = Path(sys.executable).with_name("jixiao")
VARIANTS = (
    "",
    "（二期）",
    "（续建）",
    "（第三批）",
    "（区级配套）",
    "（示范点）",
    "（补充）",
    "（运维）",
)


@dataclass
class Timing:
    label: str
    projects: int
    seconds: float
    cpu_seconds: float
    peak_mb: float


def corpus_projects() -> list[Project]:
    groups: dict[tuple[str, str | None], list[CorpusRecord]] = defaultdict(list)
    for record in load_shipped():
        if record.project:
            groups[(record.project, record.department)].append(record)
    return [
        Project(
            name=name,
            department=department,
            year=records[0].year,
            goal=records[0].goal or "",
            amounts=Amounts(total=records[0].amount),
            indicators=[r.indicator for r in records],
        )
        for (name, department), records in groups.items()
    ]


def synthesise(count: int, seed: int = 7) -> Table:
    """`count` projects: corpus projects under perturbed names, indicators shuffled."""
    rng = random.Random(seed)
    base = corpus_projects()
    projects = []
    for n in range(count):
        source = base[n % len(base)]
        round_ = n // len(base)
        suffix = VARIANTS[round_ % len(VARIANTS)] + (f"{round_}" if round_ >= len(VARIANTS) else "")
        indicators = list(source.indicators)
        rng.shuffle(indicators)
        projects.append(
            source.model_copy(update={"name": f"{source.name}{suffix}", "indicators": indicators})
        )
    return Table(projects=projects, department="合成部门（基准测试）")


def run_batch(label: str, table_path: Path, home: Path, extra: list[str]) -> Timing:
    out = table_path.with_name(f"{table_path.stem}-审核.xlsx")
    args = [str(JIXIAO), "batch", str(table_path), "-o", str(out), "--force", *extra]
    env = {**os.environ, "JIXIAO_HOME": str(home), "COLUMNS": "120"}
    start = time.perf_counter()
    child = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(
            f"{label}: exit {child.returncode}\n{child.stderr.read().decode() if child.stderr else ''}"
        )
    projects = sum(
        1
        for line in table_path.read_text(encoding="utf-8").splitlines()[1:]
        if "年度指标值" in line
    )
    return Timing(label, projects, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def report(rows: list[Timing]) -> None:
    print(
        f"{'run':<34}{'projects':>9}{'wall s':>9}{'cpu s':>9}{'peak MB':>9}{'cpu ms/project':>16}"
    )
    for t in rows:
        print(
            f"{t.label:<34}{t.projects:>9}{t.seconds:>9.2f}{t.cpu_seconds:>9.2f}{t.peak_mb:>9.0f}"
            f"{1000 * t.cpu_seconds / t.projects:>16.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the inputs and outputs in this folder")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-batch-"))
    work.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="bench-batch-home-"))
    extra = ["--concurrency", str(args.concurrency)]

    seed = work / "seed.txt"
    seed.write_bytes(SEED.read_bytes())
    rows = [
        run_batch("seed, cold (index cache built)", seed, home, extra),
        run_batch("seed, warm", seed, home, extra),
    ]
    big = work / f"synthetic-{args.projects}.txt"
    write_table(synthesise(args.projects), big)
    timing = run_batch(f"synthetic {args.projects} (corpus-based)", big, home, extra)
    rows.append(timing)
    report(rows)
    out = big.with_name(f"{big.stem}-审核.xlsx")
    html = big.with_name(f"{big.stem}-报告.html")
    print(
        f"\noutputs: {out.stat().st_size / 1e6:.1f} MB workbook, {html.stat().st_size / 1e6:.1f} MB report ({work})"
    )
    print(
        f"throughput: {timing.projects / timing.seconds:.1f} projects/s; "
        f"targets: seed < 5 s → {rows[1].seconds:.2f} s; {args.projects} projects < 60 s / 1024 MB → "
        f"{timing.seconds:.1f} s / {timing.peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
