"""#17 item 10: no English in the interface — the palette, its system commands, the ctrl+c hint and
the operating system's error messages are Chinese."""

from __future__ import annotations

import errno

from textual.command import CommandInput, CommandPalette

from tui.app import JixiaoApp
from tui.screens.tasks import failure_text

ENGLISH = ("Search for commands", "Theme", "Keys", "Maximize", "Screenshot", "Quit")


async def test_palette_placeholder_and_system_commands_are_chinese() -> None:
    app = JixiaoApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).placeholder == "搜索命令…"
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "退出" in titles
        assert not [t for t in titles if any(word in t for word in ENGLISH)]


async def test_ctrl_c_says_how_to_quit_in_chinese() -> None:
    app = JixiaoApp()
    async with app.run_test(size=(100, 30)) as pilot:
        app.action_help_quit()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("按 ") and m.endswith("退出") for m in messages), messages
        assert not [m for m in messages if "quit" in m.lower()]


def test_os_errors_are_worded_in_chinese() -> None:
    missing = FileNotFoundError(errno.ENOENT, "No such file or directory", "/tmp/无此文件.xlsx")
    folder = IsADirectoryError(errno.EISDIR, "Is a directory", "/tmp")
    assert (
        failure_text(missing) == "出错了：文件或文件夹不存在：/tmp/无此文件.xlsx（已保留原有内容）"
    )
    assert "这是一个文件夹" in failure_text(folder)
    assert "directory" not in failure_text(missing) + failure_text(folder)
