"""Read text files in whatever encoding Chinese offices produce: UTF-8 (BOM or not), GBK/GB18030."""

from __future__ import annotations

from pathlib import Path

from assistant.errors import InputError

_CANDIDATES = ("utf-8-sig", "gb18030")


def decode(data: bytes, file: str = "") -> str:
    """Decode bytes, trying UTF-8 then GB18030 (a superset of GBK), then charset detection."""
    for enc in _CANDIDATES:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("无法识别文件编码（既不是 UTF-8 也不是 GBK），请另存为 UTF-8 后重试", file=file)
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
