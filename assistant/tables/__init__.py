"""Reading and writing performance target tables, one module per format.

`read_table(path)` picks the reader from the file's extension and content;
`write_table(table, path)` picks the writer from the extension.
"""

from __future__ import annotations

from pathlib import Path

from assistant.categories import Framework
from assistant.errors import InputError
from assistant.schema import Table

READABLE = (".txt", ".tsv", ".xlsx", ".csv", ".json")
WRITABLE = (".txt", ".xlsx", ".csv", ".json", ".md")


def read_table(path: str | Path) -> Table:
    """Read any supported table; raises InputError with file/sheet/row/column on bad input."""
    p = Path(path)
    if not p.exists():
        raise InputError("文件不存在", file=str(p))
    suffix = p.suffix.lower()
    if suffix in (".txt", ".tsv"):
        from assistant.tables.encoding import read_text
        from assistant.tables.packed import read_packed

        return read_packed(read_text(p), str(p))
    raise InputError(f"不支持的文件类型「{suffix or '无扩展名'}」，可读取：{'、'.join(READABLE)}", file=str(p))


def write_table(table: Table, path: str | Path, framework: Framework = "legacy") -> Path:
    """Write a table; the format follows the extension."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".txt":
        from assistant.tables.packed import write_packed

        p.write_text(write_packed(table, framework), encoding="utf-8")
        return p
    raise InputError(f"不支持写出为「{suffix or '无扩展名'}」，可写出：{'、'.join(WRITABLE)}", file=str(p))
