"""`jixiao draft`: a complete indicator set for a new project, with evidence."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from assistant.cli.app import app
from assistant.cli.llm_options import ApiBase, Model, NoCache, Timeout
from assistant.errors import InputError
from assistant.tables.formats import formats_help, suffixes

if TYPE_CHECKING:
    pass

# --format values written to a file only (json is also printed): the writable extensions
FILE_FORMATS = tuple(s.lstrip(".") for s in suffixes("write") if s != ".json")
OUTPUT_FORMATS = ("table", "json", *FILE_FORMATS)


def parse_amount_option(text: str | None) -> float | None:
    """A budget given on the command line (see `values.parse_budget`)."""
    from assistant.values import parse_budget

    return parse_budget(text, example="--amount 16")


def _check_range(option: str, label: str, value: int, field: str) -> None:
    """An option outside the request's bounds, named with the allowed range."""
    from assistant.draft.request import DraftRequest

    bounds = {type(m).__name__: m for m in DraftRequest.model_fields[field].metadata}
    low = getattr(bounds.get("Ge"), "ge", None)
    high = getattr(bounds.get("Le"), "le", None)
    if (low is not None and value < low) or (high is not None and value > high):
        raise InputError(f"{option} 是{label}，允许 {low}–{high}，收到 {value}")


@app.command("draft")
def draft_cmd(
    name: str = typer.Option(..., "--name", help="项目名称。"),
    goal: str = typer.Option("", "--goal", help="项目描述或绩效目标（一句话或一段）。"),
    amount: str | None = typer.Option(
        None, "--amount", help="预算金额，单位万元，例如 16 或 1,989.76。"
    ),
    department: str | None = typer.Option(None, "--department", help="部门名称。"),
    sector: str | None = typer.Option(
        None, "--sector", help="行业 / 领域，例如 教育、卫生健康、政法。"
    ),
    years: int = typer.Option(1, "--years", help="实施周期（年）。"),
    year: int | None = typer.Option(None, "--year", help="预算年度。"),
    framework: str = typer.Option(
        "legacy", "--framework", help="指标框架：legacy（成本在产出下）或 2021（成本为一级指标）。"
    ),
    count: int | None = typer.Option(None, "-n", "--count", help="指标条数（6–12），默认 10。"),
    fmt: str = typer.Option(
        "table",
        "--format",
        help=f"输出格式：table（屏幕）、json、{'/'.join(FILE_FORMATS)}（需 -o）。",
    ),
    output: Path | None = typer.Option(
        None, "-o", "--output", help=f"输出文件（{formats_help('write')}）。"
    ),
    model: Model = None,
    api_base: ApiBase = None,
    timeout: Timeout = None,
    no_cache: NoCache = False,
    force: bool = typer.Option(False, "--force", help="输出文件已存在时直接覆盖。"),
    embed_model: str | None = typer.Option(
        None, "--embed-model", help="向量检索模型（本地路径或名称）；不填则用纯词法检索。"
    ),
    kind: list[str] = typer.Option(
        None,
        "--type",
        metavar="<类型>",
        help="项目类型（键或中文名，可写两次），如 training 或 培训；不填则自动识别。",
    ),
    assign: list[str] = typer.Option(
        None,
        "--set",
        metavar="<名称=值>",
        help="填写待填写的数值：名称=值，可写多次，如 --set 培训人次=300。",
    ),
) -> None:
    """为新项目起草一套完整、可衡量的绩效指标，每条都注明依据的真实指标。"""
    from assistant.cli.output import console, print_draft, write_draft
    from assistant.draft import make_request
    from assistant.draft.run import run_draft
    from assistant.index import load_index
    from assistant.llm_preload import preload_if_configured

    _check_range("--years", "实施周期（年）", years, "years")
    request = make_request(
        name=name,
        goal=goal,
        amount=parse_amount_option(amount),
        department=department,
        sector=sector,
        years=years,
        year=year,
        framework=framework,
        count=count,
        types=kind or None,
    )
    from assistant.draft.slots import fill_slots, parse_assignments

    assignments = parse_assignments(assign or [])
    if fmt not in OUTPUT_FORMATS:
        raise InputError(f"不支持的输出格式「{fmt}」，可选：{'、'.join(OUTPUT_FORMATS)}")
    if output is not None and not output.parent.is_dir():
        raise InputError(f"要写入的文件夹「{output.parent}」不存在", file=str(output))
    if output is not None and output.is_dir():
        raise InputError("这是一个文件夹，请给出文件名", file=str(output))
    if output is not None and output.exists() and not force:
        raise InputError("输出文件已存在；如要覆盖，请加 --force", file=str(output))
    preload_if_configured(
        model, api_base
    )  # litellm's import overlaps the index and the offline draft
    err = console(stderr=True)
    index = load_index(embed_model=embed_model, notify=lambda msg: err.print(f"[yellow]{msg}[/]"))
    draft = run_draft(
        request, index, model=model, api_base=api_base, timeout=timeout, use_cache=not no_cache
    )
    if assignments:
        draft = fill_slots(draft, assignments)
    if output is not None:
        write_draft(draft, request, output)
        err.print(f"已写出：{output}")
    elif fmt in FILE_FORMATS:
        raise InputError(f"--format {fmt} 需要用 -o 指定输出文件")
    if fmt == "json":
        print(draft.model_dump_json(indent=2))
    elif output is None or fmt == "table":
        print_draft(draft)
