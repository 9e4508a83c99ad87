"""`jixiao llm check` / `jixiao llm show`, and the rule that offline code never imports litellm."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import pytest

from assistant.cli.main import run
from assistant.llm.profiles import learned_mode
from assistant.resources import config_dir
from tests.llm_server import ScriptedServer, clean_llm_env, good, status

PROBE_OK = {"ok": True, "answer": 2}


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    clean_llm_env(monkeypatch)
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer(default=good(PROBE_OK)) as srv:
        yield srv


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


def test_check_finds_the_supported_mode_and_remembers_it(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    server.reject_json_schema = 500
    code, out = _jixiao(
        monkeypatch, capsys, "llm", "check", "--model", "openai/test", "--api-base", server.url
    )
    assert code == 0, out
    assert "模型可用：openai/test" in out and "秒" in out
    assert "✗ JSON Schema 约束（json_schema）" in out and "✓ JSON 对象模式（json_object）" in out
    assert [r.response_type for r in server.requests] == ["json_schema", "json_object"]
    assert learned_mode("openai/test", server.url) == "json_object"
    code, out = _jixiao(
        monkeypatch, capsys, "llm", "show", "-m", "openai/test", "--api-base", server.url
    )
    assert code == 0 and "JSON 对象模式（json_object）（已由 llm check" in out


def test_check_reads_model_from_config_file(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (config_dir() / "config.toml").write_text(
        f'[llm]\nmodel = "openai/test"\napi_base = "{server.url}"\n', encoding="utf-8"
    )
    code, out = _jixiao(monkeypatch, capsys, "llm", "check")
    assert code == 0 and "✓ JSON Schema 约束（json_schema）" in out
    assert len(server.requests) == 1


def test_check_when_no_mode_gives_valid_json(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    server.default = good("二")
    code, out = _jixiao(
        monkeypatch, capsys, "llm", "check", "-m", "openai/test", "--api-base", server.url
    )
    assert code == 2 and "错误：" in out and "都没有给出合格的 JSON" in out
    assert len(server.requests) == 9  # three modes × (one ask + two re-asks)


def test_check_unreachable_server_is_one_chinese_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with ScriptedServer() as gone:
        url = gone.url
    code, out = _jixiao(
        monkeypatch,
        capsys,
        "llm",
        "check",
        "-m",
        "openai/test",
        "--api-base",
        url,
        "--timeout",
        "2",
    )
    assert code == 2 and "错误：" in out and "无法连接大模型服务" in out
    assert "Traceback" not in out


def test_check_auth_failure(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-SECRET-abcdef0123456789")
    server.default = status(401, "Incorrect API key provided: sk-SECRET-abcdef0123456789")
    code, out = _jixiao(
        monkeypatch, capsys, "llm", "check", "-m", "openai/test", "--api-base", server.url
    )
    assert code == 2 and "认证失败" in out and "OPENAI_API_KEY" in out
    assert "abcdef0123456789" not in out


def test_check_and_show_without_a_model(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _jixiao(monkeypatch, capsys, "llm", "check")
    assert code == 2 and "错误：未配置大模型" in out
    code, out = _jixiao(monkeypatch, capsys, "llm", "show")
    assert code == 0 and "未配置大模型" in out


def test_show_names_the_key_variable_but_never_the_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JIXIAO_MODEL", "deepseek/deepseek-chat")
    code, out = _jixiao(monkeypatch, capsys, "llm", "show")
    assert code == 0 and "DEEPSEEK_API_KEY（未设置）" in out and "JSON 对象模式" in out
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-SECRET-abcdef0123456789")
    code, out = _jixiao(monkeypatch, capsys, "llm", "show", "--model", "deepseek/deepseek-chat")
    assert "DEEPSEEK_API_KEY（已设置）" in out and "abcdef0123456789" not in out
    code, out = _jixiao(
        monkeypatch,
        capsys,
        "llm",
        "show",
        "-m",
        "ollama/qwen2.5:7b",
        "--api-base",
        "http://127.0.0.1:11434",
    )
    assert "无需密钥" in out


def test_bad_config_is_a_chinese_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (config_dir() / "config.toml").write_text(
        '[llm]\nmodel = "a/b"\nbase_url = "x"\n', encoding="utf-8"
    )
    code, out = _jixiao(monkeypatch, capsys, "llm", "show")
    assert code == 2 and "未知的配置项：base_url" in out


def test_llm_modules_and_offline_commands_do_not_import_litellm() -> None:
    script = """
import sys, json
import assistant.llm, assistant.llm.probe, assistant.llm.structured, assistant.cli.llm_cmd
from assistant.cli.main import run
sys.argv = ["jixiao", "llm", "show", "--model", "deepseek/deepseek-chat"]
try:
    run()
except SystemExit:
    pass
sys.argv = ["jixiao", "--help"]
try:
    run()
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("litellm", "openai"))))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_draft_timeout_flag_bounds_a_slow_server(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A local CPU model can be slower than the default; --timeout says how long to wait, and a
    server slower than that gives the offline draft with a Chinese notice about the timeout."""
    monkeypatch.setenv("JIXIAO_LLM_RETRIES", "0")
    with ScriptedServer(latency=3.0, default=good(PROBE_OK)) as slow:
        code, out = _jixiao(
            monkeypatch,
            capsys,
            "draft",
            "--name",
            "社区网格员培训经费",
            "--amount",
            "16",
            "--model",
            "openai/local",
            "--api-base",
            slow.url,
            "--timeout",
            "0.5",
            "--no-cache",
        )
    assert code == 0 and "超时" in out and "离线" in out
    assert "Timeout" not in out
