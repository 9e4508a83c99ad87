"""The library commands without a shared library (the embedded store: the user's own JSONL
library, 已入库 on submit), the TUI's export into either store, masking, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_run import cli
from tests.library_fixtures import DEPT_A, Library, use
from tests.test_tui_library import session


def test_submit_on_the_embedded_store_is_the_users_library(
    seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant.corpus import load_shipped, load_user
    from assistant.library import load_corpus

    code, out = cli("library", "submit", seed_path, capsys=capsys)
    assert code == 0 and "已报送 73 条指标（中共广州市白云区区委政法委员会，已入库）" in out
    assert "本机指标库" in out
    code, out = cli("library", "submit", seed_path, "--department", "区司法局", capsys=capsys)
    assert code == 0 and "已报送 0 条" in out  # the same decisions, once
    assert len(load_user()) == 73
    assert len(load_corpus()) == len(load_shipped()) + 73
    code, out = cli("library", "stats", capsys=capsys)
    assert code == 0 and "共 73 条记录（待审核 0 条，已入库 73 条，退回 0 条）" in out
    target = tmp_path / "mine.jsonl"
    code, out = cli("library", "export", "-o", target, capsys=capsys)
    assert code == 0 and "已导出 73 条记录（已入库）" in out
    first = json.loads(target.read_text(encoding="utf-8").splitlines()[0])
    assert first["status"] == "已入库" and first["version"] == 1
    code, out = cli("library", "review", capsys=capsys)
    assert code == 2 and "用于共享指标库" in out
    code, out = cli("library", "init", capsys=capsys)
    assert code == 0 and "本机指标库无需初始化" in out


def test_bad_input_is_refused_in_chinese(
    seed_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out = cli("library", "submit", tmp_path / "none.xlsx", capsys=capsys)
    assert code == 2 and "文件不存在" in out
    code, out = cli(
        "library", "export", "-o", tmp_path / "x.jsonl", "--status", "好", capsys=capsys
    )
    assert code == 2 and "--status 只能是" in out
    code, out = cli("library", "review", "--return", "L1", capsys=capsys)
    assert code == 2 and "须写明理由" in out
    monkeypatch.setenv("JIXIAO_LIBRARY_URL", "mysql://u:Secr3tPw@h/db")
    code, out = cli("library", "stats", capsys=capsys)
    assert code == 2 and "postgresql://" in out and "Secr3tPw" not in out


def test_config_show_masks_only_the_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JIXIAO_LIBRARY_URL", "postgresql://bureau:Hidd3n-pw@db.local:5432/jixiao")
    code, out = cli("config", "show", capsys=capsys)
    assert code == 0 and "Hidd3n-pw" not in out
    assert "postgresql://bureau:******@db.local:5432/jixiao" in out


def test_mask_and_scrub() -> None:
    from assistant.library.secret import mask_url, scrub

    assert mask_url("postgresql://u:p%40ss@h/db") == "postgresql://u:******@h/db"
    assert mask_url("postgresql://u@h/db") == "postgresql://u@h/db"
    assert (
        mask_url("host=h user=u password='a b' dbname=d")
        == "host=h user=u password=****** dbname=d"
    )
    url = "postgresql://u:p%40ss@h/db"
    assert scrub("failed for p@ss and p%40ss at " + url, url) == (
        "failed for ****** and ****** at postgresql://u:******@h/db"
    )


def test_the_tui_export_submits_to_the_shared_library(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.corpus import load_user
    from assistant.library.store import PENDING
    from tui.engine import Engine

    use(monkeypatch, library, "a")
    done = Engine.export(session(), str(tmp_path / "一.xlsx"), "legacy")
    assert (
        done.library_records == 1 and done.library_note == f"报送到共享指标库（{DEPT_A}，待审核）"
    )
    again = Engine.export(session(), str(tmp_path / "二.xlsx"), "legacy")
    assert again.library_records == 0
    (held,) = library.store("admin").records()
    assert held.status == PENDING and held.department == DEPT_A and held.source_table == "一.xlsx"
    assert load_user() == []  # the user's own JSONL library is not written
    # A role not registered for a department: the table is written, the refusal is said.
    use(monkeypatch, library, "reviewer")
    refused = Engine.export(session(), str(tmp_path / "三.xlsx"), "legacy")
    assert refused.path.exists() and refused.library_records == 0
    assert refused.problem is not None and "尚未登记单位" in refused.problem
