"""`jixiao llm` commands: `check` (does the model answer, how fast, which structured-output mode)
and `show` (the effective configuration, never the key)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.cli.app import llm_app
from assistant.cli.llm_options import ApiBase, Model, Timeout
from assistant.errors import InputError, LLMError

if TYPE_CHECKING:
    from rich.console import Console

    from assistant.llm.config import LLMConfig
    from assistant.llm.probe import ProbeReport

_NOT_CONFIGURED = (
    '未配置大模型，目前只能使用离线功能。配置方法：在 {path} 的 [llm] 中写 model = "…"，'
    "或设置环境变量 JIXIAO_MODEL（本地服务再设 JIXIAO_API_BASE）；密钥放在服务商的环境变量中，"
    "如 DEEPSEEK_API_KEY。"
)


def _console() -> Console:
    from rich.console import Console

    return Console(highlight=False)


def _say(console: Console, text: str) -> None:
    from rich.markup import escape

    console.print(escape(text))


@llm_app.command("check")
def check(
    model: Model = None,
    api_base: ApiBase = None,
    timeout: Timeout = None,
) -> None:
    """发送一个很小的请求，检查大模型是否可用、响应多快、支持哪种结构化输出方式。"""
    import asyncio

    from assistant.llm.config import config_path, load_config
    from assistant.llm.probe import probe

    cfg = load_config(model=model, api_base=api_base, timeout=timeout)
    console = _console()
    if not cfg.enabled:
        raise InputError(_NOT_CONFIGURED.format(path=config_path()))
    _say(console, f"正在检查 {cfg.model}（{cfg.api_base or '服务商默认地址'}）……")
    report = asyncio.run(probe(cfg))
    _print_report(console, report)
    if report.best is None:
        raise LLMError(
            "模型有回应，但三种结构化输出方式下都没有给出合格的 JSON；该模型不适合本工具。"
        )


def _print_report(console: Console, report: ProbeReport) -> None:
    from assistant.llm.profiles import MODE_LABELS

    best = report.best
    for trial in report.trials:
        if not trial.ok:
            _say(console, f"  ✗ {MODE_LABELS[trial.mode]}：{trial.detail}")
    if best is None:
        _say(
            console, "模型有回应，但三种结构化输出方式下都没有给出合格的 JSON；该模型不适合本工具。"
        )
        return
    note = f"（{best.detail}）" if best.detail else ""
    _say(console, f"  ✓ {MODE_LABELS[best.mode]}{note}")
    _say(console, f"模型可用：{report.model}，响应时间 {best.latency:.2f} 秒。")
    _say(console, f"结构化输出方式：{MODE_LABELS[best.mode]}；已记住，之后的请求直接使用。")


@llm_app.command("show")
def show(
    model: Model = None,
    api_base: ApiBase = None,
) -> None:
    """显示当前生效的大模型配置（不显示密钥，只说明密钥来自哪个环境变量、是否已设置）。"""
    from assistant.llm.config import config_path, load_config

    cfg = load_config(model=model, api_base=api_base)
    console = _console()
    path = config_path()
    _say(console, f"配置文件：{path}（{'存在' if path.exists() else '不存在，使用默认值'}）")
    if not cfg.enabled:
        _say(console, _NOT_CONFIGURED.format(path=path))
        return
    for line in _config_lines(cfg):
        _say(console, line)


def _config_lines(cfg: LLMConfig) -> list[str]:
    from assistant.llm.profiles import MODE_LABELS, learned_mode, profile_mode

    learned = learned_mode(cfg.model, cfg.api_base)
    mode = (
        f"{MODE_LABELS[learned]}（已由 llm check 或实际请求确认）"
        if learned
        else f"{MODE_LABELS[profile_mode(cfg.model)]}（按服务商默认；运行 jixiao llm check 确认）"
    )
    return [
        f"模型：{cfg.model}",
        f"服务地址：{cfg.api_base or '服务商默认地址'}",
        f"超时：{cfg.timeout:g} 秒；并发：{cfg.max_concurrency}；温度：{cfg.temperature:g}；"
        f"重试：{cfg.max_retries} 次；最大输出：{cfg.max_tokens or '默认'}；"
        f"缓存：{'开' if cfg.cache else '关'}",
        f"结构化输出：{mode}",
        f"API 密钥：{_key_line(cfg)}",
        f"后台模型进程：{_process_line(cfg)}",
    ]


def _process_line(cfg: LLMConfig) -> str:
    from assistant.llm import process

    if cfg.worker_minutes <= 0:
        return "不使用（worker_minutes = 0：每条命令自己加载 litellm）"
    pid = process.running_pid()
    if pid is None:
        return f"未运行（下一次请求时启动，空闲 {cfg.worker_minutes:g} 分钟后退出）"
    return f"运行中（进程号 {pid}，空闲 {cfg.worker_minutes:g} 分钟后退出；jixiao llm stop 可停止）"


@llm_app.command("stop")
def stop() -> None:
    """停止后台模型进程（它们空闲一段时间后也会自己退出；下一次请求时会重新启动）。"""
    from assistant.llm import process

    count = process.stop_all()
    _say(
        _console(), f"已停止 {count} 个后台模型进程。" if count else "没有正在运行的后台模型进程。"
    )


def _key_line(cfg: LLMConfig) -> str:
    env = cfg.key_env
    if env is None:
        if cfg.api_base:
            return "本地或自建服务，无需密钥（如需，可用 api_key_env 指定环境变量）"
        return "未知服务商，由 litellm 按其约定读取环境变量（可用 api_key_env 指定）"
    state = "已设置" if cfg.api_key() else "未设置"
    return f"来自环境变量 {env}（{state}）"
