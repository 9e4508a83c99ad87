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
from assistant.schema import RowIssue, Table
from assistant.tables.encoding import read_text
from assistant.tables.grid import Grid, read_grids
from assistant.tables.layout import Cell, build_layout
from assistant.tables.packed import looks_packed, read_packed
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
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[str]] = []
    glued: list[RowIssue] = []
    try:
        for row in reader:
            first_line = len(rows) + 1
            if any("\n" in cell and delimiter in cell for cell in row):
                # An unbalanced quote swallowed the following lines into one cell.
                glued.append(
                    RowIssue(
                        file=file,
                        row=first_line,
                        message=(
                            f'引号 " 不成对：第 {first_line} 行起的 {reader.line_num - first_line + 1} 行'
                            "被读成了一个单元格，已跳过；请补上缺少的引号"
                        ),
                    )
                )
                row = []
            rows.append([unguard_formula(cell) for cell in row])
            rows.extend([] for _ in range(reader.line_num - len(rows)))  # keep row = file line
    except csv.Error as err:
        raise InputError(_csv_message(str(err)), file=file, row=reader.line_num or None) from None
    table = read_grids([Grid(file, None, rows)], file)
    table.issues = [*glued, *table.issues]
    return table


def read_csv_table(path: Path) -> Table:
    """A .csv file (comma, or whatever delimiter it uses), UTF-8 or GBK."""
    return read_delimited(read_text(path), str(path))


def read_text_table(path: Path) -> Table:
    """A .txt/.tsv file: the packed seed format where it looks so, else a column table."""

    text = read_text(path)
    if looks_packed(text):
        return read_packed(text, str(path))
    return read_delimited(text, str(path))


def _csv_message(english: str) -> str:
    """The csv module's error in Chinese (its English never reaches the user)."""
    if "field larger than field limit" in english:
        return (
            f'有一个单元格超过 {csv.field_size_limit():,} 个字符，无法读取（多半是某处引号 " 不成对，'
            "把后面的内容都当成了一个单元格）"
        )
    if "new-line character seen in unquoted field" in english:
        return "单元格中有单独的回车符（未加引号），请在 Excel/WPS 中另存为 CSV（UTF-8）后重试"
    if "NUL" in english or "line contains NUL" in english:
        return "文件中有空字符（NUL），不像文本表格；请另存为 CSV（UTF-8）后重试"
    if "EOF" in english:
        return '文件在一个引号内结束（引号 " 不成对）'
    return "无法按分隔符读取该文件（格式有误）"


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
