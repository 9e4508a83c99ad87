"""One settings model for the whole tool: `config.toml` (JIXIAO_CONFIG, else the platform's config
folder) with nested sections [llm], [index], [tui], [library]; environment variables override it.

Each section is a strict pydantic model: an unknown key or a bad value is an error, and every
problem is reported at once, in Chinese, naming the file and the key.
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from assistant.errors import InputError
from assistant.resources import config_dir

CONFIG_ENV = "JIXIAO_CONFIG"


class IndexSettings(BaseModel):
    """[index]：检索。"""

    model_config = ConfigDict(extra="forbid", frozen=True)

    embed_model: str | None = Field(
        None, description="向量检索模型：本地文件夹或已缓存的模型名；none 表示只用词法检索"
    )


class TuiSettings(BaseModel):
    """[tui]：终端界面。"""

    model_config = ConfigDict(extra="forbid", frozen=True)

    keymap: dict[str, str] = Field(
        default_factory=dict, description='按键重映射：绑定 id = 按键，如 export = "ctrl+e"'
    )


class LibrarySettings(BaseModel):
    """[library]：共享指标库。"""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: SecretStr | None = Field(
        None, description="共享指标库地址，如 postgresql://用户@主机/库；不填则用本机指标库"
    )


class Settings(BaseModel):
    """The whole config file. [llm] is kept raw here and validated by `assistant.llm.config`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    llm: dict[str, Any] = Field(default_factory=dict)
    index: IndexSettings = Field(default_factory=IndexSettings)
    tui: TuiSettings = Field(default_factory=TuiSettings)
    library: LibrarySettings = Field(default_factory=LibrarySettings)


# Environment variable → (section, key); the environment wins over the file.
ENV_VARS: dict[str, tuple[str, str]] = {
    "JIXIAO_EMBED_MODEL": ("index", "embed_model"),
    "JIXIAO_LIBRARY_URL": ("library", "url"),
}


def config_path() -> Path:
    """The TOML file read (JIXIAO_CONFIG, else config_dir()/config.toml)."""
    override = os.environ.get(CONFIG_ENV, "").strip()
    return Path(override).expanduser() if override else config_dir() / "config.toml"


def read_toml(path: Path) -> dict[str, Any]:
    """The file's tables; {} when the default file does not exist."""
    if not path.exists():
        if os.environ.get(CONFIG_ENV, "").strip():
            raise InputError(f"环境变量 {CONFIG_ENV} 指向的配置文件不存在", file=str(path))
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as err:
        raise InputError(f"配置文件不是有效的 TOML：{err}", file=str(path)) from None


def _with_env(data: dict[str, Any]) -> dict[str, Any]:
    merged = {k: dict(v) if isinstance(v, dict) else v for k, v in data.items()}
    for var, (section, key) in ENV_VARS.items():
        raw = os.environ.get(var, "").strip()
        if raw:
            table = merged.setdefault(section, {})
            if isinstance(table, dict):
                table[key] = raw
    return merged


def _describe(err: ValidationError, path: Path) -> str:
    problems = []
    for item in err.errors():
        where = ".".join(str(part) for part in item["loc"])
        if item["type"] == "extra_forbidden":
            problems.append(f"未知的配置项 {where}")
        else:
            problems.append(f"{where} 取值无效（{item['msg']}）")
    return f"配置文件 {path} 有误：" + "；".join(problems)


def load_settings() -> Settings:
    """The effective settings: the file, then the environment. Raises InputError on any problem."""
    path = config_path()
    try:
        return Settings.model_validate(_with_env(read_toml(path)))
    except ValidationError as err:
        raise InputError(_describe(err, path), file=str(path)) from None


@lru_cache(maxsize=1)
def cached_settings() -> Settings:
    """`load_settings()` once per process (the TUI and long runs)."""
    return load_settings()
