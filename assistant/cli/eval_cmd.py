"""`jixiao eval`: leave-one-project-out evaluation of drafting, with two baselines."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from assistant.cli.app import app

if TYPE_CHECKING:
    from rich.table import Table

    from assistant.evaluation import Report

LABELS = {"draft": "起草", "most_similar": "基线·最相似项目", "template": "基线·通用模板"}


@app.command("eval")
def eval_cmd(
    limit: int = typer.Option(0, "--limit", help="只评估前 N 个项目（0 = 全部）。"),
    output: Path = typer.Option(
        Path("eval-report.json"), "-o", "--output", help="结果 JSON 文件，便于比较多次运行。"
    ),
    embed_model: str | None = typer.Option(
        None, "--embed-model", help="向量检索模型（本地路径或名称）。"
    ),
) -> None:
    """逐个隐去指标库中的真实项目，用其名称和目标起草，再与作者原本写的指标比较。"""
    from rich.progress import Progress

    from assistant.cli.output import console
    from assistant.corpus import load_shipped
    from assistant.evaluation import evaluate, real_projects
    from assistant.index import Index

    out = console()
    records = load_shipped()
    index = Index.build(records, embed_model=embed_model)
    projects = real_projects(records)
    if limit:
        projects = projects[:limit]
    with Progress(transient=True, console=out) as progress:
        task = progress.add_task("评估中", total=len(projects))
        report = evaluate(index, projects, progress=lambda _: progress.advance(task))
    output.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    out.print(f"匹配规则：{report.match}；共 {len(projects)} 个项目")
    if report.match_dense:
        out.print(f"嵌入匹配：{report.match_dense}")
    out.print(_overall(report))
    draft, baseline = report.overall["draft"], report.overall["most_similar"]
    if baseline.recall:
        out.print(f"起草召回率是「最相似项目」基线的 {draft.recall / baseline.recall:.2f} 倍")
    out.print(_quality(report))
    out.print(_by_sector(report))
    out.print(f"结果已写入 {output}")


def _overall(report: Report) -> Table:
    from rich.table import Table

    dense = report.overall["draft"].recall_dense is not None
    table = Table(title="全部项目（各项为每份草稿的平均）", title_justify="left")
    columns = (
        "方法",
        "召回率",
        *(("嵌入召回率",) if dense else ()),
        "可衡量",
        "类别覆盖",
        "有依据",
        "错误",
        "警告",
        "条数",
    )
    for col in columns:
        table.add_column(col, justify="left" if col == "方法" else "right", no_wrap=True)
    for method, s in report.overall.items():
        recalls = [f"{s.recall:.1%}", *([f"{s.recall_dense or 0.0:.1%}"] if dense else [])]
        table.add_row(
            LABELS[method],
            *recalls,
            f"{s.measurable:.1%}",
            f"{s.coverage:.0%}",
            f"{s.evidence:.0%}",
            f"{s.errors:.2f}",
            f"{s.warnings:.2f}",
            f"{s.size:.1f}",
        )
    return table


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.1%}"


def _quality(report: Report) -> Table:
    """Figures one number cannot game: filler, other kinds, slots, vague lines, goal facts kept,
    relevant evidence; overall and on the two halves."""
    from rich.table import Table

    table = Table(
        title="草稿质量（填充、他类、空位越低越好；事实保留、引用相关越高越好）",
        title_justify="left",
    )
    for col in ("范围", "方法", "填充", "他类", "待填写", "含糊", "事实保留", "引用相关"):
        table.add_column(col, justify="left" if col in ("范围", "方法") else "right", no_wrap=True)
    groups = {"全部": report.overall, **report.splits}
    for group, methods in groups.items():
        for method, s in methods.items():
            table.add_row(
                group,
                LABELS[method],
                _pct(s.filler),
                _pct(s.other_kind),
                _pct(s.slots),
                _pct(s.vague),
                _pct(s.facts_kept),
                _pct(s.relevance),
            )
    return table


def _by_sector(report: Report) -> Table:
    from rich.table import Table

    table = Table(title="分行业召回率", title_justify="left")
    table.add_column("行业")
    table.add_column("项目数", justify="right")
    for method in LABELS:
        table.add_column(LABELS[method], justify="right", no_wrap=True)
    for sector, rows in report.by_sector.items():
        table.add_row(
            sector, str(rows["draft"].projects), *(f"{rows[m].recall:.1%}" for m in LABELS)
        )
    return table
