"""`jixiao web [FILE]`: the terminal interface in a browser (textual-serve is imported only when run)."""

from __future__ import annotations

from pathlib import Path

import typer

from assistant.cli.app import app
from assistant.errors import InputError


@app.command("web")
def web_cmd(
    file: Path = typer.Argument(
        None, help="要打开的绩效目标表（.txt/.xlsx/.csv/.json）；不填则从空白开始。"
    ),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="监听地址；默认只允许本机访问，0.0.0.0 向局域网开放（需令牌）。"
    ),
    port: int = typer.Option(8017, "--port", help="端口。"),
    no_open: bool = typer.Option(False, "--no-open", help="不自动打开浏览器。"),
) -> None:
    """浏览器界面：与 jixiao tui 相同的审阅界面，导出的表会作为下载送到浏览器。"""
    if file is not None and not file.is_file():
        raise InputError("文件不存在", file=str(file))
    from tui.web import serve

    serve(str(file) if file is not None else None, host=host, port=port, open_browser=not no_open)
