"""#18 one settings model: every problem at once with its origin, environment over file, a bad
[index] is an error, `jixiao config show` masks secrets, `jixiao config check` exit codes, and the
model flags declared once."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from assistant.cli.app import app
from assistant.cli.main import run
from assistant.errors import InputError
from assistant.index.dense import configured_model
from assistant.llm.config import load_config
from assistant.resources import config_dir
from assistant.settings import ConfigError, load_settings
from tests.llm_server import clean_llm_env

PASSWORD = "pw-SECRET-42"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clean_llm_env(monkeypatch)
    for var in ("JIXIAO_LIBRARY_URL", "JIXIAO_LLM__TIMEOUT", "JIXIAO_LLM__MODEL"):
        monkeypatch.delenv(var, raising=False)


def _write_config(text: str) -> Path:
    path = config_dir() / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _jixiao(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["jixiao", *args])
    code = 0
    try:
        run()
    except SystemExit as done:
        code = int(done.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


BROKEN = """
[llm]
timeout = "fast"
modle = "typo"
[index]
embed_modle = "/x"
[tui]
keymap = 3
[library]
url = ["postgresql://u:pw-SECRET-42@host/db"]
[retrieval]
anything = 1
"""


def test_every_problem_is_reported_at_once_with_its_origin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _write_config(BROKEN)
    monkeypatch.setenv("JIXIAO_LLM_CONCURRENCY", "0")
    with pytest.raises(ConfigError) as info:
        load_settings()
    lines = info.value.lines
    expected = [
        "[llm] timeout",
        "未知的配置项：modle",
        "JIXIAO_LLM_CONCURRENCY：[llm] max_concurrency",
        "未知的配置项：embed_modle",
        "[tui] keymap",
        "[library] url",
        "[retrieval]",
    ]
    assert len(lines) == len(expected)
    for part in expected:
        assert sum(part in line for line in lines) == 1, (part, lines)
    assert all(line.startswith(("配置文件：", "环境变量")) for line in lines)
    assert PASSWORD not in info.value.user_message()
    assert str(config_dir() / "config.toml") in info.value.user_message()


def test_environment_overrides_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    _write_config('[llm]\nmodel = "a/b"\ntimeout = 30\n[index]\nembed_model = "/from/file"\n')
    monkeypatch.setenv("JIXIAO_LLM__TIMEOUT", "45")
    monkeypatch.setenv("JIXIAO_EMBED_MODEL", "/from/env")
    settings = load_settings()
    assert (settings.llm.model, settings.llm.timeout) == ("a/b", 45)
    assert settings.index.embed_model == "/from/env"
    assert load_config().timeout == 45 and load_config(timeout=5).timeout == 5
    assert configured_model(None) == "/from/env"


def test_a_bad_index_section_is_an_error() -> None:
    _write_config('[index]\nembed_modle = "/x"\n')
    with pytest.raises(InputError, match="embed_modle"):
        configured_model(None)
    _write_config("[index]\nembed_model = 3\n")
    with pytest.raises(InputError, match="embed_model"):
        configured_model(None)


def test_config_show_gives_origins_and_masks_secrets(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_config(f'[llm]\nmodel = "a/b"\n[library]\nurl = "postgresql://u:{PASSWORD}@h/db"\n')
    code, out = _jixiao(monkeypatch, capsys, "config", "show")
    assert code == 0, out
    assert PASSWORD not in out
    assert 'model = "a/b"（来源：配置文件）' in out
    assert "timeout = 60.0（来源：默认值）" in out
    assert 'url = "postgresql://u:******@h/db"' in out
    monkeypatch.setenv("JIXIAO_LIBRARY_URL", f"postgresql://u:{PASSWORD}@other/db")
    code, out = _jixiao(monkeypatch, capsys, "config", "show")
    assert PASSWORD not in out and "（来源：环境变量 JIXIAO_LIBRARY_URL）" in out


def test_config_check_exit_codes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _jixiao(monkeypatch, capsys, "config", "check")
    assert code == 0 and "配置无误" in out
    _write_config(BROKEN)
    code, out = _jixiao(monkeypatch, capsys, "config", "check")
    assert code == 2 and "6 处问题" in out
    assert all(f"{n}. " in out for n in range(1, 7))
    assert PASSWORD not in out


def _options(command: Any, path: str) -> dict[str, list[tuple[str, str]]]:
    """Every option of every command: option name → [(command path, help)]."""
    found: dict[str, list[tuple[str, str]]] = {}
    for name, sub in getattr(command, "commands", {}).items():
        for option, helps in _options(sub, f"{path} {name}").items():
            found.setdefault(option, []).extend(helps)
    for param in command.params:
        for option in param.opts:
            found.setdefault(option, []).append((path, getattr(param, "help", "") or ""))
    return found


def test_model_flags_are_declared_once() -> None:
    options = _options(typer.main.get_command(app), "jixiao")
    for flag in ("--model", "--api-base", "--timeout", "--no-cache"):
        helps = {text for _, text in options[flag]}
        assert len(helps) == 1, (flag, options[flag])
    users = {path for path, _ in options["--model"]}
    assert {"jixiao draft", "jixiao check", "jixiao refine", "jixiao batch"} <= users
    assert {"jixiao llm check", "jixiao llm show"} <= users


def test_the_nested_variable_names_a_model_for_the_preload(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant import llm_preload

    monkeypatch.setattr(llm_preload, "preload_litellm", lambda: None)
    monkeypatch.setenv("JIXIAO_LLM__MODEL", "openai/test")
    assert load_config().model == "openai/test"
    assert llm_preload.preload_if_configured() is True
