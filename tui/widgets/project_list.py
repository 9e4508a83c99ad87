"""The project list (left): each project's name, score, open findings and pending suggestions."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option

ENTRY_LINES = 2  # every entry: the name, then its figures (never wrapped: cut with …)
ENTRY_CELLS = 14  # an entry's width at 80 columns, until the list knows its own


@dataclass(frozen=True)
class ProjectEntry:
    key: str
    name: str
    score: int | None
    findings: int
    pending: int
    drafted: bool = False


def entry_text(entry: ProjectEntry, width: int = ENTRY_CELLS) -> Text:
    one_line = " ".join(entry.name.splitlines())  # an entry is always ENTRY_LINES lines
    name = Text(("＋" if entry.drafted else "") + one_line, no_wrap=True, overflow="ellipsis")
    text = Text("\n").join([name, _figures(entry, width)])
    text.no_wrap, text.overflow = True, "ellipsis"
    return text


def _figures(entry: ProjectEntry, width: int) -> Text:
    """`72分 待定5 问题7`: the score, then what is left to decide, then the findings, each only
    when it fits whole in `width` cells; `--` for a project not checked yet."""
    score_style = (
        "dim"
        if entry.score is None
        else "green"
        if entry.score >= 80
        else "yellow"
        if entry.score >= 60
        else "red"
    )
    text = Text("--" if entry.score is None else f"{entry.score}分", style=score_style)
    extras = [(f" 待定{entry.pending}", "cyan")] if entry.pending else []
    if entry.score is not None:  # not checked yet: no count of its findings either
        extras.append((f" 问题{entry.findings}", "yellow" if entry.findings else "dim"))
    for piece, style in extras:
        if cell_len(text.plain) + cell_len(piece) <= width:
            text.append(piece, style=style)
    return text


class ProjectList(OptionList):
    """One option per project; highlighting one opens it.

    Every entry is two lines, so heights are known without laying each entry out: OptionList
    measures every option's text to find the list's height and line map, which for a
    1,000-project table cost more than painting it. Only visible entries are rendered."""

    BORDER_TITLE = "项目"
    BORDER_SUBTITLE = "分：检查得分"

    class Painted(Message):
        """The entries `show` was given are on screen (sent once per `show`)."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.entries: dict[str, ProjectEntry] = {}
        self._entry_width = 0
        self._announce = False

    def render_lines(self, crop: Region) -> list[Strip]:
        lines = super().render_lines(crop)
        if self._announce and self.option_count:
            self._announce = False
            self.post_message(self.Painted())
        return lines

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

    def entry_width(self) -> int:
        """The cells an entry's text has: the list's width less its gutter and option padding."""
        region = self.scrollable_content_region
        return region.width - self._get_left_gutter_width() - 2 if region.width else ENTRY_CELLS

    def show(self, entries: list[ProjectEntry], selected: str | None) -> None:
        self.entries = {e.key: e for e in entries}
        width = self._entry_width = self.entry_width()
        self.set_options(Option(entry_text(e, width), id=e.key) for e in entries)
        self._announce = True
        if selected is not None:
            self.highlighted = self.get_option_index(selected)

    def update_entry(self, entry: ProjectEntry) -> None:
        self.entries[entry.key] = entry
        self.replace_option_prompt(entry.key, entry_text(entry, self.entry_width()))

    def on_resize(self) -> None:
        """Figures that fit in the new width (the names cut themselves)."""
        width = self.entry_width()
        if width != self._entry_width and self.option_count:
            for entry in self.entries.values():
                self.replace_option_prompt(entry.key, entry_text(entry, width))
        self._entry_width = width
