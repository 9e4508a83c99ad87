"""Where users wait (issue 20): xlsx export, `check` output, start-up, TUI paint, the model import.

    python benchmarks/bench_speed.py [--only xlsx check startup tui llm] [--runs 3]
                                     [--against DIR]

Every figure is the median of `--runs` runs, each in a fresh process. With `--against DIR` (an
older checkout of the repository, e.g. `git archive <commit> | tar -x -C DIR`) each measurement is
run alternately with that checkout and with this one (paired runs: the machine's load hits both
alike) and the table shows before / after / ratio. Ratios are what count on a shared machine.

- xlsx: `write_table` of N synthesised projects to .xlsx (in a child process, writing only), and
  batch's review-workbook writer on the same table as the yardstick; ms a project shows linearity.
- check: `jixiao check` of 5,000 projects / ~20,000 indicators, table output (to a file) against
  `--format json`.
- startup: `jixiao --help`, `jixiao parse` of the seed, and the modules they import (numpy,
  asyncio, litellm must not be among them).
- tui: seconds until the project list is painted and until the first suggestions are shown (seed
  and a 1,000-project table), against a bare Textual app with a 16-row DataTable.
- batch: `jixiao batch` of N synthesised projects offline, wall milliseconds a project.
- llm: with a model configured (a local scripted server), seconds from start until the first
  request arrives, against the same draft offline: with no model process running (the first
  command of the day) and with the one an earlier command left (every later command).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "real" / "seed-baiyun-zhengfawei-2024.txt"
PY = sys.executable


def _env(code_root: Path, home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, "JIXIAO_HOME": str(home), "COLUMNS": "120", "PYTHONPATH": str(code_root)}
    # A user's Python caches the compiled modules (__pycache__); without this, a machine that sets
    # PYTHONDONTWRITEBYTECODE would compile jixiao on every run but not Textual (compiled at install).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("JIXIAO_MODEL", None)
    env.pop("JIXIAO_API_BASE", None)
    env.pop("JIXIAO_CONFIG", None)
    return {**env, **(extra or {})}


def _timed(args: list[str], env: dict[str, str], stdout: Path | None = None) -> float:
    start = time.perf_counter()
    with open(stdout or os.devnull, "wb") as out:
        done = subprocess.run(
            args, env=env, stdout=out, stderr=subprocess.PIPE, check=False, cwd=env["PYTHONPATH"]
        )
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(
            f"{' '.join(args)}: exit {done.returncode}\n{done.stderr.decode()[-2000:]}"
        )
    return seconds


def _child_since_spawn(code: str, env: dict[str, str]) -> float:
    """Run a snippet that prints time.time() when done: seconds since it was spawned (Python's
    own start-up included, as a user waits for it)."""
    spawned = time.time()
    return _child_figure(code, env) - spawned


def _child_figure(code: str, env: dict[str, str]) -> float:
    """Run a snippet that prints one float (seconds) on its last line."""
    done = subprocess.run(
        [PY, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=env["PYTHONPATH"],
    )
    if done.returncode != 0:
        raise SystemExit(f"child failed:\n{done.stderr[-3000:]}")
    return float(done.stdout.strip().splitlines()[-1])


class Bench:
    def __init__(self, runs: int, against: Path | None, home: Path, work: Path) -> None:
        self.runs, self.against, self.home, self.work = runs, against, home, work
        self.rows: list[tuple[str, float | None, float, str]] = []

    def roots(self) -> list[tuple[str, Path]]:
        return ([("before", self.against)] if self.against else []) + [("after", ROOT)]

    def measure(
        self, label: str, run: Callable[[Path], float], unit: str = "s"
    ) -> tuple[float | None, float]:
        figures: dict[str, list[float]] = {name: [] for name, _ in self.roots()}
        for _ in range(self.runs):
            for name, root in self.roots():  # paired: before and after alternate
                figures[name].append(run(root))
        before = statistics.median(figures["before"]) if self.against else None
        after = statistics.median(figures["after"])
        self.rows.append((label, before, after, unit))
        shown = f"{before:.3f} → {after:.3f}" if before is not None else f"{after:.3f}"
        print(f"  {label}: {shown} {unit}", flush=True)
        return before, after

    def table(self) -> None:
        print("\n| measurement | before | after | before / after |\n|---|---|---|---|")
        for label, before, after, unit in self.rows:
            b = f"{before:.2f} {unit}" if before is not None else "—"
            ratio = f"{before / after:.2f}×" if before and after else "—"
            print(f"| {label} | {b} | {after:.2f} {unit} | {ratio} |")


# --------------------------------------------------------------------------- tables


def make_table(path: Path, projects: int) -> Path:
    if not path.exists():
        code = textwrap.dedent(f"""
            import sys; sys.path.insert(0, {str(ROOT / "benchmarks")!r})
            from bench_batch import synthesise
            from assistant.tables import write_table
            write_table(synthesise({projects}), {str(path)!r})
            print(0)
        """)
        _child_figure(code, _env(ROOT, Path(tempfile.mkdtemp())))
    return path


def bench_xlsx(b: Bench, sizes: list[int]) -> None:
    print("xlsx export (write only)")
    for n in sizes:
        src = make_table(b.work / f"synthetic-{n}.txt", n)
        for what, call in (
            ("write_table", "write_table(table, out)"),
            (
                "batch workbook",
                "write_workbook(batch_figures(table, {}, engine='offline', generated=''), out)",
            ),
        ):
            if what == "batch workbook" and n > 2000:
                continue
            code = textwrap.dedent(f"""
                import time
                from pathlib import Path
                from assistant.tables import read_table, write_table
                from assistant.batch.summary import batch_figures
                from assistant.batch.workbook import write_workbook
                table = read_table({str(src)!r})
                out = Path({str(b.work / f"out-{n}.xlsx")!r})
                start = time.perf_counter()
                {call}
                print(time.perf_counter() - start)
            """)
            before, after = b.measure(
                f"{what}, {n} projects → xlsx",
                lambda root, c=code: _child_figure(c, _env(root, b.home)),
            )
            per = after / n * 1000
            print(
                f"    {per:.1f} ms a project (after)"
                + (f", {before / n * 1000:.1f} before" if before else "")
            )


def bench_check(b: Bench, projects: int) -> None:
    print("check output")
    src = make_table(b.work / f"synthetic-{projects}.txt", projects)
    for fmt in ("table", "json"):
        out = b.work / f"check-{fmt}.out"
        b.measure(
            f"check {projects} projects, --format {fmt}",
            lambda root, f=fmt, o=out: _timed(
                [PY, "-m", "assistant.cli.main", "check", str(src), "--format", f],
                _env(root, b.home),
                o,
            ),
        )
    workbook = make_table(b.work / f"synthetic-{projects}.xlsx", projects)  # as departments send it
    b.measure(
        f"check {projects} projects from .xlsx, --format json",
        lambda root: _timed(
            [PY, "-m", "assistant.cli.main", "check", str(workbook), "--format", "json"],
            _env(root, b.home),
            b.work / "check-xlsx.out",
        ),
    )


def bench_startup(b: Bench) -> None:
    print("start-up")
    b.measure(
        "jixiao --help",
        lambda root: _timed([PY, "-m", "assistant.cli.main", "--help"], _env(root, b.home)),
    )
    b.measure(
        "jixiao parse seed",
        lambda root: _timed(
            [PY, "-m", "assistant.cli.main", "parse", str(SEED)], _env(root, b.home)
        ),
    )
    code = textwrap.dedent(f"""
        import sys
        from typer.testing import CliRunner
        from assistant.cli.main import app
        CliRunner().invoke(app, ["parse", {str(SEED)!r}])
        heavy = [m for m in ("numpy", "asyncio", "litellm", "scipy") if m in sys.modules]
        print("modules after parse:", heavy or "none")
        print(0)
    """)
    for name, root in b.roots():
        done = subprocess.run(
            [PY, "-c", code],
            env=_env(root, b.home),
            capture_output=True,
            text=True,
            check=False,
            cwd=root,
        )
        print(
            f"  {name}: {done.stdout.strip().splitlines()[0] if done.stdout else done.stderr[-500:]}"
        )


# --------------------------------------------------------------------------- TUI

_BARE = """
import time
start = time.perf_counter()
from textual.app import App
from textual.widgets import DataTable
class Bare(App):
    def compose(self):
        yield DataTable()
    def on_mount(self):
        t = self.query_one(DataTable)
        t.add_columns("项目", "得分", "问题")
        for i in range(16):
            t.add_row(f"项目{i}", "80", "2")
        self.call_after_refresh(self.done)
    def done(self):
        print(time.time())
        self.exit()
