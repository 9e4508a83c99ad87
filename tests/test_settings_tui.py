"""#18: a broken config file does not stop the TUI from opening; its problems are all shown."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.corpus import load_shipped
from assistant.index import Index
from assistant.resources import config_dir
from assistant.settings import cached_settings
from tui.app import JixiaoApp
from tui.engine import Engine


@pytest.fixture
def broken_config() -> Iterator[None]:
    (config_dir() / "config.toml").write_text(
        '[tui]\nkeymap = 3\n[llm]\nmodle = "typo"\n', encoding="utf-8"
    )
    cached_settings.cache_clear()
    yield
    cached_settings.cache_clear()


async def test_a_broken_config_is_named_and_the_screen_opens(broken_config: None) -> None:
    index = Index.build(load_shipped())
    app = JixiaoApp(None, engine=Engine(lambda notify: index))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("[tui] keymap" in m and "modle" in m for m in messages), messages
        assert app.is_running
