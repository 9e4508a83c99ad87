"""Leave-one-project-out evaluation of drafting over the whole shipped corpus, with timing.

    python benchmarks/bench_draft_eval.py [--embed-model PATH]

Prints the overall table (draft vs the two baselines) and the time per draft; writes
benchmarks/results/eval.json so runs can be compared.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from assistant.corpus import load_shipped
from assistant.evaluation import evaluate, real_projects
from assistant.index import Index


def _draft_times(index: Index, projects: list) -> list[float]:
    """Milliseconds per offline draft, each project hidden from the library (one warm-up)."""
    from assistant.draft import DraftRequest, compose

    times = []
    for p in [projects[0], *projects]:
        request = DraftRequest(name=p.name, goal=p.goal, amount=p.amount, department=p.department)
        start = time.perf_counter()
        compose(request, index, exclude={p.name})
        times.append((time.perf_counter() - start) * 1000)
    return times[1:]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--embed-model", default=None)
    args = parser.parse_args()
    records = load_shipped()
    index = Index.build(records, embed_model=args.embed_model)
    projects = real_projects(records)
    times = _draft_times(index, projects)
    print(
        f"{len(projects)} drafts: median {statistics.median(times):.1f} ms, p95 {sorted(times)[int(0.95 * len(times))]:.1f} ms, "
        f"max {max(times):.1f} ms a draft (offline, lexical)"
    )
    report = evaluate(index, projects)
    if report.match_dense:
        print(f"embedding match: {report.match_dense}")
    print(
        f"{'method':14} {'recall':>7} {'dense':>7} {'measurable':>10} {'coverage':>8} {'evidence':>8} {'errors':>6} "
        f"{'size':>5}"
    )
    for method, s in report.overall.items():
        dense = "-" if s.recall_dense is None else f"{s.recall_dense:.1%}"
        print(
            f"{method:14} {s.recall:7.1%} {dense:>7} {s.measurable:10.1%} {s.coverage:8.0%} {s.evidence:8.0%} "
            f"{s.errors:6.2f} {s.size:5.1f}"
        )
    print(
        f"{'method':14} {'filler':>7} {'other':>7} {'slots':>7} {'vague':>7} {'facts':>7} {'relevant':>8}"
    )
    for method, s in report.overall.items():
        facts = "-" if s.facts_kept is None else f"{s.facts_kept:.1%}"
        relevant = "-" if s.relevance is None else f"{s.relevance:.1%}"
        print(
            f"{method:14} {s.filler:7.1%} {s.other_kind:7.1%} {s.slots:7.1%} {s.vague:7.1%} {facts:>7} {relevant:>8}"
        )
    for split, methods in report.splits.items():
        d = methods["draft"]
        print(
            f"{split}: recall {d.recall:.1%} filler {d.filler:.1%} other-kind {d.other_kind:.1%} facts {d.facts_kept or 0:.1%}"
        )
    ratio = report.overall["draft"].recall / max(report.overall["most_similar"].recall, 1e-9)
    print(f"recall ratio draft / most-similar baseline: {ratio:.2f}x")
    out = Path(__file__).parent / "results" / "eval.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(report.model_dump_json(indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
