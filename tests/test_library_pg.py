"""The shared library against a real PostgreSQL (tests/pg_server.py): migrations, submit and
review through the commands, what each department sees, row-level security on the server, and
the connection string's password kept out of every message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_run import cli
from tests.library_fixtures import DEPT_A, DEPT_B, DEPT_C, Library, use
from tests.pg_server import ADMIN_PASSWORD


def _pending_ids(out: str) -> list[str]:
    return [line.split("\t")[0] for line in out.splitlines()[1:] if line.startswith("L")]


def test_init_applies_the_migrations_once(
    library: Library, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use(monkeypatch, library, "admin")
    code, out = cli("library", "init", capsys=capsys)  # the fixture already ran it
    assert code == 0 and "已是最新（第 1 版" in out
    with library.raw("admin") as conn:
        rows = conn.execute("SELECT version, name FROM jixiao.schema_version").fetchall()
    assert rows == [(1, "0001_records")]
    fresh = library.server.create_database()
    monkeypatch.setenv("JIXIAO_LIBRARY_URL", library.server.url(db=fresh))
    code, out = cli("library", "init", capsys=capsys)
    assert code == 0 and "应用了 0001_records" in out
    code, out = cli("library", "init", capsys=capsys)
    assert code == 0 and "已是最新" in out


def test_a_later_migration_is_applied_alone(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Upgrading: `init` applies only the migrations a library has not had, in order."""
    from assistant.library import postgres

    shipped = postgres.migrations()
    later = (2, "0002_note", "ALTER TABLE jixiao.records ADD COLUMN note text;")
    monkeypatch.setattr(postgres, "migrations", lambda: [*shipped, later])
    admin = library.store()
    assert admin.init() == ["0002_note"]
    assert admin.init() == [] and admin.schema_version() == 2
    with library.raw("admin") as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM jixiao.schema_version ORDER BY 1")]
        column = conn.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = 'records'"
            " AND column_name = 'note'"
        ).fetchone()
    assert names == ["0001_records", "0002_note"] and column == (1,)
    # A migration that fails leaves the library as it was: all of it is one transaction.
    from assistant.library.postgres import LibraryError

    broken = (3, "0003_broken", "ALTER TABLE jixiao.records ADD COLUMN extra text; SELEC 1;")
    monkeypatch.setattr(postgres, "migrations", lambda: [*shipped, later, broken])
    with pytest.raises(LibraryError, match="共享指标库出错"):
        admin.init()
    assert admin.schema_version() == 2
    with library.raw("admin") as conn:
        extra = conn.execute(
            "SELECT 1 FROM information_schema.columns WHERE column_name = 'extra'"
        ).fetchone()
    assert extra is None


