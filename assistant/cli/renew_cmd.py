"""`jixiao renew`: last year's table becomes this year's, with a report that accounts for every
indicator."""

from __future__ import annotations

from pathlib import Path

import typer

from assistant.cli.app import app
from assistant.errors import InputError
from assistant.tables.formats import formats_help


@app.command("renew")
def renew_cmd(
    last: Path = typer.Argument(..., help=f"上年的绩效目标表（{formats_help('read')}）。"),
    output: Path = typer.Option(
        ..., "-o", "--output", help=f"今年的表（{formats_help('write')}）。"
    ),
    year: int | None = typer.Option(
        None, "--year", help="今年的预算年度；不填则为上年表格的年度 + 1。"
    ),
    report: Path | None = typer.Option(
        None, "--report", help="续编说明（.md），逐条列出保留、修正、待填写、待处理和新增。"
    ),
    force: bool = typer.Option(False, "--force", help="输出文件已存在时直接覆盖。"),
) -> None:
    """把上年的绩效目标表续编为今年的：逐条保留、机械修正（方向、年份）、把每年不同的数量改为待填写，
    有问题的给出改写建议但不自动采用，缺的类别按项目类型补上。上年的表不作任何改动。"""
    from assistant.cli.output import console
    from assistant.index import load_index
    from assistant.renew import STATUS_LABELS, renew_table, report_markdown
    from assistant.safe_io import atomic_write_text, same_file
    from assistant.tables import read_table, write_table

    for target in (output, report):
        if target is None:
            continue
        if same_file(target, last):
            raise InputError(
                "输出文件就是上年的表：续编从不改动上年的表，请换一个文件名", file=str(target)
            )
        if target.exists() and not force:
            raise InputError("输出文件已存在；如要覆盖，请加 --force", file=str(target))
    table = read_table(last)
    if not table.projects:
        raise InputError("表中没有找到任何项目", file=str(last))
    err = console(stderr=True)
    renewal = renew_table(
        table, load_index(notify=lambda msg: err.print(f"[yellow]{msg}[/]")), year
    )
    write_table(renewal.table(table), output)
    if report is not None:
        text = report_markdown(renewal, last.name)
        atomic_write_text(report, text)
    counts = renewal.counts()
    summary = "，".join(f"{STATUS_LABELS[k]} {v} 条" for k, v in counts.items())
    err.print(
        f"{len(renewal.projects)} 个项目续编为 {renewal.year} 年（{renewal.year_source}）：{summary}"
    )
    err.print(f"已写出：{output}" + (f"；续编说明：{report}" if report else ""))
