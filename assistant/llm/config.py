"""LLM settings: the [llm] section of `assistant.settings` (TOML file < environment < CLI flags).
The API key is never part of the config: litellm reads it from the provider's usual environment
variable (or the one named by `api_key_env`), and it is only ever held as a `SecretStr`."""

from __future__ import annotations

import os
from typing import Any

from pydantic import SecretStr

from assistant.settings import ENV_ALIASES, LLMSettings, config_path, load_section

__all__ = ["ENV_VARS", "LLMConfig", "config_path", "load_config"]

# Environment variable → LLMConfig field (the short names; JIXIAO_LLM__<FIELD> works as well).
ENV_VARS: dict[str, str] = {var: key for var, (sec, key) in ENV_ALIASES.items() if sec == "llm"}

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


class LLMConfig(LLMSettings):
    """大模型配置（不含密钥）：[llm] 的取值，加上由它推出的服务商、密钥变量与上下文长度。"""

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


def load_config(**overrides: Any) -> LLMConfig:
    """The effective config. `overrides` are CLI flags; None values are ignored."""
    return load_section("llm", LLMConfig, **overrides)
