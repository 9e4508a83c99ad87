"""Remove anything that looks like a credential from text before it is shown or stored."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=\-]{6,}"), "Bearer ***"),
    (re.compile(r"\bsk-[A-Za-z0-9_\-*.]{6,}"), "sk-***"),
    (
        re.compile(
            r"(?i)((?:api[_-]?key|authorization|x-api-key|token)[\"']?\s*[:=]\s*[\"']?)[^\s\"',}]{6,}"
        ),
        r"\1***",
    ),
)
_SECRET_ENV = re.compile(r"(_API_KEY|_TOKEN|_SECRET|_ACCESS_KEY)$")


def _secret_values(extra: Iterable[str]) -> list[str]:
    named = (v for k, v in os.environ.items() if _SECRET_ENV.search(k.upper()))
    values = {v.strip() for v in (*named, *extra)}
    return sorted((v for v in values if len(v) >= 6), key=len, reverse=True)


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with API keys, bearer tokens, the values of *_API_KEY variables and `secrets`
    masked."""
    for value in _secret_values(secrets):
        text = text.replace(value, "***")
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text
