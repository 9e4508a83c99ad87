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


_UNIT_BRACKET = re.compile(r"[（(\[【][\s≥≤<>=＝*＊%％\d.\-~～\u4e00-\u9fff/]{0,8}?[）)\]】]")
_UNIT_ONLY = re.compile(r"^(?:[\s≥≤<>=＝*＊%％\d.\-~～/]|[万千百十亿]?[元人次户个份项件台套天日月年米亩吨批张场所家名株棵头只辆支条篇期]|小时|公里|平方米|公顷)*$")
_DISPLAY_NOISE = re.compile(r"^(?:[★☆*＊\s]|其中[:：]?)+|[\s%％:：,，;；。.]+$")


@lru_cache(maxsize=65536)
def display_name(name: str) -> str:
    """The indicator's name as a draft shows it: without numbering, stars, and brackets that hold
    only a unit or a target ("受益人数(人)" → "受益人数", "游客满意度(≥**%)" → "游客满意度");
    brackets that hold words keep the words ("受益脱贫(含监测对象)户" → "受益脱贫含监测对象户")."""
    t = unicodedata.normalize("NFKC", name or "").strip()
    t = _PREFIX.sub("", _DISPLAY_NOISE.sub("", t))
    t = _UNIT_BRACKET.sub(lambda m: "" if _UNIT_ONLY.match(m.group(0)[1:-1]) else m.group(0)[1:-1], t)
    return _DISPLAY_NOISE.sub("", t) or clean_name(name)


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