import asyncio
async def main():
    app = Bare()
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
asyncio.run(main())
"""

# The TUI's layout and stylesheet with nothing of jixiao behind them: what Textual itself costs
# for this screen (the difference to the bare app is the widgets and CSS; to the TUI, jixiao).
_LAYOUT = """
import time
from textual.app import App
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, OptionList
class Layout(App):
    CSS_PATH = {css!r}
    def compose(self):
        yield Header()
        with Horizontal(id="body"):
            yield OptionList(*[f"项目{{i}}\\n80分 问题2" for i in range(16)], id="projects")
            yield DataTable(id="indicators")
        yield Footer(compact=True)
    def on_mount(self):
        self.query_one(DataTable).add_columns("类别", "指标名称", "年度指标值")
        self.call_after_refresh(self.done)
    def done(self):
        print(time.time())
        self.exit()
import asyncio
async def main():
    app = Layout()
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
asyncio.run(main())
"""

_TUI = """
import time
import asyncio
from tui.app import JixiaoApp
from tui.widgets.indicator_table import IndicatorTable
from tui.widgets.project_list import ProjectList
WHAT = {what!r}
seen = []

def watch(cls, ready):
    original = cls.render_lines
    def render_lines(self, crop):
        lines = original(self, crop)
        if not seen and ready(self):
            seen.append(time.time())  # this frame holds it
        return lines
    cls.render_lines = render_lines

