"""The project list (left): each project's name, score, open findings and pending suggestions."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.geometry import Size
from textual.widgets import OptionList
from textual.widgets.option_list import Option

ENTRY_LINES = 2  # every entry: the name, then its figures (never wrapped: cut with …)


@dataclass(frozen=True)
class ProjectEntry:
    key: str
    name: str
    score: int | None
    findings: int
    pending: int
    drafted: bool = False


def entry_text(entry: ProjectEntry) -> Text:
    one_line = " ".join(entry.name.splitlines())  # an entry is always ENTRY_LINES lines
    name = Text(("＋" if entry.drafted else "") + one_line, no_wrap=True, overflow="ellipsis")
    score_style = (
        "dim"
        if entry.score is None
        else "green"
        if entry.score >= 80
        else "yellow"
        if entry.score >= 60
        else "red"
    )
    stats = Text.assemble(
        ("  ", ""),
        ("--" if entry.score is None else f"{entry.score}分", score_style),
        (f" 问题{entry.findings}", "yellow" if entry.findings else "dim"),
    )
    if entry.pending:
        stats.append(f" 待定{entry.pending}", style="cyan")
    text = Text("\n").join([name, stats])
    text.no_wrap, text.overflow = True, "ellipsis"
    return text


class ProjectList(OptionList):
    """One option per project; highlighting one opens it.

    Every entry is two lines, so heights are known without laying each entry out: OptionList
    measures every option's text to find the list's height and line map, which for a
    1,000-project table cost more than painting it. Only visible entries are rendered."""

    BORDER_TITLE = "项目"

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return ENTRY_LINES * self.option_count

    def _update_lines(self) -> None:
        cache = getattr(self, "_line_cache", None)
        if cache is None or not hasattr(cache, "index_to_line"):  # another Textual: its own way
            super()._update_lines()
            return
        if not self.scrollable_content_region:
            return
        lines = cache.lines
        for index in range(lines[-1][0] + 1 if lines else 0, len(self.options)):
            cache.index_to_line[index] = len(lines)
            cache.heights[index] = ENTRY_LINES
            lines.extend((index, line) for line in range(ENTRY_LINES))
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        virtual_size = Size(width, len(lines))
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def show(self, entries: list[ProjectEntry], selected: str | None) -> None:
        self.set_options(Option(entry_text(e), id=e.key) for e in entries)
        if selected is not None:
            self.highlighted = self.get_option_index(selected)

    def update_entry(self, entry: ProjectEntry) -> None:
        self.replace_option_prompt(entry.key, entry_text(entry))
