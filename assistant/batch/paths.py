"""Where a batch run reads and writes, and the checks made before any work starts.

The workbook defaults to `<input stem>-审核.xlsx` beside the input; the report to
`<input stem>-报告.html` beside the workbook; the journal is `<output stem>.journal.jsonl` beside
the workbook.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from assistant.batch.journal import journal_path
from assistant.errors import InputError

OUTPUT_SUFFIXES = (".xlsx",)
REPORT_SUFFIXES = (".html", ".htm", ".md")


@dataclass(frozen=True)
class BatchPaths:
    input: Path
    output: Path
    report: Path
    journal: Path


def resolve_paths(
    input_path: Path, output: Path | None = None, report: Path | None = None
) -> BatchPaths:
    out = output or input_path.with_name(f"{input_path.stem}-审核.xlsx")
    rep = report or out.with_name(f"{input_path.stem}-报告.html")
    return BatchPaths(input_path, out, rep, journal_path(out))


def _check_suffixes(paths: BatchPaths) -> None:
    if paths.output.suffix.lower() not in OUTPUT_SUFFIXES:
        raise InputError(
            "输出文件须为 Excel 工作簿（.xlsx），例如 -o 审核结果.xlsx", file=str(paths.output)
        )
    if paths.report.suffix.lower() not in REPORT_SUFFIXES:
        raise InputError("报告须为 .html 或 .md，例如 --report 报告.html", file=str(paths.report))


def _check_distinct(paths: BatchPaths) -> None:
    source = paths.input.resolve()
    for target in (paths.output, paths.report, paths.journal):
        if target.resolve() == source:
            raise InputError(
                "输出文件不能是输入表本身（不会覆盖原表），请换一个文件名", file=str(target)
            )
    if paths.output.resolve() == paths.report.resolve():
        raise InputError("审核工作簿和报告不能是同一个文件", file=str(paths.output))


def check_writable(path: Path) -> None:
    """The folder exists and a file can be created in it (tried with a temporary file)."""
    folder = path.parent
    if not folder.is_dir():
        raise InputError(f"输出目录不存在：{folder}", file=str(path))
    if path.is_dir():
        raise InputError("这是一个目录，请给出文件名", file=str(path))
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".jixiao-", suffix=".tmp"):
            pass
    except OSError as err:
        raise InputError(
            f"无法在目录「{folder}」中写入文件（{err.strerror or err}）", file=str(path)
        ) from None


def check_paths(paths: BatchPaths, *, resume: bool, force: bool) -> None:
    """Refuse, with a Chinese message, anything that would fail or lose work later."""
    _check_suffixes(paths)
    _check_distinct(paths)
    for target in (paths.output, paths.report):
        check_writable(target)
    resuming = resume and paths.journal.exists()
    if paths.journal.exists() and not resume and not force:
        raise InputError(
            "发现上次未完成的批量处理日志；加 --resume 接着处理，或加 --force 丢弃日志重新开始",
            file=str(paths.journal),
        )
    for target in (paths.output, paths.report):
        if target.exists() and not (force or resuming):
            raise InputError(
                "输出文件已存在；加 --force 覆盖，或用 -o/--report 换一个文件名", file=str(target)
            )
