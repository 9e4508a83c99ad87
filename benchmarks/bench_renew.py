"""Renewing a 100-project table offline (`jixiao renew`'s work without reading and writing).

python benchmarks/bench_renew.py [--projects 100]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from assistant.corpus import load_shipped
from assistant.index import Index
from assistant.renew import renew_table
from assistant.tables import read_table

SEED = (
    Path(__file__).resolve().parent.parent
    / "tests"
    / "data"
    / "real"
    / "seed-baiyun-zhengfawei-2024.txt"
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=100)
    args = parser.parse_args()
    seed = read_table(SEED)
    copies = args.projects // len(seed.projects) + 1
    projects = [
        p.model_copy(update={"name": f"{p.name}{i}"}) for i in range(copies) for p in seed.projects
    ]
    table = seed.model_copy(update={"projects": projects[: args.projects]})
    index = Index.build(load_shipped())
    start = time.perf_counter()
    renewal = renew_table(table, index)
    elapsed = time.perf_counter() - start
    print(
        f"{len(renewal.projects)} projects renewed in {elapsed:.2f} s ({elapsed / len(renewal.projects) * 1000:.0f} ms a project)"
    )
    print(renewal.counts())


if __name__ == "__main__":
    main()
