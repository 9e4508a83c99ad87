"""Name cleaning, citation and character-bigram similarity: the "same meaning" test used by drafting
(merging near-duplicates) and by the evaluation harness (matching drafts to real indicators);
the words every department uses, and how foreign a name is to a project (drafting, refining)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from assistant.schema import CorpusRecord, Evidence, origin_place
from assistant.values import unit_at

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


def cite(evidence: Evidence) -> str:
    """「name」value（project，department，year年）, as workbooks and reports cite a suggestion's
    evidence: the name without units in brackets or numbering, the value as written."""
    place = origin_place(evidence.origin, evidence.project)
    year = f"{evidence.year}年" if evidence.year else ""
    where = "，".join(x for x in (place, evidence.department or "", year) if x)
    return f"「{display_name(evidence.name)}」{evidence.value}（{where}）"


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


GENERIC_USERS = 4


def generic_bigrams(records: Iterable[CorpusRecord]) -> frozenset[str]:
    """Bigrams of indicator names used widely (完成, 合格, 及时, 满意 …): by at least 4
    departments and in at least 4 sectors. Either count alone misleads: one bureau files its forms
    under many sectors (检疫), and one sector spans many departments (市场监管's 监管)."""
    departments: dict[str, set[str]] = defaultdict(set)
    sectors: dict[str, set[str]] = defaultdict(set)
    for r in records:
        for b in bigrams(r.indicator.name):
            departments[b].add(r.department or r.source)
            sectors[b].add((r.sector or r.source).split("/")[0])
    return frozenset(
        b
        for b in departments
        if len(departments[b]) >= GENERIC_USERS and len(sectors[b]) >= GENERIC_USERS
    )


def foreignness(name: str, text: str, generic: frozenset[str]) -> float:
    """Share of the name's bigrams that are neither generic nor in the project's own text:
    subjects of another project ("病死猪", "检验检疫") that would not fit this one."""
    wanted = bigrams(name)
    if not wanted:
        return 0.0
    return len(wanted - generic - bigrams(text)) / len(wanted)
