"""The typer application object shared by the command modules."""

from __future__ import annotations

import logging
import sys

import typer

from assistant.cli.typer_zh import ZhTyper

app = ZhTyper(
    name="jixiao",
    help="绩效指标助手：起草、检查、完善项目支出绩效目标表中的绩效指标。离线可用，可接入大模型。",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
corpus_app = ZhTyper(help="指标库：构建、统计、加入自己的历史表。", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")
llm_app = ZhTyper(help="大模型配置与连通性检查。", no_args_is_help=True)
app.add_typer(llm_app, name="llm")
library_app = ZhTyper(
    help="指标库的报送与审核：共享指标库（PostgreSQL）或本机指标库。", no_args_is_help=True
)
app.add_typer(library_app, name="library")
config_app = ZhTyper(help="配置：查看生效的配置及其来源，检查配置文件。", no_args_is_help=True)
app.add_typer(config_app, name="config")

DEBUG = {"on": False}


class _DebugLog(logging.Handler):
    """--debug: the technical detail behind Chinese messages (e.g. a model server's own error
    text), written to whatever sys.stderr is at the time."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"调试：{record.getMessage()}", file=sys.stderr)


_DEBUG_LOG = _DebugLog()


def version_text() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"jixiao {version('jixiao')}"
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "jixiao（版本未知：未安装）"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(version_text())
        raise typer.Exit()


@app.callback()
def _main(
    debug: bool = typer.Option(
        False, "--debug", help="出错时显示完整的 Python 调用栈和大模型服务返回的原文。"
    ),
    _version: bool = typer.Option(
        False, "--version", help="显示版本号并退出。", is_eager=True, callback=_show_version
    ),
) -> None:
    DEBUG["on"] = debug
    logger = logging.getLogger("assistant")
    logger.setLevel(logging.DEBUG if debug else logging.NOTSET)
    if debug:
        logger.addHandler(_DEBUG_LOG)
    else:
        logger.removeHandler(_DEBUG_LOG)
