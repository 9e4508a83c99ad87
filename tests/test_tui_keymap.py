"""#17 item 12: keys are remapped from the settings file's [tui] keymap; a bad binding id is named."""

from __future__ import annotations

import pytest

import assistant.settings
from assistant.corpus import load_shipped
from assistant.index import Index
from assistant.settings import Settings, TuiSettings
from tui.app import JixiaoApp
from tui.engine import Engine
from tui.screens.help import HelpScreen


@pytest.fixture
def keymap(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(tui=TuiSettings(keymap={"help": "f2", "no_such_binding": "x"}))
    monkeypatch.setattr(assistant.settings, "cached_settings", lambda: settings)


async def test_a_remapped_key_opens_help_and_a_bad_id_is_named(keymap: None) -> None:
    index = Index.build(load_shipped())
    app = JixiaoApp(None, engine=Engine(lambda notify: index))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert any("no_such_binding" in n.message for n in app._notifications)
        await pilot.press("question_mark")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
