"""`jixiao tui [FILE]`: the terminal interface (Textual is imported only when the command runs)."""

from __future__ import annotations

from pathlib import Path

import typer

from assistant.cli.app import app
from assistant.errors import InputError


@app.command("tui")
def tui_cmd(
    file: Path = typer.Argument(None, help="要打开的绩效目标表（.txt/.xlsx/.csv/.json）；不填则从空白开始。"),
) -> None:
    """终端界面：逐条接受 / 编辑 / 拒绝建议，提要求，导出结果表。"""
    if file is not None and not file.is_file():
        raise InputError("文件不存在", file=str(file))
    from tui.app import run

    run(str(file) if file is not None else None)
