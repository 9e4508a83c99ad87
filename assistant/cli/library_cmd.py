"""`jixiao library init|grant|submit|review|stats|export|sync`: the users' indicator library,
shared on PostgreSQL when `[library] url` (JIXIAO_LIBRARY_URL) is set, else the embedded one."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from assistant.cli.app import library_app
from assistant.errors import InputError
from assistant.tables.formats import formats_help

if TYPE_CHECKING:
    from assistant.library.postgres import PostgresStore
    from assistant.library.store import LibraryRecord, LibraryStore, Status

EXPORT_SUFFIXES = (".jsonl",)


def _store() -> LibraryStore:
    from assistant.library import open_store

    return open_store()


def _shared(store: LibraryStore, command: str) -> PostgresStore:
    from assistant.library.postgres import PostgresStore

    if not isinstance(store, PostgresStore):
        raise InputError(
            f"jixiao library {command} 用于共享指标库：请在配置 [library] url 或环境变量 "
            "JIXIAO_LIBRARY_URL 中给出 postgresql://… 地址"
        )
    return store


def _ids(values: list[str] | None) -> list[str]:
    """IDs given as repeated options, each possibly a comma- or space-separated list."""
    out: list[str] = []
    for value in values or []:
        out += [v for v in value.replace("，", ",").replace(",", " ").split() if v]
    return out


@library_app.command("init")
def init_cmd() -> None:
    """创建或升级共享指标库（数据库中的 jixiao 模式、角色与行级权限），可重复运行；由管理员运行。"""
    store = _store()
    try:
        applied = store.init()
        if store.kind == "embedded":
            typer.echo(f"本机指标库无需初始化（{store.where()}）；共享指标库请设置 [library] url")
            return
        version = _shared(store, "init").schema_version()
    finally:
        store.close()
    if applied:
        typer.echo(f"已初始化共享指标库（{store.where()}）：应用了 {'、'.join(applied)}")
    else:
        typer.echo(f"共享指标库已是最新（第 {version} 版，{store.where()}）")


@library_app.command("grant")
def grant_cmd(
    role: str = typer.Argument(..., help="数据库登录角色（每个单位一个，各自设密码）。"),
    department: str = typer.Option(None, "--department", help="该角色为哪个单位报送。"),
    reviewer: bool = typer.Option(False, "--reviewer", help="授予审核权（不能审核本单位的报送）。"),
) -> None:
    """登记数据库角色：为哪个单位报送（--department）和 / 或审核权（--reviewer）；由管理员运行。"""
    if department is not None and not department.strip():
        raise InputError("--department 不能为空")
    store = _shared(_store(), "grant")
    try:
        created = store.grant(role, department.strip() if department else None, reviewer)
    finally:
        store.close()
    rights = "、".join(
        x
        for x in (f"为「{department}」报送" if department else "", "审核" if reviewer else "")
        if x
    )
    typer.echo(f"已登记角色 {role}：{rights}")
    if created:
        typer.echo(
            f"角色 {role} 原先不存在，已创建（可登录、尚无密码）：请数据库管理员为它设置密码"
            f"（psql 中 \\password {role}）"
        )


def _department(store: LibraryStore, given: str | None, table_department: str | None) -> str:
    """The department a submission is for: the role's (a shared library decides), else the
    option, the settings, the table's own."""
    from assistant.library.postgres import PostgresStore

    registered = store.department()
    if isinstance(store, PostgresStore) and not store.bypasses_security():
        if registered is None:
            raise InputError(
                f"数据库角色 {store.user()} 尚未登记单位，不能报送：请管理员运行 "
                f"jixiao library grant {store.user()} --department 单位名称"
            )
        if given and given != registered:
            raise InputError(
                f"数据库角色 {store.user()} 登记的单位是「{registered}」，不能为「{given}」报送"
            )
        return registered
    chosen = given or registered or table_department
    if not chosen:
        raise InputError(
            "不知道这张表属于哪个单位：请用 --department 指定，或在配置中设置 [library] department"
        )
    return chosen


