"""LLM settings: TOML file < environment < CLI flags. The API key is never part of the config:
litellm reads it from the provider's usual environment variable (or the one named by
`api_key_env`), and it is only ever held as a `SecretStr`."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from assistant.errors import InputError
from assistant.resources import config_dir

CONFIG_ENV = "JIXIAO_CONFIG"

# Environment variable → LLMConfig field.
ENV_VARS: dict[str, str] = {
    "JIXIAO_MODEL": "model",
    "JIXIAO_API_BASE": "api_base",
    "JIXIAO_API_KEY_ENV": "api_key_env",
    "JIXIAO_LLM_TIMEOUT": "timeout",
    "JIXIAO_LLM_CONCURRENCY": "max_concurrency",
    "JIXIAO_LLM_TEMPERATURE": "temperature",
    "JIXIAO_LLM_RETRIES": "max_retries",
    "JIXIAO_LLM_MAX_TOKENS": "max_tokens",
    "JIXIAO_LLM_CACHE": "cache",
}

# Provider prefix → the environment variable litellm reads the key from.
KEY_ENV_BY_PROVIDER: dict[str, str] = {
    "deepseek": "DEEPSEEK_API_KEY",
    "openai": "OPENAI_API_KEY",
    "dashscope": "DASHSCOPE_API_KEY",
    "moonshot": "MOONSHOT_API_KEY",
    "volcengine": "VOLCENGINE_API_KEY",
    "zai": "ZAI_API_KEY",
    "openrouter": "OPENROUTER_API_KEY",
    "anthropic": "ANTHROPIC_API_KEY",
    "gemini": "GEMINI_API_KEY",
    "hosted_vllm": "HOSTED_VLLM_API_KEY",
}
KEYLESS_PROVIDERS = frozenset({"ollama", "ollama_chat", "lm_studio", "llamafile"})
# Context windows (tokens) of models budget units use; the first key found in the model name wins.
KNOWN_WINDOWS: tuple[tuple[str, int], ...] = (
    ("deepseek", 65536),
    ("qwen-long", 1_000_000),
    ("qwen", 131072),
    ("glm-4", 131072),
    ("gpt-4o", 128000),
    ("gpt-4.1", 1_000_000),
    ("gemma", 8192),
    ("llama3", 8192),
)
DEFAULT_WINDOW = 32768


class LLMConfig(BaseModel):
    """大模型配置（不含密钥）。"""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str = Field("", description="litellm 形式的模型名，如 deepseek/deepseek-chat")
    api_base: str | None = Field(None, description="服务地址，如 http://127.0.0.1:8000/v1")
    api_key_env: str | None = Field(None, description="从哪个环境变量读取密钥（默认按服务商）")
    timeout: float = Field(60.0, gt=0, description="单次请求超时（秒）")
    max_concurrency: int = Field(4, ge=1, le=64, description="同时进行的请求数")
    temperature: float = Field(0.2, ge=0, le=2, description="采样温度")
    max_retries: int = Field(3, ge=0, le=10, description="网络/限流错误的重试次数")
    max_tokens: int | None = Field(
        4096, ge=1, description="回答的最大 token 数（防止失控的回答一直生成）"
    )
    cache: bool = Field(True, description="缓存相同请求的回答")
    context_window: int | None = Field(
        None, ge=1024, description="模型的上下文长度（token）；不填则按已知模型取值，未知时按 32768"
    )

    def window(self) -> int:
        """The model's context window in tokens: configured, else known for the model, else 32768."""
        if self.context_window:
            return self.context_window
        name = self.model.lower()
        return next((size for key, size in KNOWN_WINDOWS if key in name), DEFAULT_WINDOW)

    @property
    def enabled(self) -> bool:
        """False when no model is configured: the tool then works offline only."""
        return bool(self.model.strip())

    @property
    def provider(self) -> str:
        return self.model.split("/", 1)[0] if "/" in self.model else ""

    @property
    def key_env(self) -> str | None:
        """The environment variable the API key is read from (None for keyless local servers)."""
        if self.api_key_env:
            return self.api_key_env
        if self.provider in KEYLESS_PROVIDERS:
            return None
        return KEY_ENV_BY_PROVIDER.get(self.provider)

    def api_key(self) -> SecretStr | None:
        """The key from the environment, if set; never stored anywhere else."""
        value = os.environ.get(self.key_env or "", "").strip()
        return SecretStr(value) if value else None


def config_path() -> Path:
    """The TOML file read by `load_config` (JIXIAO_CONFIG, else config_dir()/config.toml)."""
    override = os.environ.get(CONFIG_ENV, "").strip()
    return Path(override).expanduser() if override else config_dir() / "config.toml"


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.exists():
        if os.environ.get(CONFIG_ENV, "").strip():
            raise InputError(f"环境变量 {CONFIG_ENV} 指向的配置文件不存在", file=str(path))
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise InputError(f"配置文件不是有效的 TOML：{err}", file=str(path)) from None
    section = data.get("llm", {})
    if not isinstance(section, dict):
        raise InputError("配置文件中的 llm 应为一个表（[llm]）", file=str(path))
    if "api_key" in section:
        raise InputError(
            "不要把 API 密钥写进配置文件；请删除 api_key，改为设置服务商的环境变量"
            "（如 DEEPSEEK_API_KEY），或用 api_key_env 指定变量名",
            file=str(path),
        )
    unknown = sorted(set(section) - set(LLMConfig.model_fields))
    if unknown:
        allowed = "、".join(LLMConfig.model_fields)
        raise InputError(
            f"[llm] 中有未知的配置项：{'、'.join(unknown)}（可用：{allowed}）", file=str(path)
        )
    return section


def _from_env() -> dict[str, Any]:
    values: dict[str, Any] = {}
    for var, field in ENV_VARS.items():
        raw = os.environ.get(var)
        if raw is not None and raw.strip():
            values[field] = raw.strip()
    return values


def _describe(err: ValidationError, origin: dict[str, str]) -> str:
    problems = []
    for item in err.errors():
        field = str(item["loc"][0]) if item["loc"] else ""
        where = origin.get(field, "")
        problems.append(f"{field}（来自{where}）取值无效：{item.get('input')!r}")
    return "大模型配置有误：" + "；".join(problems)


def load_config(**overrides: Any) -> LLMConfig:
    """The effective config. `overrides` are CLI flags; None values are ignored."""
    path = config_path()
    toml, env = _read_toml(path), _from_env()
    flags = {k: v for k, v in overrides.items() if v is not None}
    env_names = {field: f"环境变量 {var}" for var, field in ENV_VARS.items()}
    merged = toml | env | flags
    origin = (
        dict.fromkeys(toml, f"配置文件 {path}")
        | {field: env_names[field] for field in env}
        | dict.fromkeys(flags, "命令行参数")
    )
    unknown = sorted(set(merged) - set(LLMConfig.model_fields))
    if unknown:
        raise InputError(f"未知的大模型配置项：{'、'.join(unknown)}")
    try:
        return LLMConfig.model_validate(merged)
    except ValidationError as err:
        raise InputError(_describe(err, origin)) from None