def suggested(table):
    state = table.app.workspace.state
    return state is not None and state.suggested and table.row_count > 0

if WHAT == "list":
    watch(ProjectList, lambda lst: lst.option_count > 0)
else:
    watch(IndicatorTable, suggested)

async def main():
    app = JixiaoApp({table!r})
    async with app.run_test(size=(160, 50)) as pilot:
        while not seen:
            await asyncio.sleep(0.005)
    print(seen[0])
asyncio.run(main())
"""


_TUI_BUSY = """
import time, sys, asyncio
from tui.app import JixiaoApp
from tui.screens.workspace import WorkspaceScreen
from tui.widgets.indicator_table import IndicatorTable
WHAT = {what!r}
lags, decisions = [], []
decided = WorkspaceScreen.decided
def timed(self, *a, **k):
    start = time.perf_counter()
    decided(self, *a, **k)
    decisions.append(time.perf_counter() - start)
WorkspaceScreen.decided = timed

async def monitor():  # how late a 10 ms sleep wakes: how long the interface could not answer
    while True:
        start = time.perf_counter()
        await asyncio.sleep(0.01)
        lags.append(time.perf_counter() - start - 0.01)

async def main():
    app = JixiaoApp({table!r})
    async with app.run_test(size=(120, 40)) as pilot:
        if WHAT == "blocked":
            asyncio.create_task(monitor())
            await asyncio.sleep(8)
            print(max(lags))
            return
        while not (app.workspace.state and app.workspace.state.suggested):
            await asyncio.sleep(0.05)
        while len(app.workspace.reports) < len(app.workspace.session.projects):
            await asyncio.sleep(0.05)
        app.workspace.query_one(IndicatorTable).focus()
        await pilot.pause()
        decisions.clear()
        for key in ("down", "a") * 8:  # an original cannot be accepted: on to the next row
            await pilot.press(key)
            await pilot.pause()
            if len(decisions) >= 3:
                break
        await pilot.press("u")
        await pilot.pause()
        if not decisions:
            raise SystemExit("no row could be accepted")
        print(sorted(decisions)[len(decisions) // 2])
asyncio.run(main())
"""


def bench_tui_busy(b: Bench, big: int) -> None:
    print("TUI responsiveness")
    table = make_table(b.work / f"synthetic-{big}.txt", big)
    for label, what in (
        (f"TUI {big} projects: longest the interface is blocked, first 8 s", "blocked"),
        (f"TUI {big} projects: a decision (accept, undo), saved", "decision"),
    ):
        code = _TUI_BUSY.format(table=str(table), what=what)

        def run(root: Path, c: str = code) -> float:
            shutil.rmtree(b.home / "data" / "sessions", ignore_errors=True)
            return _child_figure(c, _env(root, b.home))

        b.measure(label, run)


def bench_tui(b: Bench, big: int) -> None:
    print("TUI paint")
    b.measure(
        "bare Textual app, 16-row DataTable",
        lambda root: _child_since_spawn(_BARE, _env(root, b.home)),
    )
    b.measure(
        "the TUI's layout and stylesheet, nothing behind them",
        lambda root: _child_since_spawn(
            _LAYOUT.format(css=str(root / "tui" / "app.tcss")), _env(root, b.home)
        ),
    )
    table = make_table(b.work / f"synthetic-{big}.txt", big)
    for label, path, what in (
        ("TUI seed: project list painted", SEED, "list"),
        ("TUI seed: suggestions shown", SEED, "suggestions"),
        (f"TUI {big} projects: project list painted", table, "list"),
        (f"TUI {big} projects: suggestions shown", table, "suggestions"),
    ):
        code = _TUI.format(table=str(path), what=what)

        def run(root: Path, c: str = code) -> float:
            shutil.rmtree(
                b.home / "data" / "sessions", ignore_errors=True
            )  # no 「继续上次的工作？」
            return _child_since_spawn(c, _env(root, b.home))

        b.measure(label, run)


# --------------------------------------------------------------------------- model import

_SERVER = """
import http.server, os, sys, time
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_POST(self):
        if not os.path.exists(sys.argv[2]):  # the first request of this run
            open(sys.argv[2], "w").write(str(time.time()))
        self.send_response(500); self.end_headers()
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
"""


def bench_llm(b: Bench) -> None:
    import socket

    print("model configured: first request")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    stamp = b.work / "first-request"
    server = subprocess.Popen([PY, "-c", _SERVER, str(port), str(stamp)])
    time.sleep(0.5)
    args = [
        PY,
        "-m",
        "assistant.cli.main",
        "draft",
        "--name",
        "社区网格员培训经费",
        "--goal",
        "全年组织网格员业务培训，提升网格事件处置能力",
        "--amount",
        "16",
    ]
    model = {
        "JIXIAO_MODEL": "openai/bench",
        "JIXIAO_API_BASE": f"http://127.0.0.1:{port}/v1",
        "OPENAI_API_KEY": "sk-bench",
        "JIXIAO_LLM_TIMEOUT": "5",
    }

    model["TMPDIR"] = str(b.work)  # the model processes' sockets: this run's own

    def stop_processes(root: Path) -> None:
        stop = "from assistant.llm import process; process.stop_all()"
        subprocess.run([PY, "-c", stop], env=_env(root, b.home, model), check=False)

    def first_request(root: Path, cold: bool) -> float:
        if cold:
            stop_processes(root)  # returns once they are gone
        stamp.unlink(missing_ok=True)
        start = time.time()
        _timed(args, _env(root, b.home, model))
        return float(stamp.read_text()) - start if stamp.exists() else float("nan")

    try:
        b.measure(
            "offline draft (no model), whole command", lambda root: _timed(args, _env(root, b.home))
        )
        b.measure(
            "model configured, no model process yet: start → first request",
            lambda root: first_request(root, cold=True),
        )
        b.measure(
            "model configured, the model process of an earlier command: start → first request",
            lambda root: first_request(root, cold=False),
        )
    finally:
        server.terminate()
        server.wait()
        stop_processes(ROOT)


def bench_batch(b: Bench, projects: int) -> None:
    """Wall and CPU milliseconds a project of a whole offline `jixiao batch` (CPU time is the
    figure the machine's load changes least; wall time includes the journal's fsyncs)."""
    print("batch")
    src = make_table(b.work / f"synthetic-{projects}.txt", projects)
    figures: dict[str, dict[str, list[float]]] = {
        name: {"wall": [], "cpu": []} for name, _ in b.roots()
    }
    for _ in range(b.runs):
        for name, root in b.roots():
            out = b.work / f"batch-{name}.xlsx"
            args = [PY, "-m", "assistant.cli.main", "batch", str(src), "-o", str(out), "--force"]
            start = time.perf_counter()
            child = subprocess.Popen(
                args,
                env=_env(root, b.home),
                cwd=root,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            _, status, usage = os.wait4(child.pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                raise SystemExit(f"batch failed with {root}")
            figures[name]["wall"].append((time.perf_counter() - start) / projects * 1000)
            figures[name]["cpu"].append((usage.ru_utime + usage.ru_stime) / projects * 1000)
    for kind in ("wall", "cpu"):
        before = statistics.median(figures["before"][kind]) if b.against else None
        after = statistics.median(figures["after"][kind])
        b.rows.append((f"batch {projects} projects offline, {kind} a project", before, after, "ms"))
        print(f"  {kind}: {before} → {after} ms a project")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", nargs="*", default=["xlsx", "check", "startup", "tui", "busy", "llm", "batch"]
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--against", type=Path, help="an older checkout to compare with (paired runs)"
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[250, 1000, 2000])
    parser.add_argument("--check-projects", type=int, default=5000)
    parser.add_argument("--batch-projects", type=int, default=1000)
    parser.add_argument("--busy-projects", type=int, default=5000)
    parser.add_argument(
        "--work", type=Path, help="keep generated tables here (reused between runs)"
    )
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-speed-"))
    work.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="bench-speed-home-"))
    b = Bench(args.runs, args.against, home, work)
    # warm the index cache once per checkout so no run pays for building it
    for _, root in b.roots():
        _timed([PY, "-m", "assistant.cli.main", "draft", "--name", "预热"], _env(root, home))
    if "xlsx" in args.only:
        bench_xlsx(b, args.sizes)
    if "check" in args.only:
        bench_check(b, args.check_projects)
    if "startup" in args.only:
        bench_startup(b)
    if "tui" in args.only:
        bench_tui(b, 1000)
    if "busy" in args.only:
        bench_tui_busy(b, args.busy_projects)
    if "llm" in args.only:
        bench_llm(b)
    if "batch" in args.only:
        bench_batch(b, args.batch_projects)
    b.table()
    print(json.dumps({"work": str(work)}))


if __name__ == "__main__":
    main()