@library_app.command("submit")
def submit_cmd(
    file: Path = typer.Argument(..., help=f"要报送的绩效目标表（{formats_help('read')}）。"),
    department: str = typer.Option(
        None, "--department", help="报送单位；共享指标库以数据库角色登记的单位为准。"
    ),
) -> None:
    """把一张表的指标报送到指标库：共享指标库中为「待审核」，本机指标库中直接入库；重复报送不会重复。"""
    from assistant.library.store import submission_of
    from assistant.tables import read_table

    table = read_table(file)
    store = _store()
    try:
        dept = _department(store, department.strip() if department else None, table.department)
        submission = submission_of(table, dept, file.name)
        if not submission.entries:
            raise InputError("表中没有可报送的指标", file=str(file))
        result = store.submit(submission)
    finally:
        store.close()
    shared = store.kind != "embedded"
    state = "待审核" if shared else "已入库"
    where = f"共享指标库（{store.where()}）" if shared else store.where()
    line = f"已报送 {result.added} 条指标（{dept}，{state}）到{where}"
    if result.known:
        line += f"；另有 {result.known} 条已报送过，未重复报送"
    typer.echo(line)


def _row(r: LibraryRecord) -> list[str]:
    ind = r.record.indicator
    when = r.submitted_at.strftime("%Y-%m-%d %H:%M") if r.submitted_at else ""
    return [
        r.id,
        r.department,
        r.record.project or "",
        ind.level2,
        ind.name,
        ind.annual_value.raw,
        r.status,
        r.reason or "",
        f"{r.source_table}" + (f" 第{r.source_row}行" if r.source_row else ""),
        r.submitted_by,
        when,
    ]


HEADER = ["编号", "单位", "项目", "二级指标", "指标名称", "指标值", "状态", "退回理由"]
HEADER += ["出处", "报送人", "报送时间"]


@library_app.command("review")
def review_cmd(
    approve: list[str] = typer.Option(
        None, "--approve", metavar="编号", help="通过（入库）这些记录；可写多次或用逗号分隔。"
    ),
    send_back: list[str] = typer.Option(
        None, "--return", metavar="编号", help="退回这些记录（须同时写 --reason）。"
    ),
    reason: str = typer.Option(None, "--reason", help="退回的理由（报送单位会看到）。"),
    all_of: str = typer.Option(None, "--all-of", help="通过该单位全部待审核的记录。"),
    department: str = typer.Option(None, "--department", help="只列出该单位的待审核记录。"),
) -> None:
    """审核共享指标库：不带参数时列出待审核的记录（以制表符分隔）；--approve 通过，--return 加 --reason 退回。"""
    from assistant.library.store import APPROVED, PENDING, RETURNED

    approving, returning = _ids(approve), _ids(send_back)
    if returning and not (reason or "").strip():
        raise InputError("退回记录须写明理由：--reason 理由")
    if reason and not returning:
        raise InputError("--reason 只和 --return 一起使用")
    both = set(approving) & set(returning)
    if both:
        raise InputError(f"同一条记录不能既通过又退回：{'、'.join(sorted(both))}")
    store = _shared(_store(), "review")
    try:
        if not (approving or returning or all_of):
            pending = store.records(PENDING, department)
            if not pending:
                typer.echo("没有待审核的记录")
                return
            typer.echo("\t".join(HEADER))
            for r in pending:
                typer.echo("\t".join(_row(r)))
            typer.echo(f"共 {len(pending)} 条待审核", err=True)
            return
        if not store.is_reviewer() and not store.bypasses_security():
            raise InputError(
                f"数据库角色 {store.user()} 没有审核权（管理员可用 library grant --reviewer 授予）"
            )
        if all_of:
            approving += [r.id for r in store.records(PENDING, all_of.strip())]
            if not approving and not returning:
                raise InputError(f"「{all_of}」没有待审核的记录")
        lines, refused = [], []
        for ids, status, why in ((approving, APPROVED, None), (returning, RETURNED, reason)):
            if not ids:
                continue
            result = store.review(ids, status, why)
            if result.changed:
                lines.append(
                    f"已{'通过' if status == APPROVED else '退回'} {len(result.changed)} 条"
                )
            refused += _refusals(store, result.missing)
    finally:
        store.close()
    for line in lines:
        typer.echo(line)
    if refused:
        raise InputError("以下记录未能审核：\n" + "\n".join(f"  {x}" for x in refused))


