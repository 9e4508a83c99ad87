"""#16 in the TUI: opening last year's table offers 续编; the renewed table opens with each line's
fate (保留 / 已修正 / 待填写 / 待处理) in its note, proposals and added categories as suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus import load_shipped
from assistant.index import Index
from tests.pilot import settle
from tui.app import JixiaoApp
from tui.engine import Engine
from tui.modals.message import MessageModal


@pytest.fixture(scope="module")
def engine() -> Engine:
    index = Index.build(load_shipped())
    return Engine(lambda notify: index)


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
        slots = [i for i in originals if i.note.startswith("续编：待填写")]
        assert slots and all(i.reference.startswith("上年 ") for i in slots)
        assert not [i for i in originals if "2024年" in i.indicator.annual_value.raw]
        assert app.workspace.path is None  # exported to a new file, never over last year's
        assert app.sub_title.startswith("续编的 2025 年表（尚未导出）")


async def test_decisions_go_along_and_quitting_unexported_asks(
    seed_path: Path, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An accepted rewrite on the 2024 table is in the renewed one; quitting before the renewed
    table is exported asks first; the export's default name says what it is."""
    from tui.modals.confirm import ConfirmModal

    monkeypatch.chdir(tmp_path)
    app = JixiaoApp(str(seed_path), engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        state = app.workspace.state
        assert state is not None
        rewrite = next(i for i in state.items if i.kind == "rewrite")
        app.workspace.session.accept(state.key, rewrite.id)  # type: ignore[union-attr]
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("enter")  # the 已续编 message
        renewed = app.workspace.session.get(state.key)  # type: ignore[union-attr]
        names = [i.indicator.name for i in renewed.items if i.kind == "original"]
        assert rewrite.indicator.name in names
        assert app.workspace._default_export_path().endswith(
            "seed-baiyun-zhengfawei-2024-续编2025.xlsx"
        )
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal) and "还没有导出" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmModal) and app.is_running
