"""`jixiao web`: the same Textual app served to a browser by textual-serve.

Bound to localhost by default. On another host (a LAN) every request must carry a random token,
in the URL (`?token=…`) or in the cookie the first page sets."""

from __future__ import annotations

import secrets
import shlex
import socket
import sys
import webbrowser
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web
from textual_serve.server import Server

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
COOKIE = "jixiao_token"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def app_command(table: str | None, previous: str | None = None) -> str:
    """The shell command textual-serve runs for each browser session."""
    args = [sys.executable, "-m", "tui"]
    args += [str(Path(p).resolve()) for p in (table, previous) if p is not None]
    return shlex.join(args)


def lan_address() -> str:
    """This machine's address on the LAN (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


class JixiaoServer(Server):
    """textual-serve with a token check and a Chinese start-up line."""

    def __init__(
        self,
        table: str | None,
        host: str,
        port: int,
        *,
        token: str | None,
        open_browser: bool,
        previous: str | None = None,
    ) -> None:
        shown = lan_address() if host in {"0.0.0.0", "::"} else host
        super().__init__(
            app_command(table, previous),
            host=host,
            port=port,
            title="绩效指标助手",
            public_url=f"http://{shown}:{port}",
        )
        self.token = token
        self.open_browser = open_browser

    @property
    def url(self) -> str:
        return f"{self.public_url}/?token={self.token}" if self.token else f"{self.public_url}/"

    async def _make_app(self) -> web.Application:
        application = await super()._make_app()
        if self.token is not None:
            application.middlewares.append(self._guard)
        return application

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        given = request.query.get("token") or request.cookies.get(COOKIE)
        if given is None or not secrets.compare_digest(given, self.token or ""):
            raise web.HTTPForbidden(text="缺少或错误的访问令牌：请使用 jixiao web 打印的完整地址。")
        response = await handler(request)
        if not response.prepared:
            response.set_cookie(COOKIE, given, httponly=True, samesite="Strict")
        return response

    async def on_startup(self, app: web.Application) -> None:
        self.console.print(
            f"绩效指标助手已在浏览器中提供：{self.url}", highlight=False, soft_wrap=True
        )
        self.console.print("按 Ctrl+C 停止。", highlight=False)
        if self.open_browser:
            webbrowser.open(self.url)


def serve(
    table: str | None,
    *,
    host: str = "127.0.0.1",
    port: int = 8017,
    open_browser: bool = True,
    previous: str | None = None,
) -> None:
    """Serve the app until Ctrl+C; a non-local host needs the printed token."""
    token = None if host in LOCAL_HOSTS else secrets.token_urlsafe(16)
    if token is not None:
        print(
            f"警告：正在向局域网开放（{host}），同一网络中的人只要拿到带令牌的地址就能查看和修改你的表；"
            "只在可信的网络中这样做。",
            file=sys.stderr,
        )
    JixiaoServer(
        table, host, port, token=token, open_browser=open_browser, previous=previous
    ).serve()
