"""Indicator values (`IndicatorValue`) and their parser, reading values as real tables write
them: `≥95%`, `>=4754人`, `48小时内解决`, `提高`…

The parser never raises: anything it cannot read becomes a qualitative value with
`measurable=False`, which the checker later reports.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ConfigDict, Field, ValidationInfo, field_validator

from assistant.errors import InputError
from assistant.text import TextModel, clean_value_text, is_trusted

Operator = Literal["≥", "≤", "=", ">", "<"]


def _finite(value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise ValueError("数值必须是有限的数（不能是 NaN 或无穷大）")
    return value


FiniteFloat = Annotated[float, AfterValidator(_finite)]


class IndicatorValue(TextModel):
    """一个指标值：原文与解析结果。"""

    # Immutable: a table repeats its value texts, and each is parsed once and shared.
    model_config = ConfigDict(frozen=True)

    raw: str = Field("", description="原文，照表格所写")
    operator: Operator | None = Field(None, description="方向：≥ ≤ = > <，无则为空")
    number: FiniteFloat | None = Field(None, description="数值")
    unit: str | None = Field(None, description="计量单位，如 %、人、小时、万元")
    qualitative: str | None = Field(None, description="非数值时的文字值（定性、期限）")
    measurable: bool = Field(False, description="年底能否据此客观判定是否达成")
    pending: bool = Field(
        False, description="待填写：数值只有项目自己知道，写成【请填写】空位，待用户填入"
    )

    @field_validator("raw", mode="before")
    @classmethod
    def _clean_raw(cls, v: Any, info: ValidationInfo) -> Any:
        return clean_value_text(v) if isinstance(v, str) and not is_trusted(info) else v

    @classmethod
    def parse(cls, raw: str | None, unit: str = "", name: str = "") -> IndicatorValue:
        return parse_value(raw, unit, name)

    def text(self) -> str:
        """Canonical text: `≥95%`, `≤48小时`, or the qualitative text."""
        return format_value(self)

    def as_written(self) -> str:
        """The original text when there is one, else the canonical text."""
        return self.raw or self.text()


# Longest first, so "大于或等于" wins over "大于".
OPERATOR_WORDS: tuple[tuple[str, Operator], ...] = (
    ("大于或等于", "≥"),
    ("小于或等于", "≤"),
    ("大于等于", "≥"),
    ("小于等于", "≤"),
    ("不少于", "≥"),
    ("不低于", "≥"),
    ("不小于", "≥"),
    ("不高于", "≤"),
    ("不超过", "≤"),
    ("不大于", "≤"),
    ("不多于", "≤"),
    ("控制在", "≤"),
    ("至少", "≥"),
    ("最少", "≥"),
    ("超过", ">"),
    ("大于", ">"),
    ("高于", ">"),
    ("小于", "<"),
    ("低于", "<"),
    ("等于", "="),
    (">=", "≥"),
    ("=>", "≥"),
    ("<=", "≤"),
    ("=<", "≤"),
    ("≥", "≥"),
    ("≧", "≥"),
    ("⩾", "≥"),
    ("≤", "≤"),
    ("≦", "≤"),
    ("⩽", "≤"),
    (">", ">"),
    ("<", "<"),
    ("=", "="),
    ("═", "="),
)
_SUFFIX_WORDS: tuple[tuple[str, Operator], ...] = (
    ("以上", "≥"),
    ("及以上", "≥"),
    ("以内", "≤"),
    ("以下", "≤"),
    ("之内", "≤"),
    ("内", "≤"),
    ("前", "≤"),
    ("之前", "≤"),
)

# Units seen in real tables; a multiplier prefix (万/亿/千) and a "/per" suffix are handled apart.
UNITS: tuple[str, ...] = tuple(
    sorted(
        """% ‰ 百分比 个工作日 工作日 个月 小时 分钟 秒 天 日 周 月 年 季度 人次 人天 户次 车次 架次 台次 件次
        人 户 名 位 个 次 份 条 台 套 件 辆 支 场 期 批 批次 所 家 项 本 册 篇 部 座 间 处 分 元 公里 千米
        米 厘米 毫米 平方米 平方公里 平米 ㎡ 立方米 亩 公顷 吨 公斤 千克 斤 克 粒 株 棵 头 只 羽 尾 盏 块 张 单 例
        宗 起 类 种 组 班 课时 学时 节 轮 棒 箱 瓶 盒 包 册 页 字 篇次 张次 处次 点 点位 路 个点
        所学校 校 村 镇 镇街 街道 社区 宗次 千瓦 千瓦时 度 兆瓦 岁 M G GB TB KM km kg m ㎡ 床 辆次 套次 人月
        万元 亿元 千元 万人 万人次 万亩 万株 万平方米 万立方米 万公里 万粒 万册 万份 万次 万""".split(),
        key=len,
        reverse=True,
    )
)
MULTIPLIERS = ("万", "亿", "千", "百")

# Words that make a value an aim rather than a target, when no number carries it.
VAGUE_WORDS: tuple[str, ...] = (
    "提高",
    "提升",
    "增加",
    "增强",
    "加强",
    "改善",
    "完善",
    "优化",
    "促进",
    "推进",
    "推动",
    "持续",
    "逐步",
    "稳步",
    "显著",
    "有效",
    "有力",
    "明显",
    "进一步",
    "按需",
    "正常开展",
    "发挥",
    "保障",
    "确保",
    "巩固",
    "良好",
    "较好",
    "长期",
    "长远",
    "应助尽助",
    "力争",
    "营造",
    "积极",
    "有所",
    "符合",
    "严格",
    "不超预算",
    "随项目",
)
# Graded or binary scales are checkable at year end, so they count as measurable.
SCALE_WORDS: tuple[str, ...] = (
    "是",
    "否",
    "优",
    "良",
    "中",
    "差",
    "优秀",
    "优良",
    "合格",
    "不合格",
    "达标",
    "未达标",
    "好",
    "较好",
    "一般",
    "达到预期",
    "部分达到",
    "未达到",
    "已完成",
    "未完成",
    "完成",
    "无",
    "高",
    "低",
    "有",
)
_RATE_NAME = re.compile(r"率|比例|比率|占比|覆盖|%|百分")
_DONE = re.compile(r"%\s*(完成|达标)")
_NUMBER = re.compile(r"(?<![\d.])[-+]?\d+(?:\.\d+)?")
_DATE = re.compile(
    r"(\d{4})\s*年(?:\s*(\d{1,2})\s*月)?(?:\s*(\d{1,2})\s*日)?|(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?(?:底|末|份|中旬|上旬|下旬)?"
)
_DEADLINE = re.compile(r"(前|之前|以前|底|末|完成|截止|止)")
_NOTE = re.compile(r"[（(\[【][^）)\]】]*[）)\]】]")


def normalise_text(text: str) -> str:
    """NFKC (full-width digits, ％, ＞ …), drop thousands separators and notes in brackets."""
    t = unicodedata.normalize("NFKC", text or "").strip()
    t = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", t)
    return t


def _operator_before(prefix: str) -> Operator | None:
    tail = prefix[-8:]
    best: tuple[int, Operator] | None = None
    for word, op in OPERATOR_WORDS:
        pos = tail.rfind(word)
        if pos >= 0 and (best is None or pos + len(word) > best[0]):
            best = (pos + len(word), op)
    return best[1] if best else None


def _operator_after(suffix: str) -> Operator | None:
    head = re.split(r"[,，;；、。]", suffix, maxsplit=1)[0][:8]
    for word, op in sorted(_SUFFIX_WORDS, key=lambda w: -len(w[0])):
        if word in head:
            return op
    return None


def unit_at(text: str) -> tuple[str | None, int]:
    """The unit starting at text[0] (with multiplier and '/per' part) and its length."""
    t = text.lstrip()
    skipped = len(text) - len(t)
    base = next((u for u in UNITS if t.startswith(u)), None)
    if t[:1] in MULTIPLIERS:  # 万户, 万头: the multiplied unit, unless a listed unit is as long
        multiplied = t[0] + next(
            (u for u in UNITS if t[1:].startswith(u) and u not in MULTIPLIERS), ""
        )
        base = multiplied if base is None or len(multiplied) > len(base) else base
    if base is None:
        return None, skipped
    per = re.match(r"/\s*([\u4e00-\u9fff]{1,3}(?:[、,][\u4e00-\u9fff]{1,2})?)", t[len(base) :])
    unit = base + ("/" + per.group(1) if per else "")
    return unit, skipped + len(base) + (len(per.group(0)) if per else 0)


def _clean_unit(unit_hint: str) -> str | None:
    u = _NOTE.sub("", normalise_text(unit_hint)).strip()
    if not u or u in ("是/否", "无", "-", "/"):
        return None
    return "%" if u in ("百分比", "%") else u


def _deadline(t: str) -> IndicatorValue | None:
    m = _DATE.search(t)
    if not m:
        return None
    full_date = m.group(1) is not None and m.group(2) is not None
    if not full_date and not _DEADLINE.search(t[m.end() : m.end() + 4]):
        return None
    return IndicatorValue(raw=t, operator="≤", qualitative=t, measurable=True)


def _qualitative(raw: str, t: str) -> IndicatorValue:
    core = re.sub(r"^(定性|正向|反向)\s*", "", _NOTE.sub("", t)).strip()
    deadline = _deadline(core)
    if deadline is not None:
        return deadline.model_copy(update={"raw": raw})
    vague = any(w in core for w in VAGUE_WORDS)
    scale = (
        bool(core)
        and not vague
        and (
            core in SCALE_WORDS or bool(re.fullmatch(r"(已|按时|按期|如期)?(完成|达标|合格)", core))
        )
    )
    return IndicatorValue(raw=raw, qualitative=core or None, measurable=scale)


def parse_value(raw: str | None, unit: str = "", name: str = "") -> IndicatorValue:
    """Parse one value cell. `unit` is the table's separate unit column; `name` the indicator name."""
    raw = clean_value_text(raw or "")  # as the schema stores it, so a re-read parses alike
    try:
        value, says_done = _parse_text(raw, unit or "")
    except Exception:  # defensive: a value parser must never stop a table from loading
        return IndicatorValue(raw=raw or "", qualitative=raw or None, measurable=False)
    if says_done and name and not _RATE_NAME.search(name):
        # `100%完成` / `100%达标` beside a name that is not a rate says nothing measurable.
        return value.model_copy(update={"measurable": False})
    return value  # shared with every other cell of this text: values are immutable


