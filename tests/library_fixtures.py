"""A fresh shared library for one test: a database of its own on the session's server
(tests/pg_server.py), initialised by its administrator, with login roles for two departments, a
third that only drafts, a reviewer, and a reviewer who also submits for department A."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from assistant.library.postgres import PostgresStore
from tests.pg_server import Server

DEPT_A, DEPT_B, DEPT_C = "区委政法委", "区司法局", "区民政局"


@dataclass
class Library:
    server: Server
    db: str
    prefix: str

    def url(self, who: str = "admin") -> str:
        if who == "admin":
            return self.server.url(db=self.db)
        return self.server.url(self.role(who), self.password(who), self.db)

    def role(self, who: str) -> str:
        return f"{self.prefix}_{who}"

    @staticmethod
    def password(who: str) -> str:
        return f"S3cret-{who}-pw"

    def store(self, who: str = "admin") -> PostgresStore:
        return PostgresStore(self.url(who))

    def raw(self, who: str):  # type: ignore[no-untyped-def]
        """A plain psycopg connection as `who`, for SQL the tool itself never sends."""
        import psycopg

        return psycopg.connect(self.url(who), autocommit=True)


ROLES: dict[str, tuple[str | None, bool]] = {
    "a": (DEPT_A, False),
    "b": (DEPT_B, False),
    "c": (DEPT_C, False),
}
ROLES |= {"reviewer": (None, True), "reviewer_a": (DEPT_A, True)}


@pytest.fixture
def library(pg_server: Server) -> Iterator[Library]:
    pytest.importorskip("psycopg")
    db = pg_server.create_database()
    lib = Library(pg_server, db, db)
    admin = lib.store()
    admin.init()
    for who, (dept, reviewer) in ROLES.items():
        pg_server.create_login(lib.role(who), lib.password(who))
        admin.grant(lib.role(who), dept, reviewer)
    admin.close()
    yield lib


def use(monkeypatch: pytest.MonkeyPatch, lib: Library, who: str) -> None:
    """Point the tool at the shared library as `who` (JIXIAO_LIBRARY_URL)."""
    monkeypatch.setenv("JIXIAO_LIBRARY_URL", lib.url(who))
