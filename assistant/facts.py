"""Facts a project's description states, each of which a draft must carry: counts with units
(2082支摄像机, 15处污水设施, 年办件量45万件), unit prices (每餐3元, 每人每月500元), deadlines
(10月底前), zero targets (安全事件零发生). Counts are read by `stated`; this module adds the
other kinds and finds counts that contradict each other (两个不同的人数).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from assistant import lexicon
from assistant.similarity import dice
from assistant.stated import StatedCount, stated_counts, unit_suffix
from assistant.values import format_number, normalise_text

MAX_TEXT = 2000


def _alternatives(key: str) -> str:
    return "|".join(map(re.escape, lexicon.data()["goal"][key]))


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Unit price, deadline and zero-target patterns; their words come from the lexicon."""
    per, links, zero = (
        f"(?:{_alternatives('per')})",
        _alternatives("price_links"),
        _alternatives("zero_subjects"),
    )
    price = re.compile(  # 每餐补贴3元, 每人每月500元, 按每人3000元, 生均780元, 每个网格员每月500元
        rf"({per}[\u4e00-\u9fff]{{0,6}}?(?:{per}[\u4e00-\u9fff]{{1,3}}?)?)(?:{links})*\s*(\d+(?:\.\d+)?)\s*(元|万元)(?!\s*/)"
    )
    deadline = re.compile(  # 10月底前, 12月31日前, 11月底之前完成, 年底前
        r"(?:(?:(?:19|20)\d{2}\s*年\s*)?(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日|底|末|中旬|上旬|下旬)?\s*"
        r"(?:之前|以前|前|完成|完工|竣工|投入使用))|(年底前|年内完成)"
    )
    zeros = re.compile(  # 安全事件零发生, 零事故, 无重大安全事故, 投诉为零
        rf"(?:({zero})(?:\s*(?:实现|保持|确保))?\s*(?:零发生|为零|为0|发生率为0|0发生))|(?:零({zero}))"
        rf"|(?:(?:无|不发生|杜绝)(?:重大|较大|一般)?({zero})(?:发生)?)"
    )
    return price, deadline, zeros


@dataclass(frozen=True)
class UnitPrice:
    text: str
    number: float
    unit: str  # 元/餐, 元/人·月


@dataclass(frozen=True)
class Deadline:
    text: str
    month: int | None  # None: the year's end (年底前)
    day: int | None


@dataclass(frozen=True)
class ZeroTarget:
    text: str
    subject: str  # 安全事件


@dataclass(frozen=True)
class Facts:
    counts: list[StatedCount]
    prices: list[UnitPrice]
    deadlines: list[Deadline]
    zeros: list[ZeroTarget]
    conflicts: list[tuple[StatedCount, StatedCount]]


def _per_unit(words: str) -> str:
    """每人每月 → 人·月; 每餐 → 餐; 每个网格员每月 → 人·月; 生均 → 生."""
    if words.startswith(("人均", "户均", "生均")):
        return words[0]
    parts = [p for p in words.split("每") if p]
    out = []
    for p in parts:
        p = p.removeprefix("个").removeprefix("位").removeprefix("名")
        out.append(
            "人"
            if p.endswith(("员", "人", "名", "老人")) or p == ""
            else p[-1]
            if len(p) > 2
            else p
        )
    return "·".join(x for x in out if x)


def unit_prices(text: str) -> list[UnitPrice]:
    t = normalise_text(text)[:MAX_TEXT]
    out = []
    for m in _patterns()[0].finditer(t):
        per = _per_unit(m.group(1))
        if per:
            out.append(UnitPrice(m.group(0), float(m.group(2)), f"{m.group(3)}/{per}"))
    return out


def deadlines(text: str) -> list[Deadline]:
    t = normalise_text(text)[:MAX_TEXT]
    out = []
    for m in _patterns()[1].finditer(t):
        if m.group(3):
            out.append(Deadline(m.group(0), None, None))
        elif 1 <= int(m.group(1)) <= 12:
            out.append(
                Deadline(m.group(0), int(m.group(1)), int(m.group(2)) if m.group(2) else None)
            )
    return out


def zero_targets(text: str) -> list[ZeroTarget]:
    t = normalise_text(text)[:MAX_TEXT]
    seen: dict[str, ZeroTarget] = {}
    for m in _patterns()[2].finditer(t):
        subject = next(g for g in m.groups() if g)
        seen.setdefault(subject, ZeroTarget(m.group(0), subject))
    return list(seen.values())


def _conflicts(counts: list[StatedCount]) -> list[tuple[StatedCount, StatedCount]]:
    """Two different numbers of the same kind of people (全区共1200名老人 … 服务老人1500人)."""
    people = [c for c in counts if unit_suffix(c.unit) in ("人数", "人次", "户数")]
    out = []
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            if (
                unit_suffix(a.unit) == unit_suffix(b.unit)
                and a.number != b.number
                and _same_people(a, b)
            ):
                out.append((a, b))
    return out


def _same_people(a: StatedCount, b: StatedCount) -> bool:

    return a.name == b.name or dice(a.name, b.name) >= 0.5


def read_facts(text: str) -> Facts:
    """Every fact the text states. Counts that are money or unit prices are not counts."""
    counts = stated_counts(text)
    prices = unit_prices(text)
    price_numbers = {p.number for p in prices}
    counts = [c for c in counts if not (c.unit.endswith("元") and c.number in price_numbers)]
    return Facts(counts, prices, deadlines(text), zero_targets(text), _conflicts(counts))


def deadline_text(deadline: Deadline | None, year: int) -> str:
    """A deadline in the budget year: 2027年10月底前, 2027年12月31日前, 2027年12月底前."""
    if deadline is None or deadline.month is None:
        return f"{year}年12月底前"
    if deadline.day is not None:
        return f"{year}年{deadline.month}月{deadline.day}日前"
    return f"{year}年{deadline.month}月底前"


def count_text(c: StatedCount) -> str:
    return f"{c.operator}{format_number(c.number)}{c.unit}"
