"""Probe figures for issue 13 (bounded reading): parse time and peak memory of hostile workbooks.

    .venv/bin/python benchmarks/bench_reliability.py [--timeout 60] [--memory-mb 3000]

Builds, in a temporary folder, a small real table (the seed written as .xlsx) with one stray
cell at A1048576, one at XFD100, a merged range A2:H60000, a 500 MB shared-strings bomb and a
5000-level nested JSON, then runs `jixiao parse` on each in a child process under a memory cap
and a timeout, and prints seconds, peak RSS (MB), exit code and the first line of the error.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "real" / "seed-baiyun-zhengfawei-2024.txt"

CHILD = """
import resource, sys
cap = int(sys.argv[1]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
from assistant.cli.main import run
sys.argv = ["jixiao", "parse", "--format", "json", sys.argv[2]]
try:
    run()
finally:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    sys.stderr.write(f"\\nPEAK_MB={peak}\\n")
"""


def seed_workbook(path: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from assistant.tables import read_table, write_table

    return write_table(read_table(SEED).model_copy(update={"source": None}), path)


def stray(path: Path, base: Path, cell: str) -> Path:
    from openpyxl import load_workbook

    wb = load_workbook(base)
    wb.active[cell] = "x"
    wb.save(path)
    return path


def merged(path: Path, base: Path) -> Path:
    from openpyxl import load_workbook

    wb = load_workbook(base)
    ws = wb.active
    ws.merge_cells("A2:H60000")
    wb.save(path)
    return path


def strings_bomb(path: Path, base: Path, megabytes: int = 500) -> Path:
    """The seed workbook whose first string grows by `megabytes` MB (about 500 KB zipped): in
    xl/sharedStrings.xml when the workbook has one, else in the sheet's inline strings."""
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        target = (
            "xl/sharedStrings.xml"
            if "xl/sharedStrings.xml" in names
            else "xl/worksheets/sheet1.xml"
        )
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename != target:
                dst.writestr(item, data)
                continue
            at = data.index(b"<t>") + 3
            with dst.open(target, "w", force_zip64=True) as fh:
                fh.write(data[:at])
                chunk = b"A" * (1 << 20)
                for _ in range(megabytes):
                    fh.write(chunk)
                fh.write(data[at:])
    return path


def nested_json(path: Path, depth: int = 100_000) -> Path:
    path.write_text('{"projects": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    return path


def probe(path: Path, timeout: float, memory_mb: int) -> tuple[float, str, str, str]:
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(memory_mb), str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, "?", "timeout", f"killed after {timeout:.0f} s"
    elapsed = time.perf_counter() - start
    peak = next(
        (line.split("=")[1] for line in proc.stderr.splitlines() if line.startswith("PEAK_MB=")),
        "?",
    )
    errors = [
        line
        for line in proc.stderr.splitlines()
        if line.strip() and not line.startswith("PEAK_MB=")
    ]
    return elapsed, peak, str(proc.returncode), (errors[0][:110] if errors else "")


def build(folder: Path) -> dict[str, Path]:
    base = seed_workbook(folder / "seed.xlsx")
    return {
        "seed.xlsx": base,
        "stray A1048576": stray(folder / "a1048576.xlsx", base, "A1048576"),
        "stray XFD100": stray(folder / "xfd100.xlsx", base, "XFD100"),
        "merged A2:H60000": merged(folder / "merged.xlsx", base),
        "string bomb 500 MB": strings_bomb(folder / "bomb.xlsx", base),
        "JSON nested 100000": nested_json(folder / "deep.json"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--memory-mb", type=int, default=3000)
    parser.add_argument("--build", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        for name, path in build(Path(args.build)).items():
            print(f"{name}\t{path}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        # Built in a child: peak RSS is inherited across fork/exec, so the parent stays small.
        listing = subprocess.run(
            [sys.executable, __file__, "--build", tmp], check=True, capture_output=True, text=True
        ).stdout
        print("| probe | file KB | seconds | peak MB | exit | first stderr line |")
        print("| --- | ---: | ---: | ---: | ---: | --- |")
        for line in listing.splitlines():
            name, path = line.split("\t")
            seconds, peak, code, first = probe(Path(path), args.timeout, args.memory_mb)
            size = Path(path).stat().st_size // 1024
            print(f"| {name} | {size} | {seconds:.1f} | {peak} | {code} | {first} |", flush=True)


if __name__ == "__main__":
    main()
