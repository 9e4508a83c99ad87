"""LLM configuration: TOML < environment < flags, strict keys, no key ever in the config."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from assistant.errors import InputError
from assistant.llm.config import LLMConfig, config_path, load_config
from assistant.resources import config_dir
from tests.llm_server import clean_llm_env


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clean_llm_env(monkeypatch)


def _write_config(text: str) -> Path:
    path = config_dir() / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_any_source_are_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JIXIAO_LLM_WORKER_MINUTES")  # the tests' own source (tests/conftest.py)
    cfg = load_config()
    assert cfg == LLMConfig()
    assert cfg.worker_minutes == 30
    assert not cfg.enabled
    assert (cfg.timeout, cfg.max_concurrency, cfg.temperature, cfg.max_retries) == (60, 4, 0.2, 3)


def test_precedence_toml_then_env_then_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    _write_config('[llm]\nmodel = "deepseek/deepseek-chat"\ntimeout = 30\nmax_concurrency = 2\n')
    assert load_config().model == "deepseek/deepseek-chat"
    monkeypatch.setenv("JIXIAO_MODEL", "openai/qwen-plus")
    monkeypatch.setenv("JIXIAO_LLM_TIMEOUT", "45")
    cfg = load_config(max_concurrency=None)
    assert (cfg.model, cfg.timeout, cfg.max_concurrency) == ("openai/qwen-plus", 45, 2)
    cfg = load_config(model="ollama/qwen2.5:7b", api_base="http://127.0.0.1:11434")
    assert (cfg.model, cfg.api_base, cfg.timeout) == (
        "ollama/qwen2.5:7b",
        "http://127.0.0.1:11434",
        45,
    )
    assert cfg.enabled


def test_jixiao_config_points_at_another_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "team.toml"
    other.write_text('[llm]\nmodel = "openai/test"\ncache = false\n', encoding="utf-8")
    monkeypatch.setenv("JIXIAO_CONFIG", str(other))
    assert config_path() == other
    cfg = load_config()
    assert cfg.model == "openai/test" and cfg.cache is False


def test_missing_pointed_file_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_CONFIG", str(tmp_path / "nope.toml"))
    with pytest.raises(InputError, match="不存在"):
        load_config()


def test_unknown_keys_are_listed_in_chinese() -> None:
    _write_config('[llm]\nmodel = "x/y"\nmodle = "typo"\ntemprature = 1\n')
    with pytest.raises(InputError) as info:
        load_config()
    message = info.value.user_message()
    assert "未知的配置项" in message and "modle" in message and "temprature" in message


def test_other_sections_are_left_to_their_owners() -> None:
    _write_config('[retrieval]\nanything = 1\n[llm]\nmodel = "x/y"\n')
    assert load_config().model == "x/y"


def test_api_key_in_file_is_refused_without_echoing_it() -> None:
    _write_config('[llm]\nmodel = "deepseek/deepseek-chat"\napi_key = "sk-SECRETSECRET"\n')
    with pytest.raises(InputError) as info:
        load_config()
    assert "环境变量" in info.value.user_message()
    assert "sk-SECRETSECRET" not in info.value.user_message()


def test_invalid_toml_is_a_chinese_error() -> None:
    path = _write_config("[llm\nmodel = ")
    with pytest.raises(InputError, match="TOML") as info:
        load_config()
    assert str(path) in info.value.user_message()


def test_invalid_values_name_their_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_LLM_TIMEOUT", "fast")
    with pytest.raises(InputError) as info:
        load_config()
    assert "JIXIAO_LLM_TIMEOUT" in info.value.user_message()
    monkeypatch.delenv("JIXIAO_LLM_TIMEOUT")
    with pytest.raises(InputError, match="命令行参数"):
        load_config(max_concurrency=0)


def test_key_comes_from_provider_env_as_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEEPSEEK_API_KEY", raising=False)
    cfg = LLMConfig(model="deepseek/deepseek-chat")
    assert cfg.key_env == "DEEPSEEK_API_KEY" and cfg.api_key() is None
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-SECRET-0123456789")
    key = cfg.api_key()
    assert isinstance(key, SecretStr) and key.get_secret_value() == "sk-SECRET-0123456789"
    assert "sk-SECRET" not in repr(cfg) + str(key) + cfg.model_dump_json()


def test_key_env_override_and_keyless_local_servers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_API_KEY_ENV", "DASHSCOPE_API_KEY")
    assert load_config(model="openai/qwen-plus").key_env == "DASHSCOPE_API_KEY"
    assert LLMConfig(model="ollama/qwen2.5:7b").key_env is None
    assert LLMConfig(model="dashscope/qwen-plus").key_env == "DASHSCOPE_API_KEY"
