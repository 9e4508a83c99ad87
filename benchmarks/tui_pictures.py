"""Pictures of the TUI with true character widths (#17 item 13).

Textual's SVG screenshots squeeze Chinese to half width. Here the screen is exported as HTML in a
monospace font whose CJK glyphs are exactly two cells wide, and Chromium renders it to PNG.

    .venv/bin/python benchmarks/tui_pictures.py [TABLE]   # → benchmarks/tui-pictures/*.png"""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
import tempfile
from html import escape
from pathlib import Path

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.terminal_theme import DEFAULT_TERMINAL_THEME

from tui.app import JixiaoApp

HERE = Path(__file__).resolve().parent
OUT = HERE / "tui-pictures"
SEED = HERE.parent / "tests" / "data" / "real" / "seed-baiyun-zhengfawei-2024.txt"
SIZES = [(80, 24), (120, 40)]
CELL = (10, 20)  # pixels per cell at font-size 20px / line-height 1
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body { margin: 0; background: #000; font-family: 'WenQuanYi Zen Hei Mono', monospace; font-size: 20px; }
div { height: 20px; line-height: 20px; white-space: pre; }
span { display: inline-block; overflow: hidden; height: 20px; vertical-align: top; }
</style></head><body>%s</body></html>"""


def screen_html(app: JixiaoApp) -> str:
    """Every cell placed at its own column: a wide character spans two, whatever the font says."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return PAGE % "".join(
        f"<div>{''.join(_cells(line))}</div>" for line in _rows(console._record_buffer)
    )


def _rows(segments: list[Segment]) -> list[list[Segment]]:
    """The compositor starts each screen row with a cursor move (a control segment)."""
    rows: list[list[Segment]] = []
    for segment in segments:
        if segment.control:
            rows.append([])
        elif rows:
            rows[-1].append(segment)
    return [row for row in rows if row]


def _cells(line: list[Segment]) -> list[str]:
    out = []
    for segment in line:
        css = segment.style.get_html_style(DEFAULT_TERMINAL_THEME) if segment.style else ""
        for ch in segment.text:
            cells = cell_len(ch)
            if cells:
                out.append(f'<span style="{css};width:{cells * CELL[0]}px">{escape(ch)}</span>')
    return out


async def snap(table: Path, size: tuple[int, int]) -> str:
    app = JixiaoApp(str(table))
    async with app.run_test(size=size) as pilot:
        for _ in range(40):
            await app.workers.wait_for_complete()
            await pilot.pause(0.1)
        return screen_html(app)


def render_png(html: str, png: Path, size: tuple[int, int]) -> None:
    with tempfile.TemporaryDirectory() as profile:
        page = Path(profile) / "screen.html"
        page.write_text(html, encoding="utf-8")
        subprocess.run(
            [
                "/usr/bin/chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--user-data-dir={profile}/p",
                f"--screenshot={png}",
                f"--window-size={size[0] * CELL[0]},{size[1] * CELL[1]}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def main() -> None:
    table = Path(sys.argv[1]) if len(sys.argv) > 1 else SEED
    OUT.mkdir(exist_ok=True)
    for size in SIZES:
        html = asyncio.run(snap(table, size))
        name = f"seed-{size[0]}x{size[1]}"
        render_png(html, OUT / f"{name}.png", size)
        print(OUT / f"{name}.png")


if __name__ == "__main__":
    main()
