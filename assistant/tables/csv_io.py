"""Delimited text: .csv (comma, or whatever the file uses) and .txt/.tsv column tables
(tab-separated, or `|` tables pasted from web pages and PDFs). Written CSV is UTF-8 with BOM,
so Excel shows the Chinese, with project cells repeated on every row.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from assistant.categories import Framework
from assistant.errors import InputError
from assistant.schema import Table
from assistant.tables.grid import Grid, read_grids
from assistant.tables.layout import Cell, build_layout
from assistant.values import format_number

_DELIMITERS = (",", "\t", ";", "|")
_SNIFF_LINES = 50
_HEADER_WORDS = ("项目名称", "三级指标", "指标名称")
# A cell starting with one of these is a formula to Excel/WPS (`=HYPERLINK(…)`, `=cmd|…`).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _needs_guard(text: str) -> bool:
    """Starts like a formula, or like an already guarded text (so the guard can be undone)."""
    if text.startswith(FORMULA_STARTS):
        return True
    return text.startswith("'") and _needs_guard(text[1:])


def guard_formula(text: str) -> str:
    """The standard CSV-injection defence: a leading apostrophe, which spreadsheets show as text."""
    return "'" + text if _needs_guard(text) else text


def unguard_formula(text: str) -> str:
    """Undo `guard_formula` on reading, so a written table reads back exactly."""
    return text[1:] if text.startswith("'") and _needs_guard(text[1:]) else text


def sniff_delimiter(text: str, preferred: str = ",") -> str:
    """The delimiter found on the most lines, then the most often; `preferred` wins ties."""
    lines = [line for line in text.splitlines() if line.strip()][:_SNIFF_LINES]
    header = next((line for line in lines if any(w in line for w in _HEADER_WORDS)), None)
    if header is not None and any(d in header for d in _DELIMITERS):
        # The header row is the table's own words: cell text further down cannot outvote it.
        return max(_DELIMITERS, key=lambda d: (header.count(d), d == preferred))
    return max(
        _DELIMITERS,
        key=lambda d: (
            sum(d in line for line in lines),
            sum(line.count(d) for line in lines),
            d == preferred,
        ),
    )


def read_delimited(text: str, file: str) -> Table:
    preferred = "," if Path(file).suffix.lower() == ".csv" else "\t"
    delimiter = sniff_delimiter(text, preferred)
    try:
        rows = [
            [unguard_formula(cell) for cell in row]
            for row in csv.reader(io.StringIO(text), delimiter=delimiter)
        ]
    except csv.Error as err:
        raise InputError(f"无法按分隔符读取该文件：{err}", file=file) from None
    return read_grids([Grid(file, None, rows)], file)


def _text(value: Cell) -> str:
    if value is None:
        return ""
    return guard_formula(format_number(value) if isinstance(value, float) else value)


def write_csv(table: Table, path: Path, framework: Framework) -> None:
    layout = build_layout(table, framework)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        for line in layout.title:
            writer.writerow([guard_formula(line)])
        writer.writerow([guard_formula(c) for c in layout.columns])
        writer.writerows([_text(v) for v in row] for row in layout.rows)
