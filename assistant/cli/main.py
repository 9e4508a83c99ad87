"""Entry point: registers the command modules and turns JixiaoError into one Chinese line."""

from __future__ import annotations

import sys

from assistant.cli import commands  # noqa: F401  (registers every command on `app`)
from assistant.cli.app import DEBUG, app
from assistant.cli.typer_zh import usage_message
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
        if kind == "NoArgsIsHelpError":
            sys.exit(2)  # the help screen is already printed; nothing to add
        if hasattr(err, "format_message") and hasattr(err, "exit_code"):
            _fail(usage_message(err))
        if DEBUG["on"]:
            raise
        _fail(f"内部错误：{kind}: {err}（加 --debug 查看详情）", code=1)
    else:
        sys.exit(code if isinstance(code, int) else 0)


def _fail(message: str, code: int = 2) -> None:
    if DEBUG["on"] and sys.exc_info()[0] is not None and code != 130:
        import traceback

        traceback.print_exc()
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True).print(
        f"[bold red]错误：[/]{escape(message)}", highlight=False, soft_wrap=True
    )
    sys.exit(code)


if __name__ == "__main__":
    run()
