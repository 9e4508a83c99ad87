"""The two indicator frameworks and the normalisation of category names found in the wild.

Older ("legacy") framework: 成本 under 产出, 可持续影响 under 效益.
2021 framework (财预〔2021〕101号): 成本指标 is first-level with 经济/社会/生态环境成本.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

from assistant import lexicon

Framework = Literal["legacy", "2021"]
FRAMEWORKS: tuple[Framework, ...] = ("legacy", "2021")

OUTPUT, EFFECT, COST, SATISFACTION = "产出指标", "效益指标", "成本指标", "满意度指标"
QUANTITY, QUALITY, TIMELINESS, COST2 = "数量指标", "质量指标", "时效指标", "成本指标"
ECONOMIC, SOCIAL, ECOLOGICAL, SUSTAINABLE = (
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
)
ECON_COST, SOCIAL_COST, ECO_COST = "经济成本指标", "社会成本指标", "生态环境成本指标"
SATISFIED = "服务对象满意度指标"

LEGACY: dict[str, tuple[str, ...]] = {
    OUTPUT: (QUANTITY, QUALITY, TIMELINESS, COST2),
    EFFECT: (ECONOMIC, SOCIAL, ECOLOGICAL, SUSTAINABLE),
    SATISFACTION: (SATISFIED,),
}
MODERN: dict[str, tuple[str, ...]] = {
    OUTPUT: (QUANTITY, QUALITY, TIMELINESS),
    EFFECT: (ECONOMIC, SOCIAL, ECOLOGICAL, SUSTAINABLE),
    COST: (ECON_COST, SOCIAL_COST, ECO_COST),
    SATISFACTION: (SATISFIED,),
}
TREES: dict[Framework, dict[str, tuple[str, ...]]] = {"legacy": LEGACY, "2021": MODERN}

VALID_PAIRS: frozenset[tuple[str, str]] = frozenset(
    (l1, l2) for tree in TREES.values() for l1, l2s in tree.items() for l2 in l2s
)
LEVEL1_NAMES: tuple[str, ...] = (OUTPUT, EFFECT, COST, SATISFACTION)
LEVEL2_NAMES: tuple[str, ...] = tuple(dict.fromkeys(l2 for _, l2 in sorted(VALID_PAIRS)))

# Short labels used in reports and coverage checks ("数量", "成本", ...).
SHORT: dict[str, str] = {
    QUANTITY: "数量",
    QUALITY: "质量",
    TIMELINESS: "时效",
    COST2: "成本",
    ECON_COST: "成本",
    SOCIAL_COST: "成本",
    ECO_COST: "成本",
    ECONOMIC: "效益",
    SOCIAL: "效益",
    ECOLOGICAL: "效益",
    SUSTAINABLE: "效益",
    SATISFIED: "满意度",
}

# Ordered (pattern, canonical level2): first match wins.
_LEVEL2_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"满意", SATISFIED),
    (r"经济成本", ECON_COST),
    (r"社会成本", SOCIAL_COST),
    (r"(生态|环境)成本", ECO_COST),
    (r"可持续", SUSTAINABLE),
    (r"社会", SOCIAL),
    (r"经济效益|经济值", ECONOMIC),
    (r"生态|环境效益", ECOLOGICAL),
    (r"数量|规模", QUANTITY),
    (r"质量", QUALITY),
    (r"时效|工期|进度", TIMELINESS),
    (r"成本|预算|投资", COST2),
)
_LEVEL1_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"满意", SATISFACTION),
    (r"成本", COST),
    (r"效益|效果|影响", EFFECT),
    (r"产出|完成", OUTPUT),
)
# Names that signal a category when the table leaves level2 blank or uses a non-standard one.
_NAME_HINTS: tuple[tuple[str, str], ...] = (
    (r"满意|认可度|安全感|获得感|幸福感", SATISFIED),
    (r"成本|费用|经费|资金(?!到位)|单价|造价|预算控制|投资额|元", COST2),
    (r"及时|时间|时限|时效|进度|工期|周期|执行率|完成时|[0-9]+月|年底|日前|当年", TIMELINESS),
    (r"效益|收入|增收|产值|经济", ECONOMIC),
    (r"生态|环境|绿化|排放|节能|水土", ECOLOGICAL),
    (r"可持续|长效|机制|持续", SUSTAINABLE),
    (r"社会|群众|知晓|稳定|安全|影响|带动|受益", SOCIAL),
    (r"率|合格|达标|质量|准确|完好|规范|验收", QUALITY),
)


@lru_cache(maxsize=4096)  # a table repeats its few labels thousands of times
def clean_label(text: str) -> str:
    """Strip codes ('11-'), parenthesised notes ('(必填)'), stars and spaces from a category label."""
    t = unicodedata.normalize("NFKC", text or "")
    t = re.sub(r"[（(][^）)]*[）)]", "", t)
    t = re.sub(r"^[\s\d\-.、★☆*]+", "", t)
    return re.sub(r"[\s★☆*]", "", t)


@lru_cache(maxsize=16384)
def _first(patterns: tuple[tuple[str, str], ...], text: str) -> str | None:
    return next((canon for pat, canon in patterns if re.search(pat, text)), None)


def level1_of(level2: str, framework: Framework = "legacy") -> str:
    """The first-level category of a canonical level2: in the given framework where it exists
    there, else in the other one (经济成本指标 → 成本指标)."""
    for tree in (TREES[framework], *TREES.values()):
        for l1, l2s in tree.items():
            if level2 in l2s:
                return l1
    raise KeyError(level2)


def level2s_under(level1: str) -> tuple[str, ...]:
    """Every canonical 二级 that belongs to a canonical 一级 in either framework (empty for an
    unknown one): 成本指标 has 产出's 成本指标 in legacy and its own three in 2021."""
    under = (l2 for tree in TREES.values() for l2 in tree.get(level1, ()))
    return tuple(dict.fromkeys(under))


