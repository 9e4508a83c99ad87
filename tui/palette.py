"""The command palette in Chinese: Textual's own palette says 「Search for commands…」 and 「No
matches found」, and its system commands (Theme, Keys, Maximize, Screenshot) are English."""

from __future__ import annotations

from collections.abc import Iterable

from rich.align import Align
from rich.text import Text
from textual.app import App, SystemCommand
from textual.command import CommandList, CommandPalette
from textual.screen import Screen
from textual.widgets.option_list import Option

PLACEHOLDER = "搜索命令…"
NO_MATCHES = "没有匹配的命令"
QUIT_HINT = "按 {key} 退出"


class ChinesePalette(CommandPalette):
    def __init__(self) -> None:
        super().__init__(id="--command-palette", placeholder=PLACEHOLDER)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """As Textual's, with the message in Chinese."""
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(NO_MATCHES, style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
            self._list_visible = bool(search_value)

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)


def system_commands(app: App[None], screen: Screen[None]) -> Iterable[SystemCommand]:
    """Textual's system commands, named in Chinese."""
    yield SystemCommand("切换主题", "更换界面配色", app.action_change_theme)
    yield SystemCommand("退出", "立即退出（已做的决定已自动保存）", app.action_quit)
    if screen.query("HelpPanel"):
        yield SystemCommand("隐藏按键说明", "关闭右侧的按键说明", app.action_hide_help_panel)
    else:
        yield SystemCommand("按键说明", "在右侧显示当前可用的按键", app.action_show_help_panel)
    if screen.maximized is not None:
        yield SystemCommand("还原", "把放大的区域还原", screen.action_minimize)
    elif screen.focused is not None and screen.focused.allow_maximize:
        yield SystemCommand("放大", "把当前区域放大到整个窗口", screen.action_maximize)
