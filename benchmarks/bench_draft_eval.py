"""Leave-one-project-out evaluation of drafting over the whole shipped corpus, with timing.

    python benchmarks/bench_draft_eval.py [--embed-model PATH]

Prints the overall table (draft vs the two baselines) and the time per draft; writes
benchmarks/results/eval.json so runs can be compared.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from assistant.corpus import load_corpus
from assistant.evaluation import evaluate, real_projects
from assistant.index import Index


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--embed-model", default=None)
    args = parser.parse_args()
    records = load_corpus(include_user=False)
    index = Index.build(records, embed_model=args.embed_model)
    projects = real_projects(records)
    start = time.perf_counter()
    report = evaluate(index, projects)
    elapsed = time.perf_counter() - start
    print(f"{len(projects)} projects, {elapsed:.2f} s, {elapsed / len(projects) * 1000 / 3:.1f} ms per draft")
    if report.match_dense:
        print(f"embedding match: {report.match_dense}")
    print(f"{'method':14} {'recall':>7} {'dense':>7} {'measurable':>10} {'coverage':>8} {'evidence':>8} {'errors':>6} "
          f"{'size':>5}")
    for method, s in report.overall.items():
        dense = "-" if s.recall_dense is None else f"{s.recall_dense:.1%}"
        print(f"{method:14} {s.recall:7.1%} {dense:>7} {s.measurable:10.1%} {s.coverage:8.0%} {s.evidence:8.0%} "
              f"{s.errors:6.2f} {s.size:5.1f}")
    ratio = report.overall["draft"].recall / max(report.overall["most_similar"].recall, 1e-9)
    print(f"recall ratio draft / most-similar baseline: {ratio:.2f}x")
    out = Path(__file__).parent / "results" / "eval.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(report.model_dump_json(indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
