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


_LEADING_MARKS = re.compile(
    r"^(?:[★☆*]+|其中[:：]?|指标\d+(?:\.\d+)*[:：.．、]?|\d+(?:\.\d+)+(?![\d.万千亿%])|\d+[、.．:：](?!\d)"
    r"|[一二三四五六七八九十]+[、.．]|\(\s*[\d一二三四五六七八九十]+\s*\))+"
)
_BRACKET = re.compile(r"[(\[【]([^()\[\]【】]*)[)\]】]")
_TARGET_MARKS = re.compile(r"[≥≤<>=＝*%‰\d.\-~～]")
_TRAILING_MARKS = re.compile(r"[%‰:：,，;；。.、]+$")


def _unit_or_target(text: str) -> bool:
    """A bracket that holds only a unit or a target: (人), (≥**%), (≤**元/株), (平方公里)."""
    from assistant.values import unit_at

    rest = _TARGET_MARKS.sub("", text)
    unit, length = unit_at(rest)
    return not rest or (unit is not None and length == len(rest))


@lru_cache(maxsize=65536)
def display_name(name: str) -> str:
    """The indicator's name as a draft shows it: without numbering, stars, spaces, and brackets
    that hold only a unit or a target ("受益人数(人)" → "受益人数", "游客满意度(≥**%)" →
    "游客满意度"); brackets that hold words stay ("受益脱贫(含监测对象)户人口数")."""
    original = unicodedata.normalize("NFKC", name or "").strip()
    t = _LEADING_MARKS.sub("", re.sub(r"\s+", "", original))
    t = _BRACKET.sub(lambda m: "" if _unit_or_target(m.group(1)) else m.group(0), t)
    return _TRAILING_MARKS.sub("", t) or original


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
