"""`jixiao corpus build|stats|add|list|remove`: the indicator library."""

from __future__ import annotations

from pathlib import Path

import typer

from assistant.cli.app import corpus_app
from assistant.tables.formats import formats_help

DEFAULT_DATA = Path("../shared/data")


@corpus_app.command("build")
def build(
    data: Path = typer.Option(
        DEFAULT_DATA, "--data", help="原始数据目录（种子表、indicators.jsonl、library.jsonl）。"
    ),
    out: Path | None = typer.Option(None, "--out", help="输出目录，默认为随软件提供的 corpus/。"),
) -> None:
    """从原始数据重新构建随软件提供的指标库。"""
    from rich.console import Console

    from assistant.corpus import build_corpus
    from assistant.resources import shipped

    manifest = build_corpus(data, out or shipped("corpus"))
    Console().print(
        f"已构建指标库：{manifest['records']} 条指标（{origin_counts(manifest['by_origin'])}）"
    )


def origin_counts(by_origin: dict[str, int]) -> str:
    """`种子表 73 条、公开绩效表 457 条、共性指标库 210 条`."""
    from assistant.schema import ORIGIN_LABELS

    return "、".join(f"{ORIGIN_LABELS.get(k, k)} {n} 条" for k, n in by_origin.items())


@corpus_app.command("stats")
def stats_cmd(
    user: bool = typer.Option(True, "--user/--no-user", help="是否包含用户自己加入的指标。"),
) -> None:
    """按类别、行业、来源、可衡量性统计指标库。"""
    from rich.console import Console
    from rich.table import Table

    from assistant.corpus import stats
    from assistant.library import load_corpus

    records = load_corpus(include_user=user)
    console = Console()
    console.print(f"指标库共 [bold]{len(records)}[/] 条指标")
    for title, counter in stats(records).items():
        table = Table(title=title, show_header=True, title_justify="left")
        table.add_column(title)
        table.add_column("条数", justify="right")
        table.add_column("占比", justify="right")
        total = sum(counter.values()) or 1
        for key, count in counter.most_common(15):
            table.add_row(key, str(count), f"{count / total:.1%}")
        console.print(table)
    measurable = stats(records)["可衡量"]
    share = measurable["可衡量"] / max(1, sum(measurable.values()))
    console.print(
        f"真实项目指标中年度指标值可衡量的比例：[bold]{share:.1%}[/]（共性指标库条目不计，它们多无取值）"
    )


@corpus_app.command("add")
def add(
    file: Path = typer.Argument(..., help=f"自己的历史绩效目标表（{formats_help('read')}）。"),
) -> None:
    """把自己的历史表加入用户指标库，之后的检索与起草都会用到。"""
    from rich.console import Console

    from assistant.corpus import add_user_table

    count, stored, known = add_user_table(file)
    if count == 0:
        Console().print(f"这张表的 {known} 条指标已在用户指标库中（{stored}），没有重复加入")
    elif known:
        Console().print(
            f"已加入 {count} 条新指标到用户指标库（{stored}）；另有 {known} 条已在库中，未重复加入"
        )
    else:
        Console().print(f"已加入 {count} 条指标到用户指标库（{stored}）")


@corpus_app.command("list")
def list_cmd() -> None:
    """列出用户指标库中自己的指标（加入的历史表、导出时接受和编辑过的指标），每行一条、以制表符分隔，编号供 remove 使用。"""
    from assistant.corpus import user_entries

    entries = user_entries()
    if not entries:
        typer.echo(
            "用户指标库还是空的：导出时接受和编辑过的指标、用 corpus add 加入的表会加入这里。"
        )
        return
    typer.echo(
        "\t".join(("编号", "项目", "一级指标", "二级指标", "指标名称", "指标值", "来源", "文件"))
    )
    for n, entry in enumerate(entries, 1):
        r, ind = entry.record, entry.record.indicator
        cells = (r.project or "", ind.level1, ind.level2, ind.name, ind.annual_value.raw, r.source)
        typer.echo("\t".join((str(n), *cells, entry.file.name)))


@corpus_app.command("remove")
def remove_cmd(
    numbers: list[int] = typer.Argument(
        ..., metavar="编号...", help="要删除的指标编号（见 jixiao corpus list），可写多个。"
    ),
) -> None:
    """从用户指标库删除自己的指标（按项目、名称和指标值，各文件中相同的一并删除）；随软件提供的指标库不受影响。"""
    from assistant.cli.output import console
    from assistant.corpus import remove_user_records, user_entries
    from assistant.errors import InputError

    entries = user_entries()
    wrong = [n for n in numbers if not 1 <= n <= len(entries)]
    if wrong:
        known = f"现有编号为 1–{len(entries)}" if entries else "用户指标库是空的"
        raise InputError(
            f"没有编号为 {'、'.join(map(str, wrong))} 的指标（{known}，见 jixiao corpus list）"
        )
    removed = remove_user_records(entries[n - 1].record for n in numbers)
    console().print(f"已从用户指标库删除 {removed} 条指标")
