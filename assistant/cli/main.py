"""Entry point: registers the command modules and turns JixiaoError into one Chinese line."""

from __future__ import annotations

import sys

from assistant.cli import commands  # noqa: F401  (registers every command on `app`)
from assistant.cli.app import DEBUG, app
from assistant.errors import JixiaoError


def run() -> None:
    try:
        code = app(standalone_mode=False)
    except JixiaoError as err:
        _fail(err.user_message())
    except KeyboardInterrupt:
        _fail("已中断。已完成的工作已保存。", code=130)
    except SystemExit:
        raise
    except Exception as err:  # noqa: BLE001 - last resort: never a bare traceback
        kind = type(err).__name__
        if kind == "Exit":
            sys.exit(getattr(err, "exit_code", 0))
        if kind == "Abort":
            _fail("已中断。", code=130)
        if hasattr(err, "format_message") and hasattr(err, "exit_code"):
            _fail(usage_message(err))
        if DEBUG["on"]:
            raise
        _fail(f"内部错误：{kind}: {err}（加 --debug 查看详情）", code=1)
    else:
        sys.exit(code if isinstance(code, int) else 0)


def usage_message(err: Exception) -> str:
    """A click/typer usage error in Chinese (typer ships its own click, so match by name)."""
    kind = type(err).__name__
    param = getattr(err, "param", None)
    name = getattr(param, "opts", None) or [getattr(param, "name", "") or ""]
    where = "/".join(name)
    detail = str(err.format_message())  # type: ignore[attr-defined]
    if kind == "MissingParameter":
        text = f"缺少参数 {where}"
    elif kind == "NoSuchOption":
        text = f"没有这个选项：{getattr(err, 'option_name', '')}"
    elif kind == "BadParameter":
        text = f"参数 {where} 的值无效（{detail}）"
    elif "No such command" in detail:
        text = f"没有这个命令：{detail.split(chr(39))[1] if chr(39) in detail else detail}"
    else:
        text = f"命令用法有误（{detail}）"
    return f"{text}。用 --help 查看用法。"


def _fail(message: str, code: int = 2) -> None:
    if DEBUG["on"] and sys.exc_info()[0] is not None and code != 130:
        import traceback

        traceback.print_exc()
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True).print(f"[bold red]错误：[/]{escape(message)}", highlight=False, soft_wrap=True)
    sys.exit(code)


if __name__ == "__main__":
    run()