def canonical_name(text: str, names: tuple[str, ...]) -> str | None:
    """The canonical category name a person typed, with or without the final 指标
    (「产出」 → 产出指标), or None when it is none of `names`."""
    typed = text.strip()
    return next((n for n in names if typed in (n, n.removesuffix("指标"))), None)


def guess_level2(name: str) -> str | None:
    """A level2 guessed from an indicator's name, for tables that leave the category blank."""
    return _first(_NAME_HINTS, clean_label(name))


def normalise_pair(level1: str, level2: str, name: str = "") -> tuple[str, str] | None:
    """Map raw (一级, 二级) labels to a valid canonical pair, or None when they cannot be placed.

    The level1 decides between the frameworks where it matters (成本 under 产出 vs 成本指标);
    a blank or unknown level2 is guessed from the level1 and the indicator's name.
    """
    l1_raw, l2_raw = clean_label(level1), clean_label(level2)
    l1 = _first(_LEVEL1_PATTERNS, l1_raw)
    l2 = _first(_LEVEL2_PATTERNS, l2_raw)
    if l2 is None and l2_raw and _first(_LEVEL1_PATTERNS, l2_raw) == SATISFACTION:
        l2 = SATISFIED
    if l2 is None and l1 in (SATISFACTION, COST):
        l2 = SATISFIED if l1 == SATISFACTION else ECON_COST
    if l2 is None:
        l2 = guess_level2(name) if name else None
    if l2 is None:
        return None
    if l2 == COST2 and l1 == COST:
        l2 = ECON_COST
    if l2 in (ECON_COST, SOCIAL_COST, ECO_COST):
        return COST, l2
    if l1 == EFFECT and l2 in (QUANTITY, QUALITY, TIMELINESS, COST2):
        l2 = _first(_NAME_HINTS[3:7], name) or SOCIAL
    if l1 == OUTPUT and l2 in (ECONOMIC, SOCIAL, ECOLOGICAL, SUSTAINABLE) and not l2_raw:
        l2 = QUALITY
    return level1_of(l2, "legacy"), l2


def to_framework(level1: str, level2: str, framework: Framework) -> tuple[str, str]:
    """Re-express a valid pair in the target framework (成本 moves between 产出 and 成本指标)."""
    if framework == "2021" and level2 == COST2:
        return COST, ECON_COST
    if framework == "legacy" and level1 == COST:
        return OUTPUT, COST2
    return level1, level2


def is_cost(level2: str) -> bool:
    return SHORT.get(level2) == "成本"


def short_label(level2: str) -> str:
    return SHORT.get(level2, level2)


def is_satisfaction(name: str, level2: str) -> bool:
    """A satisfaction indicator: by its name or by its category."""
    return lexicon.is_satisfaction_name(name) or level2 == SATISFIED