def test_submit_review_and_what_each_department_sees(
    library: Library,
    seed_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from assistant.library import visible_records

    use(monkeypatch, library, "a")
    code, out = cli("library", "submit", seed_path, capsys=capsys)
    assert code == 0 and "已报送 73 条指标（区委政法委，待审核）" in out, out
    assert library.password("a") not in out
    code, out = cli("library", "submit", seed_path, capsys=capsys)
    assert code == 0 and "已报送 0 条" in out and "另有 73 条已报送过" in out
    # A department submits for itself only: the option cannot name another.
    code, out = cli("library", "submit", seed_path, "--department", DEPT_B, capsys=capsys)
    assert code == 2 and f"登记的单位是「{DEPT_A}」" in out

    own = visible_records()
    assert len(own) == 73 and all(r.origin == "user" for r in own)
    assert all(r.source.startswith("本单位已报送（待审核）") for r in own)

    use(monkeypatch, library, "b")
    assert visible_records() == []  # another department's pending records are not evidence
    code, out = cli("library", "review", "--approve", "L0000", capsys=capsys)
    assert code == 2 and "没有审核权" in out

    use(monkeypatch, library, "reviewer")
    code, out = cli("library", "review", capsys=capsys)
    pending = _pending_ids(out)
    assert code == 0 and len(pending) == 73 and "共 73 条待审核" in out
    first = out.splitlines()[1].split("\t")
    assert first[1] == DEPT_A and "seed-baiyun-zhengfawei-2024.txt 第" in first[8]
    assert first[9] == library.role("a")
    approved, returned = pending[:60], pending[60:]
    code, out = cli("library", "review", "--approve", ",".join(approved), capsys=capsys)
    assert code == 0 and "已通过 60 条" in out
    code, out = cli("library", "review", "--return", *returned[:1], capsys=capsys)
    assert code == 2 and "须写明理由" in out
    args = [x for rid in returned for x in ("--return", rid)]
    code, out = cli("library", "review", *args, "--reason", "指标值不可衡量", capsys=capsys)
    assert code == 0 and "已退回 13 条" in out
    code, out = cli("library", "review", capsys=capsys)
    assert "没有待审核的记录" in out

    use(monkeypatch, library, "b")
    seen = visible_records()
    assert {r.id for r in seen} == set(approved)
    assert all(
        r.origin == "shared" and r.source.startswith("共享指标库：区委政法委报送") for r in seen
    )
    use(monkeypatch, library, "a")
    mine = visible_records()
    assert {r.id for r in mine} == set(approved)  # its returned ones are not evidence either
    assert all(r.source.startswith("本单位已入库") for r in mine)
    code, out = cli("library", "stats", capsys=capsys)
    assert code == 0 and "共 73 条记录（待审核 0 条，已入库 60 条，退回 13 条）" in out


def test_export_writes_records_with_their_status(
    library: Library,
    seed_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use(monkeypatch, library, "a")
    assert cli("library", "submit", seed_path, capsys=capsys)[0] == 0
    jsonl = tmp_path / "pending.jsonl"
    code, out = cli("library", "export", "-o", jsonl, "--status", "待审核", capsys=capsys)
    assert code == 0 and "已导出 73 条记录（待审核）" in out
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert {r["status"] for r in rows} == {"待审核"} and rows[0]["department"] == DEPT_A
    assert rows[0]["submitted_by"] == library.role("a") and rows[0]["version"] >= 1
    xlsx = tmp_path / "pending.xlsx"
    code, out = cli("library", "export", "-o", xlsx, "--status", "待审核", capsys=capsys)
    assert code == 0
    from assistant.tables import read_table

    table = read_table(xlsx)
    assert sum(len(p.indicators) for p in table.projects) == 73
    code, out = cli("library", "export", "-o", xlsx, capsys=capsys)
    assert code == 2 and "已存在" in out
    code, out = cli("library", "export", "-o", tmp_path / "x.pdf", capsys=capsys)
    assert code == 2 and "不支持导出" in out


def test_the_server_enforces_each_roles_rights(library: Library, seed_path: Path) -> None:
    """Row-level security, with SQL the tool never sends: a department cannot insert for another
    department, see another's pending rows, or approve; a reviewer cannot approve its own
    department's submissions."""
    import psycopg

    from assistant.library.store import submission_of
    from assistant.tables import read_table

    table = read_table(seed_path)
    a = library.store("a")
    result = a.submit(submission_of(table, DEPT_A, "seed.txt"))
    rid = result.ids[0]
    row = ("X1", DEPT_B, "seed.txt", "{}")
    with library.raw("a") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO jixiao.records (id, department, source_table, record, version)"
                " VALUES (%s, %s, %s, %s, 0)",
                row,
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE jixiao.records SET status = '已入库' WHERE id = %s", (rid,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO jixiao.records (id, department, source_table, record, status,"
                " version) VALUES ('X2', %s, 's', '{}', '已入库', 0)",
                (DEPT_A,),
            )
    with library.raw("b") as conn:
        seen = conn.execute("SELECT count(*) FROM jixiao.records").fetchone()
        assert seen == (0,)
    # A reviewer who also submits for department A: its UPDATE reaches no row of A.
    with library.raw("reviewer_a") as conn:
        done = conn.execute(
            "UPDATE jixiao.records SET status = '已入库' WHERE id = %s RETURNING id", (rid,)
        ).fetchall()
        assert done == []
    refused = library.store("reviewer_a").review([rid], "已入库")
    assert refused.missing == [rid]
    # The independent reviewer can; the stamp says who and when, and the version moves on.
    before = a.get([rid])[0]
    library.store("reviewer").review([rid], "已入库")
    after = a.get([rid])[0]
    assert after.status == "已入库" and after.reviewer == library.role("reviewer")
    assert after.reviewed_at is not None and after.version > before.version
    assert after.submitted_by == library.role("a")


def test_a_reviewer_is_told_why_a_record_was_not_decided(
    library: Library,
    seed_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use(monkeypatch, library, "a")
    cli("library", "submit", seed_path, capsys=capsys)
    use(monkeypatch, library, "reviewer_a")
    code, out = cli("library", "review", "--all-of", DEPT_A, capsys=capsys)
    assert code == 2 and f"不能审核本单位（{DEPT_A}）报送的记录" in out
    code, out = cli("library", "review", "--approve", "Lnope", capsys=capsys)
    assert code == 2 and "Lnope：没有这条记录" in out
    use(monkeypatch, library, "reviewer")
    code, out = cli("library", "review", "--all-of", DEPT_A, capsys=capsys)
    assert code == 0 and "已通过 73 条" in out


def test_changes_since_a_version_and_the_local_snapshot(
    library: Library, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.library import changes, visible_records
    from assistant.library.store import submission_of
    from assistant.tables import read_table

    table = read_table(seed_path)
    a, reviewer = library.store("a"), library.store("reviewer")
    ids = a.submit(submission_of(table, DEPT_A, "seed.txt")).ids
    use(monkeypatch, library, "b")
    assert visible_records() == []
    found, version = changes(0)
    assert found == [] and version == 0
    reviewer.review(ids[:10], "已入库")
    found, version = changes(0)
    assert [r.id for r in found] == ids[:10] and version == max(r.version for r in found)
    assert changes(version) == ([], version)
    reviewer.review(ids[:2], "退回", "重复")  # a withdrawal reaches every department
    found, later = changes(version)
    assert [r.id for r in found] == ids[:2] and {r.status for r in found} == {"退回"}
    assert later > version
    assert {r.id for r in visible_records()} == set(ids[2:10])
    # The local snapshot is what a draft reads when the server cannot be reached.
    from assistant.library.postgres import LibraryError, PostgresStore

    def unreachable(self: PostgresStore) -> str:
        raise LibraryError("无法连接共享指标库（测试）")

    monkeypatch.setattr(PostgresStore, "instance", unreachable)
    assert {r.id for r in visible_records()} == set(ids[2:10])
    # Another address is another snapshot: with none, the error is said (password masked).
    monkeypatch.undo()
    use(monkeypatch, library, "b")
    monkeypatch.setenv(
        "JIXIAO_LIBRARY_URL", library.url("b").replace(f":{library.server.port}/", ":1/")
    )
    with pytest.raises(LibraryError) as err:
        visible_records()
    assert library.password("b") not in err.value.message and "******" in err.value.message


def test_the_password_never_appears(
    library: Library, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = library.url("a").replace(library.password("a"), "Wr0ng-pa55word")
    monkeypatch.setenv("JIXIAO_LIBRARY_URL", wrong)
    code, out = cli("library", "stats", capsys=capsys)
    assert code == 2 and "用户名或密码不对" in out and "Wr0ng-pa55word" not in out
    assert "******" in out
    code, out = cli("--debug", "library", "stats", capsys=capsys)
    assert code == 2 and "Wr0ng-pa55word" not in out
    # No server there: the refusal quotes the address, never the password.
    gone = library.url("a").replace(f":{library.server.port}/", ":1/")
    monkeypatch.setenv("JIXIAO_LIBRARY_URL", gone)
    code, out = cli("library", "review", capsys=capsys)
    assert code == 2 and "无法连接共享指标库" in out and library.password("a") not in out
    # A password with characters a URL must escape is masked in both forms.
    odd = "p@ss:w/rd%"
    from urllib.parse import quote

    monkeypatch.setenv(
        "JIXIAO_LIBRARY_URL", library.url("a").replace(library.password("a"), quote(odd, safe=""))
    )
    code, out = cli("library", "stats", capsys=capsys)
    assert code == 2 and odd not in out and quote(odd, safe="") not in out
    code, out = cli("config", "show", capsys=capsys)
    assert code == 0 and quote(odd, safe="") not in out and ADMIN_PASSWORD not in out
    assert library.password("a") not in out


def test_a_role_without_a_department_cannot_submit(
    library: Library,
    seed_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use(monkeypatch, library, "reviewer")
    code, out = cli("library", "submit", seed_path, capsys=capsys)
    assert code == 2 and "尚未登记单位" in out
    use(monkeypatch, library, "admin")
    code, out = cli(
        "library", "grant", library.role("newcomer"), "--department", DEPT_C, capsys=capsys
    )
    assert code == 0 and "已创建" in out and "\\password" in out
    code, out = cli("library", "grant", library.role("c"), capsys=capsys)
    assert code == 2 and "--department" in out
