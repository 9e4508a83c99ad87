"""`jixiao parse` and `jixiao convert`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from assistant.cli.app import app
from assistant.tables.formats import formats_help

if TYPE_CHECKING:
    from rich.console import Console

    from assistant.schema import Project, Table

_GOAL_CHARS = 60
FRAMEWORK_NAMES = {
    "legacy": "旧框架（成本指标属产出指标）",
    "2021": "2021 框架（成本指标为一级指标）",
}


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


class FrameworkChoice(StrEnum):
    legacy = "legacy"
    modern = "2021"


@app.command("parse")
def parse_cmd(
    file: Path = typer.Argument(..., help=f"绩效目标表文件：{formats_help('read')}。"),
    fmt: OutputFormat = typer.Option(
        OutputFormat.table,
        "--format",
        "-f",
        help="输出格式：table 为逐项目的可读表格；json 为 JSON（projects 列表），输出到标准输出。",
    ),
) -> None:
    """读取一张绩效目标表，显示其中的项目和绩效指标，并列出未能读取的行及其位置。"""
    from rich.console import Console
    from rich.markup import escape

    from assistant.tables import read_table

    table = read_table(file)
    from assistant.errors import InputError

    if not table.projects and not table.issues:
        raise InputError("表中没有找到任何项目（只有表头或空表）", file=str(file))
    if fmt is OutputFormat.json:
        _print_json(table)
        _print_issues(Console(stderr=True), table)
        return
    console = Console()
    if table.department or table.total is not None:
        total = "" if table.total is None else f"　合计 {table.total:,.2f} 万元"
        console.print(f"[bold]{escape(table.department or '')}[/]{total}", highlight=False)
    for n, project in enumerate(table.projects, start=1):
        _print_project(console, n, project)
    _print_issues(console, table)
    count = sum(len(p.indicators) for p in table.projects)
    measurable = sum(i.annual_value.measurable for p in table.projects for i in p.indicators)
    console.print(
        f"共 [bold]{len(table.projects)}[/] 个项目、[bold]{count}[/] 条绩效指标，"
        f"其中年度指标值可度量 [bold]{measurable}[/] 条。",
        highlight=False,
    )


def _print_json(table: Table) -> None:
    import json
    import sys

    data = {"projects": [p.model_dump(mode="json") for p in table.projects]}
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _money(value: float | None) -> str:
    return "金额未填" if value is None else f"总计 {value:,.2f} 万元"


def _print_project(console: Console, n: int, project: Project) -> None:
    from rich.markup import escape
    from rich.table import Table as RichTable

    goal = project.goal if len(project.goal) <= _GOAL_CHARS else project.goal[:_GOAL_CHARS] + "…"
    console.print(
        f"\n[bold]{n}. {escape(project.name)}[/]　{_money(project.amounts.total)}", highlight=False
    )
    console.print(f"绩效目标：{escape(goal) or '（未填写）'}", highlight=False)
    if not project.indicators:
        console.print("[yellow]（没有绩效指标）[/]")
        return
    grid = RichTable(show_header=True, header_style="bold", show_lines=False)
    for column in ("一级", "二级", "三级指标", "年度值", "实施周期值"):
        grid.add_column(column, overflow="fold")
    grid.add_column("可度量", justify="center")
    for ind in project.indicators:
        grid.add_row(
            ind.level1.removesuffix("指标"),
            ind.level2.removesuffix("指标"),
            escape(ind.name),
            escape(ind.annual_value.as_written()),
            escape(ind.period_value.as_written()) if ind.period_value else "",
            "[green]✓[/]" if ind.annual_value.measurable else "[red]✗[/]",
        )
    console.print(grid)


def _print_issues(console: Console, table: Table) -> None:
    from rich.markup import escape

    if not table.issues:
        return
    console.print(f"\n[yellow]未能读取的行（{len(table.issues)}）：[/]")
    for issue in table.issues:
        console.print(
            f"  - {escape(issue.where())}：{escape(issue.message)}", highlight=False, soft_wrap=True
        )


@app.command("convert")
def convert_cmd(
    source: Path = typer.Argument(..., help=f"要转换的表：{formats_help('read')}。"),
    target: Path = typer.Argument(..., help=f"输出文件，按扩展名：{formats_help('write')}。"),
    framework: FrameworkChoice = typer.Option(
        FrameworkChoice.legacy,
        "--framework",
        help="指标框架：legacy 为旧框架（成本属产出），2021 为财预〔2021〕101号框架（成本为一级）。",
    ),
    force: bool = typer.Option(False, "--force", help="输出文件已存在时直接覆盖。"),
) -> None:
    """把绩效目标表转换为另一种格式，并可改用另一种指标框架。"""
    from rich.console import Console

    from assistant.errors import InputError
    from assistant.tables import read_table, write_table
    from assistant.tables.formats import writer_of

    writer_of(target)  # an unsupported extension fails before the source is read
    from assistant.safe_io import same_file

    if same_file(source, target):
        raise InputError(
            "输出文件不能是输入表本身（转换时未能读取的行会丢失，原表不会被覆盖），请换一个文件名；"
            "--force 也不能覆盖输入表",
            file=str(target),
        )
    if not target.parent.is_dir():
        raise InputError(f"要写入的文件夹「{target.parent}」不存在", file=str(target))
    if target.exists() and not force:
        raise InputError("输出文件已存在；如要覆盖，请加 --force", file=str(target))
    table = read_table(source)
    write_table(table, target, framework.value)
    count = sum(len(p.indicators) for p in table.projects)
    line = (
        f"已转换：{source.name} → {target}，{len(table.projects)} 个项目、{count} 条指标，"
        f"{FRAMEWORK_NAMES[framework.value]}"
    )
    if table.issues:
        line += f"；{len(table.issues)} 行未能读取，可用 jixiao parse {source} 查看"
    Console().print(line + "。", highlight=False, markup=False, soft_wrap=True)
