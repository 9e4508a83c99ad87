"""Writing files without losing the old one, and telling an output apart from an input.

Every file jixiao writes (convert, `draft -o`, the TUI export, batch workbooks and reports) goes
through `atomic_write`: the content is written to a temporary file in the target's folder, then
swapped in with `os.replace`. A failed write (disk full, file size limit, permission) leaves the
existing file untouched and becomes one Chinese line (`InputError`, exit 2).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import InputError, os_reason

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook

TEMP_MARK = ".jixiao-tmp"


def same_file(a: str | Path, b: str | Path) -> bool:
    """True when both paths name one file: the same path, `./X`, a symlink or a hard link."""
    pa, pb = Path(a), Path(b)
    try:
        if pa.exists() and pb.exists():
            return os.path.samefile(pa, pb)
    except OSError:
        pass
    return pa.resolve() == pb.resolve()


def _mode_for(path: Path) -> int:
    """The existing file's permissions, else what a plain `open(path, "w")` would give."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path: str | Path, write: Callable[[Path], object], *, advice: str = "") -> Path:
    """Call `write(temp)` for a temporary file beside `path`, then replace `path` with it.

    On an OSError the temporary file is removed, `path` is left as it was, and an InputError
    says why (`advice` is added to the message). Other exceptions also remove the temporary file
    and propagate unchanged.
    """
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise InputError(f"要写入的文件夹「{folder}」不存在", file=str(target))
    if target.is_dir():
        raise InputError("这是一个文件夹，请给出文件名", file=str(target))
    temp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(
            dir=folder, prefix=f".{target.stem[:40]}.", suffix=f"{TEMP_MARK}{target.suffix}"
        )
        os.close(fd)
        temp = Path(name)
        write(temp)
        os.chmod(temp, _mode_for(target))
        os.replace(temp, target)
        temp = None
    except OSError as err:
        raise InputError(
            f"无法写入文件（{os_reason(err)}），原有文件未改动{advice}", file=str(target)
        ) from None
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)
    return target


def save_workbook(workbook: Workbook, path: Path) -> None:
    """Save a workbook in memory first, then write the bytes: a failed write cannot leave a
    half-closed zip file whose clean-up prints a traceback at exit."""
    import gc
    import io
    import sys

    buffer = io.BytesIO()
    failure: OSError | None = None
    try:
        workbook.save(buffer)  # openpyxl still spools worksheets through temporary files
    except OSError as err:
        failure = OSError(err.errno, err.strerror)  # without the traceback holding its generators
    if failure is not None:
        hook = sys.unraisablehook
        sys.unraisablehook = lambda _: None  # the cut-short generators complain as they go
        try:
            gc.collect()
        finally:
            sys.unraisablehook = hook
        raise failure
    path.write_bytes(buffer.getvalue())


def atomic_write_text(path: str | Path, text: str, *, advice: str = "") -> Path:
    """`atomic_write` of a UTF-8 text."""
    return atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"), advice=advice)
