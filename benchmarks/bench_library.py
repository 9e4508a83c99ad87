"""The index following the library store (issue 19): at 100k records, the time to build the
base once, to load it from the cache, to apply 1,000 new records (and changed and removed
ones) as a delta, and search latency of the layered index against the same live records indexed
locally in one segment (targets: sync of 1,000 new records < 2 s, search p95 ≤ 1.5× local).

Records are the shipped corpus scaled up with realistic variations (`perturb.py`, as in
`bench_index.py`): the first --size are the base, the next ones the new records; changed
records are base records under the same id with a reworded name; removed ones are dropped ids.
Without part 1's store, a dict with a version per record stands in for it (`_Store.changes`),
behind the same `Follower` that the store's `changes(since)` plugs into. Lexical, then hybrid
with the packaged MiniLM when it is installed (the base's vectors derived as in
`bench_index.py`, the delta's embedded for real).

Run: python benchmarks/bench_library.py [--size 100000] [--new 1000] [--queries 200]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import numpy as np  # noqa: E402
from perturb import perturb_name, scale  # noqa: E402

from assistant.corpus import load_shipped  # noqa: E402
from assistant.index import Index, SearchFilters  # noqa: E402
from assistant.index.follow import Changes, Follower, base_key  # noqa: E402
from assistant.index.layers import compaction_limit  # noqa: E402
from assistant.schema import CorpusRecord  # noqa: E402

T = TypeVar("T")


def _timed(run: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    out = run()
    return time.perf_counter() - start, out


def _queries(records: list[CorpusRecord], n: int, seed: int = 5) -> tuple[list[str], list[str]]:
    """Name queries (a varied real name) and description queries (a project's name and goal)."""
    rng = random.Random(seed)
    names = [perturb_name(rng.choice(records).indicator.name, rng) for _ in range(n)]
    texts = sorted({f"{r.project} {r.goal}" for r in records if r.project and r.goal})
    return names, rng.sample(texts, min(n, len(texts)))


def _paired(
    layered: Callable[[str], object], local: Callable[[str], object], queries: list[str]
) -> tuple[dict[str, float], dict[str, float]]:
    """Per-query wall times of both, alternating which goes first (a busy machine's noise
    falls on both alike). Returns p50 and p95 in ms of each."""
    for q in queries[:20]:
        layered(q)
        local(q)
    times: tuple[list[float], list[float]] = ([], [])
    for i, q in enumerate(queries):
        order = ((0, layered), (1, local)) if i % 2 == 0 else ((1, local), (0, layered))
        for which, run in order:
            start = time.perf_counter()
            run(q)
            times[which].append((time.perf_counter() - start) * 1000)

    def stats(values: list[float]) -> dict[str, float]:
        values = sorted(values)
        return {"p50": statistics.median(values), "p95": values[int(0.95 * (len(values) - 1))]}

    return stats(times[0]), stats(times[1])


class _Store:
    """Part 1's store as the index sees it: records with a version, changes since one."""

    def __init__(self, records: list[CorpusRecord]) -> None:
        self.version = 1
        self.records = {r.id: r for r in records}
        self.versions = dict.fromkeys(self.records, 1)
        self.gone: dict[str, int] = {}

    def commit(self, upserts: list[CorpusRecord], removed: list[str]) -> None:
        self.version += 1
        for r in upserts:
            self.records[r.id], self.versions[r.id] = r, self.version
        for rid in removed:
            self.records.pop(rid, None)
            self.gone[rid] = self.versions[rid] = self.version

    def changes(self, since: int) -> Changes:
        upserts = [r for i, r in self.records.items() if self.versions[i] > since]
        removed = [i for i, v in self.gone.items() if v > since and i not in self.records]
        return Changes(upserts, removed, self.version)


def _changed(records: list[CorpusRecord], rng: random.Random, n: int) -> list[CorpusRecord]:
    return [
        r.model_copy(
            update={
                "indicator": r.indicator.model_copy(
                    update={"name": perturb_name(r.indicator.name, rng)}
                )
            }
        )
        for r in rng.sample(records, n)
    ]


def _packaged_minilm() -> str | None:
    from bench_retrieval_quality import packaged_minilm

    return packaged_minilm()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="records in the base")
    parser.add_argument("--new", type=int, default=1_000, help="new records in one sync")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--embed-model",
        default=_packaged_minilm(),
        help="also measure hybrid retrieval with this model ('none': lexical only)",
    )
    parser.add_argument(
        "--home", help="JIXIAO_HOME for the cache (default: a temporary folder, removed after)"
    )
    args = parser.parse_args()
    if args.embed_model in (None, "", "none"):
        args.embed_model = None
    if args.home:
        os.environ["JIXIAO_HOME"] = args.home
        run(args)
        return
    with tempfile.TemporaryDirectory(prefix="bench-library-") as home:
        os.environ["JIXIAO_HOME"] = home
        run(args)


