"""Errors the user sees: one Chinese line that says what and where."""

from __future__ import annotations


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
