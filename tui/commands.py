"""The command palette (ctrl+p): every action of the TUI, and a jump to each project."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.bindings import APP_BINDINGS, HELP, all_bindings


class ActionsProvider(Provider):
    """Offers each binding's action by its Chinese name; and 「切换到项目：…」 for each project."""

    def _commands(self) -> list[tuple[str, str, str]]:
        app_ids = {b.id for b in APP_BINDINGS}
        commands = []
        for binding in all_bindings():
            assert binding.id is not None
            action = f"app.{binding.action}" if binding.id in app_ids else binding.action
            key = self.app.get_key_display(binding)
            commands.append((f"{binding.description}（{key}）", HELP[binding.id], action))
        session = getattr(self.screen, "session", None)
        for state in session.projects if session is not None else []:
            commands.append(
                (
                    f"切换到项目：{state.key}",
                    "在左侧列表中选中该项目",
                    f"select_project({state.key!r})",
                )
            )
        return commands

    async def discover(self) -> Hits:
        for title, help_text, action in self._commands():
            yield DiscoveryHit(title, partial(self.screen.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in self._commands():
            score = matcher.match(title) or matcher.match(help_text) * 0.3
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self.screen.run_action, action),
                    help=help_text,
                )
