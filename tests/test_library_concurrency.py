"""8 writer processes × 1,000 submissions against a real PostgreSQL while a reviewer approves and
a third department follows `changes(since)`: no record lost, none duplicated, the change stream
skips nothing, and every approved record is found by a search afterwards."""

from __future__ import annotations

import multiprocessing
import time

from assistant.schema import CorpusRecord
from tests.library_fixtures import DEPT_C, Library

WRITERS = 8
PER_WRITER = 1000
BATCH = 20
# Two writers per department submit the same records in opposite orders: every record is raced.
DEPARTMENTS = [f"并发测试单位{n}" for n in range(WRITERS // 2)]
SUBJECTS = ["网格员培训", "法律援助咨询", "社区矫正走访", "矛盾纠纷排查", "出租屋登记核查"]


def _records(dept_no: int) -> list[CorpusRecord]:
    from assistant.schema import Indicator, IndicatorValue

    out = []
    for k in range(PER_WRITER):
        subject = SUBJECTS[k % len(SUBJECTS)]
        name = f"{subject}人次第{dept_no}单位{k}号"
        out.append(
            CorpusRecord(
                id=f"c{dept_no}-{k}",
                origin="user",
                indicator=Indicator(
                    level1="产出指标",
                    level2="数量指标",
                    name=name,
                    annual_value=IndicatorValue.parse(f"≥{k + 1}人次"),
                ),
                project=f"{DEPARTMENTS[dept_no]}{subject}项目",
                department=DEPARTMENTS[dept_no],
                year=2025,
                source="并发测试",
            )
        )
    return out


def _write(url: str, writer: int, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from assistant.library.postgres import PostgresStore
    from assistant.library.store import Entry, Submission

    dept_no = writer // 2
    records = _records(dept_no)
    if writer % 2:
        records.reverse()
    store = PostgresStore(url)
    added = 0
    for start in range(0, len(records), BATCH):
        chunk = records[start : start + BATCH]
        submission = Submission(
            department=DEPARTMENTS[dept_no],
            source_table=f"writer{writer}.xlsx",
            entries=[Entry(record=r, row=start + n + 1) for n, r in enumerate(chunk)],
        )
        added += store.submit(submission).added
    store.close()
    out.put((writer, added))


def test_racing_writers_and_a_reviewer_lose_nothing(library: Library) -> None:
    from assistant.index import Index
    from assistant.library import as_evidence, changes
    from assistant.library.store import APPROVED, PENDING

    server = library.server
    admin = library.store()
    urls = []
    for n, dept in enumerate(DEPARTMENTS):
        who = f"w{n}"
        server.create_login(library.role(who), library.password(who))
        admin.grant(library.role(who), dept, False)
        urls.append(library.url(who))
    admin.close()

    started = time.monotonic()
    ctx = multiprocessing.get_context("fork")
    results: multiprocessing.Queue = ctx.Queue()  # type: ignore[type-arg]
    writers = [ctx.Process(target=_write, args=(urls[w // 2], w, results)) for w in range(WRITERS)]
    for p in writers:
        p.start()
    reviewer, reader = library.store("reviewer"), library.store("c")
    followed: dict[str, str] = {}
    since, approvals, rounds = 0, 0, 0
    while True:
        running = any(p.is_alive() for p in writers)
        pending = [r.id for r in reviewer.records(PENDING)]
        if pending:
            approvals += len(reviewer.review(pending, APPROVED).changed)
        found, since = changes(since, reader)
        followed |= {r.id: r.status for r in found}
        rounds += 1
        if not running and not pending:
            break
        assert time.monotonic() - started < 110, "the writers did not finish in time"
    for p in writers:
        p.join(timeout=30)
        assert p.exitcode == 0
    added = dict(results.get(timeout=5) for _ in writers)
    found, since = changes(since, reader)
    followed |= {r.id: r.status for r in found}
    elapsed = time.monotonic() - started

    expected = len(DEPARTMENTS) * PER_WRITER
    assert sum(added.values()) == expected  # each record inserted by exactly one of its two writers
    with library.raw("admin") as conn:
        total, distinct, versions, approved = conn.execute(
            "SELECT count(*), count(DISTINCT (department, project, record->'indicator'->>'name',"
            " record->'indicator'->'annual_value'->>'raw')), count(DISTINCT version),"
            " count(*) FILTER (WHERE status = '已入库') FROM jixiao.records"
        ).fetchone()
    assert (total, distinct, versions, approved) == (expected,) * 4
    assert approvals == expected
    # The third department, following the change stream while all this went on, saw every
    # approved record: versions follow commit order, so no poll skipped one.
    assert len(followed) == expected and set(followed.values()) == {APPROVED}, rounds

    held = reviewer.records(APPROVED)
    visible = [as_evidence(r, DEPT_C) for r in held]
    index = Index.build([r for r in visible if r is not None])
    missed = [
        r.record.indicator.name
        for r in held
        if r.id not in {h.record.id for h in index.search(r.record.indicator.name, k=5)}
    ]
    assert missed == []
    reviewer.close()
    reader.close()
    print(f"{WRITERS}×{PER_WRITER} submissions, {approvals} approvals in {elapsed:.1f}s")
