"""`jixiao check`: every project of a table checked, scored and reported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from assistant.cli.app import app
from assistant.cli.llm_options import ApiBase, Model, NoCache, Timeout
from assistant.errors import InputError
from assistant.tables.formats import formats_help

if TYPE_CHECKING:
    from rich.console import Console

    from assistant.checks import ProjectReport
    from assistant.schema import Finding, Project, Table

FORMATS = ("table", "json")
FAIL_LEVELS = {"error": ("error",), "warning": ("error", "warning")}
_STYLE = {"error": ("✖", "bold red"), "warning": ("⚠", "yellow"), "hint": ("ℹ", "cyan")}


@app.command(
    "check",
    help="检查绩效指标表：逐个项目打分（0–100），列出指标值不可衡量、名称不当、类别不符、"
    "与预算不一致、缺少类别等问题，并给出具体改法。配置了大模型（或加 --model）时，规则检查之后"
    "再请大模型审核：目标支撑度、他类指标、核心指标缺失、指标值合理性。",
)
def check(
    file: Path = typer.Argument(..., help=f"要检查的绩效目标表（{formats_help('read')}）"),
    fmt: str = typer.Option("table", "--format", "-f", help="输出格式：table（彩色报告）或 json"),
    fail_on: str | None = typer.Option(
        None,
        "--fail-on",
        help="有该级别或更严重的问题时以退出码 1 结束：error 或 warning；不设则总是返回 0",
    ),
    model: Model = None,
    api_base: ApiBase = None,
    timeout: Timeout = None,
    no_cache: NoCache = False,
    previous: Path | None = typer.Option(
        None, "--previous", help="上年的表：与上年比较（目标降低、指标删去、预算变化、项目增减）。"
    ),
    force: bool = typer.Option(False, "--force", help="与上年比较时，两张表的部门不同也照样比较。"),
) -> None:
    if fmt not in FORMATS:
        raise InputError(f"--format 只能是 {' 或 '.join(FORMATS)}，收到「{fmt}」")
    if fail_on is not None and fail_on not in FAIL_LEVELS:
        raise InputError(f"--fail-on 只能是 {' 或 '.join(FAIL_LEVELS)}，收到「{fail_on}」")
    from assistant.checks import check_project, check_table
    from assistant.tables import read_table

    table = read_table(file)
    if not table.projects:
        raise InputError("表中没有找到任何项目", file=str(file))
    reports = [check_project(project) for project in table.projects]
    overall = check_table(table)
    if previous is not None:
        from assistant.year_over_year import compare, read_last_year

        last = read_last_year(previous, table, force=force)
        reports, yearly = compare(table, last.table, reports)
        overall = [*overall, *yearly]
    reports = _model_review(table, reports, model, api_base, timeout, not no_cache)
    if fmt == "json":
        payload = {
            "table_findings": [f.model_dump() for f in overall],
            "projects": [report.model_dump() for report in reports],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        _print_reports(table, reports, sum(not p.indicators for p in table.projects), overall)
    if fail_on is not None and _has_level(reports, overall, FAIL_LEVELS[fail_on]):
        raise typer.Exit(1)


def _model_review(
    table: Table,
    reports: list[ProjectReport],
    model: str | None,
    api_base: str | None,
    timeout: float | None,
    use_cache: bool,
) -> list[ProjectReport]:
    """With a model configured (flag, environment or config file), its review added to each report."""
    import asyncio

    from assistant.draft.run import llm_config

    cfg = llm_config(model, api_base, timeout)
    if cfg is None:
        return reports
    from rich.console import Console
    from rich.markup import escape

    from assistant.index import load_index
    from assistant.model_review import areview_table

    err = Console(stderr=True, highlight=False)
    index = load_index(notify=lambda msg: err.print(f"[yellow]{escape(msg)}[/]"))
    reviewed, notices = asyncio.run(
        areview_table(table.projects, reports, index, cfg, use_cache=use_cache)
    )
    for notice in notices:
        err.print(f"[yellow]提示：{escape(notice)}[/]")
    return reviewed


def _has_level(
    reports: list[ProjectReport], overall: list[Finding], levels: tuple[str, ...]
) -> bool:
    found = [*overall, *(f for report in reports for f in report.findings)]
    return any(f.severity in levels for f in found)


def _print_reports(
    table: Table,
    reports: list[ProjectReport],
    empty: int,
    overall: list[Finding],
    *,
    fast: bool = True,
) -> None:
    """The report in one pass (`check_report`); `fast=False` lays every project out with Rich
    (the reference the fast writer matches, and its fallback for unusual text)."""
    from rich.console import Console
    from rich.markup import escape

    from assistant.cli.check_report import FastReport

    console = Console(highlight=False)
    for issue in table.issues:
        console.print(f"[yellow]⚠ 未能读取：{issue.where()}：{issue.message}[/]")
    for f in overall:
        icon, colour = _STYLE[f.severity]
        hint = f"\n   [dim]→{escape(f.hint)}[/]" if f.hint else ""
        console.print(f"[{colour}]{icon} {f.code}[/] 全表：{escape(f.message)}{hint}")
    writer = None
    if fast:
        try:
            writer = FastReport(console, _STYLE, _score_style, _groups, _print_project)
        except (
            ImportError,
            AttributeError,
        ):  # another Rich without the helpers used: its own layout
            writer = None
    for project, report in zip(table.projects, reports, strict=True):
        if writer is not None:
            writer.project(project, report)
        else:
            _print_project(console, project, report)
    if writer is not None:
        writer.flush()
    _print_total(console, reports, empty)


def _score_style(score: int) -> str:
    return "green" if score >= 85 else "yellow" if score >= 60 else "red"


def _print_project(console: Console, project: Project, report: ProjectReport) -> None:
    from rich.markup import escape
    from rich.rule import Rule
    from rich.table import Table as Grid

    style = _score_style(report.score)
    console.print(
        Rule(f"[bold]{escape(report.name)}[/]  [{style}]{report.score} 分[/]", align="left")
    )
    console.print(f"[{style}]{escape(report.summary)}[/]")
    for title, findings in _groups(project, report.findings):
        console.print(f"  [bold]{escape(title)}[/]")
        grid = Grid.grid(padding=(0, 1))
        grid.add_column(width=2)
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for f in findings:
            icon, colour = _STYLE[f.severity]
            hint = f"\n[dim]→{escape(f.hint)}[/]" if f.hint else ""
            grid.add_row("", f"[{colour}]{icon} {f.code}[/]", escape(f.message) + hint)
        console.print(grid)
    console.print()


def _groups(project: Project, findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Project-level findings first, then each indicator's in table order."""
    from assistant.checks.checker import project_level

    names = dict.fromkeys(ind.name for ind in project.indicators)
    groups = [("项目整体", project_level(findings, names))]
    groups += [(f"指标「{name}」", [f for f in findings if f.indicator == name]) for name in names]
    return [(title, items) for title, items in groups if items]


def _print_total(console: Console, reports: list[ProjectReport], empty: int) -> None:
    counts = {sev: sum(f.severity == sev for r in reports for f in r.findings) for sev in _STYLE}
    mean = round(sum(r.score for r in reports) / len(reports))
    console.print(
        f"[bold]共 {len(reports)} 个项目，平均 {mean} 分；"
        f"[red]错误 {counts['error']}[/]，[yellow]警告 {counts['warning']}[/]，"
        f"[cyan]提示 {counts['hint']}[/][/]"
    )
    if empty:
        console.print(
            f"[bold red]其中 {empty} 个项目没有任何指标（记 0 分）；若原表有指标，多半是表格没有读对。[/]"
        )
