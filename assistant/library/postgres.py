"""The shared library on PostgreSQL (psycopg 3): a bureau's departments submit, reviewers decide.

What each role may do is the server's business, not this client's: row-level security (see
migrations/0001_records.sql) lets a department role insert rows of its own department only and
read approved rows plus its own, and lets a reviewer role change the status of every department's
rows but its own. The checks made here only turn a refusal into a clear Chinese sentence first.

Every statement is parameterised (`%s`, `sql.Identifier` for role names). Every error shown is
passed through `secret.scrub`, so the connection string's password never reaches the screen.

Connections come from a small thread-safe pool of our own (no psycopg_pool wheel is available to
this project): the TUI refreshes from a worker thread while the screen submits.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from typing import TYPE_CHECKING, Any

from assistant.errors import InputError
from assistant.library.secret import mask_url, scrub
from assistant.library.store import (
    APPROVED,
    LibraryRecord,
    ReviewResult,
    Status,
    Submission,
    SubmitResult,
    library_id,
)
from assistant.schema import CorpusRecord

if TYPE_CHECKING:
    import psycopg

SCHEMA = "jixiao"
DEPARTMENT_ROLE = "jixiao_department"
REVIEWER_ROLE = "jixiao_reviewer"
GROUP_ROLES = (DEPARTMENT_ROLE, REVIEWER_ROLE)
# Held by every writing transaction before its first write (and by the version trigger): writers
# take turns, so versions follow commit order and a writer never waits for a row while holding it.
VERSION_LOCK = "jixiao.record_version"
MIGRATE_LOCK = "jixiao.migrate"
COLUMNS = (
    "id, department, source_table, source_row, record, status, submitted_by, submitted_at, "
    "reviewer, reviewed_at, reason, version"
)

# SQLSTATE → what the user reads.
_STATES: dict[str, str] = {
    "28P01": "共享指标库拒绝登录：用户名或密码不对",
    "28000": "共享指标库拒绝登录：这个用户不允许从本机连接（见服务器的 pg_hba.conf）",
    "3D000": "共享指标库的数据库不存在",
    "42501": "没有权限",
    "42P01": "共享指标库尚未初始化：请管理员先运行 jixiao library init",
    "3F000": "共享指标库尚未初始化：请管理员先运行 jixiao library init",
    "42883": "共享指标库尚未初始化：请管理员先运行 jixiao library init",
    "40P01": "与其他报送或审核冲突，请重试",
    "57P01": "共享指标库的服务器正在关闭",
}


class LibraryError(InputError):
    """The shared library refused or could not be reached; the message never holds a password."""


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise InputError(
            '使用共享指标库需要安装 psycopg（pip install "jixiao[postgres]"）'
        ) from None
    return psycopg


class Pool:
    """At most `size` open connections, each used by one thread at a time; a connection that
    comes back broken or inside a transaction is closed instead of reused."""

    def __init__(self, connect: Callable[[], psycopg.Connection[Any]], size: int) -> None:
        self._connect = connect
        self._idle: list[psycopg.Connection[Any]] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(size)

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection[Any]]:
        from psycopg.pq import TransactionStatus

        with self._slots:
            with self._lock:
                conn = self._idle.pop() if self._idle else None
            if conn is None or conn.closed:
                conn = self._connect()
            healthy = False
            try:
                yield conn
                healthy = True
            finally:
                idle = conn.info.transaction_status == TransactionStatus.IDLE
                if healthy and not conn.closed and idle:
                    with self._lock:
                        self._idle.append(conn)
                else:
                    conn.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


class PostgresStore:
    """The shared library in the `jixiao` schema of a PostgreSQL database."""

    kind = "postgresql"

    def __init__(self, url: str, pool_size: int = 4, connect_timeout: float = 10.0) -> None:
        self._url = url
        self._timeout = max(1, round(connect_timeout))
        self._pool = Pool(self._connect, pool_size)

    def where(self) -> str:
        return mask_url(self._url)

    # -- connections and errors ------------------------------------------------------------

    def _connect(self) -> psycopg.Connection[Any]:
        driver = _psycopg()
        with self._errors():
            connection: psycopg.Connection[Any] = driver.connect(
                self._url,
                autocommit=True,
                connect_timeout=self._timeout,
                application_name="jixiao",
            )
            return connection

    @contextmanager
    def _errors(self) -> Iterator[None]:
        psycopg = _psycopg()
        try:
            yield
        except psycopg.Error as err:
            raise LibraryError(self._explain(err)) from None

    def _explain(self, err: Exception) -> str:
        state = getattr(err, "sqlstate", None) or ""
        if not state and "password authentication failed" in str(err):
            state = "28P01"  # a failed login carries no SQLSTATE in psycopg's error
        detail = scrub(str(err).strip().splitlines()[0] if str(err).strip() else "", self._url)
        what = _STATES.get(state)
        if what is None:
            what = "无法连接共享指标库" if not state else "共享指标库出错"
        return f"{what}（{self.where()}）：{detail}" if detail else f"{what}（{self.where()}）"

    @contextmanager
    def _tx(self, write: bool = False) -> Iterator[psycopg.Connection[Any]]:
        """One transaction; a writing one first takes the version lock."""
        with self._errors(), self._pool.connection() as conn, conn.transaction():
            if write:
                conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (VERSION_LOCK,))
            yield conn

    def close(self) -> None:
        self._pool.close()

    # -- schema ------------------------------------------------------------------------------

    def init(self) -> list[str]:
        """Create the group roles and the schema, and apply the migrations not applied yet (all
        in one transaction; two owners running it at once take turns)."""
        from psycopg import sql

        applied_now: list[str] = []
        with self._tx() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (MIGRATE_LOCK,))
            for role in GROUP_ROLES:
                if not _role_exists(conn, role):
                    conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
            conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(SCHEMA)))
            conn.execute(
                "CREATE TABLE IF NOT EXISTS jixiao.schema_version ("
                " version integer PRIMARY KEY, name text NOT NULL,"
                " applied_at timestamptz NOT NULL DEFAULT now())"
            )
            done = {row[0] for row in conn.execute("SELECT version FROM jixiao.schema_version")}
            for version, name, text in migrations():
                if version in done:
                    continue
                conn.execute(text.encode())  # package data: the migration's own SQL, no values
                conn.execute(
                    "INSERT INTO jixiao.schema_version (version, name) VALUES (%s, %s)",
                    (version, name),
                )
                applied_now.append(name)
        return applied_now

    def schema_version(self) -> int:
        with self._tx() as conn:
            row = conn.execute("SELECT max(version) FROM jixiao.schema_version").fetchone()
        return int(row[0] or 0) if row else 0

    def instance(self) -> str:
        """The library's identity (a re-created library is another one)."""
        with self._tx() as conn:
            row = conn.execute("SELECT id::text FROM jixiao.instance LIMIT 1").fetchone()
        return str(row[0]) if row else ""

    def grant(self, role: str, department: str | None, reviewer: bool) -> bool:
        """Register a login role: the department it submits for and/or the reviewer's right.
        Creates the role (LOGIN, no password) when it does not exist; True when it was created."""
        from psycopg import sql

        if not department and not reviewer:
            raise InputError("请用 --department 指定单位，或用 --reviewer 授予审核权")
        with self._tx() as conn:
            created = not _role_exists(conn, role)
            if created:
                conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
            for group, wanted in ((DEPARTMENT_ROLE, bool(department)), (REVIEWER_ROLE, reviewer)):
                if wanted:
                    conn.execute(
                        sql.SQL("GRANT {} TO {}").format(
                            sql.Identifier(group), sql.Identifier(role)
                        )
                    )
            conn.execute(
                "INSERT INTO jixiao.members (role, department, reviewer) VALUES (%s, %s, %s)"
                " ON CONFLICT (role) DO UPDATE SET"
                " department = coalesce(EXCLUDED.department, members.department),"
                " reviewer = members.reviewer OR EXCLUDED.reviewer",
                (role, department or None, reviewer),
            )
        return created

    # -- who is connected ----------------------------------------------------------------------

    def department(self) -> str | None:
        with self._tx() as conn:
            row = conn.execute("SELECT jixiao.current_department()").fetchone()
        return row[0] if row else None

    def is_reviewer(self) -> bool:
        with self._tx() as conn:
            row = conn.execute("SELECT pg_has_role(current_user, %s, 'MEMBER')", (REVIEWER_ROLE,))
            found = row.fetchone()
        return bool(found and found[0])

    def bypasses_security(self) -> bool:
        """The connected role is a superuser or the records' owner (the administrator)."""
        with self._tx() as conn:
            row = conn.execute(
                "SELECT r.rolsuper OR r.rolbypassrls OR pg_has_role(current_user, c.relowner,"
                " 'MEMBER') FROM pg_roles r, pg_class c"
                " WHERE r.rolname = current_user AND c.oid = 'jixiao.records'::regclass"
            ).fetchone()
        return bool(row and row[0])

    def user(self) -> str:
        with self._tx() as conn:
            row = conn.execute("SELECT current_user").fetchone()
        return str(row[0]) if row else ""

    # -- writing ---------------------------------------------------------------------------------

    def submit(self, submission: Submission) -> SubmitResult:
        """Insert the submission's records as 待审核; a record already there (same department,
        year, project, name and value) is left as it is, whatever its status."""
        rows: dict[str, tuple[object, ...]] = {}
        for entry in submission.entries:
            rid = library_id(submission.department, entry.record)
            record = entry.record.model_copy(update={"id": rid})
            rows.setdefault(
                rid,
                (
                    rid,
                    submission.department,
                    record.project,
                    record.year,
                    submission.source_table,
                    entry.row,
                    record.model_dump_json(exclude_none=True),
                ),
            )
        if not rows:
            return SubmitResult()
        columns = list(zip(*rows.values(), strict=True))
        with self._tx(write=True) as conn:
            added = conn.execute(
                "INSERT INTO jixiao.records"
                " (id, department, project, year, source_table, source_row, record)"
                " SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::int[],"
                " %s::text[], %s::int[], %s::text[]::jsonb[])"
                " ON CONFLICT (id) DO NOTHING RETURNING id",
                [list(c) for c in columns],
            ).fetchall()
        new = {r[0] for r in added}
        return SubmitResult(added=len(new), known=len(rows) - len(new), ids=list(rows))

    def review(self, ids: list[str], status: Status, reason: str | None = None) -> ReviewResult:
        """Set the status of the records this role may decide on; the others are `missing`."""
        wanted = list(dict.fromkeys(ids))
        with self._tx(write=True) as conn:
            changed = conn.execute(
                "UPDATE jixiao.records SET status = %s, reason = %s WHERE id = ANY(%s)"
                " RETURNING id",
                (status, reason if status != APPROVED else None, wanted),
            ).fetchall()
        done = {r[0] for r in changed}
        return ReviewResult(
            changed=[i for i in wanted if i in done], missing=[i for i in wanted if i not in done]
        )

    # -- reading ---------------------------------------------------------------------------------

    def records(
        self, status: Status | None = None, department: str | None = None
    ) -> list[LibraryRecord]:
        with self._tx() as conn:
            rows = conn.execute(
                f"SELECT {COLUMNS} FROM jixiao.records"
                " WHERE (%s::text IS NULL OR status = %s)"
                " AND (%s::text IS NULL OR department = %s) ORDER BY version",
                (status, status, department, department),
            ).fetchall()
        return [_record(row) for row in rows]

    def get(self, ids: list[str]) -> list[LibraryRecord]:
        with self._tx() as conn:
            rows = conn.execute(
                f"SELECT {COLUMNS} FROM jixiao.records WHERE id = ANY(%s) ORDER BY version",
                (list(ids),),
            ).fetchall()
        return [_record(row) for row in rows]

    def changes(self, since: int) -> tuple[list[LibraryRecord], int]:
        with self._tx() as conn:
            rows = conn.execute(
                f"SELECT {COLUMNS} FROM jixiao.records WHERE version > %s ORDER BY version",
                (since,),
            ).fetchall()
        found = [_record(row) for row in rows]
        return found, max((r.version for r in found), default=since)

    def counts(self) -> dict[tuple[str, str], int]:
        """(department, status) → records this role can see."""
        with self._tx() as conn:
            rows = conn.execute(
                "SELECT department, status, count(*) FROM jixiao.records GROUP BY 1, 2"
            ).fetchall()
        return {(d, s): int(n) for d, s, n in rows}


def _role_exists(conn: psycopg.Connection[Any], role: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is not None


def _record(row: tuple[Any, ...]) -> LibraryRecord:
    rid, dept, table, src_row, data, status, by, at, reviewer, reviewed, reason, version = row
    return LibraryRecord(
        id=rid,
        record=CorpusRecord.model_validate(data),
        department=dept,
        source_table=table,
        source_row=src_row,
        status=status,
        submitted_by=by,
        submitted_at=at,
        reviewer=reviewer,
        reviewed_at=reviewed,
        reason=reason,
        version=version,
    )


def migrations() -> list[tuple[int, str, str]]:
    """The package's migrations (`NNNN_name.sql`), in order: (version, name, SQL)."""
    folder = resources.files("assistant.library") / "migrations"
    found = []
    for item in folder.iterdir():
        stem = item.name.removesuffix(".sql")
        if item.name.endswith(".sql") and stem[:4].isdigit():
            found.append((int(stem[:4]), stem, item.read_text(encoding="utf-8")))
    return sorted(found)
