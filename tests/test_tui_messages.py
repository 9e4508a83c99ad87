"""#17 item 2: a long error (a model's, an export's) is a message the user reads and closes, not a
toast that disappears and loses characters over panel borders; short notices stay toasts."""

from __future__ import annotations

from tui.app import JixiaoApp
from tui.modals.message import MessageModal

LONG = "大模型在 20 秒内没有回应：请检查服务地址 http://127.0.0.1:8000/v1 是否可用，或在设置中调大超时。"


async def test_a_long_error_opens_a_message_to_close() -> None:
    app = JixiaoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.workspace.notify(LONG, severity="error")
        await pilot.pause()
        assert isinstance(app.screen, MessageModal)
        assert app.screen.text == LONG
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, MessageModal)


async def test_a_short_notice_stays_a_toast() -> None:
    app = JixiaoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.workspace.notify("已导出", severity="information")
        app.workspace.notify("文件不存在", severity="error")
        await pilot.pause()
        assert not isinstance(app.screen, MessageModal)
        assert {n.message for n in app._notifications} >= {"已导出", "文件不存在"}
