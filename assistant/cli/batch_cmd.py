"""`jixiao batch`: a whole table checked, rewritten and completed, with a progress bar; Ctrl-C
stops cleanly and `--resume` carries on."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from assistant.cli.app import app
from assistant.cli.llm_options import ApiBase, Model
from assistant.tables.formats import formats_help

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from assistant.batch import BatchOptions, BatchPlan, ProjectResult
    from assistant.batch.summary import BatchFigures
    from assistant.index import Index

INTERRUPTED = 130


@app.command("batch")
def batch_cmd(
    file: Path = typer.Argument(..., help=f"部门的绩效目标表：{formats_help('read')}。"),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="审核工作簿（.xlsx）；默认与输入同目录的「<表名>-审核.xlsx」。"
    ),
    report: Path | None = typer.Option(
        None,
        "--report",
        help="报告（.html 或 .md）；默认与审核工作簿同目录的「<表名>-报告.html」。",
    ),
    model: Model = None,
    api_base: ApiBase = None,
    concurrency: int | None = typer.Option(
        None, "--concurrency", help="同时处理的项目数；默认离线 1，大模型按配置。"
    ),
    resume: bool = typer.Option(
        False, "--resume", help="接着上次中断的处理继续；已完成的项目不再处理。"
    ),
    only_flagged: bool = typer.Option(
        False, "--only-flagged", help="只为有错误或警告的项目生成建议（其余项目照样检查和写出）。"
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help="覆盖已有的输出文件，并丢弃旧日志从头开始；与上年比较时，部门不同也照样比较。",
    ),
    previous: Path | None = typer.Option(
        None,
        "--previous",
        help="上年的表：报告中加上与上年的比较（目标降低、指标删去、预算变化、项目增减）。",
    ),
) -> None:
    """批量审核整张表：逐项目打分，改写含糊的指标，补全缺少的类别，写出审核工作簿和报告；可中断续跑。"""
    from assistant.batch import BatchOptions, abandon, prepare
    from assistant.cli.output import console
    from assistant.llm_preload import preload_if_configured

    options = BatchOptions(
        input=file,
        output=output,
        report=report,
        model=model,
        api_base=api_base,
        concurrency=concurrency,
        resume=resume,
        only_flagged=only_flagged,
        force=force,
        previous=previous,
    )
    err = console(stderr=True)
    preload_if_configured(
        model, api_base
    )  # litellm's import overlaps reading the table and the index
    plan = prepare(options)
    try:
        figures, interrupted = _run(plan, err)
    except BaseException:
        abandon(plan)
        raise
    _print_outcome(plan, figures, err)
    if interrupted:
        err.print(
            f"[yellow]已中断：{figures.processed} / {len(figures.projects)} 个项目已完成并写出。接着处理：[/]",
            highlight=False,
        )
        err.print(f"  {resume_command(options, plan)}", highlight=False, markup=False)
        raise typer.Exit(INTERRUPTED)


class BatchProgress:
    """The progress bar: projects done of all, failures, elapsed and remaining time."""

    def __init__(self, err: Console, total: int, done: int) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.failed = 0
        self.bar: Progress = Progress(
            SpinnerColumn(),
            TextColumn("批量审核"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("失败 {task.fields[failed]}"),
            TextColumn("用时"),
            TimeElapsedColumn(),
            TextColumn("剩余"),
            TimeRemainingColumn(),
            console=err,
        )
        self.task = self.bar.add_task("", total=total, completed=done, failed=0)

    def advance(self, result: ProjectResult) -> None:
        from rich.markup import escape

        self.failed += result.failed
        self.bar.update(self.task, advance=1, failed=self.failed)
        if result.failed:
            self.bar.console.print(
                f"[red]✗ {escape(result.name)}：{escape(result.error or '')}[/]", highlight=False
            )
        from assistant.refine.project import AMOUNT_NOTICE

        for notice in result.suggestions.notices if result.suggestions else []:
            if notice.startswith(AMOUNT_NOTICE):
                self.bar.console.print(f"[yellow]! {escape(notice)}[/]", highlight=False)

    def stopping(self, requests: int) -> None:
        if requests == 1:
            self.bar.console.print(
                "[yellow]正在停止：等进行中的项目完成后保存（再按一次 Ctrl-C 立即停止）…[/]"
            )
        elif requests == 2:
            self.bar.console.print("[yellow]立即停止：放弃进行中的项目，保存已完成的部分…[/]")


def _run(plan: BatchPlan, err: Console) -> tuple[BatchFigures, bool]:
    from rich.markup import escape

    from assistant.batch import Stop, close, execute, write_outputs

    for notice in plan.notices:
        err.print(f"[yellow]提示：{escape(notice)}[/]", highlight=False)
    todo = plan.todo()
    total = len(plan.table.projects)
    err.print(
        f"{escape(str(plan.paths.input))}：{total} 个项目，已完成 {total - len(todo)}，本次处理 {len(todo)}。",
        highlight=False,
    )
    interrupted = False
    if todo:
        index = _load_index(err)
        progress = BatchProgress(err, total, total - len(todo))
        with progress.bar:
            interrupted = execute(
                plan, index, on_result=progress.advance, stop=Stop(progress.stopping)
            )
    with err.status("正在写出审核工作簿和报告…"):
        figures = write_outputs(plan)
    close(plan, figures)
    return figures, interrupted


def _load_index(err: Console) -> Index:
    from rich.markup import escape

    from assistant.index import load_index

    with err.status("正在加载指标库…"):
        return load_index(
            notify=lambda msg: err.print(f"[yellow]{escape(msg)}[/]", highlight=False)
        )


def _print_outcome(plan: BatchPlan, figures: BatchFigures, err: Console) -> None:
    from assistant.cli.output import console

    out = console()
    average = figures.average_score
    out.print(
        f"已写出：审核工作簿 {plan.paths.output}\n        报告 {plan.paths.report}",
        highlight=False,
        markup=False,
    )
    out.print(
        f"{figures.processed} 个项目，平均 {average:.1f} 分；错误 {figures.count('error')}、"
        f"警告 {figures.count('warning')}、提示 {figures.count('hint')}；"
        f"建议修改 {figures.rewrites} 条、建议新增 {figures.additions} 条。"
        if average is not None
        else f"{figures.processed} 个项目已处理。",
        highlight=False,
    )
    from rich.markup import escape

    styles = {"error": "red", "warning": "yellow", "hint": "cyan"}
    for f in figures.table_findings:
        style = styles[f.severity]
        err.print(f"[{style}]{f.code} 全表：{escape(f.message)}[/]", highlight=False)
    for issue in figures.table.issues:  # as check prints them (also in the 读取问题 sheet)
        err.print(f"[yellow]⚠ 未能读取：{escape(issue.where())}：{escape(issue.message)}[/]")
    if figures.empty:
        err.print(
            f"[red]其中 {figures.empty} 个项目没有任何指标（记 0 分）；若原表有指标，多半是表格没有读对。[/]",
            highlight=False,
        )
    if figures.failed:
        err.print(
            f"[red]{figures.failed} 个项目处理失败（原因见报告和「项目汇总」）；加 --resume 重新运行可重试这些项目。[/]",
            highlight=False,
        )


def _quote(value: object) -> str:
    text = str(value)
    return f'"{text}"' if re.search(r'[\s"\'&|;<>()$`]', text) else text


def resume_command(options: BatchOptions, plan: BatchPlan) -> str:
    """The command that carries on where this run stopped."""
    parts = [
        "jixiao",
        "batch",
        _quote(plan.paths.input),
        "-o",
        _quote(plan.paths.output),
        "--report",
        _quote(plan.paths.report),
        "--resume",
    ]
    if options.only_flagged:
        parts.append("--only-flagged")
    if options.model:
        parts += ["--model", _quote(options.model)]
    if options.api_base:
        parts += ["--api-base", _quote(options.api_base)]
    if options.concurrency:
        parts += ["--concurrency", str(options.concurrency)]
    if options.previous:
        parts += ["--previous", _quote(options.previous)]
        parts += ["--force"] if options.force else []  # two departments compared (--resume first)
    return " ".join(parts)
