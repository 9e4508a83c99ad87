"""`jixiao config` commands: `show` (every effective setting, secrets masked, and where it came
from) and `check` (every problem of the configuration at once)."""

from __future__ import annotations

import json
from typing import Any

import typer
from pydantic import BaseModel, SecretStr

from assistant.cli.app import config_app
from assistant.errors import InputError

UNSET = "未设置"
MASKED = "******（已设置，不显示）"


def _shown(value: Any) -> str:
    """A value as written in the file; secrets masked."""
    if value is None:
        return UNSET
    if isinstance(value, SecretStr):
        from assistant.library.secret import MASK, mask_url

        masked = mask_url(value.get_secret_value())
        # A connection string shows where it points, its password masked; other secrets not at all.
        return json.dumps(masked, ensure_ascii=False) if MASK in masked else MASKED
    return json.dumps(value, ensure_ascii=False)


def show_lines() -> list[str]:
    """The effective settings, section by section: key = value（来源）."""
    from assistant.settings import DEFAULT, config_path, load_settings, merged

    settings, (_, origins) = load_settings(), merged()
    path = config_path()
    lines = [f"配置文件：{path}（{'存在' if path.exists() else '不存在，使用默认值'}）"]
    for section in type(settings).model_fields:
        lines.append(f"[{section}]")
        table: BaseModel = getattr(settings, section)
        for key in type(table).model_fields:
            origin = origins.get((section, key), DEFAULT)
            lines.append(f"  {key} = {_shown(getattr(table, key))}（来源：{origin}）")
    return lines


@config_app.command("show")
def show() -> None:
    """显示当前生效的全部配置及每一项的来源（配置文件 / 环境变量 / 默认值）；密钥类的值不显示。"""
    for line in show_lines():
        typer.echo(line)


@config_app.command("check")
def check() -> None:
    """检查配置文件和 JIXIAO_* 环境变量：无误时显示「配置无误」，否则一次列出所有问题（退出码 2）。"""
    from assistant.settings import check_settings, config_path

    problems = check_settings()
    if problems:
        listed = "\n".join(f"  {n}. {line}" for n, line in enumerate(problems, 1))
        raise InputError(f"配置有 {len(problems)} 处问题：\n{listed}", file=str(config_path()))
    typer.echo(f"配置无误（{config_path()}）")
