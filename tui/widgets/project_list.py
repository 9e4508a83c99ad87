"""The project list (left): each project's name, score, open findings and pending suggestions."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option


@dataclass(frozen=True)
class ProjectEntry:
    key: str
    name: str
    score: int | None
    findings: int
    pending: int
    drafted: bool = False


def entry_text(entry: ProjectEntry) -> Text:
    name = Text(("＋" if entry.drafted else "") + entry.name, no_wrap=True, overflow="ellipsis")
    score_style = "dim" if entry.score is None else "green" if entry.score >= 80 else "yellow" if entry.score >= 60 else "red"
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
    """One option per project; highlighting one opens it."""

    BORDER_TITLE = "项目"

    def show(self, entries: list[ProjectEntry], selected: str | None) -> None:
        self.set_options(Option(entry_text(e), id=e.key) for e in entries)
        if selected is not None:
            self.highlighted = self.get_option_index(selected)

    def update_entry(self, entry: ProjectEntry) -> None:
        self.replace_option_prompt(entry.key, entry_text(entry))
