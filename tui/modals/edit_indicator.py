"""Edit one indicator. The form is validated by the schema itself (constructing `Indicator`):
a bad category or an empty name is shown inline in Chinese and nothing is saved. A value the
checker rejects (e.g. 「提高」) is shown too; saving it anyway takes a second 「保存」."""

from __future__ import annotations

from typing import get_args

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select
from textual.widgets.select import NoSelection

from assistant.categories import LEVEL1_NAMES, LEVEL2_NAMES
from assistant.schema import Basis, Finding, Indicator, Project
from tui.engine import Engine

FIELDS = ("level1", "level2", "name", "annual_value", "period_value", "explanation")
LABELS = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "指标名称",
    "annual_value": "年度指标值",
    "period_value": "实施周期指标值",
    "explanation": "指标解释",
    "basis": "取值依据",
}


def explain(err: ValidationError) -> str:
    """The first problem, in Chinese."""
    first = err.errors()[0]
    label = LABELS.get(str(first["loc"][0]), "") if first["loc"] else ""
    if first["type"] == "value_error":
        return str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "string_too_short":
        return f"「{label}」不能为空"
    return f"「{label}」填写有误"


class EditIndicatorModal(ModalScreen[Indicator | None]):
    BINDINGS = [Binding("escape", "dismiss_modal", "取消", id="edit_cancel")]

    def __init__(self, indicator: Indicator, project: Project | None) -> None:
        super().__init__()
        self.indicator, self.project = indicator, project
        self._confirmed: Indicator | None = None

    def _initial(self, field: str) -> str:
        ind = self.indicator
        values = {
            "level1": ind.level1,
            "level2": ind.level2,
            "name": ind.name,
            "annual_value": ind.annual_value.as_written(),
            "period_value": ind.period_value.as_written() if ind.period_value else "",
            "explanation": ind.explanation or "",
        }
        return values[field]

    def compose(self) -> ComposeResult:
        suggestions = {"level1": LEVEL1_NAMES, "level2": LEVEL2_NAMES}
        with Vertical(classes="dialog"):
            yield Label("编辑指标", classes="dialog-title")
            with Grid(classes="form"):
                for field in FIELDS:
                    yield Label(LABELS[field])
                    yield Input(
                        self._initial(field),
                        id=field,
                        compact=True,
                        suggester=SuggestFromList(suggestions[field])
                        if field in suggestions
                        else None,
                    )
                yield Label(LABELS["basis"])
                yield Select(
                    [(b, b) for b in get_args(Basis)],
                    value=self.indicator.basis or Select.NULL,
                    id="basis",
                    compact=True,
                    prompt="（未填）",
                )
            yield Label("", id="error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("保存", id="ok", variant="primary")
                yield Button("取消", id="cancel")

    def on_input_submitted(self) -> None:
        self._try_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._try_save()
        else:
            self.dismiss(None)

    def action_dismiss_modal(self) -> None:
        self.dismiss(None)

    def _build(self) -> Indicator:
        values = {f: self.query_one(f"#{f}", Input).value.strip() for f in FIELDS}
        basis = self.query_one("#basis", Select).value
        return Indicator(
            level1=values["level1"],
            level2=values["level2"],
            name=values["name"],
            annual_value=values["annual_value"],
            period_value=values["period_value"] or None,
            explanation=values["explanation"] or None,
            basis=None if isinstance(basis, NoSelection) else basis,
            source=self.indicator.source,
        )

    def _try_save(self) -> None:
        error = self.query_one("#error", Label)
        try:
            indicator = self._build()
        except ValidationError as err:
            error.update(f"✗ {explain(err)}（未保存）")
            return
        if not indicator.annual_value.as_written():
            error.update("✗ 年度指标值不能为空（未保存）")
            return
        problems = [f for f in Engine.findings(indicator, self.project) if f.severity == "error"]
        if problems and indicator != self._confirmed:
            self._confirmed = indicator
            error.update(f"✗ {_first_line(problems[0])}\n再按一次「保存」仍然保存。")
            return
        self.dismiss(indicator)


def _first_line(finding: Finding) -> str:
    return f"{finding.message}{'；' + finding.hint if finding.hint else ''}"
