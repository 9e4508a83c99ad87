"""A footer for every dialog: while one is open, the keys shown are the dialog's own (Esc 取消 …),
not those of the screen beneath it, whose footer it covers."""

from __future__ import annotations

from textual.screen import ModalScreen, Screen, SystemModalScreen
from textual.widgets import Footer


def add_dialog_footer(screen: Screen[object]) -> None:
    """Called with each screen that becomes active (the app's screen_change_signal)."""
    if not isinstance(screen, ModalScreen) or isinstance(screen, SystemModalScreen):
        return  # a screen of its own, or Textual's command palette
    if not screen.query(Footer):
        screen.mount(Footer(compact=True, show_command_palette=False))