@lru_cache(maxsize=16384)
def _parse_text(raw: str, unit_hint: str) -> tuple[IndicatorValue, bool]:
    """The value `raw` says (whatever the indicator's name), and whether it is a percentage
    said to be 完成/达标. A table repeats its value texts (≥95%, 100%, ≤12个月): each is
    parsed once."""
    value = _parse(raw, unit_hint)
    done = value.unit == "%" and bool(_DONE.search(normalise_text(raw)))
    return value, done


SLOT = "【请填写】"


def slot_text(operator: str, unit: str) -> str:
    """A value only the project can know, as a slot to fill: `≥【请填写】人次`."""
    return f"{operator}{SLOT}{unit}"


def _slot(raw: str, t: str) -> IndicatorValue:
    before, _, after = t.partition(SLOT)
    operator = _operator_before(before) if before.strip() else None
    return IndicatorValue(raw=raw, operator=operator, unit=after.strip() or None, pending=True)


def _parse(raw: str, unit_hint: str) -> IndicatorValue:
    t = normalise_text(raw)
    if SLOT in t or "[请填写]" in t:
        return _slot(raw, t.replace("[请填写]", SLOT))
    t = re.sub(r"^(正向|反向)\s*", "", t)
    if not t:
        return IndicatorValue(raw=raw, measurable=False)
    if re.search(r"\d{4}\s*[.\-年]\s*\d{1,2}\s*(?:月)?\s*(?:-{1,2}|至|~)", t) or _deadline(t):
        return _qualitative(raw, t)
    m = _NUMBER.search(t)
    if m is None:
        return _qualitative(raw, t)
    number = float(m.group(0))
    unit, ulen = unit_at(t[m.end() :])
    after = t[m.end() + ulen :]
    operator = _operator_before(t[: m.start()]) or _operator_after(after)
    unit = "%" if unit == "百分比" else unit or _clean_unit(unit_hint)
    if t[: m.start()].rstrip().endswith("±"):
        operator = "≤"
    return IndicatorValue(raw=raw, operator=operator, number=number, unit=unit, measurable=True)


