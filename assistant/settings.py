"""One settings model for the whole tool (pydantic-settings): `config.toml` (JIXIAO_CONFIG, else
the platform's config folder) with the sections [llm], [index], [tui], [library]; environment
variables override the file, command-line flags override both.

Environment: JIXIAO_<SECTION>__<KEY> for any key (e.g. JIXIAO_LLM__TIMEOUT), and the short names
users already have (ENV_ALIASES: JIXIAO_MODEL, JIXIAO_EMBED_MODEL, …).

Each section is strict: an unknown key, an unknown section or a bad value is an error, and every
problem is reported at once, in Chinese, naming where the value came from (file, variable, flag).
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)
from pydantic_settings.sources import InitSettingsSource

from assistant.errors import InputError
from assistant.resources import CONFIG_ENV
from assistant.resources import config_path as config_path

ENV_PREFIX = "JIXIAO_"
ENV_NESTED = "__"
DEFAULT = "默认值"
FILE = "配置文件"
FLAG = "命令行参数"
M = TypeVar("M", bound=BaseModel)

# The short environment names in use before the nested ones → (section, key).
ENV_ALIASES: dict[str, tuple[str, str]] = {
    "JIXIAO_MODEL": ("llm", "model"),
    "JIXIAO_API_BASE": ("llm", "api_base"),
    "JIXIAO_API_KEY_ENV": ("llm", "api_key_env"),
    "JIXIAO_LLM_TIMEOUT": ("llm", "timeout"),
    "JIXIAO_LLM_CONCURRENCY": ("llm", "max_concurrency"),
    "JIXIAO_LLM_TEMPERATURE": ("llm", "temperature"),
    "JIXIAO_LLM_RETRIES": ("llm", "max_retries"),
    "JIXIAO_LLM_MAX_TOKENS": ("llm", "max_tokens"),
    "JIXIAO_LLM_CACHE": ("llm", "cache"),
    "JIXIAO_LLM_WORKER_MINUTES": ("llm", "worker_minutes"),
    "JIXIAO_EMBED_MODEL": ("index", "embed_model"),
    "JIXIAO_LIBRARY_URL": ("library", "url"),
}

# Keys refused with their own explanation instead of "unknown key".
REFUSED_KEYS: dict[tuple[str, str], str] = {
    ("llm", "api_key"): "不要把 API 密钥写进配置；请删除 api_key，改为设置服务商的环境变量"
    "（如 DEEPSEEK_API_KEY），或用 api_key_env 指定变量名",
}

# pydantic error type → what is wrong, in Chinese (formatted with the error's ctx).
PROBLEMS: dict[str, str] = {
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文字",
    "dict_type": "应为一个表",
    "model_type": "应为一个表",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
}


class LLMSettings(BaseModel):
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
    worker_minutes: float = Field(
        30.0,
        ge=0,
        description="后台模型进程在最后一次请求后保留多少分钟（它让之后的命令不再等 litellm 几秒钟的"
        "加载）；0 表示不用后台进程",
    )
    context_window: int | None = Field(
        None, ge=1024, description="模型的上下文长度（token）；不填则按已知模型取值，未知时按 32768"
    )


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
    department: str | None = Field(
        None,
        description="本单位名称：报送时记为哪个单位、起草时哪些待审核记录算本单位的"
        "（共享库以数据库角色登记的单位为准）",
    )
    pool_size: int = Field(4, ge=1, le=32, description="共享库的数据库连接数上限")
    connect_timeout: float = Field(10.0, gt=0, le=300, description="连接共享库的超时（秒）")


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


class _Source(PydanticBaseSettingsSource):
    """A source that computes all its values at once in `__call__`."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False


class FileSource(_Source):
    def __call__(self) -> dict[str, Any]:
        return read_toml(config_path())


