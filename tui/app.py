"""The jixiao TUI: review, accept, edit and reject indicator suggestions for a table's projects.

Start-up shows the workspace at once; the table, the checks and the index load in workers.
Nothing heavy (litellm, sentence-transformers, torch) is imported here, and a dialog's module
only when it first opens (the goal editor's TextArea alone is 15 ms before the first frame)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen

from tui.bindings import APP_BINDINGS, keymap_problems
from tui.commands import ActionsProvider
from tui.engine import Engine
from tui.messages import ExportDone
from tui.modals.confirm import ConfirmModal
from tui.palette import QUIT_HINT, ChinesePalette, system_commands
from tui.screens.workspace import WorkspaceScreen


class JixiaoApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "绩效指标助手"
    BINDINGS: ClassVar[list[BindingType]] = list(APP_BINDINGS)
    COMMANDS = App.COMMANDS | {ActionsProvider}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    def __init__(self, path: str | None = None, *, engine: Engine | None = None) -> None:
        super().__init__()
        self.path = path
        self.engine = engine or Engine()
        self.workspace = WorkspaceScreen(self.engine, path)

    def get_default_screen(self) -> WorkspaceScreen:
        return self.workspace

    def on_mount(self) -> None:
        from assistant.errors import InputError
        from assistant.settings import cached_settings

        try:
            keymap = cached_settings().tui.keymap
        except InputError as err:  # the screen still opens; the problems are all named
            self.notify(err.user_message(), severity="error", timeout=30)
            keymap = {}
        for problem in keymap_problems(keymap):
            self.notify(problem, severity="warning", timeout=10)
        self.set_keymap(keymap)

    def on_export_done(self, message: ExportDone) -> None:
        """In a browser, the exported table also arrives as a download."""
        if self.is_web:
            self.deliver_binary(message.exported.path, save_filename=message.exported.path.name)

    def get_system_commands(self, screen: Screen[None]) -> Iterable[SystemCommand]:
        return system_commands(self, screen)

    def action_command_palette(self) -> None:
        # App is invariant in its result type; is_open only looks at the screen on top.
        if self.use_command_palette and not ChinesePalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(ChinesePalette())

    async def action_quit(self) -> None:
        """Quit; a renewed table never exported asks first (its work stays autosaved)."""
        if not self.workspace.unexported_renewal:
            self.exit()
            return

        def answer(leave: bool | None) -> None:
            if leave:
                self.exit()

        self.push_screen(
            ConfirmModal(
                "续编的表还没有导出，确定退出？",
                "工作已自动保存：不带文件运行 jixiao tui 时会询问是否继续。"
                "要得到今年的表，请先按 ctrl+s 导出。",
            ),
            answer,
        )

    def action_help_quit(self) -> None:
        """ctrl+c: say in Chinese how to quit (Textual's hint is English)."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(QUIT_HINT.format(key=key), title="要退出吗？")
                return

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_library(self) -> None:
        from tui.modals.library import LibraryModal

        def closed(removed: int | None) -> None:
            if removed:  # the index again, without them (and the title's count of the library)
                self.workspace.load_index()

        if not isinstance(self.screen, LibraryModal):
            self.push_screen(LibraryModal(self.engine), closed)

    def action_review(self) -> None:
        from tui.modals.review import ReviewModal

        def closed(decided: int | None) -> None:
            if decided:  # what was approved is evidence now
                self.workspace.load_index()

        if not isinstance(self.screen, ReviewModal):
            self.push_screen(ReviewModal(), closed)

    def action_open_table(self) -> None:
        from tui.modals.open_table import OpenTableModal

        def chosen(path: str | None) -> None:
            if path is not None:
                self.workspace.open_table(path)

        self.push_screen(OpenTableModal(self.workspace.path), chosen)


def run(path: str | None = None, *, previous: str | None = None) -> None:
    """The app on `path`; with `previous` (last year's table, already checked by the command),
    each project's year-over-year changes are among its findings."""
    engine = Engine()
    if previous is not None:
        from assistant.tables import read_table
        from assistant.year_over_year import LastYear

        engine.last_year = LastYear(read_table(previous))
    JixiaoApp(path, engine=engine).run()