def make_value(operator: str | None, number: float, unit: str | None) -> IndicatorValue:
    """A value built from its parts (`≥`, 95, `%` → `≥95%`), parsed like any written one."""
    return parse_value(f"{operator or ''}{format_number(number)}{unit or ''}")


def format_value(value: IndicatorValue) -> str:
    """Canonical text of a parsed value: `≥95%`, `≤48小时`, or the qualitative text."""
    if value.number is None:
        return value.qualitative or value.raw
    return f"{value.operator or ''}{format_number(value.number)}{value.unit or ''}"


def format_number(number: float) -> str:
    """`2082`, `0.97`, `1989.76`: no exponent, no trailing zeros."""
    if number == int(number) and abs(number) < 1e15:
        return str(int(number))
    return f"{number:.6f}".rstrip("0").rstrip(".")


def parse_amount(text: str | None) -> float | None:
    """A money amount in 万元 as tables and users write it (`1,989.76`, `16万元`); None when blank
    or not a finite number."""
    t = normalise_text(text or "").replace(",", "").removesuffix("万元").removesuffix("万").strip()
    if not t or t in ("-", "—"):
        return None
    try:
        value = float(t)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_budget(text: str | None, example: str = "16") -> float | None:
    """A budget the user typed (万元): blank → None; anything but a positive number → InputError,
    whose message shows `example` (the CLI's is 「--amount 16」, a form's 「16」)."""
    if text is None or not text.strip():
        return None
    value = parse_amount(text)
    if value is None:
        raise InputError(f"金额「{text}」不是有效的数字（单位：万元，例如 {example}）")
    if value <= 0:
        raise InputError(f"金额「{text}」必须是正数（单位：万元）")
    return value