class AliasEnvSource(_Source):
    """The short variable names (ENV_ALIASES); empty values are ignored."""

    def __call__(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for var, (section, key) in ENV_ALIASES.items():
            raw = os.environ.get(var, "").strip()
            if raw:
                found.setdefault(section, {})[key] = raw
        return found


class Settings(BaseSettings):
    """The whole configuration: file < environment < flags (init arguments)."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter=ENV_NESTED, extra="forbid", frozen=True
    )

    llm: LLMSettings = Field(default_factory=LLMSettings)
    index: IndexSettings = Field(default_factory=IndexSettings)
    tui: TuiSettings = Field(default_factory=TuiSettings)
    library: LibrarySettings = Field(default_factory=LibrarySettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, AliasEnvSource(settings_cls), env_settings, FileSource(settings_cls)


Layer = tuple[dict[str, Any], dict[tuple[str, str], str]]


def _labelled(values: dict[str, Any], label: Any) -> Layer:
    """A source's values with the origin of each (section, key); `label(section, key)`."""
    origins: dict[tuple[str, str], str] = {}
    for section, table in values.items():
        keys = table if isinstance(table, dict) else {}
        origins |= {(section, key): label(section, key) for key in (*keys, "")}
    return values, origins


def _env_name(section: str, key: str) -> str:
    """The variable a value from JIXIAO_<SECTION>__<KEY> came from."""
    for var, place in ENV_ALIASES.items():
        if place == (section, key) and os.environ.get(var, "").strip():
            return f"环境变量 {var}"
    nested = ENV_NESTED + key.upper() if key else ""
    return f"环境变量 {ENV_PREFIX}{section.upper()}{nested}"


def _layers(flags: dict[str, Any]) -> list[Layer]:
    """Every source, lowest first, as `Settings` reads them, each with its values' origins."""
    try:
        return [
            _labelled(FileSource(Settings)(), lambda s, k: FILE),
            _labelled(EnvSettingsSource(Settings)(), _env_name),
            _labelled(AliasEnvSource(Settings)(), _env_name),
            _labelled(InitSettingsSource(Settings, flags)(), lambda s, k: FLAG),
        ]
    except SettingsError as err:
        raise InputError(f"环境变量中的配置无法解析：{err}") from None


def merged(flags: dict[str, Any] | None = None) -> Layer:
    """All sources merged section by section (higher wins), and where each value came from."""
    values: dict[str, Any] = {}
    origins: dict[tuple[str, str], str] = {}
    for layer, layer_origins in _layers(flags or {}):
        for section, table in layer.items():
            below = values.get(section)
            both = isinstance(table, dict) and isinstance(below, dict)
            values[section] = {**below, **table} if both and below is not None else table
        origins |= layer_origins
    return values, origins


def _fields(section: str) -> dict[str, Any]:
    section_model: type[BaseModel] = Settings.model_fields[section].annotation  # type: ignore[assignment]
    return dict(section_model.model_fields)


def _is_secret(section: str, key: str) -> bool:
    field = _fields(section).get(key)
    return field is not None and SecretStr in (field.annotation, *get_args(field.annotation))


def _what(item: Any, section: str, key: str) -> str:
    """The problem, naming the section and the key."""
    if item["type"] == "extra_forbidden":
        if not key:
            return f"未知的配置节：[{section}]（可用：{'、'.join(Settings.model_fields)}）"
        if (section, key) in REFUSED_KEYS:
            return f"[{section}] {key}：{REFUSED_KEYS[(section, key)]}"
        fields = _fields(section)
        return f"[{section}] 中有未知的配置项：{key}（可用：{'、'.join(fields)}）"
    template = PROBLEMS.get(item["type"])
    problem = template.format(**item.get("ctx", {})) if template else item["msg"]
    shown = "（不显示）" if _is_secret(section, key) else repr(item.get("input"))
    place = f"[{section}] {key}" if key else f"[{section}]"
    return f"{place} 取值无效：{shown}，{problem}"


def problems(items: list[Any], origins: dict[tuple[str, str], str]) -> list[str]:
    """Each validation error as one Chinese line: where it came from, section, key, what."""
    lines = []
    for item in items:
        section, key = (str(part) for part in (*item["loc"], "")[:2])
        origin = origins.get((section, key)) or origins.get((section, ""), DEFAULT)
        lines.append(f"{origin}：{_what(item, section, key)}")
    return lines


class ConfigError(InputError):
    """The configuration's problems, all of them; `lines` one per problem."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        body = "\n".join(f"  {line}" for line in lines)
        super().__init__(f"配置有误（{len(lines)} 处；配置文件 {config_path()}）：\n{body}")


def load_settings(**flags: Any) -> Settings:
    """The effective settings (flags are whole sections, e.g. llm={"model": …}); ConfigError
    listing every problem."""
    try:
        return Settings(**flags)
    except SettingsError as err:
        raise InputError(f"环境变量中的配置无法解析：{err}") from None
    except ValidationError as err:
        raise ConfigError(problems(err.errors(), merged(flags)[1])) from None


def check_settings() -> list[str]:
    """Every problem of the effective configuration (empty when it is valid)."""
    try:
        load_settings()
    except ConfigError as err:
        return err.lines
    except InputError as err:
        return [err.user_message()]
    return []


def load_section(section: str, schema: type[M], /, **flags: Any) -> M:
    """One section, validated by `schema` (its section model or a subclass), flags over the
    environment over the file: a reader is not stopped by another section's problems, which
    `jixiao config check` reports."""
    values, origins = merged({section: {k: v for k, v in flags.items() if v is not None}})
    try:
        return schema.model_validate(values.get(section, {}))
    except ValidationError as err:
        items = [{**item, "loc": (section, *item["loc"])} for item in err.errors()]
        raise ConfigError(problems(items, origins)) from None


@lru_cache(maxsize=1)
def cached_settings() -> Settings:
    """`load_settings()` once per process (the TUI and long runs)."""
    return load_settings()
