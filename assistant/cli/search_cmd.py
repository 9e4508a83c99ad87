"""`jixiao search`: find real indicators, or similar projects with their indicator sets."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer

from assistant.cli.app import app
from assistant.errors import InputError

if TYPE_CHECKING:
    from assistant.index import Hit, Index, ProjectHit
    from assistant.schema import CorpusRecord

FORMATS = ("table", "json")


def _record_json(r: CorpusRecord) -> dict[str, Any]:
    ind = r.indicator
    return {
        "id": r.id,
        "name": ind.name,
        "level1": ind.level1,
        "level2": ind.level2,
        "value": ind.annual_value.raw,
        "project": r.project,
        "department": r.department,
        "region": r.region,
        "year": r.year,
        "sector": r.sector,
        "source": r.source,
    }


def hit_json(hit: Hit) -> dict[str, Any]:
    return {**_record_json(hit.record), "score": round(hit.score, 4)}


def project_json(p: ProjectHit) -> dict[str, Any]:
    return {
        "project": p.project,
        "department": p.department,
        "sector": p.sector,
        "year": p.year,
        "score": round(p.score, 4),
        "indicators": [_record_json(r) for r in p.records],
    }


def _mode(index: Index) -> str:
    return f"词法 + 向量（{index.embed_model}）" if index.dense_enabled else "词法（BM25）"


def _short(label: str) -> str:
    return label.removesuffix("指标")


def _print_hits(hits: list[Hit], index: Index) -> None:
    from rich.markup import escape
    from rich.table import Table

    from assistant.cli.output import console
    from assistant.schema import origin_place

    table = Table(show_lines=True, expand=True, caption=f"检索方式：{_mode(index)}")
    table.add_column("#", justify="right")
    table.add_column("指标名称 · 出处", ratio=5, overflow="fold")
    table.add_column("类别", ratio=1, min_width=8, overflow="fold")
    table.add_column("指标值", ratio=1, min_width=8, overflow="fold")
    table.add_column("得分", justify="right")
    for n, h in enumerate(hits, 1):
        r, ind = h.record, h.record.indicator
        where = " · ".join(
            str(x) for x in (origin_place(r.origin, r.project), r.department, r.year) if x
        )
        cell = f"[bold]{escape(ind.name)}[/]\n{escape(where)}\n[dim]{escape(r.source)}[/]"
        table.add_row(
            str(n),
            cell,
            f"{_short(ind.level1)}/{_short(ind.level2)}",
            escape(ind.annual_value.raw or "—"),
            f"{h.score:.3f}",
        )
    console().print(table)


def _print_projects(projects: list[ProjectHit], index: Index) -> None:
    from rich.markup import escape
    from rich.table import Table

    from assistant.cli.output import console

    out = console()
    for n, p in enumerate(projects, 1):
        about = "，".join(str(x) for x in (p.department, p.sector, p.year) if x)
        table = Table(
            title=escape(f"{n}. {p.project}（{about}） 得分 {p.score:.3f}"),
            title_justify="left",
            expand=True,
        )
        for col, ratio in (("二级指标", 1), ("指标名称", 3), ("年度指标值", 1)):
            table.add_column(col, ratio=ratio, overflow="fold")
        for r in p.records:
            table.add_row(
                _short(r.indicator.level2),
                escape(r.indicator.name),
                escape(r.indicator.annual_value.raw or "—"),
            )
        out.print(table)
    out.print(f"[dim]检索方式：{_mode(index)}[/]")


@app.command("search")
def search(
    query: str = typer.Argument(
        ..., help="检索词：指标名称；加 --similar-projects 时为项目名称或描述。"
    ),
    k: int = typer.Option(10, "-k", "--top", min=1, max=500, help="返回条数。"),
    level1: str | None = typer.Option(
        None, "--level1", help="只看该一级指标，如 产出指标、效益、满意度。"
    ),
    level2: str | None = typer.Option(
        None, "--level2", help="只看该二级指标，如 数量指标、质量、时效、成本。"
    ),
    sector: str | None = typer.Option(None, "--sector", help="行业（部分匹配），如 卫生、政法。"),
    region: str | None = typer.Option(None, "--region", help="地区（部分匹配），如 广州、四川。"),
    year: int | None = typer.Option(None, "--year", help="预算年度，如 2024。"),
    measurable_only: bool = typer.Option(
        False, "--measurable-only", help="只看年度指标值可衡量的指标。"
    ),
    fmt: str = typer.Option("table", "--format", help="输出格式：table（表格）或 json。"),
    embed_model: str | None = typer.Option(
        None, "--embed-model", help="向量模型（本地路径或名称；none 为纯词法）。"
    ),
    similar_projects: bool = typer.Option(
        False, "--similar-projects", help="改为查找相似项目及其整套指标。"
    ),
) -> None:
    """在指标库（随软件提供的真实指标与自己加入的历史表）中检索指标或相似项目。"""
    from assistant.cli.output import console
    from assistant.index import SearchFilters, load_index

    if fmt not in FORMATS:
        raise InputError(f"不支持的输出格式「{fmt}」，可选：{'、'.join(FORMATS)}")
    if not query.strip():
        raise InputError("检索词为空")
    filters = SearchFilters(
        level1=level1,
        level2=level2,
        sector=sector,
        region=region,
        year=year,
        measurable_only=measurable_only,
    )
    err = console(stderr=True)
    index = load_index(
        embed_model=embed_model, notify=lambda msg: err.print(f"[yellow]提示：{msg}[/]")
    )
    if similar_projects:
        projects = index.similar_projects(query, k=k, filters=filters)
        _emit(
            fmt,
            {"projects": [project_json(p) for p in projects]},
            projects,
            lambda: _print_projects(projects, index),
            f"没有找到与「{query}」相似的项目",
        )
    else:
        hits = index.search(query, k=k, filters=filters)
        _emit(
            fmt,
            {"hits": [hit_json(h) for h in hits]},
            hits,
            lambda: _print_hits(hits, index),
            f"没有找到与「{query}」相符的指标",
        )


def _emit(
    fmt: str, payload: dict[str, Any], found: list[Any], show: Callable[[], None], empty: str
) -> None:
    from assistant.cli.output import console

    if fmt == "json":
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    elif found:
        show()
    if not found:
        from rich.markup import escape

        console(stderr=fmt == "json").print(
            f"[yellow]{escape(empty)}（可放宽筛选条件或换个说法）[/]"
        )
