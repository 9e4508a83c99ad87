"""`jixiao refine`: what is wrong with a vague indicator, and measurable rewrites."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from assistant.cli.app import app
from assistant.cli.llm_options import ApiBase, Model, NoCache, Timeout
from assistant.errors import InputError

if TYPE_CHECKING:
    from assistant.index import Index
    from assistant.llm import LLMConfig
    from assistant.schema import Project, Refinement


@app.command("refine")
def refine_cmd(
    text: str | None = typer.Argument(
        None, help="一条指标，如「外来人员融合率：提高融合率」（名称：指标值）。"
    ),
    name: str | None = typer.Option(None, "--name", help="指标名称（代替 TEXT）。"),
    value: str = typer.Option("", "--value", help="指标值（与 --name 一起用）。"),
    level2: str | None = typer.Option(
        None, "--level2", help="二级指标，如 社会效益指标；不填则按名称推断。"
    ),
    amount: str | None = typer.Option(
        None, "--amount", help="项目预算（万元），用于成本指标的上限。"
    ),
    file: Path | None = typer.Option(None, "--file", help="改为完善一张表中所有有问题的指标。"),
    fmt: str = typer.Option("table", "--format", help="输出格式：table 或 json。"),
    model: Model = None,
    api_base: ApiBase = None,
    timeout: Timeout = None,
    no_cache: NoCache = False,
) -> None:
    """指出指标的问题（不可衡量、名称是目标、类别不符……），给出至多 3 条可衡量的改写及依据。"""
    from assistant.cli.draft_cmd import parse_amount_option
    from assistant.cli.output import console
    from assistant.draft.run import llm_config
    from assistant.index import load_index
    from assistant.llm_preload import preload_if_configured
    from assistant.refine import parse_indicator_text, refine_indicator

    if fmt not in ("table", "json"):
        raise InputError(f"不支持的输出格式「{fmt}」，可选：table、json")
    preload_if_configured(model, api_base)  # litellm's import overlaps the offline refinement
    index = load_index(notify=lambda msg: console(stderr=True).print(f"[yellow]{msg}[/]"))
    if file is not None:
        results = refine_table(file, index)
    else:
        source = text if text is not None else (f"{name}：{value}" if name else None)
        if not source:
            raise InputError('请给出要完善的指标，例如：jixiao refine "外来人员融合率：提高融合率"')
        from assistant.schema import Amounts, Project

        indicator = parse_indicator_text(source, level2)
        budget = parse_amount_option(amount)
        project = (
            Project(name="（单条指标）", amounts=Amounts(total=budget))
            if budget is not None
            else None
        )
        results = [(project, refine_indicator(indicator, project, index))]
    cfg = llm_config(model, api_base, timeout)
    if cfg is not None:
        results = _with_llm(results, index, cfg, not no_cache)
    if fmt == "json":
        payload = [_json(r) for _, r in results]
        print(
            json.dumps(
                payload[0] if file is None else {"indicators": payload},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for project, refinement in results:
            _print(refinement, project.name if project and file is not None else None)


Refined = list[tuple["Project | None", "Refinement"]]


def _with_llm(results: Refined, index: Index, cfg: LLMConfig, use_cache: bool) -> Refined:
    """Every refinement redone by the model, concurrently; an item that fails keeps its offline result."""
    import asyncio

    from assistant.llm import amap_limited
    from assistant.refine.llm import arefine_llm

    async def one(item: tuple[Project | None, Refinement]) -> Refinement:
        return await arefine_llm(item[1], item[0], index, cfg, use_cache=use_cache)

    done = asyncio.run(amap_limited(one, results, cfg.max_concurrency))
    return [
        (p, r if not isinstance(r, Exception) else old)
        for (p, old), r in zip(results, done, strict=True)
    ]


def _json(refinement: Refinement) -> dict[str, object]:
    return {
        "indicator": refinement.original.name,
        "findings": [f.model_dump() for f in refinement.findings],
        "rewrites": [
            s.model_dump(
                mode="json",
                include={
                    "level1",
                    "level2",
                    "name",
                    "annual_value",
                    "period_value",
                    "basis",
                    "explanation",
                    "reason",
                    "evidence",
                    "engine",
                },
            )
            for s in refinement.rewrites
        ],
        "notices": refinement.notices,
    }


def _print(refinement: Refinement, project: str | None) -> None:
    from rich.markup import escape
    from rich.table import Table

    from assistant.batch.review import NO_EVIDENCE
    from assistant.cli.output import console, evidence_text, finding_line

    out = console()
    ind = refinement.original
    where = f"{project} · " if project else ""
    head = f"{where}{ind.name}"
    out.print(
        f"\n[bold]{escape(head)}[/]：{escape(ind.annual_value.raw or '（无指标值）')}  [dim]{ind.level1}/{ind.level2}[/]"
    )
    for f in refinement.findings:
        out.print("  " + finding_line(f))
    for notice in refinement.notices:
        out.print(f"  [yellow]{escape(notice)}[/]")
    if not refinement.rewrites:
        return
    table = Table(title="建议改写", title_justify="left", show_lines=True, expand=True)
    table.add_column("指标名称", ratio=2, overflow="fold")
    table.add_column("年度指标值", no_wrap=True)
    table.add_column("说明", ratio=2, overflow="fold")
    table.add_column("来源（真实指标）", ratio=3, overflow="fold")
    for s in refinement.rewrites:
        ev = "；".join(evidence_text(e) for e in s.evidence[:2]) or NO_EVIDENCE
        table.add_row(
            *(
                escape(x)
                for x in (
                    s.name,
                    s.annual_value.text(),
                    s.reason or s.explanation or s.basis or "",
                    ev,
                )
            )
        )
    out.print(table)


def refine_table(file: Path, index: Index) -> list[tuple[Project | None, Refinement]]:
    """Refine every indicator of a table that has an error or warning finding."""
    from assistant.checks import check_project
    from assistant.refine import refine_indicator
    from assistant.refine.project import flagged
    from assistant.tables import read_table

    out: list[tuple[Project | None, Refinement]] = []
    for project in read_table(file).projects:
        report = check_project(project)
        out += [
            (project, refine_indicator(project.indicators[i], project, index))
            for i in flagged(project, report)
        ]
    return out
