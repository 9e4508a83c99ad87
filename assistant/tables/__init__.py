"""Reading and writing performance target tables, one module per format.

`read_table(path)` picks the reader from the file's extension, `write_table(table, path)` the
writer, both through the registry of formats in `tables.formats`.

Round trips: what a writer writes reads back to an equal table, except for the fields that
describe where things were read from (Table.source, Project.origin, Indicator.source) and the
category labels as found in the source file (Indicator.level1_raw/level2_raw): writers write
canonical category names in the chosen framework. The JSON format keeps every field.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assistant.bulk import collector_paused
from assistant.categories import FRAMEWORKS, Framework
from assistant.errors import InputError
from assistant.safe_io import atomic_write, same_file
from assistant.tables.formats import reader_of, suffixes, writer_of
from assistant.tables.year import with_year

if TYPE_CHECKING:
    from assistant.schema import Table


def __getattr__(name: str) -> tuple[str, ...]:
    """READABLE and WRITABLE: the extensions in the registry (`tables.formats`) right now."""
    if name == "READABLE":
        return suffixes("read")
    if name == "WRITABLE":
        return suffixes("write")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read_table(path: str | Path) -> Table:
    """Read any supported table; raises InputError with file/sheet/row/column on bad input.
    The table's year (Table.year, and Project.year where a project has none) is read from the
    title, else the file name, else the goals (see `tables.year`)."""

    p = Path(path)
    if not p.exists():
        raise InputError("文件不存在", file=str(p))
    if p.is_dir():
        raise InputError("这是一个目录，不是文件", file=str(p))
    reader, dated = reader_of(p)
    with collector_paused():  # a table is hundreds of thousands of new objects: 10% faster
        table = reader(p)
    return with_year(table, p) if dated else table


def write_table(table: Table, path: str | Path, framework: Framework = "legacy") -> Path:
    """Write a table; the format follows the extension, categories follow `framework`."""

    p = Path(path)
    writer = writer_of(p)
    if framework not in FRAMEWORKS:
        raise InputError(f"指标框架只能是 {' 或 '.join(FRAMEWORKS)}，而不是「{framework}」")
    if not p.parent.is_dir():
        raise InputError("要写入的目录不存在", file=str(p.parent))
    if same_file(p, table.source or "") and table.source:
        raise InputError(
            "输出文件不能是正在读取的表本身（不会覆盖原表），请换一个文件名", file=str(p)
        )
    return atomic_write(p, lambda temp: writer(table, temp, framework))
