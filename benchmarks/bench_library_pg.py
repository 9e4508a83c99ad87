"""The index following a real shared library (issue 19): a PostgreSQL server started in a
temporary folder (as the tests do), 100k approved records of other departments in it, and a
third department drafting through `load_index()` — what every command calls.

Steps timed, as a user meets them:
- the first draft on a machine: the whole visible library downloaded into the local snapshot,
  the base index built and cached;
- 1,000 new records submitted and approved meanwhile, then the next `load_index()` in the same
  process (a TUI or batch session): the store asked for the changes, the snapshot appended,
  the delta indexed (target < 2 s);
- a new process (the next command): the snapshot read from disk, the cached base and the
  changes since;
- search latency of the followed index against the same live records indexed locally in one
  segment (target p95 ≤ 1.5×).

Run: python benchmarks/bench_library_pg.py [--size 100000] [--new 1000] [--queries 200]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_library import _paired, _queries, _timed  # noqa: E402
from perturb import scale  # noqa: E402

from assistant.corpus import load_shipped  # noqa: E402
from assistant.index import Index, load_index  # noqa: E402
from assistant.library.store import APPROVED, Entry, Submission  # noqa: E402
from assistant.schema import CorpusRecord  # noqa: E402
from tests.library_fixtures import DEPT_A, ROLES, Library  # noqa: E402
from tests.pg_server import running_server  # noqa: E402

CHUNK = 5_000
NEW_PROCESS = """
import cProfile, os, time
start = time.perf_counter()
profile = cProfile.Profile() if os.environ.get("BENCH_PROFILE") else None
if profile:
    profile.enable()
from assistant.index import load_index
index = load_index()
if profile:
    profile.disable()
    profile.dump_stats(os.environ["BENCH_PROFILE"])
print(f"{time.perf_counter() - start:.2f} {len(index.records)} {int(index.from_cache)}")
"""


def _library(lib: Library) -> None:
    admin = lib.store()
    admin.init()
    for who, (dept, reviewer) in ROLES.items():
        lib.server.create_login(lib.role(who), lib.password(who))
        admin.grant(lib.role(who), dept, reviewer)
    admin.close()


def _submit_approved(lib: Library, records: list[CorpusRecord], table: str) -> int:
    """Department A submits `records`, the reviewer approves them; how many distinct records
    were approved (a record already in the store, same id, is approved again: a new version)."""
    submitter, reviewer = lib.store("a"), lib.store("reviewer")
    stored: set[str] = set()
    try:
        for start in range(0, len(records), CHUNK):
            chunk = records[start : start + CHUNK]
            entries = [Entry(record=r.model_copy(update={"department": DEPT_A})) for r in chunk]
            sent = submitter.submit(
                Submission(department=DEPT_A, source_table=table, entries=entries)
            )
            stored.update(reviewer.review(sent.ids, APPROVED).changed)
    finally:
        submitter.close()
        reviewer.close()
    return len(stored)


def run(args: argparse.Namespace, lib: Library, home: str) -> None:
    records, _ = scale(load_shipped(), args.size + args.new)
    base, new = records[: args.size], records[args.size :]
    rows: list[tuple[str, str]] = []
    spent, stored = _timed(lambda: _submit_approved(lib, base, "bench-base.xlsx"))
    rows.append((f"submit and approve {stored:,} records (chunks of {CHUNK:,})", f"{spent:.1f} s"))

    os.environ["JIXIAO_HOME"] = home
    os.environ["JIXIAO_LIBRARY_URL"] = lib.url("c")
    spent, first = _timed(load_index)
    rows.append(
        (
            f"first `load_index()`: {len(first.records):,} records downloaded, built, cached",
            f"{spent:.1f} s",
        )
    )
    spent, added = _timed(lambda: _submit_approved(lib, new, "bench-new.xlsx"))
    rows.append((f"meanwhile {added:,} new records submitted and approved", f"{spent:.1f} s"))
    spent, synced = _timed(load_index)
    assert synced.changed == added, (synced.changed, added)
    rows.append(
        (f"next `load_index()`: sync {added:,} new records (target < 2 s)", f"{spent:.2f} s")
    )

    out = subprocess.run(
        [sys.executable, "-c", NEW_PROCESS],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    ).stdout.split()
    assert int(out[1]) == len(synced.records) and out[2] == "1", out
    rows.append(
        (
            "a new process: snapshot from disk + cached base + changes since (imports included)",
            f"{float(out[0]):.2f} s",
        )
    )
    print("| step | time |\n|---|---|")
    for step, figure in rows:
        print(f"| {step} | {figure} |")

    local = Index.build(synced.records)
    print(
        f"\nSearch: the followed index (base + {synced.changed:,} new) against the same "
        f"{len(local.records):,} records indexed locally in one segment; {args.queries} queries "
        "each, ms, p50 / p95:\n"
    )
    names, described = _queries(local.records, args.queries)
    print("| query | followed | local | p95 ratio (target ≤ 1.5) |\n|---|---|---|---|")
    for label, queries in (("name search", names), ("description search", described)):
        lay, loc = _paired(partial(synced.search, k=10), partial(local.search, k=10), queries)
        ratio = lay["p95"] / loc["p95"]
        print(
            f"| {label} | {lay['p50']:.2f} / {lay['p95']:.2f} | {loc['p50']:.2f} / "
            f"{loc['p95']:.2f} | {ratio:.2f} |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="approved records in the store")
    parser.add_argument("--new", type=int, default=1_000, help="records approved before a sync")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("JIXIAO_EMBED_MODEL", "none")
    started = time.perf_counter()
    with running_server() as server, tempfile.TemporaryDirectory(prefix="bench-pg-") as home:
        lib = Library(server, server.create_database(), "bench")
        _library(lib)
        run(args, lib, home)
    print(f"\n(whole run {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
