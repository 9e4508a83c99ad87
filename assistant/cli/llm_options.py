"""The model flags every command that can use a model shares, declared once (typer Annotated
options): `--model`, `--api-base`, `--timeout`, `--no-cache`. None means "as configured"."""

from __future__ import annotations

from typing import Annotated

import typer

Model = Annotated[
    str | None,
    typer.Option(
        "--model",
        "-m",
        help="大模型（litellm 模型名，如 deepseek/deepseek-chat、openai/qwen-plus、"
        "ollama/qwen2.5:7b）；不填则按配置，未配置即离线。",
    ),
]
ApiBase = Annotated[
    str | None,
    typer.Option(
        "--api-base",
        help="大模型服务地址（OpenAI 兼容接口，本地或内网的 Ollama/vLLM/llama.cpp 等，"
        "如 http://127.0.0.1:8000/v1）。",
    ),
]
Timeout = Annotated[
    float | None,
    typer.Option("--timeout", help="大模型单次请求超时（秒）；本地 CPU 模型建议 300 以上。"),
]
NoCache = Annotated[bool, typer.Option("--no-cache", help="不使用大模型结果缓存。")]
