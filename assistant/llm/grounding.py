"""Numbers a model wrote that it was not given: every number in an answer should come from the
user's input or from the evidence shown to the model. The caller shows the flags to the user."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel

_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# Numbers that need no source: nothing, "all" (100%), and one.
TRIVIAL: frozenset[float] = frozenset({0.0, 1.0, 100.0})


def extract_numbers(text: str) -> list[float]:
    """Every number in `text` (thousands separators allowed: `1,989.76`)."""
    return [float(m.group().replace(",", "")) for m in _NUMBER.finditer(text or "")]


def _text_of(item: BaseModel | str) -> str:
    return item if isinstance(item, str) else item.model_dump_json()


def _present(number: float, known: set[float]) -> bool:
    return any(abs(number - k) <= 1e-6 * max(1.0, abs(k)) for k in known)


def _label(number: float) -> str:
    return f"{number:g}" if abs(number) < 1e15 else str(number)


def grounding_check(
    result_numbers: Iterable[float | str | None],
    input_text: str,
    evidence: Iterable[BaseModel | str],
) -> list[str]:
    """Chinese warnings for numbers in the answer found in neither the input nor the evidence.

    `result_numbers` may be numbers or texts (values like `≥95%`); `evidence` may be Evidence or
    CorpusRecord objects or plain texts. 0, 1 and 100 are never flagged.
    """
    known = set(extract_numbers(input_text)) | TRIVIAL
    for item in evidence:
        known.update(extract_numbers(_text_of(item)))
    flagged: dict[float, None] = {}
    for entry in result_numbers:
        numbers = extract_numbers(entry) if isinstance(entry, str) else [entry]
        for number in numbers:
            if number is not None and not _present(float(number), known):
                flagged.setdefault(float(number), None)
    return [
        f"数值 {_label(n)} 既不在项目资料中，也不在所引依据中，可能是模型自行推算的，请核实。"
        for n in flagged
    ]
