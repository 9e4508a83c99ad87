"""One lexicon: what an indicator's name measures (rate, count, time, cost, satisfaction, yes/no,
graded), the satisfaction band, the generic filler names, units, and the one name normaliser.

The vocabulary is data (`corpus/lexicon.toml`); this module only compiles it. Drafting, the
checker, refine, similarity and the prompts all read it from here.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache, lru_cache
from typing import Any, Literal

from assistant.resources import shipped

Measure = Literal["satisfaction", "cost", "time", "rate", "count", "yes_no", "graded", "other"]
LEXICON_FILE = "lexicon.toml"


@cache
def data() -> dict[str, Any]:
    """The lexicon file, parsed."""
    with (shipped("corpus") / LEXICON_FILE).open("rb") as f:
        return tomllib.load(f)


@cache
def pattern(kind: str) -> re.Pattern[str]:
    """The compiled alternatives of one measure kind (`rate`, `count`, `time` …)."""
    return re.compile("|".join(data()["measures"][kind]))


def matches(kind: str, text: str) -> bool:
    return bool(pattern(kind).search(text))


# --- the satisfaction band (checker, drafting, refine and prompts use the same numbers) ---


def satisfaction_band() -> tuple[float, float]:
    band = data()["satisfaction"]
    return float(band["low"]), float(band["high"])


def satisfaction_typical() -> float:
    return float(data()["satisfaction"]["typical"])


def satisfaction_credible_max() -> float:
    return float(data()["satisfaction"]["credible_max"])


# --- units ---


def money_units() -> dict[str, float]:
    return {k: float(v) for k, v in data()["units"]["money"].items()}


def time_units() -> frozenset[str]:
    return frozenset(data()["units"]["time"])


def percent_units() -> frozenset[str]:
    return frozenset(data()["units"]["percent"])


def score_units() -> frozenset[str]:
    return frozenset(data()["units"]["score"])


def count_units() -> frozenset[str]:
    return frozenset(data()["units"]["count"])


# --- names ---

_LEADING = re.compile(
    r"^(?:[★☆*]+|其中[:：]?|指标\d+(?:\.\d+)*[:：.．、]?|\d+(?:\.\d+)+(?![\d.万千亿%])|\d+[、.．:：](?!\d)"
    r"|[一二三四五六七八九十]+[、.．]|\(\s*[\d一二三四五六七八九十]+\s*\))+"
)
_PLACEHOLDER = re.compile(r"[（(]?\s*[≥≤<>=]*\s*\*+\s*[^（）()\s]{0,4}\s*[）)]?")
_NOISE = re.compile(r"[\s\d%‰.。,，;；:：、()（）\[\]【】\"'“”‘’/\\\-—_~·★☆*≥≤<>=]+")


@cache
def _aim() -> re.Pattern[str]:
    return re.compile(f"^({'|'.join(map(re.escape, data()['generic']['aim_verbs']))})")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The one normalised key of an indicator name: NFKC, without numbering, stars, template
    placeholders (≥**%), brackets' punctuation, digits, spaces and a leading aim verb. Two names
    with the same key are the same indicator (「1.提高群众满意度(≥**%)」 and 「群众满意度」)."""
    t = unicodedata.normalize("NFKC", name or "").strip()
    t = _LEADING.sub("", re.sub(r"\s+", "", t))
    t = _PLACEHOLDER.sub("", t)
    t = re.sub(r"[(（]([%‰]|[\u4e00-\u9fff]{1,4})[)）]$", "", t)  # a unit in brackets at the end
    t = _NOISE.sub("", t)
    return _aim().sub("", t) or t


def _plain(name: str) -> str:
    return unicodedata.normalize("NFKC", name or "").strip()


def is_rate_name(name: str) -> bool:
    return matches("rate", pattern("not_rate").sub("", _plain(name)))


def is_count_name(name: str) -> bool:
    return not is_rate_name(name) and matches("count", _plain(name))


def is_time_name(name: str) -> bool:
    return matches("time", name)


def is_cost_name(name: str) -> bool:
    return matches("cost", name)


def is_satisfaction_name(name: str) -> bool:
    return matches("satisfaction", name)


def is_yes_no_name(name: str) -> bool:
    return matches("yes_no", name_key(name) or name)


def is_graded_name(name: str) -> bool:
    return matches("graded", name_key(name))


def is_unit_cost_name(name: str) -> bool:
    return is_cost_name(name) and matches("unit_cost", name)


def measure_of(name: str) -> Measure:
    """What the name measures, first match wins: satisfaction, cost, time, rate, count, yes/no,
    graded, else other. (A 及时率 is a time measure; 人均成本 a cost.)"""
    if is_satisfaction_name(name):
        return "satisfaction"
    if is_cost_name(name) and not is_rate_name(name):
        return "cost"
    if is_time_name(name):
        return "time"
    if is_rate_name(name):
        return "rate"
    if is_count_name(name):
        return "count"
    if is_yes_no_name(name):
        return "yes_no"
    return "graded" if is_graded_name(name) else "other"


@cache
def _fillers() -> frozenset[str]:
    return frozenset(name_key(n) for n in data()["generic"]["filler"])


def is_filler(name: str) -> bool:
    """A generic filler name that any project could carry (年度工作任务完成率, 服务对象满意度 …)."""
    return name_key(name) in _fillers()


@cache
def _measure_bigrams() -> frozenset[str]:
    return frozenset(data()["generic"]["measure_bigrams"])


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


@cache
def _modifiers() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, data()["generic"]["modifiers"])))


def _core(name: str) -> str:
    """The name key without modifiers that do not change what is measured (总, 累计 …)."""
    key = name_key(name)
    return _modifiers().sub("", key) or key


def subject_bigrams(name: str) -> set[str]:
    """The bigrams of a name that say what is measured, not how (巡逻, 摄像 …; not 完成, 合格率)."""
    return _bigrams(_core(name)) - _measure_bigrams()


def same_subject(a: str, b: str) -> bool:
    """Whether two indicator names measure the same subject: the same key or nearly the same
    name, or the same kind of measure sharing a subject word (培训人次 and 参训人次; not
    补贴人次 and 培训人次, nor 年度工作任务完成率 and 外事任务完成率)."""
    ka, kb = _core(a), _core(b)
    if not ka or not kb:
        return False
    if ka == kb or _dice(_bigrams(ka), _bigrams(kb)) >= SAME_NAME:
        return True
    if measure_of(a) != measure_of(b):
        return False
    return _overlap(subject_bigrams(a), subject_bigrams(b)) >= SAME_SUBJECT


SAME_NAME = 0.6
SAME_SUBJECT = 0.25  # share of the shorter name's subject bigrams the other has


def _overlap(x: set[str], y: set[str]) -> float:
    return len(x & y) / min(len(x), len(y)) if x and y else 0.0


def _dice(x: set[str], y: set[str]) -> float:
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0
