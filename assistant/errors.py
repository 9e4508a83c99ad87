"""Errors the user sees: one Chinese line that says what and where."""

from __future__ import annotations

import errno


class JixiaoError(Exception):
    """An error with a user-facing Chinese message; the CLI prints it and exits with code 2."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.message = message
        self.file, self.sheet, self.row, self.column = file, sheet, row, column
        super().__init__(self.user_message())

    def user_message(self) -> str:
        where = [self.file or ""]
        if self.sheet:
            where.append(f"工作表「{self.sheet}」")
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.column:
            where.append(f"「{self.column}」列")
        place = "，".join(w for w in where if w)
        return f"{place}：{self.message}" if place else self.message


class InputError(JixiaoError):
    """A table, file or argument the tool cannot use."""


class LLMError(JixiaoError):
    """The model could not give a valid answer (after retries and re-asks)."""


# The operating system's reasons in Chinese (its own strerror is English).
_OS_REASONS: dict[int, str] = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EFBIG: "文件超过允许的大小",
    errno.EDQUOT: "超出磁盘配额",
    errno.EACCES: "没有读写权限",
    errno.EPERM: "没有读写权限",
    errno.EROFS: "磁盘为只读",
    errno.EEXIST: "文件已存在",
    errno.ENAMETOOLONG: "文件名太长",
}


def os_reason(err: OSError) -> str:
    """Why a file operation failed, in Chinese."""
    return _OS_REASONS.get(
        err.errno or -1, f"系统错误 {err.errno}" if err.errno else "无法读写文件"
    )
