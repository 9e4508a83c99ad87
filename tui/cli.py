"""The commands the interface brings to `jixiao`: `tui` and `web`. They are registered through the
entry-point group `jixiao.commands` (pyproject.toml), so the library never imports the interface;
Textual and textual-serve are imported only when a command runs."""

from __future__ import annotations

from pathlib import Path

import typer

from assistant.errors import InputError
from assistant.tables.formats import formats_help

TABLE_HELP = f"要打开的绩效目标表（{formats_help('read')}）；不填则从空白开始。"
PREVIOUS_HELP = (
    "上年的表：与上年比较（目标降低、指标删去、预算变化、项目增减），结果列在各项目的问题中。"
)
FORCE_HELP = "与上年比较时，两张表的部门不同也照样比较。"


def _previous(previous: Path | None, path: str | None, force: bool) -> str | None:
    """Last year's table, checked here so that bad input stops before the screen opens."""
    if previous is None:
        return None
    if path is None:
        raise InputError("与上年比较（--previous）需要同时给出今年的表")
    if not previous.is_file():
        raise InputError("上年的表不存在", file=str(previous))
    from assistant.tables import read_table
    from assistant.year_over_year import read_last_year

    read_last_year(previous, read_table(Path(path)), force=force)
    return str(previous)


def _table(file: Path | None) -> str | None:
    """The table to open, refused here (exit 2) when it is missing or of a kind not read."""
    from assistant.tables.formats import suffixes, unsupported_message

    if file is not None and not file.is_file():
        raise InputError("文件不存在", file=str(file))
    if file is not None and file.suffix.lower() not in suffixes("read"):
        raise InputError(unsupported_message(file.suffix, "read"), file=str(file))
    return str(file) if file is not None else None


def tui_cmd(
    file: Path | None = typer.Argument(None, help=TABLE_HELP),
    previous: Path | None = typer.Option(None, "--previous", help=PREVIOUS_HELP),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
) -> None:
    """终端界面：逐条接受 / 编辑 / 拒绝建议，提要求，导出结果表。"""
    path = _table(file)
    last = _previous(previous, path, force)
    from tui.app import run

    run(path, previous=last)


def web_cmd(
    file: Path | None = typer.Argument(None, help=TABLE_HELP),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="监听地址；默认只允许本机访问，0.0.0.0 向局域网开放（需令牌）。"
    ),
    port: int = typer.Option(8017, "--port", help="端口。"),
    no_open: bool = typer.Option(False, "--no-open", help="不自动打开浏览器。"),
    previous: Path | None = typer.Option(None, "--previous", help=PREVIOUS_HELP),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
) -> None:
    """浏览器界面：与 jixiao tui 相同的审阅界面，导出的表会作为下载送到浏览器。"""
    path = _table(file)
    last = _previous(previous, path, force)
    from tui.web import serve

    serve(path, host=host, port=port, open_browser=not no_open, previous=last)


def register(app: typer.Typer) -> None:
    """Add the interface's commands to the `jixiao` command."""
    app.command("tui")(tui_cmd)
    app.command("web")(web_cmd)
