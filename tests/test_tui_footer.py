"""#17 item 5: at 80×24 the footer shows the keys a review cannot do without (导出, 打开, 帮助, 退出
and the command palette), not only the first workspace keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from assistant.corpus import load_shipped
from assistant.index import Index
from tui.app import JixiaoApp
from tui.engine import Engine


@pytest.fixture(scope="module")
def engine() -> Engine:
    index = Index.build(load_shipped())
    return Engine(lambda notify: index)


ESSENTIAL = {"接受", "编辑", "拒绝", "撤销", "导出", "打开", "帮助", "退出", "命令"}


async def test_essential_keys_fit_in_80_columns(seed_path: Path, engine: Engine) -> None:
    app = JixiaoApp(str(seed_path), engine=engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        keys = app.screen.query_one(Footer).query(FooterKey)
        visible = {k.description for k in keys if k.region.right <= 80 and k.region.width}
        assert ESSENTIAL <= visible, sorted(ESSENTIAL - visible)


async def test_a_remapped_essential_key_moves_in_the_footer_too(
    seed_path: Path, engine: Engine
) -> None:
    app = JixiaoApp(str(seed_path), engine=engine)
    async with app.run_test(size=(80, 24)) as pilot:
        app.set_keymap({"quit": "ctrl+x"})
        await pilot.pause()
        keys = {k.description: k.key for k in app.screen.query_one(Footer).query(FooterKey)}
        assert keys["退出"] == "ctrl+x"
