"""A real PostgreSQL server for the shared library's tests: `initdb` a cluster in a temporary
folder, start it on a free loopback port (Unix socket in the same folder), stop it at the end.

Binaries are looked for on PATH, in /usr/local/bin and /usr/lib/postgresql/*/bin; the tests skip,
saying so, only when there are none. Run as root, the server runs as the `postgres` user (the
server refuses root), with its folder outside pytest's (which root's umask keeps private).
Password authentication over TCP (scram-sha-256), so tests can show a password never leaks.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ADMIN = "jixiao_admin"
ADMIN_PASSWORD = "Adm1n-s3cret-pw"
SKIP_REASON = (
    "未找到 PostgreSQL 程序（initdb、pg_ctl；查找了 PATH、/usr/local/bin、"
    "/usr/lib/postgresql/*/bin），跳过共享指标库的测试"
)


def find_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = [f"/usr/local/bin/{name}", *sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))]
    existing = [c for c in candidates if os.access(c, os.X_OK)]
    return existing[-1] if existing else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    port: int
    root: Path

    def url(self, user: str = ADMIN, password: str = ADMIN_PASSWORD, db: str = "postgres") -> str:
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{db}"

    def admin(self, db: str = "postgres"):  # type: ignore[no-untyped-def]
        import psycopg

        return psycopg.connect(self.url(db=db), autocommit=True)

    def create_database(self) -> str:
        name = f"lib_{uuid.uuid4().hex[:10]}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def create_login(self, name: str, password: str) -> None:
        from psycopg import sql

        with self.admin() as conn:
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(name), sql.Literal(password)
                )
            )


def _run(command: list[str], as_postgres: bool) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if as_postgres else []
    subprocess.run(prefix + command, check=True, capture_output=True, timeout=120)


class Unavailable(Exception):
    """No PostgreSQL server can be started here (the reason is the message)."""


@contextmanager
def running_server() -> Iterator[Server]:
    """A fresh cluster in a temporary folder, started; stopped and removed at the end."""
    initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise Unavailable(SKIP_REASON)
    as_postgres = os.geteuid() == 0
    if as_postgres:
        import pwd

        try:
            pwd.getpwnam("postgres")
        except KeyError:
            raise Unavailable(
                "以 root 运行而系统中没有 postgres 用户（PostgreSQL 服务器不肯以 root 运行）"
            ) from None
    root = Path(tempfile.mkdtemp(prefix="jixiao-pg-"))
    data, sock, log = root / "data", root / "sock", root / "server.log"
    sock.mkdir()
    pwfile = root / "pw"
    pwfile.write_text(ADMIN_PASSWORD + "\n", encoding="utf-8")
    if as_postgres:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
        shutil.chown(pwfile, "postgres")
        root.chmod(0o700)
    port = _free_port()
    _run(
        [
            initdb,
            "-D",
            str(data),
            "-U",
            ADMIN,
            f"--pwfile={pwfile}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ],
        as_postgres,
    )
    options = (
        f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off"
        " -c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
    )
    _run([pg_ctl, "-D", str(data), "-o", options, "-l", str(log), "-w", "start"], as_postgres)
    try:
        yield Server(port, root)
    finally:
        _run([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"], as_postgres)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    try:
        with running_server() as server:
            yield server
    except Unavailable as why:
        pytest.skip(str(why))
