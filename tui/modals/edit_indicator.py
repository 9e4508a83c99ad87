"""Edit one indicator. The form is validated by the schema itself (constructing `Indicator`):
an empty name or categories that fit no framework are shown inline in Chinese and nothing is
saved. The schema normalises categories found in real tables (「提高」 → 产出指标); here the
categories must be what the user typed, so a 一级 that is no category, or a 二级 that does not
belong to the 一级, is refused rather than rewritten. So is a value that cannot be reached (a
negative percentage, or a rule of `REFUSED_RULES`). A value the checker rejects otherwise (e.g.
「提高」) is shown too; saving it anyway takes a second 「保存」."""

from __future__ import annotations

from typing import get_args

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select
from textual.widgets.select import NoSelection

from assistant.categories import LEVEL1_NAMES, LEVEL2_NAMES, canonical_name, level2s_under
from assistant.schema import Basis, Finding, Indicator, Project
from tui.engine import Engine
from tui.modals.form import FormModal, form_hint

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
# Checker rules whose values cannot be reached at all: no second 「保存」 saves them.
REFUSED_RULES: frozenset[str] = frozenset({"V006"})


def explain(err: ValidationError) -> str:
    """The first problem, in Chinese."""
    first = err.errors()[0]
    label = LABELS.get(str(first["loc"][0]), "") if first["loc"] else ""
    if first["type"] == "value_error":
        return str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "string_too_short":
        return f"「{label}」不能为空"
    return f"「{label}」填写有误"


def category_change(level1: str, level2: str, made: Indicator) -> str | None:
    """Why the categories typed are not the ones the schema made of them, or None when they are
    the same (a canonical name, with or without its final 指标)."""
    l1 = canonical_name(level1, LEVEL1_NAMES)
    if l1 is None:
        return f"一级指标「{level1}」不是指标类别，应填 {'、'.join(LEVEL1_NAMES)} 之一"
    under = level2s_under(l1)
    if (l1, canonical_name(level2, under)) == (made.level1, made.level2):
        return None
    return f"二级指标「{level2}」不属于「{l1}」，「{l1}」下应填 {'、'.join(under)} 之一"


def impossible_value(indicator: Indicator) -> str | None:
    """A negative percentage, which no target can be."""
    for field in ("annual_value", "period_value"):
        value = getattr(indicator, field)
        if value is not None and value.unit == "%" and (value.number or 0) < 0:
            return (
                f"{LABELS[field]}「{value.as_written()}」是负的百分比，不可能达到；"
                "写下降请用正数，如 「下降率≤5%」"
            )
    return None


class EditIndicatorModal(FormModal[Indicator | None]):
    BINDINGS = [
        Binding("ctrl+s", "submit", "保存", id="edit_save"),
        Binding("escape", "dismiss_modal", "取消", id="edit_cancel"),
    ]

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
            yield form_hint("保存")
            with Horizontal(classes="dialog-buttons"):
                yield Button("保存", id="ok", variant="primary")
                yield Button("取消", id="cancel")

    def _values(self) -> dict[str, str]:
        return {f: self.query_one(f"#{f}", Input).value.strip() for f in FIELDS}

    def _build(self, values: dict[str, str]) -> Indicator:
        basis = self.query_one("#basis", Select).value
        return Indicator.from_text(
            level1=values["level1"],
            level2=values["level2"],
            name=values["name"],
            annual_value=values["annual_value"],
            period_value=values["period_value"] or None,
            explanation=values["explanation"] or None,
            basis=None if isinstance(basis, NoSelection) else basis,
            source=self.indicator.source,
        )

    def submit(self) -> None:
        values = self._values()
        try:
            indicator = self._build(values)
        except ValidationError as err:
            self._show(f"{explain(err)}（未保存）")
            return
        problems = [f for f in Engine.findings(indicator, self.project) if f.severity == "error"]
        refusal = self._refusal(values, indicator, problems)
        if refusal:
            self._show(f"{refusal}（未保存）")
            return
        if problems and indicator != self._confirmed:
            self._confirmed = indicator
            self._show(f"{_first_line(problems[0])}\n再按一次「保存」仍然保存。")
            return
        self.dismiss(indicator)

    def _show(self, problem: str) -> None:
        """The mark joined to the text: after a space, a long run of Chinese, which has no
        spaces to break at, would start on the next line and leave the mark alone."""
        self.query_one("#error", Label).update(f"✗{problem}")

    @staticmethod
    def _refusal(values: dict[str, str], made: Indicator, problems: list[Finding]) -> str | None:
        """Why the form cannot be saved even after a second 「保存」, or None."""
        if not made.annual_value.as_written():
            return "年度指标值不能为空"
        refused = (_first_line(p) for p in problems if p.code in REFUSED_RULES)
        return (
            category_change(values["level1"], values["level2"], made)
            or impossible_value(made)
            or next(refused, None)
        )


def _first_line(finding: Finding) -> str:
    return f"{finding.message.rstrip('。')}{'；' + finding.hint if finding.hint else ''}"
