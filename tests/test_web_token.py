"""`jixiao web --host` for a LAN: a request without the printed token is refused."""

from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from tui.web import COOKIE, JixiaoServer


async def test_requests_without_the_token_are_refused() -> None:
    server = JixiaoServer(None, "0.0.0.0", 8017, token="s3cret", open_browser=False)
    async with TestClient(TestServer(await server._make_app())) as client:
        refused = await client.get("/")
        assert refused.status == 403
        assert "令牌" in await refused.text()
        assert (await client.get("/?token=wrong")).status == 403
        allowed = await client.get("/?token=s3cret")
        assert allowed.status == 200
        assert allowed.cookies[COOKIE].value == "s3cret"
        assert (
            await client.get("/static/js/textual.js")
        ).status == 200  # the cookie carries the token


async def test_localhost_needs_no_token() -> None:
    server = JixiaoServer(None, "127.0.0.1", 8017, token=None, open_browser=False)
    async with TestClient(TestServer(await server._make_app())) as client:
        assert (await client.get("/")).status == 200
