"""Everything a batch run checks and decides before any project is processed: the paths, the
table, the LLM config, the journal (new, or resumed and verified against the input)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assistant.batch.engine import engine_name, engine_notices
from assistant.batch.journal import Journal, JournalHeader, JournalOptions, file_sha256
from assistant.batch.lock import BatchLock, acquire
from assistant.batch.paths import BatchPaths, check_paths, resolve_paths
from assistant.batch.results import ProjectResult
from assistant.errors import InputError
from assistant.llm.config import LLMConfig, load_config
from assistant.schema import Table
from assistant.tables import read_table
from assistant.year_over_year import LastYear, read_last_year

OFFLINE_CONCURRENCY = 1


@dataclass(frozen=True)
class BatchOptions:
    """What the user asked for on the command line."""

    input: Path
    output: Path | None = None
    report: Path | None = None
    model: str | None = None
    api_base: str | None = None
    concurrency: int | None = None
    resume: bool = False
    only_flagged: bool = False
    force: bool = False
    previous: Path | None = None


@dataclass
class BatchPlan:
    """A checked, ready-to-run batch."""

    paths: BatchPaths
    table: Table
    config: LLMConfig
    journal: Journal
    options: JournalOptions
    concurrency: int
    notices: list[str] = field(default_factory=list)
    lock: BatchLock | None = None
    last_year: LastYear | None = None

    def results(self) -> dict[int, ProjectResult]:
        """The latest journalled result of each project that belongs to this table."""
        projects = self.table.projects
        return {
            pos: r
            for pos, r in self.journal.finished().items()
            if pos < len(projects) and projects[pos].name == r.name
        }

    def todo(self) -> list[int]:
        """Positions still to process: never journalled, or journalled with an error (retried)."""
        done = {pos for pos, r in self.results().items() if not r.failed}
        return [pos for pos in range(len(self.table.projects)) if pos not in done]


def _read(path: Path) -> Table:

    table = read_table(path)
    if not table.projects:
        raise InputError(
            "表中没有可识别的项目（需要「项目名称」「绩效目标」「绩效指标」等列）", file=str(path)
        )
    return table


def _concurrency(requested: int | None, config: LLMConfig) -> int:
    if requested is not None and requested < 1:
        raise InputError(f"--concurrency 必须是正整数，收到 {requested}")
    return requested or (config.max_concurrency if config.enabled else OFFLINE_CONCURRENCY)


def _journal(
    paths: BatchPaths, table: Table, options: BatchOptions, run: JournalOptions
) -> tuple[Journal, list[str]]:
    digest = file_sha256(paths.input)
    if options.resume and paths.journal.exists():
        journal = Journal.reopen(paths.journal, digest)
        if journal.header.options != run:
            return journal, [
                f"上次运行的选项（{journal.header.options.describe()}）与本次（{run.describe()}）不同；"
                "已完成的项目保留当时的结果，其余项目按本次选项处理。"
            ]
        return journal, []
    header = JournalHeader(
        input=str(paths.input), input_sha256=digest, projects=len(table.projects), options=run
    )
    notes = ["没有找到可续跑的日志，从头开始。"] if options.resume else []
    return Journal.create(paths.journal, header), notes


def _last_year(options: BatchOptions, paths: BatchPaths, table: Table) -> LastYear | None:
    """Last year's table for the year-over-year findings; never one of the files written."""
    if options.previous is None:
        return None
    if not options.previous.is_file():
        raise InputError("上年的表不存在", file=str(options.previous))
    for target in (paths.output, paths.report, paths.journal):
        if target.resolve() == options.previous.resolve():
            raise InputError(
                "输出文件不能是上年的表（不会覆盖上年的表），请换一个文件名", file=str(target)
            )
    return read_last_year(options.previous, table, force=options.force)


def prepare(options: BatchOptions) -> BatchPlan:
    """Check everything, then open the journal; raises InputError before any work is done."""
    paths = resolve_paths(options.input, options.output, options.report)
    table = _read(paths.input)
    check_paths(paths, resume=options.resume, force=options.force)
    last_year = _last_year(options, paths, table)
    config = load_config(model=options.model, api_base=options.api_base)
    concurrency = _concurrency(options.concurrency, config)
    run = JournalOptions(engine=engine_name(config), only_flagged=options.only_flagged)
    lock = acquire(paths.journal, paths.output)
    try:
        journal, notes = _journal(paths, table, options, run)
    except BaseException:
        lock.release()
        raise
    notices = engine_notices(config) + notes
    return BatchPlan(paths, table, config, journal, run, concurrency, notices, lock, last_year)
