"""Rich text for the widgets: severity icons and colours, status labels, category labels."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.style import Style
from rich.table import Table
from rich.text import Text

from assistant.categories import short_label
from assistant.checks.score import FEW_CAP, LABEL, PENALTY
from assistant.schema import Evidence, Finding, Indicator, Severity
from assistant.targets import MIN_INDICATORS

SLOT_STYLE = "bold black on yellow"  # a value still to fill stands out

SEVERITY_ICONS: dict[Severity, tuple[str, str]] = {
    "error": ("✗", "bold red"),
    "warning": ("!", "bold yellow"),
    "hint": ("·", "bold cyan"),
}
FRAMEWORK_OPTIONS = [("旧框架（成本在产出下）", "legacy"), ("2021 框架（成本为一级指标）", "2021")]
STATUS_STYLES: dict[str, str] = {
    "原指标": "",
    "已接受": "bold green",
    "已编辑": "bold green",
    "已拒绝": "dim strike",
    "建议": "bold cyan",
    "已替换": "dim",
}


# Runs a line never breaks inside: a number with its sign and unit (≥95%, 2082支, 2025年12月, 3万元),
# an ASCII word; a closing mark stays with what precedes it, an opening one with what follows.
# A piece marked with `kept` (a label with its value) is never broken either.
NUMBER_RUN = r"(?:[≥≤＞＜><=≧≦]\s?)?(?:\d+(?:[.,]\d+)*(?:[%‰％]|[万亿千百]?[\u4e00-\u9fff])?)+"
ATOM = re.compile(rf"{NUMBER_RUN}|[A-Za-z][\w.\-]*|\s+|.", re.DOTALL)
CLOSING = set("。，、；：！？」）》』”’)]}….,;:?%/")
OPENING = set("「（《『“‘([{")
LEADING_MARKS = set("✗!·→•")
KEEP = Style(meta={"keep": True})


def kept(text: str, style: str = "") -> Text:
    """Text no line breaks inside (when it fits on a line)."""
    piece = Text(text, style=style)
    piece.stylize(KEEP)
    return piece


def _units(text: Text) -> list[tuple[int, int]]:
    """The unbreakable pieces of a line, each with its trailing spaces (start, end offsets)."""
    plain = text.plain
    keep = [(span.start, span.end) for span in text.spans if _is_kept(span.style)]
    units: list[list[int]] = []
    glue_next = False
    for atom in ATOM.finditer(plain):
        start, end, piece = atom.start(), atom.end(), atom.group()
        inside = any(a < start < b for a, b in keep)
        if units and (glue_next or inside or piece.isspace() or piece in CLOSING):
            units[-1][1] = end
        else:
            units.append([start, end])
        if not piece.isspace():
            glue_next = piece in OPENING or piece in LEADING_MARKS
    return [(start, end) for start, end in units]


def _is_kept(style: str | Style) -> bool:
    return isinstance(style, Style) and bool(style.meta.get("keep"))


def break_offsets(text: Text, width: int) -> list[int]:
    """Where to break one paragraph into lines of at most `width` cells (greedy, by units; a
    unit wider than a line is cut by cells)."""
    plain = text.plain
    offsets: list[int] = []
    used = 0
    for start, end in _units(text):
        piece = plain[start:end]
        if used and used + cell_len(piece.rstrip()) > width:
            offsets.append(start)
            used = 0
        for index, char in enumerate(piece):
            if used and used + cell_len(char) > width and not char.isspace():
                offsets.append(start + index)
                used = 0
            used += cell_len(char)
    return offsets


class Wrapped:
    """Chinese text that wraps between units, never inside a number with its unit, never leaving
    「。」 alone at a line's start or 「✗」 alone at its end."""

    def __init__(self, text: Text | str, style: str = "") -> None:
        self.text = text if isinstance(text, Text) else Text(text, style=style)

    def lines(self, width: int) -> list[Text]:
        lines = []
        for paragraph in self.text.split("\n", allow_blank=True):
            for line in paragraph.divide(break_offsets(paragraph, max(width, 1))):
                line.rstrip()
                lines.append(line)
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        for line in self.lines(options.max_width):
            line.no_wrap, line.overflow = True, "crop"
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.text.plain
        widest = max((cell_len(plain[s:e].rstrip()) for s, e in _units(self.text)), default=0)
        longest = max((cell_len(line) for line in plain.splitlines()), default=0)
        return Measurement(min(widest, options.max_width), min(longest, options.max_width))


