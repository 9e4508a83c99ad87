"""The edit and new-project forms (#17 items 7 and 11): what the user typed is saved as typed or
refused with a Chinese reason, keys typed right after Tab or Enter land in the new field, and
Enter moves through the fields, submitting only from the last one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

import tui.app
from assistant.schema import Indicator
from tui.modals.edit_indicator import EditIndicatorModal
from tui.modals.new_project import NewProjectModal

TRAINED = Indicator.from_text(
    level1="产出指标", level2="数量指标", name="培训人数", annual_value="≥100人"
)
PASS_RATE = Indicator.from_text(
    level1="产出指标", level2="质量指标", name="培训合格率", annual_value="≥95%"
)


class Host(App[None]):
    """Nothing but the dialog, laid out as in the app, and what it was dismissed with."""

    CSS_PATH = Path(tui.app.__file__).with_name("app.tcss")

    def __init__(self, modal: ModalScreen[Any]) -> None:
        super().__init__()
        self.modal = modal
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.modal, self.results.append)


def edit_form(indicator: Indicator = TRAINED) -> Host:
    return Host(EditIndicatorModal(indicator, None))


def value(pilot: Pilot[None], field: str) -> str:
    return pilot.app.screen.query_one(f"#{field}", Input).value


def error(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#error", Label).render())


async def fill(pilot: Pilot[None], **fields: str) -> None:
    for field, text in fields.items():
        pilot.app.screen.query_one(f"#{field}", Input).value = text
    await pilot.pause()


async def burst(pilot: Pilot[None], *keys: str) -> None:
    """Keys as one read from the terminal delivers them (fast typing, an input method's commit):
    all queued before the first is handled. `pilot.press` waits for idle after each key."""
    for key in keys:
        pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))
    await pilot.pause()
    await pilot.pause()


async def save(pilot: Pilot[None]) -> None:
    pilot.app.screen.query_one("#ok", Button).press()
    await pilot.pause()


async def assert_refused(pilot: Pilot[None], reason: str) -> None:
    """Refused with the reason, and still after a second 保存 (which overrides a warning)."""
    for _ in range(2):
        await save(pilot)
        assert pilot.app.results == []  # type: ignore[attr-defined]
        assert reason in error(pilot) and "未保存" in error(pilot)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"level1": "效益指标", "level2": "数量指标"}, "「数量指标」不属于「效益指标」"),
        ({"level1": "产出指标", "level2": "社会效益指标"}, "「社会效益指标」不属于「产出指标」"),
        ({"level1": "成本指标", "level2": "成本指标"}, "经济成本指标"),
        ({"level1": "提高"}, "一级指标「提高」不是指标类别"),
        ({"annual_value": "≥-5%"}, "负的百分比"),
        ({"period_value": "-5%"}, "实施周期指标值「-5%」"),
    ],
)
async def test_the_form_refuses_what_the_schema_would_rewrite(
    fields: dict[str, str], reason: str
) -> None:
    app = edit_form()
    async with app.run_test(size=(120, 40)) as pilot:
        await fill(pilot, **fields)
        await assert_refused(pilot, reason)


async def test_a_rate_above_100_is_refused_even_after_a_second_save() -> None:
    app = edit_form(PASS_RATE)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, annual_value="≥105%")
        await assert_refused(pilot, "超过 100%")


async def test_categories_typed_without_their_suffix_are_saved_as_the_canonical_pair() -> None:
    app = edit_form()
    async with app.run_test(size=(120, 40)) as pilot:
        await fill(pilot, level1="效益", level2="社会效益", name="群众知晓率", annual_value="≥90%")
        await save(pilot)
        [saved] = app.results
        assert (saved.level1, saved.level2, saved.name) == (
            "效益指标",
            "社会效益指标",
            "群众知晓率",
        )


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_keys_typed_right_after_tab_land_in_the_next_field(size: tuple[int, int]) -> None:
    app = edit_form()
    async with app.run_test(size=size) as pilot:
        await burst(pilot, "tab", "a", "b", "c")
        assert (value(pilot, "level1"), value(pilot, "level2")) == ("产出指标", "abc")
        await burst(pilot, "shift+tab", "x")
        assert (value(pilot, "level1"), value(pilot, "level2")) == ("x", "abc")


async def test_keys_typed_right_after_enter_land_in_the_next_field() -> None:
    app = edit_form()
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.query_one("#name", Input).focus()
        await pilot.pause()
        await burst(pilot, "enter", "9", "9")
        assert (value(pilot, "name"), value(pilot, "annual_value")) == ("培训人数", "99")


async def test_enter_moves_through_the_edit_form_and_saves_from_the_last_field() -> None:
    app = edit_form()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert "回车到下一项，ctrl+s 保存，Esc 取消" in str(
            pilot.app.screen.query_one(".form-hint", Label).render()
        )
        order = ["level1", "level2", "name", "annual_value", "period_value", "explanation"]
        for field in order:
            assert screen.focused is not None and screen.focused.id == field
            await pilot.press("enter")
            assert app.results == []
        assert screen.focused is not None and screen.focused.id == "basis"
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [TRAINED]


async def test_enter_moves_through_the_new_project_form_and_drafts_from_the_last_field() -> None:
    app = Host(NewProjectModal())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press(*"培训经费", "enter")
        assert screen.focused is not None and screen.focused.id == "goal"
        assert app.results == [] and error(pilot) == ""
        for field in ("goal", "amount", "department", "framework"):
            assert screen.focused is not None and screen.focused.id == field
            await pilot.press("enter")
            assert app.results == []
        assert screen.focused is not None and screen.focused.id == "type"
        await pilot.press("enter")
        await pilot.pause()
        [request] = app.results
        assert request.name == "培训经费"


async def test_ctrl_s_drafts_the_new_project_from_any_field() -> None:
    app = Host(NewProjectModal())
    async with app.run_test(size=(120, 40)) as pilot:
        assert "ctrl+s 起草" in str(app.screen.query_one(".form-hint", Label).render())
        await fill(pilot, name="培训经费")
        app.screen.query_one("#name", Input).focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len(app.results) == 1


async def test_enter_on_a_button_or_in_an_open_select_keeps_its_meaning() -> None:
    app = edit_form()
    async with app.run_test(size=(120, 40)) as pilot:
        basis = app.screen.query_one("#basis", Select)
        basis.focus()
        await pilot.press("space", "down", "enter")
        assert basis.value != Select.NULL and app.results == []
        app.screen.query_one("#cancel", Button).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [None]


async def test_a_long_message_starts_on_the_line_of_its_mark() -> None:
    app = edit_form()
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, annual_value="提高")  # the checker's long message has no space
        await save(pilot)
        label = app.screen.query_one("#error", Label)
        first = label.render_line(0).text.strip()
        assert first.startswith("✗") and "提高" in first
