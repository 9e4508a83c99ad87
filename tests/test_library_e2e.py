"""End to end against a real PostgreSQL, through the `jixiao` command as each department runs it:
two departments submit the seed's projects at the same time, a reviewer approves one's and
returns the other's, and a draft for a third department cites only the approved records."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_run import cli
from tests.library_fixtures import DEPT_A, DEPT_B, Library, use


def _jixiao(home: Path, url: str, *args: object) -> subprocess.Popen[str]:
    env = {**os.environ, "JIXIAO_HOME": str(home), "JIXIAO_LIBRARY_URL": url}
    command = [sys.executable, "-m", "assistant.cli.main", *map(str, args)]
    return subprocess.Popen(
        command, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def _evidence_ids(draft: dict[str, object]) -> set[str]:
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "evidence" in node and isinstance(node["evidence"], list):
                found.update(e["id"] for e in node["evidence"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(draft)
    return found


def test_a_third_department_drafts_from_approved_records_only(
    library: Library,
    seed_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    submitters = [
        _jixiao(tmp_path / who, library.url(who), "library", "submit", seed_path)
        for who in ("a", "b")
    ]
    for process, dept in zip(submitters, (DEPT_A, DEPT_B), strict=True):
        out, _ = process.communicate(timeout=120)
        assert process.returncode == 0 and f"已报送 73 条指标（{dept}，待审核）" in out, out

    use(monkeypatch, library, "reviewer")
    code, out = cli("library", "review", "--department", DEPT_B, capsys=capsys)
    returned = [line.split("\t")[0] for line in out.splitlines() if line.startswith("L")]
    assert code == 0 and len(returned) == 73
    code, out = cli("library", "review", "--all-of", DEPT_A, capsys=capsys)
    assert code == 0 and "已通过 73 条" in out
    args = [x for rid in returned for x in ("--return", rid)]
    code, out = cli("library", "review", *args, "--reason", "请补充取值依据", capsys=capsys)
    assert code == 0 and "已退回 73 条" in out

    records = {r.id: r for r in library.store("admin").records()}
    approved = {i for i, r in records.items() if r.department == DEPT_A}
    assert {r.status for r in records.values() if r.department == DEPT_A} == {"已入库"}
    assert {r.reason for r in records.values() if r.department == DEPT_B} == {"请补充取值依据"}

    use(monkeypatch, library, "c")
    code, out = cli(
        "draft",
        "--name",
        "区网格化社会治理指挥平台运维",
        "--goal",
        "保障网格化指挥调度平台全年稳定运行，及时处置网格事件",
        "--amount",
        "20",
        "--department",
        "区民政局",
        "--format",
        "json",
        capsys=capsys,
    )
    assert code == 0, out
    draft = json.loads(out[out.index("{") :])
    cited = _evidence_ids(draft)
    from_store = {i for i in cited if i in records}
    assert from_store, f"the draft cites no record of the shared library: {sorted(cited)}"
    assert from_store <= approved
    code, out = cli("library", "sync", capsys=capsys)
    assert code == 0 and "共 73 条记录，其中起草可引用 73 条" in out