def run(args: argparse.Namespace) -> None:

    rng = random.Random(19)
    spent, (records, _) = _timed(lambda: scale(load_shipped(), args.size + args.new))
    base, new = records[: args.size], records[args.size :]
    changed = _changed(base, rng, args.new // 10)
    removed = [r.id for r in rng.sample(base, args.new // 10)]
    print(f"{len(base):,} base records, {len(new):,} new (synthesised in {spent:.0f} s)\n")

    rows: list[tuple[str, str]] = []
    store = _Store(base)
    build_s, follower = _timed(lambda: Follower.start("bench", store.changes))
    index = follower.index
    rows.append(
        (f"build the base once ({len(base):,} records, written to the cache)", f"{build_s:.1f} s")
    )
    load_s, cached = _timed(lambda: Index.load(base, cache_key=base_key("bench", 1)))
    assert cached.from_cache
    rows.append(("load the base from the cache", f"{load_s:.2f} s"))

    def sync(label: str, upserts: list[CorpusRecord], gone: list[str]) -> Index:
        store.commit(upserts, gone)
        spent, out = _timed(follower.sync)
        compacted = " (compacted into a new base)" if out.changed == 0 else ""
        rows.append((label + compacted, f"{spent:.2f} s"))
        return out

    sync(f"sync {len(new):,} new records (target < 2 s)", new, [])
    layered = sync(
        f"then sync {len(changed):,} changed + {len(removed):,} removed records", changed, removed
    )
    resume_s, resumed = _timed(lambda: Follower.start("bench", store.changes))
    # the same records; the delta in the store's order of changes, not the syncs' order
    assert sorted(r.id for r in resumed.index.records) == sorted(r.id for r in layered.records)
    rows.append(
        (
            f"a new process: the cached base + the {layered.changed:,} changes since it "
            "(`Follower.start`)",
            f"{resume_s:.2f} s",
        )
    )
    limit = compaction_limit(len(base))
    full_delta = records[args.size :] + _changed(base, rng, max(0, limit - len(new)))
    limit_s, at_limit = _timed(lambda: index.with_changes(full_delta[:limit]))
    assert isinstance(at_limit, Index)
    rows.append((f"apply {limit:,} changes (the compaction limit)", f"{limit_s:.2f} s"))
    compact_s, _ = _timed(lambda: at_limit.compacted("bench@limit"))
    rows.append(
        ("compaction into a new base (a full build, written to the cache)", f"{compact_s:.1f} s")
    )

    print("| step | time |\n|---|---|")
    for step, figure in rows:
        print(f"| {step} | {figure} |")

    local_s, local = _timed(lambda: Index.build(layered.records))
    assert isinstance(local, Index)
    print(
        f"\nSearch: the layered index (base + {layered.changed:,} changes) against the same "
        f"{len(local.records):,} live records indexed locally in one segment (built in "
        f"{local_s:.1f} s); {args.queries} queries each, ms, p50 / p95 (ratio of p95s):\n"
    )
    names, described = _queries(local.records, args.queries)
    quality = SearchFilters(level2="质量")
    cases: list[tuple[str, list[str], Callable[[Index, str], object]]] = [
        ("name search", names, lambda ix, q: ix.search(q, k=10)),
        ("filtered search (质量)", names, lambda ix, q: ix.search(q, k=10, filters=quality)),
        ("description search", described, lambda ix, q: ix.search(q, k=10)),
        ("similar projects", described, lambda ix, q: ix.similar_projects(q, k=5)),
    ]
    print("| query | layered | local | p95 ratio (target ≤ 1.5) |\n|---|---|---|---|")
    for label, queries, search in cases:
        lay, loc = _paired(partial(search, layered), partial(search, local), queries)
        print(
            f"| {label} | {lay['p50']:.2f} / {lay['p95']:.2f} | {loc['p50']:.2f} / "
            f"{loc['p95']:.2f} | {lay['p95'] / loc['p95']:.2f} |",
            flush=True,
        )
    same = sum(
        [h.record.id for h in layered.search(q, k=10)]
        == [h.record.id for h in local.search(q, k=10)]
        for q in names[:50]
    )
    print(f"\nTop-10 identical to the local index's for {same} of 50 name queries.")
    if args.embed_model:
        hybrid(base, new, args.embed_model, names, described)


def hybrid(
    base: list[CorpusRecord],
    new: list[CorpusRecord],
    model: str,
    names: list[str],
    described: list[str],
) -> None:
    """Dense too: the base's vectors derived from their originals' (as bench_index.py does
    above 10k records), the delta's embedded for real by the model, as a sync would."""
    from bench_index import _derived_encoder, _source_texts

    from assistant.index.dense import Embedder
    from assistant.index.documents import group_projects
    from assistant.index.parts import Parts

    embedder = Embedder(model)
    derived = _derived_encoder(embedder, _source_texts(base + new, load_shipped()))
    spent = [0.0]

    def encode(texts: list[str]) -> np.ndarray:
        start = time.perf_counter()
        out = embedder.encode(texts)
        spent[0] += time.perf_counter() - start
        return out

    index = Index(base, Parts.build(base, group_projects(base), derived), embedder, encode=encode)
    sync_s, layered = _timed(lambda: index.with_changes(new))
    assert isinstance(layered, Index)
    records = layered.records
    local = Index(records, Parts.build(records, group_projects(records), derived), embedder)
    print(
        f"\nHybrid (BM25 + {Path(model).parent.name}, RRF): sync {len(new):,} new records "
        f"{sync_s:.2f} s, of which the model embedding their texts {spent[0]:.2f} s.\n"
    )
    print("| query | layered | local | p95 ratio (target ≤ 1.5) |\n|---|---|---|---|")
    cases: list[tuple[str, list[str], Callable[[Index, str], object]]] = [
        ("name search", names, lambda ix, q: ix.search(q, k=10)),
        ("similar projects", described, lambda ix, q: ix.similar_projects(q, k=5)),
    ]
    for label, queries, run in cases:

        def fresh(ix: Index, q: str, run: Callable[[Index, str], object] = run) -> object:
            if ix._embedder is not None:
                ix._embedder._recent.clear()  # every query embedded, as a new one would be
            return run(ix, q)

        lay, loc = _paired(lambda q: fresh(layered, q), lambda q: fresh(local, q), queries)
        print(
            f"| {label} | {lay['p50']:.2f} / {lay['p95']:.2f} | {loc['p50']:.2f} / "
            f"{loc['p95']:.2f} | {lay['p95'] / loc['p95']:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