def fit_line(head: Text, figures: Text, extra: Text, width: int) -> Text:
    """One line of `width` cells: `figures` always whole; `head` (a name) cut with 「…」 to what is
    left, keeping at least half of it when `extra` (what is running) also wants room; `extra`
    after them, cut first."""
    room = width - cell_len(figures.plain)
    wanted = cell_len(head.plain)
    name = head.copy()
    keep = max(min(wanted, max(room - cell_len(extra.plain), room // 2)), 1)
    name.truncate(keep, overflow="ellipsis")
    line = Text.assemble(name, figures)
    left = width - cell_len(line.plain)
    if extra and left > 1:
        tail = extra.copy()
        tail.truncate(left, overflow="ellipsis")
        line.append_text(tail)
    return line


def marks_legend() -> str:
    """`✗ 错误  ! 警告  · 提示`, in the checker's own words."""
    return "  ".join(f"{icon} {LABEL[severity]}" for severity, (icon, _) in SEVERITY_ICONS.items())


def legend() -> str:
    """One line: what the marks and 分 mean (score_rule says how 分 is counted)."""
    return f"{marks_legend()}  分：检查得分，满分100，按发现的问题扣分"


def score_rule() -> str:
    """The whole rule of assistant.checks.score, for the help screen."""
    lost = "".join(
        f" − {LABEL[severity]}每条{per}分（最多{cap}）" for severity, (per, cap) in PENALTY.items()
    )
    return f"得分 = 100{lost}；指标少于{MIN_INDICATORS}条最多{FEW_CAP}分，没有指标为0分。"


def category_label(indicator: Indicator, wide: bool) -> str:
    """`产出·数量` when wide, the short label (`数量`, `效益`, `满意度`) when narrow."""
    if not wide:
        return short_label(indicator.level2)
    level2 = indicator.level2.removesuffix("指标").replace("服务对象满意度", "满意度")
    return f"{indicator.level1.removesuffix('指标')}·{level2}"


def finding_counts(findings: list[Finding]) -> Text:
    """`✗1 !2 ·1`, coloured by severity; empty when there is nothing."""
    counts = Counter(f.severity for f in findings)
    text = Text()
    for severity, (icon, style) in SEVERITY_ICONS.items():
        if counts[severity]:
            text.append(f"{icon}{counts[severity]} ", style=style)
    text.rstrip()
    return text


def marked_lines() -> Table:
    """A two-column grid (marker, text), so long Chinese lines wrap under the text, not the marker."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    return grid


def add_finding(grid: Table, finding: Finding) -> None:
    icon, style = SEVERITY_ICONS[finding.severity]
    grid.add_row(Text(icon, style=style), Wrapped(finding.message))
    if finding.hint:
        grid.add_row(Text("→", style="dim"), Wrapped(finding.hint, style="italic"))


def status_text(label: str) -> Text:
    return Text(label, style=STATUS_STYLES.get(label, ""))


def value_text(indicator: Indicator) -> str:
    return indicator.annual_value.as_written() or "（空）"


def add_evidence(grid: Table, evidence: Evidence) -> None:
    """`• 群众满意度 ≥90%`, then `某项目 · 某局 · 2023` under it."""
    from assistant.schema import origin_place

    place = (
        origin_place(evidence.origin, evidence.project)
        if evidence.origin or evidence.project
        else None
    )
    where = " · ".join(str(x) for x in (place, evidence.department, evidence.year) if x)
    grid.add_row(
        Text("•", style="cyan"),
        Wrapped(Text.assemble((evidence.name, "bold"), f" {evidence.value}")),
    )
    if where:
        grid.add_row("", Wrapped(where, style="dim"))
