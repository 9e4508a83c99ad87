"""Reading and writing performance target tables, one module per format.

`read_table(path)` picks the reader from the file's extension and content;
`write_table(table, path)` picks the writer from the extension.

Round trips: what a writer writes reads back to an equal table, except for the fields that
describe where things were read from (Table.source, Project.origin, Indicator.source) and the
category labels as found in the source file (Indicator.level1_raw/level2_raw): writers write
canonical category names in the chosen framework. The JSON format keeps every field.
"""

from __future__ import annotations

from pathlib import Path

from assistant.categories import FRAMEWORKS, Framework
from assistant.errors import InputError
from assistant.safe_io import atomic_write, same_file
from assistant.schema import Table

READABLE = (".txt", ".tsv", ".xlsx", ".csv", ".json")
WRITABLE = (".txt", ".xlsx", ".csv", ".json", ".md")


def read_table(path: str | Path) -> Table:
    """Read any supported table; raises InputError with file/sheet/row/column on bad input.
    The table's year (Table.year, and Project.year where a project has none) is read from the
    title, else the file name, else the goals (see `tables.year`)."""
    from assistant.tables.year import with_year

    p = Path(path)
    table = _read(p)
    return table if p.suffix.lower() == ".json" else with_year(table, p)


def _read(p: Path) -> Table:
    if not p.exists():
        raise InputError("文件不存在", file=str(p))
    if p.is_dir():
        raise InputError("这是一个目录，不是文件", file=str(p))
    suffix = p.suffix.lower()
    if suffix in (".txt", ".tsv", ".csv"):
        from assistant.tables.csv_io import read_delimited
        from assistant.tables.encoding import read_text
        from assistant.tables.packed import looks_packed, read_packed

        text = read_text(p)
        if suffix != ".csv" and looks_packed(text):
            return read_packed(text, str(p))
        return read_delimited(text, str(p))
    if suffix == ".xlsx":
        from assistant.tables.xlsx import read_xlsx

        return read_xlsx(p)
    if suffix == ".json":
        from assistant.tables.json_io import read_json

        return read_json(p)
    if suffix in (".xls", ".et"):
        from assistant.tables.xlsx import XLS_MESSAGE

        raise InputError(XLS_MESSAGE, file=str(p))
    raise InputError(
        f"不支持的文件类型「{suffix or '无扩展名'}」，可读取：{'、'.join(READABLE)}", file=str(p)
    )


def write_table(table: Table, path: str | Path, framework: Framework = "legacy") -> Path:
    """Write a table; the format follows the extension, categories follow `framework`."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in WRITABLE:
        raise InputError(
            f"不支持写出为「{suffix or '无扩展名'}」，可写出：{'、'.join(WRITABLE)}", file=str(p)
        )
    if framework not in FRAMEWORKS:
        raise InputError(f"指标框架只能是 {' 或 '.join(FRAMEWORKS)}，而不是「{framework}」")
    if not p.parent.is_dir():
        raise InputError("要写入的目录不存在", file=str(p.parent))
    if same_file(p, table.source or "") and table.source:
        raise InputError(
            "输出文件不能是正在读取的表本身（不会覆盖原表），请换一个文件名", file=str(p)
        )
    return atomic_write(p, lambda temp: _write(table, temp, suffix, framework))


def _write(table: Table, p: Path, suffix: str, framework: Framework) -> None:
    """Write in the format of `suffix` (the path itself may be a temporary file)."""
    if suffix == ".txt":
        from assistant.tables.packed import write_packed

        p.write_text(write_packed(table, framework), encoding="utf-8")
    elif suffix == ".xlsx":
        from assistant.tables.xlsx import write_xlsx

        write_xlsx(table, p, framework)
    elif suffix == ".csv":
        from assistant.tables.csv_io import write_csv

        write_csv(table, p, framework)
    elif suffix == ".json":
        from assistant.tables.json_io import write_json

        write_json(table, p, framework)
    else:
        from assistant.tables.markdown import write_markdown

        write_markdown(table, p, framework)
