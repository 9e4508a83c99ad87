"""Chinese for typer's own English: help screens and usage errors.

typer prints fixed English strings of its own: the --help option's text, the usage line, the
rich panel titles, value types and "[default: …]" / "[required]" markers. The command and group
classes here replace them; `ZhTyper` makes every command use them, so no command module has to
ask for it. `usage_message` turns typer's usage errors (its own copy of click, so matched by
class name) into one Chinese sentence."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer
from typer._click import Command  # typer's own copy of click (typer >= 0.29)
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

if TYPE_CHECKING:
    from typer._click import Context, HelpFormatter

HELP_OPTION_TEXT = "显示本帮助并退出。"
USAGE_PREFIX = "用法："
METAVARS: dict[str, str] = {"[OPTIONS]": "[选项]", "COMMAND [ARGS]...": "命令 [参数]..."}
# A parameter's value type as shown in help; a flag (<bool>) takes no value, so it shows none.
TYPE_LABELS: dict[str, str] = {
    "<str>": "<文本>",
    "<int>": "<整数>",
    "<float>": "<数值>",
    "<path>": "<路径>",
    "<bool>": "",
    "<int range>": "<整数>",
    "<float range>": "<数值>",
}
# Positional arguments by their Chinese names, in usage lines, help panels and errors.
ARG_NAMES: dict[str, str] = {
    "file": "表格文件",
    "text": "指标",
    "query": "检索词",
    "source": "输入文件",
    "target": "输出文件",
}
_RANGE = re.compile(r"\[(?:(-?[\d.]+)<=)?x(?:(<=|>=)(-?[\d.]+))?\]")


def range_text(text: str) -> str:
    """typer's `[1<=x<=500]` as `[取值 1–500]` (`[取值 ≥1]`, `[取值 ≤500]` with one bound)."""

    def one(m: re.Match[str]) -> str:
        low, op, bound = m.group(1), m.group(2), m.group(3)
        if low and bound:
            return f"[取值 {low}–{bound}]"
        return f"[取值 {'≥' if op == '>=' else '≤'}{bound}]"

    return _RANGE.sub(one, text)


# typer.rich_utils reads these module constants each time it prints help or an error.
RICH_STRINGS: dict[str, str] = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "ERRORS_PANEL_TITLE": "错误",
    "DEFAULT_STRING": "[默认：{}]",
    "ENVVAR_STRING": "[环境变量：{}]",
    "REQUIRED_LONG_STRING": "[必填]",
    "DEPRECATED_STRING": "（已停用）",
    "ABORTED_TEXT": "已中断。",
    "RICH_HELP": "用 [blue]{command_path} {help_option}[/] 查看帮助。",
}


def localize_rich_help() -> None:
    """Put the Chinese strings into typer.rich_utils (imported here, only when help is shown)."""
    from typer import rich_utils

    for name, text in RICH_STRINGS.items():
        setattr(rich_utils, name, text)
    if not getattr(rich_utils._make_rich_text, "folds", False):
        rich_utils._make_rich_text = _folding(rich_utils._make_rich_text)


def _folding(make: Callable[..., Any]) -> Callable[..., Any]:
    """Help text that folds at the width instead of ending in 「…」: Chinese has no spaces, so
    to rich a whole sentence is one word, which a narrow column would cut off."""
    from rich.text import Text

    def folded(*args: Any, **kwargs: Any) -> Any:
        text = make(*args, **kwargs)
        if isinstance(text, Text):
            text.overflow = "fold"
        return text

    folded.folds = True  # type: ignore[attr-defined]
    return folded


class _ZhOption(TyperOption):
    """A typer option whose value type and range show in Chinese."""

    def display_type_rich(self, ctx: Context) -> str | None:
        label = super().display_type_rich(ctx)
        return TYPE_LABELS.get(label or "", label)

    def _get_number_range_help_str(self) -> str | None:
        text = super()._get_number_range_help_str()
        return range_text(f"[{text}]")[1:-1] if text else text


class _ZhArgument(TyperArgument):
    """A typer argument whose name and value type show in Chinese."""

    def display_type_rich(self, ctx: Context) -> str | None:
        label = super().display_type_rich(ctx)
        return TYPE_LABELS.get(label or "", label)

    @property
    def display_name_raw(self) -> str:
        if self.metavar is not None:
            return self.metavar
        return ARG_NAMES.get(self.name or "", self.name or "")

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        return name if self.required else f"[{name}]"


