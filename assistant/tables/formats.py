"""The table formats: one entry per format, the only place that knows which file extensions
exist. `read_table`/`write_table` dispatch through it, and every help text and message that
lists extensions is generated from it.

Adding a format: write its reader and/or writer in its own module, add one `TableFormat`
below, and a test. Readers and writers are named as "module:function" and imported when first
used, so that listing the formats (for a help text) imports none of them, nor the schema.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from assistant.errors import InputError

if TYPE_CHECKING:
    from assistant.categories import Framework
    from assistant.schema import Table

Reader = Callable[[Path], "Table"]
Writer = Callable[["Table", Path, "Framework"], None]
Kind = Literal["read", "write"]

XLS_MESSAGE = "不支持旧版 Excel（.xls）文件，请在 Excel 或 WPS 中打开后“另存为” .xlsx 再试"


@dataclass(frozen=True)
class TableFormat:
    """`suffixes` in lower case with the dot; `label` names the format for people.
    Text formats are read as UTF-8 or GBK, whichever the bytes are (`tables.encoding`).
    `dated`: the year is read from the title, file name or goals (JSON keeps its own).
    `refusal`: for a known format that is not supported, what to do instead."""

    suffixes: tuple[str, ...]
    label: str
    reader: Reader | None = None
    writer: Writer | None = None
    dated: bool = True
    refusal: str = ""


def _reader(target: str) -> Reader:
    def read(path: Path) -> Table:
        return cast("Table", _resolve(target)(path))

    return read


def _writer(target: str) -> Writer:
    def write(table: Table, path: Path, framework: Framework) -> None:
        _resolve(target)(table, path, framework)

    return write


def _resolve(target: str) -> Callable[..., object]:
    module, name = target.split(":")
    return getattr(import_module(f"assistant.tables.{module}"), name)  # type: ignore[no-any-return]


FORMATS: tuple[TableFormat, ...] = (
    TableFormat(
        (".txt",),
        "文本表格",
        reader=_reader("csv_io:read_text_table"),
        writer=_writer("packed:write_packed_file"),
    ),
    TableFormat((".tsv",), "制表符分隔文本", reader=_reader("csv_io:read_text_table")),
    TableFormat(
        (".xlsx",),
        "Excel 工作簿",
        reader=_reader("xlsx:read_xlsx"),
        writer=_writer("xlsx:write_xlsx"),
    ),
    TableFormat(
        (".csv",),
        "CSV 表格",
        reader=_reader("csv_io:read_csv_table"),
        writer=_writer("csv_io:write_csv"),
    ),
    TableFormat(
        (".json",),
        "JSON 数据，保留全部信息",
        reader=_reader("json_io:read_json"),
        writer=_writer("json_io:write_json"),
        dated=False,
    ),
    TableFormat((".md",), "Markdown 文档", writer=_writer("markdown:write_markdown")),
    TableFormat((".xls", ".et"), "旧版 Excel / WPS 表格", refusal=XLS_MESSAGE),
)


def format_of(suffix: str) -> TableFormat | None:
    """The format of a file extension (any case, with the dot), or None."""
    return next((f for f in FORMATS if suffix.lower() in f.suffixes), None)


def _supports(fmt: TableFormat, kind: Kind) -> bool:
    return (fmt.reader if kind == "read" else fmt.writer) is not None


def suffixes(kind: Kind) -> tuple[str, ...]:
    """The extensions that can be read, or written, in the registry's order."""
    return tuple(s for f in FORMATS if _supports(f, kind) for s in f.suffixes)


def formats_help(kind: Kind) -> str:
    """「.txt / .tsv / .xlsx / .csv / .json」, for help texts."""
    return " / ".join(suffixes(kind))


def reader_of(path: Path) -> tuple[Reader, bool]:
    """The reader for `path` and whether the year is to be found for it; else InputError."""
    fmt = format_of(path.suffix)
    if fmt is None or fmt.reader is None:
        raise InputError(unsupported_message(path.suffix, "read"), file=str(path))
    return fmt.reader, fmt.dated


def writer_of(path: Path) -> Writer:
    """The writer for `path`; InputError listing the writable formats when there is none."""
    fmt = format_of(path.suffix)
    if fmt is None or fmt.writer is None:
        raise InputError(unsupported_message(path.suffix, "write"), file=str(path))
    return fmt.writer


def unsupported_message(suffix: str, kind: Kind) -> str:
    """Why a file of this extension cannot be read (or written), listing what can."""
    fmt = format_of(suffix)
    if kind == "read" and fmt is not None and fmt.refusal:
        return fmt.refusal
    listed = "、".join(
        f"{'/'.join(f.suffixes)}（{f.label}）" for f in FORMATS if _supports(f, kind)
    )
    what = suffix or "无扩展名"
    if kind == "read":
        return f"不支持的文件类型「{what}」，可读取：{listed}"
    return f"不支持写出为「{what}」，可写出：{listed}"