def _refusals(store: PostgresStore, missing: list[str]) -> list[str]:
    """Why each record could not be decided on: unknown, or the reviewer's own department."""
    if not missing:
        return []
    found = {r.id: r for r in store.get(missing)}
    own = store.department()
    out = []
    for rid in missing:
        record = found.get(rid)
        if record is None:
            out.append(f"{rid}：没有这条记录（或无权查看）")
        elif own is not None and record.department == own:
            out.append(f"{rid}：不能审核本单位（{own}）报送的记录")
        else:
            out.append(f"{rid}：无权审核")
    return out


@library_app.command("stats")
def stats_cmd() -> None:
    """统计指标库：各单位待审核、已入库、退回的记录数（只计本角色能看到的）。"""
    from rich.table import Table

    from assistant.cli.output import console
    from assistant.library.store import STATUSES

    store = _store()
    try:
        counts = store.counts()
        where = store.where()
    finally:
        store.close()
    out = console()
    total = Counter[str]()
    for (_, status), n in counts.items():
        total[status] += n
    typer.echo(
        f"{where}：共 {sum(total.values())} 条记录（"
        + "，".join(f"{s} {total[s]} 条" for s in STATUSES)
        + "）"
    )
    if not counts:
        return
    table = Table(show_header=True)
    table.add_column("单位")
    for status in STATUSES:
        table.add_column(status, justify="right")
    for dept in sorted({d for d, _ in counts}):
        table.add_row(dept, *(str(counts.get((dept, s), 0)) for s in STATUSES))
    out.print(table)


@library_app.command("export")
def export_cmd(
    output: Path = typer.Option(
        ...,
        "-o",
        "--output",
        help=f"输出文件：.jsonl（含状态与出处）或表格（{formats_help('write')}）。",
    ),
    status: str = typer.Option(
        "已入库", "--status", help="导出哪种状态的记录：已入库、待审核、退回或 全部。"
    ),
    force: bool = typer.Option(False, "--force", help="输出文件已存在时直接覆盖。"),
) -> None:
    """导出指标库中的记录：.jsonl 每行一条（含单位、状态、出处、版本），表格按单位与项目排列。"""
    from assistant.library.store import STATUSES
    from assistant.safe_io import atomic_write_text
    from assistant.tables import write_table
    from assistant.tables.formats import suffixes

    if status != "全部" and status not in STATUSES:
        raise InputError(f"--status 只能是 {'、'.join(STATUSES)} 或 全部，收到「{status}」")
    suffix = output.suffix.lower()
    if suffix not in EXPORT_SUFFIXES and suffix not in suffixes("write"):
        raise InputError(
            f"不支持导出为「{output.suffix or '无扩展名'}」：可用 .jsonl 或 {formats_help('write')}",
            file=str(output),
        )
    if not output.parent.is_dir():
        raise InputError("要写入的文件夹不存在", file=str(output.parent))
    if output.exists() and not force:
        raise InputError("输出文件已存在；如要覆盖，请加 --force", file=str(output))
    store = _store()
    try:
        chosen: Status | None = None if status == "全部" else status  # type: ignore[assignment]
        records = store.records(chosen)
    finally:
        store.close()
    if suffix == ".jsonl":
        atomic_write_text(output, "".join(r.model_dump_json() + "\n" for r in records))
    else:
        write_table(as_table(records), output)
    typer.echo(f"已导出 {len(records)} 条记录（{status}）：{output}")


def as_table(records: list[LibraryRecord]):  # type: ignore[no-untyped-def]
    """The records as one table: a project per (department, year, project)."""
    from assistant.schema import Amounts, Project, Table

    projects: dict[tuple[str, int | None, str], Project] = {}
    for r in records:
        c = r.record
        key = (r.department, c.year, c.project or "（未注明项目）")
        if key not in projects:
            projects[key] = Project(
                name=key[2],
                department=r.department,
                year=c.year,
                amounts=Amounts(total=c.amount),
                goal=c.goal or "",
            )
        projects[key].indicators.append(c.indicator)
    return Table(projects=list(projects.values()))


@library_app.command("sync")
def sync_cmd() -> None:
    """把共享指标库中本单位可引用的记录更新到本机副本（起草时也会自动更新），并显示版本号。"""
    from assistant.library import refresh_snapshot, visible_records

    store = _shared(_store(), "sync")
    try:
        held = refresh_snapshot(store)
        usable = visible_records(store=store)
    finally:
        store.close()
    version = max((r.version for r in held), default=0)
    typer.echo(
        f"本机副本已更新到版本 {version}：共 {len(held)} 条记录，其中起草可引用 {len(usable)} 条"
    )
