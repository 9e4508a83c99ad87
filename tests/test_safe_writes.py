"""Nothing lost (issue 13): convert never writes over its input, every write is atomic (a failed
write leaves the old file and says so in one Chinese line), the TUI export asks before replacing,
and two batches on one output cannot run at once."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import IO, Any, cast

import pytest

import assistant.batch.journal as journal_module
import assistant.cli.batch_cmd as batch_cmd
from assistant.corpus import load_shipped
from assistant.errors import InputError
from assistant.index import Index
from assistant.safe_io import atomic_write, same_file
from assistant.schema import Amounts, Indicator, Project, Table
from assistant.tables import read_table, write_table
from tests.cli_run import cli

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = (".xlsx", ".csv", ".json", ".md", ".txt")


def small_table() -> Table:
    indicator = Indicator.from_text(
        level1="产出指标", level2="数量指标", name="培训人次", annual_value="≥100人次"
    )
    return Table(
        projects=[Project(name="培训经费", amounts=Amounts(total=16), indicators=[indicator])]
    )


@pytest.fixture
def seed(seed_path: Path, tmp_path: Path) -> Path:
    target = tmp_path / "seed.txt"
    target.write_bytes(seed_path.read_bytes())
    return target


# --- convert: the output is never the input ---------------------------------------------------


def test_convert_refuses_its_input_as_output_whatever_force_says(
    seed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    original = seed.read_bytes()
    link = seed.with_name("link.txt")
    link.symlink_to(seed)
    hard = seed.with_name("hard.txt")
    os.link(seed, hard)
    monkeypatch.chdir(seed.parent)
    for target in (seed, Path("./seed.txt"), Path("sub/../seed.txt"), link, hard):
        (seed.parent / "sub").mkdir(exist_ok=True)
        for extra in ((), ("--force",)):
            code, text = cli("convert", seed, target, *extra, capsys=capsys)
            assert code == 2 and "不能是输入表本身" in text, (target, extra, text)
            code, text = cli("convert", target, seed, *extra, capsys=capsys)
            assert code == 2 and "不能是输入表本身" in text, (target, extra, text)
    assert seed.read_bytes() == original


def test_same_file_names_one_file_however_written(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("x", encoding="utf-8")
    (tmp_path / "l.txt").symlink_to(a)
    assert same_file(a, tmp_path / "l.txt") and same_file(a, tmp_path / "." / "a.txt")
    assert not same_file(a, tmp_path / "b.txt")


def test_write_table_never_writes_over_the_table_it_was_read_from(seed: Path) -> None:
    table = read_table(seed)
    original = seed.read_bytes()
    with pytest.raises(InputError, match="正在读取的表本身"):
        write_table(table, seed)
    assert seed.read_bytes() == original


# --- atomic writes ---------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, suffix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / f"out{suffix}"
    target.write_bytes(b"OLD CONTENT")
    real_replace = os.replace

    def disk_full(src: str, dst: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(InputError, match="磁盘空间不足") as err:
        write_table(small_table(), target)
    assert "原有文件未改动" in err.value.user_message()
    assert target.read_bytes() == b"OLD CONTENT"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # no temporary file left
    monkeypatch.setattr(os, "replace", real_replace)
    write_table(small_table(), target)
    assert "培训经费" in target.read_text(encoding="utf-8", errors="replace") or suffix == ".xlsx"
    if suffix != ".md":
        assert read_table(target).projects[0].name == "培训经费"


def test_atomic_write_cleans_up_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "t.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)

    def half(p: Path) -> None:
        p.write_text("half", encoding="utf-8")
        raise OSError(errno.EFBIG, "File too large")

    with pytest.raises(InputError, match="文件超过允许的大小"):
        atomic_write(target, half)
    assert target.read_text(encoding="utf-8") == "old" and len(list(tmp_path.iterdir())) == 1
    atomic_write(target, lambda p: p.write_text("new", encoding="utf-8"))
    assert target.read_text(encoding="utf-8") == "new" and target.stat().st_mode & 0o777 == 0o640
    with pytest.raises(InputError, match="不存在"):
        atomic_write(tmp_path / "no" / "t.txt", lambda p: None)


LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from assistant.cli.main import run
sys.argv = ["jixiao", *sys.argv[2:]]
run()
"""


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_convert_under_a_file_size_limit_keeps_the_old_file_and_prints_one_line(
    seed: Path, suffix: str
) -> None:
    target = seed.with_name(f"out{suffix}")
    target.write_bytes(b"OLD")
    proc = subprocess.run(
        [sys.executable, "-c", LIMITED, "2000", "convert", str(seed), str(target), "--force"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert target.read_bytes() == b"OLD"
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "原有文件未改动" in lines[0], proc.stderr
    assert sorted(p.name for p in seed.parent.iterdir()) == sorted(["seed.txt", target.name])


def test_draft_into_a_missing_folder_is_one_chinese_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("d.json", "d.xlsx", "d.csv", "d.md", "d.txt"):
        code, text = cli(
            "draft", "--name", "社区网格员培训经费", "-o", tmp_path / "无" / name, capsys=capsys
        )
        assert code == 2 and "不存在" in text and "内部错误" not in text, text


def test_draft_json_output_is_written_atomically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.cli.output import write_draft
    from assistant.draft import make_request
    from assistant.schema import Draft

    target = tmp_path / "d.json"
    target.write_text("OLD", encoding="utf-8")
    monkeypatch.setattr(
        os, "replace", lambda a, b: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full"))
    )
    draft = Draft(project="培训经费", goal="目标")
    request = make_request(name="培训经费")
    for name in ("d.json", "d.xlsx", "d.csv", "d.md", "d.txt"):
        path = tmp_path / name
        path.write_text("OLD", encoding="utf-8")
        with pytest.raises(InputError, match="原有文件未改动"):
            write_draft(draft, request, path)
        assert path.read_text(encoding="utf-8") == "OLD"


# --- batch: a lock beside the journal, a full disk --------------------------------------------


@pytest.fixture(scope="module")
def index() -> Index:
    return Index.build(load_shipped())


@pytest.fixture
def batch_seed(seed: Path, index: Index, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(batch_cmd, "_load_index", lambda err: index)
    monkeypatch.setenv("COLUMNS", "300")
    return seed


def test_a_second_batch_on_the_same_output_says_who_holds_it(
    batch_seed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock = batch_seed.with_name("seed-审核.journal.lock")
        lock.write_text(
            json.dumps(
                {
                    "pid": holder.pid,
                    "host": socket.gethostname(),
                    "user": "张三",
                    "since": "2026-03-01T09:30:00",
                }
            ),
            encoding="utf-8",
        )
        code, text = cli("batch", batch_seed, capsys=capsys)
        assert code == 2 and f"进程 {holder.pid}" in text and "2026-03-01 09:30:00" in text, text
        assert "张三" in text
        assert not batch_seed.with_name("seed-审核.journal.jsonl").exists()  # nothing started
    finally:
        holder.kill()
        holder.wait()
    code, text = cli("batch", batch_seed, capsys=capsys)  # the holder is gone: a stale lock
    assert code == 0, text
    assert not batch_seed.with_name("seed-审核.journal.lock").exists()  # released at the end


def test_the_lock_is_held_during_the_run_and_released_on_failure(
    batch_seed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.batch import BatchOptions, abandon, prepare

    plan = prepare(BatchOptions(input=batch_seed))
    lock = batch_seed.with_name("seed-审核.journal.lock")
    assert lock.exists() and json.loads(lock.read_text(encoding="utf-8"))["pid"] == os.getpid()
    abandon(plan)
    assert not lock.exists()


def test_a_full_disk_during_batch_is_one_chinese_line(
    batch_seed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_create = journal_module.Journal.create

    class FullAfter:
        """The journal's file: the header and two projects fit, then the disk is full."""

        def __init__(self, handle: Any) -> None:
            self._handle, self._writes = handle, 0

        def write(self, data: bytes) -> int:
            self._writes += 1
            if self._writes > 2:
                raise OSError(errno.ENOSPC, "No space left on device")
            written: int = self._handle.write(data)
            return written

        def __getattr__(self, name: str) -> Any:
            return getattr(self._handle, name)

    def create(path: Path, header: Any) -> Any:
        journal = real_create(path, header)
        journal._handle = cast(IO[bytes], FullAfter(journal._handle))
        return journal

    monkeypatch.setattr(journal_module.Journal, "create", staticmethod(create))
    code, text = cli("batch", batch_seed, capsys=capsys)
    assert code == 2 and "磁盘空间不足" in text and "--resume" in text, text
    assert "内部错误" not in text and "Traceback" not in text
    journal = batch_seed.with_name("seed-审核.journal.jsonl")
    assert len(journal_module.read_journal(journal)[1]) == 2
    assert not batch_seed.with_name("seed-审核.journal.lock").exists()
    monkeypatch.setattr(journal_module.Journal, "create", staticmethod(real_create))
    code, text = cli("batch", batch_seed, "--resume", capsys=capsys)
    assert code == 0 and "已完成 2" in text, text


# --- the TUI export asks before replacing, and never writes over the open table ---------------


async def test_tui_export_asks_before_replacing_and_never_overwrites_the_open_table(
    seed: Path, index: Index
) -> None:
    from textual.widgets import Input, Label

    from tui.app import JixiaoApp
    from tui.engine import Engine
    from tui.modals.export import ExportModal

    original = seed.read_bytes()
    existing = seed.with_name("旧结果.xlsx")
    write_table(small_table(), existing)
    before = existing.read_bytes()
    app = JixiaoApp(str(seed), engine=Engine(lambda notify: index))

    async def settle() -> None:
        for _ in range(30):
            await app.workers.wait_for_complete()
            await pilot.pause()

    async def export_to(path: Path | str) -> str:
        field = app.screen.query_one("#path", Input)
        field.focus()
        field.value = str(path)
        await pilot.pause()
        await pilot.press("enter")
        await settle()
        return (
            str(app.screen.query_one("#error", Label).content)
            if isinstance(app.screen, ExportModal)
            else ""
        )

    async with app.run_test(size=(120, 40)) as pilot:
        await settle()
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ExportModal)
        for same in (seed, seed.parent / "." / seed.name):
            message = await export_to(same)
            assert "正在打开的表" in message and isinstance(app.screen, ExportModal)
            message = await export_to(same)  # asking twice does not make it allowed
            assert "正在打开的表" in message
        message = await export_to(existing)
        assert "已存在" in message and isinstance(app.screen, ExportModal)
        assert existing.read_bytes() == before  # asked, not written
        await export_to(existing)  # the second press confirms
        assert not isinstance(app.screen, ExportModal)
    assert seed.read_bytes() == original
    assert existing.read_bytes() != before
    assert len(read_table(existing).projects) == 16
