"""`jixiao check`'s one-pass table report (issue 20) prints exactly what the Rich layout printed:
same lines, same padding, at any width; unusual text falls back to Rich project by project."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from assistant.checks import check_project
from assistant.cli import check_cmd
from assistant.schema import Amounts, Indicator, Project, Table
from assistant.tables import read_table
from assistant.values import parse_value

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _render(table: Table, width: int, *, fast: bool, color: bool = False) -> str:
    buffer = io.StringIO()
    real = Console

    def fixed(**kwargs: Any) -> Console:
        return real(
            file=buffer,
            width=width,
            force_terminal=color,
            color_system="truecolor" if color else None,
            **kwargs,
        )

    import rich.console as check_cmd_console

    check_cmd_console.Console = fixed  # type: ignore[assignment,misc]
    try:
        reports = [check_project(p) for p in table.projects]
        check_cmd._print_reports(
            table, reports, sum(not p.indicators for p in table.projects), [], fast=fast
        )
    finally:
        check_cmd_console.Console = real  # type: ignore[misc]
    return buffer.getvalue()


def _odd_table() -> Table:
    long_name = "某某区" + "非常长的项目名称" * 12
    inds = [
        Indicator.from_text(
            level1="产出指标",
            level2="数量指标",
            name="提高 服务 水平 and some english words here",
            annual_value=parse_value("提高"),
        ),
        Indicator.from_text(
            level1="产出指标",
            level2="质量指标",
            name="名称\t带制表符",
            annual_value=parse_value("≥95%"),
        ),
        Indicator.from_text(
            level1="效益指标",
            level2="社会效益指标",
            name="换行\n名称",
            annual_value=parse_value("明显"),
        ),
        Indicator.from_text(
            level1="满意度指标",
            level2="服务对象满意度指标",
            name="[bold]方括号[/]",
            annual_value=parse_value("≥90%"),
        ),
    ]
    return Table(
        projects=[
            Project(name="短", amounts=Amounts(total=1.0), goal="g", indicators=inds[:1]),
            Project(name=long_name, amounts=Amounts(total=5.0), goal="", indicators=inds),
            Project(
                name="方括号[red]项目[/red]",
                amounts=Amounts(total=2.0),
                goal="目标",
                indicators=inds[3:],
            ),
            Project(name="无指标", amounts=Amounts(total=2.0), goal="目标"),
        ]
    )


@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
def test_seed_report_is_unchanged(seed_path: Path, width: int) -> None:
    table = read_table(seed_path)
    assert _render(table, width, fast=True) == _render(table, width, fast=False)


@pytest.mark.parametrize("width", [30, 41, 80, 120])
def test_unusual_text_is_unchanged(width: int) -> None:
    table = _odd_table()
    assert _render(table, width, fast=True) == _render(table, width, fast=False)


def test_colours_are_kept(seed_path: Path) -> None:
    table = read_table(seed_path)
    fast, rich = (
        _render(table, 100, fast=True, color=True),
        _render(table, 100, fast=False, color=True),
    )
    assert "\x1b[" in fast
    assert _ANSI.sub("", fast) == _ANSI.sub("", rich)
    for code in ("\x1b[1;31m", "\x1b[33m", "\x1b[36m", "\x1b[2m"):  # error, warning, hint, dim
        assert (code in fast) == (code in rich), code


_text = st.text(
    alphabet=st.sampled_from(list("指标名称提高率 ab,.;：、（）%≥≤0123456789—「」[]\\")),
    min_size=1,
    max_size=90,
)


@settings(max_examples=60, deadline=None)
@given(names=st.lists(_text, min_size=1, max_size=4), project=_text, width=st.integers(40, 130))
def test_any_names_any_width(names: list[str], project: str, width: int) -> None:
    inds = [
        Indicator.from_text(
            level1="产出指标",
            level2="数量指标",
            name=n.strip() or "x",
            annual_value=parse_value("提高"),
        )
        for n in names
    ]
    table = Table(
        projects=[
            Project(
                name=project.strip() or "p", amounts=Amounts(total=1.0), goal="", indicators=inds
            )
        ]
    )
    assert _render(table, width, fast=True) == _render(table, width, fast=False)
