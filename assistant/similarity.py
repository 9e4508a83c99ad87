"""Name cleaning and character-bigram similarity: the "same meaning" test used by drafting
(merging near-duplicates) and by the evaluation harness (matching drafts to real indicators)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PREFIX = re.compile(r"^(指标\s*\d+\s*[:：.．、]?|\d+[、.．]\s*|[（(]\s*\d+\s*[）)])")
_NOISE = re.compile(r"[\s\d%％.。,，;；:：、()（）\[\]【】\"'“”‘’/\\\-—_~·]+")


@lru_cache(maxsize=65536)
def clean_name(name: str) -> str:
    """The indicator's name without numbering, stray numbers, units in brackets and punctuation."""
    t = unicodedata.normalize("NFKC", name or "").strip()
    t = _PREFIX.sub("", t)
    return _NOISE.sub("", t)


@lru_cache(maxsize=65536)
def bigrams(text: str) -> frozenset[str]:
    t = clean_name(text)
    if len(t) < 2:
        return frozenset({t} if t else ())
    return frozenset(t[i : i + 2] for i in range(len(t) - 1))


def dice(a: str, b: str) -> float:
    """Character-bigram Dice coefficient of two cleaned names (0..1)."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


SAME_MEANING = 0.5
