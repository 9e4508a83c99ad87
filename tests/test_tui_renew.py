"""#16 in the TUI: opening last year's table offers 续编; the renewed table opens with each line's
fate (保留 / 已修正 / 待填写 / 待处理) in its note, proposals and added categories as suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from assistant.corpus import load_shipped
from assistant.index import Index
from tui.app import JixiaoApp
from tui.engine import Engine
from tui.modals.message import MessageModal


@pytest.fixture(scope="module")
def engine() -> Engine:
    index = Index.build(load_shipped())
    return Engine(lambda notify: index)


async def settle(pilot: Pilot[None]) -> None:
    for _ in range(40):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def test_last_years_seed_is_offered_and_renewed(seed_path: Path, engine: Engine) -> None:
    app = JixiaoApp(str(seed_path), engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert any("续编为 2025 年" in n.message for n in app._notifications)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, MessageModal)
        assert app.screen.title_text == "已续编为 2025 年"
        session = app.workspace.session
        assert session is not None and len(session.projects) == 16
        originals = [i for p in session.projects for i in p.items if i.kind == "original"]
        assert len(originals) == 73
        assert all(i.note.startswith("续编：") for i in originals)
        assert {i.note.split("（")[0] for i in originals} >= {"续编：保留", "续编：待填写"}
        assert not [i for i in originals if "2024年" in i.indicator.annual_value.raw]
        assert app.workspace.path is None  # exported to a new file, never over last year's
        assert app.sub_title.startswith("续编的 2025 年表（尚未导出）")
