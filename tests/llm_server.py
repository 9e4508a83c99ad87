"""A scripted OpenAI-compatible chat server for tests and benchmarks (stdlib only).

Each POST to /v1/chat/completions takes the next behaviour from the script (or `default` when
the script is empty) and records the request: body, headers, start/end times. `in_flight_max`
is the highest number of requests handled at once. `reject_json_schema` (a status code) makes
every request that asks for `response_format: json_schema` fail the way llama.cpp's server does.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Recorded:
    body: dict[str, Any]
    headers: dict[str, str]
    started: float
    finished: float = 0.0

    @property
    def response_type(self) -> str | None:
        fmt = self.body.get("response_format")
        return fmt.get("type") if isinstance(fmt, dict) else None

    @property
    def text(self) -> str:
        return json.dumps(self.body, ensure_ascii=False)


@dataclass
class Reply:
    status: int = 200
    content: str = ""
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


Behaviour = Callable[[Recorded], Reply]


def good(answer: Any) -> Behaviour:
    """200 with `answer` as the message content (JSON-encoded unless it is a string)."""
    text = answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False)
    return lambda _req: Reply(content=text)


def status(
    code: int, message: str = "scripted failure", headers: dict[str, str] | None = None
) -> Behaviour:
    return lambda _req: Reply(status=code, content=message, headers=headers or {})


def slow(seconds: float, then: Behaviour) -> Behaviour:
    def run(req: Recorded) -> Reply:
        reply = then(req)
        reply.delay += seconds
        return reply

    return run


def echo_authorization(code: int = 401) -> Behaviour:
    """An error whose message repeats the Authorization header (some servers do)."""
    return lambda req: Reply(
        status=code, content=f"invalid key: {req.headers.get('authorization', '')}"
    )


def _completion(content: str, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


class ScriptedServer:
    def __init__(self, *, latency: float = 0.0, default: Behaviour | None = None) -> None:
        self.latency = latency
        self.default: Behaviour = default or status(500, "script exhausted")
        self.reject_json_schema: int | None = None
        self.requests: list[Recorded] = []
        self.in_flight = 0
        self.in_flight_max = 0
        self._script: deque[Behaviour] = deque()
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def script(self, *behaviours: Behaviour) -> None:
        self._script.extend(behaviours)

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def handle(self, req: Recorded) -> Reply:
        with self._lock:
            self.requests.append(req)
            self.in_flight += 1
            self.in_flight_max = max(self.in_flight_max, self.in_flight)
            if self.reject_json_schema and req.response_type == "json_schema":
                return Reply(
                    status=self.reject_json_schema,
                    content='response_format type must be one of "text" or "json_object", '
                    "but got: json_schema",
                )
            behaviour = self._script.popleft() if self._script else self.default
        reply = behaviour(req)
        reply.delay += self.latency
        return reply

    def done(self, req: Recorded) -> None:
        with self._lock:
            self.in_flight -= 1
            req.finished = time.perf_counter()


def _handler_for(server: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
            return

        def do_POST(self) -> None:  # noqa: N802 - stdlib name
            length = int(self.headers.get("content-length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            headers = {k.lower(): v for k, v in self.headers.items()}
            req = Recorded(body=body, headers=headers, started=time.perf_counter())
            try:
                reply = server.handle(req)
                time.sleep(reply.delay)
                self._send(reply, str(body.get("model", "test")))
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)
            finally:
                server.done(req)

        def _send(self, reply: Reply, model: str) -> None:
            if reply.status == 200:
                payload = _completion(reply.content, model)
            else:
                payload = {
                    "error": {
                        "message": reply.content,
                        "type": "server_error",
                        "code": reply.status,
                    }
                }
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler


def clean_llm_env(monkeypatch: Any) -> None:
    """Remove every JIXIAO_* LLM variable and provider key a developer may have set (commands
    the test starts still start no background model process)."""
    from assistant.llm.config import ENV_VARS, KEY_ENV_BY_PROVIDER

    for var in (*ENV_VARS, *KEY_ENV_BY_PROVIDER.values()):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("JIXIAO_LLM_WORKER_MINUTES", "0")
