"""`jixiao eval`: leave-one-project-out evaluation of drafting, with two baselines."""

from __future__ import annotations

from pathlib import Path

import typer

from assistant.cli.app import app

LABELS = {"draft": "起草", "most_similar": "基线：照搬最相似项目", "template": "基线：固定通用模板"}


@app.command("eval")
def eval_cmd(
    limit: int = typer.Option(0, "--limit", help="只评估前 N 个项目（0 = 全部）。"),
    output: Path = typer.Option(Path("eval-report.json"), "-o", "--output", help="结果 JSON 文件，便于比较多次运行。"),
    embed_model: str = typer.Option(None, "--embed-model", help="向量检索模型（本地路径或名称）。"),
) -> None:
    """逐个隐去指标库中的真实项目，用其名称和目标起草，再与作者原本写的指标比较。"""
    from rich.progress import Progress
    from rich.table import Table

    from assistant.cli.output import console
    from assistant.corpus import load_corpus
    from assistant.evaluation import evaluate, real_projects
    from assistant.index import Index

    out = console()
    records = load_corpus(include_user=False)
    index = Index.build(records, embed_model=embed_model)
    projects = real_projects(records)
    if limit:
        projects = projects[:limit]
    with Progress(transient=True, console=out) as progress:
        task = progress.add_task("评估中", total=len(projects))
        report = evaluate(index, projects, progress=lambda _: progress.advance(task))
    output.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    out.print(f"匹配规则：{report.match}；共 {len(projects)} 个项目")
    for title, rows in [("全部", report.overall), *report.by_sector.items()]:
        table = Table(title=title, title_justify="left")
        for col in ("方法", "项目数", "召回率", "可衡量", "类别覆盖", "有依据", "错误/稿", "警告/稿", "条数/稿"):
            table.add_column(col, justify="right" if col != "方法" else "left")
        for method, s in rows.items():
            table.add_row(LABELS[method], str(s.projects), f"{s.recall:.1%}", f"{s.measurable:.1%}",
                          f"{s.coverage:.1%}", f"{s.evidence:.1%}", f"{s.errors:.2f}", f"{s.warnings:.2f}", f"{s.size:.1f}")
        out.print(table)
    out.print(f"结果已写入 {output}")
