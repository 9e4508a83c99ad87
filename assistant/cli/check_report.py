"""`jixiao check`'s table report in one pass: the same lines as the Rich layout (a Rule per
project, a grid of findings per group), laid out here directly and written in large chunks.

Rendering 5,000 projects through a Rich Table per group cost 88% of the command (54,349
`console.print` calls, each measuring and re-laying out a table). The layout of that grid is
simple — a 2-cell indent, the code column as wide as its widest code, the message column as wide
as its longest line or what is left of the console, each line padded to the column — and the
wrapping is Rich's own (`divide_line`, `set_cell_size`), so the text is the same. Anything
unusual (tabs, control characters, line breaks or backslashes in names, a console too narrow, a title that must
be cut) goes through the Rich renderer instead, project by project.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.style import Style

    from assistant.checks import ProjectReport
    from assistant.schema import Finding, Project

Groups = Callable[["Project", "list[Finding]"], "list[tuple[str, list[Finding]]]"]
# line structure, tabs, control codes; a backslash (Rich's markup escaping drops one before "[")
_UNUSUAL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\\\\]")
_INDENT, _GAP = 3, 1  # the grid's first column (2 cells + padding) and the gap after the code
_MIN_MESSAGE = 10
_CHUNK = 1 << 16


class FastReport:
    """Writes projects to `console.file`; `fallback` renders a project the Rich way."""

    def __init__(
        self,
        console: Console,
        severity: dict[str, tuple[str, str]],
        score_style: Callable[[int], str],
        groups: Groups,
        fallback: Callable[[Console, Project, ProjectReport], None],
    ) -> None:
        from rich._wrap import divide_line
        from rich.cells import cell_len, set_cell_size

        self.console, self.severity, self.score_style = console, severity, score_style
        self.groups, self.fallback = groups, fallback
        self.width = console.width
        self._color = console._color_system  # None: plain text (not a terminal, NO_COLOR, …)
        self._styles: dict[str, Style | None] = {}
        self._parts: list[str] = []
        self._size = 0
        self._cell_len, self._divide, self._set_size = cell_len, divide_line, set_cell_size

    # ---------------------------------------------------------------- output

    def _style(self, name: str) -> Style | None:
        if name not in self._styles:
            from rich.style import Style

            parts = [self.console.get_style(p) for p in name.split("+") if p]
            self._styles[name] = Style.combine(parts) if parts else None
        return self._styles[name]

    def _put(self, text: str, style: str = "") -> None:
        if style and self._color is not None and text:
            s = self._style(style)
            if s is not None:
                text = s.render(text, color_system=self._color)
        self._parts.append(text)
        self._size += len(text)
        if self._size > _CHUNK:
            self.flush()

    def flush(self) -> None:
        if self._parts:
            self.console.file.write("".join(self._parts))
            self.console.file.flush()
            self._parts, self._size = [], 0

    # ---------------------------------------------------------------- layout

    def _wrap(self, text: str, width: int, *, pad: bool = False) -> list[str]:
        """Rich's `Text.wrap` of one line (overflow fold), padded to `width` for a grid cell."""
        size = self._cell_len(text)
        if size <= width:
            return [text + " " * (width - size) if pad else text]
        offsets = self._divide(text, width, fold=True)
        lines = [text[a:b] for a, b in zip([0, *offsets], [*offsets, len(text)], strict=True)]
        out = []
        for line in lines:
            if len(line) > width:  # Text.rstrip_end: trailing spaces beyond the width
                excess = len(line) - width
                spaces = len(line) - len(line.rstrip())
                line = line[: len(line) - min(spaces, excess)]
            size = self._cell_len(line)
            if size > width or (pad and size < width):
                line = self._set_size(line, width)
            out.append(line)
        return out

    def _print(self, text: str, style: str = "", prefix: str = "") -> None:
        """`console.print` of one line of text (wrapped at the console's width)."""
        for i, line in enumerate(self._wrap(prefix + text, self.width)):
            if i == 0 and prefix:
                self._put(prefix)
                line = line[len(prefix) :]
            self._put(line, style)
            self._put("\n")

    def _usual(self, project: Project, report: ProjectReport) -> bool:
        texts = [report.name, report.summary, *(i.name for i in project.indicators)]
        texts += [t for f in report.findings for t in (f.message, f.hint, f.indicator or "")]
        if any(_UNUSUAL.search(t) for t in texts):
            return False
        title = f"{report.name}  {report.score} 分"
        return self._cell_len(title) <= self.width - 2 and self.width >= 40

    def project(self, project: Project, report: ProjectReport) -> None:
        if not self._usual(project, report) or not self._grids_fit(project, report):
            self.flush()
            self.fallback(self.console, project, report)
            return
        style = self.score_style(report.score)
        title = f"{report.name}  {report.score} 分"
        self._put(report.name, "rule.text+bold")
        self._put("  ", "rule.text")
        self._put(f"{report.score} 分", f"rule.text+{style}")
        self._put(" ")
        self._put("─" * (self.width - self._cell_len(title) - 1), "rule.line")
        self._put("\n")
        self._print(report.summary, style)
        for title, findings in self.groups(project, report.findings):
            self._print(title, "bold", prefix="  ")
            self._grid(findings)
        self._put("\n")

    def _codes(self, findings: list[Finding]) -> tuple[list[str], int, int]:
        codes = [f"{self.severity[f.severity][0]} {f.code}" for f in findings]
        code_width = max(self._cell_len(c) for c in codes)
        longest = max(
            self._cell_len(line)
            for f in findings
            for line in (f.message, *((f"→{f.hint}",) if f.hint else ()))
        )
        return codes, code_width, longest

    def _grids_fit(self, project: Project, report: ProjectReport) -> bool:
        for _, findings in self.groups(project, report.findings):
            _, code_width, longest = self._codes(findings)
            if longest == 0 or self.width - _INDENT - code_width - _GAP < _MIN_MESSAGE:
                return False
        return True

    def _grid(self, findings: list[Finding]) -> None:
        codes, code_width, longest = self._codes(findings)
        width = min(longest, self.width - _INDENT - code_width - _GAP)
        blank = " " * (_INDENT + code_width + _GAP)
        for f, code in zip(findings, codes, strict=True):
            lines = [(line, "") for line in self._wrap(f.message, width, pad=True)]
            if f.hint:
                lines += [(line, "dim") for line in self._wrap(f"→{f.hint}", width, pad=True)]
            for i, (line, style) in enumerate(lines):
                if i == 0:
                    self._put(" " * _INDENT)
                    self._put(code, self.severity[f.severity][1])
                    self._put(" " * (code_width - self._cell_len(code) + _GAP))
                else:
                    self._put(blank)
                if style:
                    text = line.rstrip(" ")
                    self._put(text, style)
                    self._put(line[len(text) :])
                else:
                    self._put(line)
                self._put("\n")
