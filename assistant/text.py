"""Plain text at the schema boundary, and the base models that apply it: table text and model
answers alike are normalised so that no field can change the structure of a file it is written to
(a line, a cell, a packed item). A leaf: imports nothing of the library."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


# Text normalised at the schema boundary, for table text and model answers alike, so that no
# field can change the structure of a file it is written to (a line, a cell, a packed item).
_LINE_LIKE = re.compile(r"[\t\n\r\v\f\x1c-\x1f\x85\u2028\u2029]+")
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    r"\u2066-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
# The packed format's own delimiters: `；` between fields, `。N、` between items.
_FIELD_DELIMITER = re.compile(r"[；;]")
_ITEM_BREAK = re.compile(r"。(?=.)|\.(?=\s*\d{1,4}[、.．])")


def clean_text(text: str) -> str:
    """One line of plain text: control characters, line and paragraph separators become a space,
    invisible format characters (zero-width, bidi overrides, BOM, lone surrogates) are removed.
    Printable text (`str.isprintable`) holds none of them: most text only needs its strip."""
    if text.isprintable():
        return text.strip()
    return _INVISIBLE.sub("", _LINE_LIKE.sub(" ", text)).strip()


def clean_item_text(text: str) -> str:
    """`clean_text`, and the packed format's delimiters made harmless: an indicator name or
    value can never split into fields or items when written and read back (`；` becomes `，`,
    a `。` inside the text `，`, a `.` that would read as an item number `．`)."""
    t = _FIELD_DELIMITER.sub("，", clean_text(text))
    return _ITEM_BREAK.sub(lambda m: "，" if m.group(0) == "。" else "．", t)


def clean_value_text(text: str) -> str:
    """`clean_item_text` for a value, which ends its packed item: a final `。`/`.` is the item's."""
    return clean_item_text(text).rstrip("。.").strip()


# The validation context for text this tool wrote itself and reads back (a local snapshot of
# the shared library): it was cleaned on the way in and is not cleaned again.
TRUSTED: dict[str, bool] = {"trusted": True}


def is_trusted(info: ValidationInfo) -> bool:
    """True when validating with `TRUSTED` as the context."""
    return isinstance(info.context, dict) and info.context.get("trusted") is True


class TextModel(Model):
    """A model whose text fields are normalised with `clean_text` on the way in (except when
    read back with the `TRUSTED` context)."""

    _raw_text_fields: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _clean_text(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str) and info.field_name not in cls._raw_text_fields:
            return value if is_trusted(info) else clean_text(value)
        return value
