"""Read text files in whatever encoding Chinese offices produce: UTF-8 (BOM or not), GBK/GB18030."""

from __future__ import annotations

from pathlib import Path

from assistant.errors import InputError

_CANDIDATES = ("utf-8-sig", "gb18030")


def _bad_utf8(data: bytes) -> UnicodeDecodeError | None:
    """The first error of a file that is UTF-8 apart from a few bad bytes, else None."""
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        good = sum(1 for ch in text if ord(ch) > 0x7F) - bad
        return err if good >= 10 * bad else None
    return None


def decode(data: bytes, file: str = "") -> str:
    """Decode bytes, trying UTF-8 then GB18030 (a superset of GBK), then charset detection.
    A UTF-8 file with a few bad bytes is refused with the line of the first, rather than read
    as GB18030 mojibake."""
    bad = _bad_utf8(data)
    if bad is not None:
        line = data[: bad.start].count(b"\n") + 1
        byte = data[bad.start : bad.start + 1].hex().upper()
        raise InputError(
            f"文件是 UTF-8 编码，但这一行有无法识别的字节（0x{byte}，第 {bad.start + 1} 字节）；"
            "请改正这一行或另存为 UTF-8 后重试",
            file=file,
            row=line,
        )
    for enc in _CANDIDATES:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            raise InputError(
                f"无法识别文件编码（既不是 UTF-8 也不是 GBK；按 UTF-8 读，第一个无法识别的字节在这一行，"
                f"0x{data[err.start : err.start + 1].hex().upper()}），请另存为 UTF-8 后重试",
                file=file,
                row=line,
            ) from None
        raise InputError(
            "无法识别文件编码（既不是 UTF-8 也不是 GBK），请另存为 UTF-8 后重试", file=file
        )
    return str(best)


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("文件不存在", file=str(path)) from None
    except IsADirectoryError:
        raise InputError("这是一个目录，不是文件", file=str(path)) from None
    except PermissionError:
        raise InputError("没有读取权限", file=str(path)) from None
    return decode(data, str(path))
