"""The project's indicators grouped by category, with value, findings and status."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from assistant.schema import Finding
from tui.render import SLOT_STYLE, category_label, finding_counts, status_text, value_text
from tui.state import ProjectState

WIDE = 90  # table width from which 一级 is shown beside 二级
FIXED = {"category": (6, 16), "value": (10, 16), "findings": (6, 8), "status": (6, 6)}


class IndicatorTable(DataTable[Text | str]):
    """Rows keyed by item id; the cursor row is the selected indicator."""

    BORDER_TITLE = "指标"

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(cursor_type="row", id=id)
        self._shown: tuple[ProjectState, dict[str, list[Finding]]] | None = None

    def on_resize(self) -> None:
        if self._shown is not None:
            self.show(*self._shown)

    @property
    def selected_id(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def empty(self) -> None:
        self._shown = None
        self.clear(columns=True)

    def show(
        self, state: ProjectState, findings: dict[str, list[Finding]], select: str | None = None
    ) -> None:
        """Rebuild the rows; keep the cursor on `select` (or on the row it was on)."""
        keep = select or self.selected_id
        self._shown = (state, findings)
        wide = self.size.width >= WIDE
        self.clear(columns=True)
        pick = 1 if wide else 0
        widths = {k: v[pick] for k, v in FIXED.items()}
        name_width = max(10, self.size.width - sum(widths.values()) - 2 * 5 - 2)
        self.add_column("类别", width=widths["category"], key="category")
        self.add_column("指标名称", width=name_width, key="name")
        self.add_column("年度指标值", width=widths["value"], key="value")
        self.add_column("问题", width=widths["findings"], key="findings")
        self.add_column("状态", width=widths["status"], key="status")
        last = ""
        for item in state.rows():
            label = category_label(item.indicator, wide)
            shown = label if label != last and item.kind != "rewrite" else ""
            last = label if item.kind != "rewrite" else last
            prefix = "↳ " if item.kind == "rewrite" else "＋ " if item.kind == "addition" else ""
            status = state.status_label(item)
            dim = "dim" if status in ("已拒绝", "已替换") else ""
            self.add_row(
                Text(shown, style="bold"),
                Text(prefix + item.indicator.name, style=dim, no_wrap=True, overflow="ellipsis"),
                Text(
                    value_text(item.indicator),
                    style=SLOT_STYLE if item.slotted and not dim else dim,
                    no_wrap=True,
                    overflow="ellipsis",
                ),
                finding_counts(findings.get(item.id, [])),
                status_text(status),
                key=item.id,
            )
        if keep is not None and keep in {r.value for r in self.rows}:
            self.move_cursor(row=self.get_row_index(keep))
