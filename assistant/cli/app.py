"""The typer application object shared by the command modules."""

from __future__ import annotations

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

DEBUG = {"on": False}


@app.callback()
def _main(
    debug: bool = typer.Option(False, "--debug", help="出错时显示完整的 Python 调用栈。"),
) -> None:
    DEBUG["on"] = debug