# typer builds its parameter objects itself, with no hook for a subclass; help output switches
# them to these (same data, one method more) just before printing.
_ZH_PARAMS: dict[type, type] = {TyperOption: _ZhOption, TyperArgument: _ZhArgument}


class _ZhHelp(Command):
    """Chinese usage line, --help text and rich help panels; mixed into command and group."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options_metavar = METAVARS.get(self.options_metavar or "", self.options_metavar)

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))
        formatter.write_usage(ctx.command_path, pieces, prefix=USAGE_PREFIX)

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        localize_rich_help()
        for param in self.get_params(ctx):
            param.__class__ = _ZH_PARAMS.get(type(param), type(param))
        super().format_help(ctx, formatter)


class ZhCommand(_ZhHelp, TyperCommand):
    """A typer command whose help screen is in Chinese."""


class ZhGroup(_ZhHelp, TyperGroup):
    """A typer group whose help screen is in Chinese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subcommand_metavar = METAVARS.get(self.subcommand_metavar, self.subcommand_metavar)


class ZhTyper(typer.Typer):
    """typer.Typer whose groups and commands default to the Chinese classes above."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", ZhGroup)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
        kwargs.setdefault("cls", ZhCommand)
        return super().command(*args, **kwargs)


_USAGE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"No such command '([^']+)'.*Did you mean '([^']+)'", re.DOTALL),
        "没有这个命令：{0}（是不是要用 {1}？）",
    ),
    (re.compile(r"No such command '([^']+)'"), "没有这个命令：{0}"),
    (re.compile(r"Option '(.+)' requires"), "选项 {0} 后面缺少取值"),
    (re.compile(r"Option '(.+)' does not take a value"), "选项 {0} 不接受取值"),
    (re.compile(r"Got unexpected extra argument\S* \((.+)\)"), "多余的参数：{0}"),
    (re.compile(r"^Missing command"), "缺少子命令"),
)
_VALUE_KINDS: dict[str, str] = {
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
}
_BOUND_WORDS: dict[str, str] = {
    "greater_than_equal": "不小于 {ge}",
    "greater_than": "大于 {gt}",
    "less_than_equal": "不大于 {le}",
    "less_than": "小于 {lt}",
}


def usage_message(err: Exception) -> str:
    """A typer usage error as one Chinese sentence; the English original stays for --debug."""
    kind = type(err).__name__
    param = getattr(err, "param", None)
    where = "/".join(getattr(param, "opts", None) or [getattr(param, "name", "") or ""])
    if kind == "MissingParameter":
        name = getattr(param, "name", "") or ""
        if getattr(param, "param_type_name", "") == "argument" or name in ARG_NAMES:
            text = f"缺少参数「{ARG_NAMES.get(name, name)}」"
        else:
            text = f"缺少参数 {where}"
    elif kind == "NoSuchOption":
        text = f"没有这个选项：{getattr(err, 'option_name', '')}"
        possible = sorted(getattr(err, "possibilities", None) or [])
        if possible:
            text += f"（是不是要用 {' 或 '.join(possible[:3])}？）"
    elif kind == "BadParameter":
        text = f"参数 {where} 的值无效{_value_problem(err)}"
    else:
        text = _by_pattern(str(err.format_message()))  # type: ignore[attr-defined]
    return f"{text}。用 --help 查看用法。"


def _value_problem(err: Exception) -> str:
    """What was wrong with an option's value, from the pydantic error typer chains to it."""
    from pydantic import ValidationError

    cause = err.__cause__
    items = cause.errors() if isinstance(cause, ValidationError) else []
    first: dict[str, Any] = dict(items[0]) if items else {}
    kind = str(first.get("type", ""))
    problem = _VALUE_KINDS.get(kind)
    if kind in _BOUND_WORDS:
        problem = "应" + _BOUND_WORDS[kind].format(**(first.get("ctx") or {})) + _allowed(err)
    shown = f"「{first['input']}」" if "input" in first else ""
    return f"：{shown}{problem}" if problem else ""


def _allowed(err: Exception) -> str:
    """`（允许 1–500）` from the parameter's own bounds."""
    param = getattr(err, "param", None)
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None and high is not None:
        return f"（允许 {low}–{high}）"
    return ""


def _by_pattern(detail: str) -> str:
    for pattern, text in _USAGE_PATTERNS:
        if found := pattern.search(detail):
            return text.format(*found.groups())
    return "命令用法有误"
