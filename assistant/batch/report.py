"""Writing the batch report in the format its file name asks for (.html/.htm or .md)."""

from __future__ import annotations

from pathlib import Path

from assistant.batch.report_html import render_html
from assistant.batch.report_md import render_markdown
from assistant.batch.summary import BatchFigures


def render_report(figures: BatchFigures, path: Path) -> str:
    if path.suffix.lower() == ".md":
        return render_markdown(figures)

    return render_html(figures)
