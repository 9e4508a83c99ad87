"""The pydantic models every module speaks: values, indicators, projects, tables, corpus records,
findings, evidence, drafts and rewrites. ASCII field names, Chinese descriptions."""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from assistant.categories import VALID_PAIRS, normalise_pair

Operator = Literal["≥", "≤", "=", ">", "<"]
Basis = Literal["计划标准", "历史标准", "行业标准", "预算支出标准", "其他标准"]
Severity = Literal["error", "warning", "hint"]
Engine = Literal["offline", "llm"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


# Text normalised at the schema boundary, for table text and model answers alike, so that no
# field can change the structure of a file it is written to (a line, a cell, a packed item).
_LINE_LIKE = re.compile(r"[\t\n\r\v\f\x1c-\x1f\x85\u2028\u2029]+")
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    r"\u2066-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
# The packed format's own delimiters: `；` between fields, `。N、` between items.
_FIELD_DELIMITER = re.compile(r"[；;]")
_ITEM_BREAK = re.compile(r"。(?=.)|\.(?=\s*\d{1,4}[、.．])")


def clean_text(text: str) -> str:
    """One line of plain text: control characters, line and paragraph separators become a space,
    invisible format characters (zero-width, bidi overrides, BOM, lone surrogates) are removed."""
    return _INVISIBLE.sub("", _LINE_LIKE.sub(" ", text)).strip()


def clean_item_text(text: str) -> str:
    """`clean_text`, and the packed format's delimiters made harmless: an indicator name or
    value can never split into fields or items when written and read back (`；` becomes `，`,
    a `。` inside the text `，`, a `.` that would read as an item number `．`)."""
    t = _FIELD_DELIMITER.sub("，", clean_text(text))
    return _ITEM_BREAK.sub(lambda m: "，" if m.group(0) == "。" else "．", t)


def clean_value_text(text: str) -> str:
    """`clean_item_text` for a value, which ends its packed item: a final `。`/`.` is the item's."""
    return clean_item_text(text).rstrip("。.").strip()


class TextModel(Model):
    """A model whose text fields are normalised with `clean_text` on the way in."""

    _raw_text_fields: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _clean_text(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str) and info.field_name not in cls._raw_text_fields:
            return clean_text(value)
        return value


def _finite(value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise ValueError("数值必须是有限的数（不能是 NaN 或无穷大）")
    return value


FiniteFloat = Annotated[float, AfterValidator(_finite)]


class IndicatorValue(TextModel):
    """一个指标值：原文与解析结果。"""

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
    def _clean_raw(cls, v: Any) -> Any:
        return clean_value_text(v) if isinstance(v, str) else v

    @classmethod
    def parse(cls, raw: str | None, unit: str = "", name: str = "") -> IndicatorValue:
        from assistant.values import parse_value

        return parse_value(raw, unit, name)

    def text(self) -> str:
        """Canonical text: `≥95%`, `≤48小时`, or the qualitative text."""
        from assistant.values import format_value

        return format_value(self)

    def as_written(self) -> str:
        """The original text when there is one, else the canonical text."""
        return self.raw or self.text()


def _coerce_value(value: Any, unit: str, name: str) -> Any:
    if value is None or isinstance(value, IndicatorValue):
        return value
    if isinstance(value, str | int | float):
        return IndicatorValue.parse(str(value), unit, name)
    return value


class Indicator(TextModel):
    """一条三级绩效指标。一级/二级按规范名称存放，原文另存。"""

    level1: str = Field(description="一级指标（规范名称）")
    level2: str = Field(description="二级指标（规范名称）")
    name: str = Field(min_length=1, description="三级指标名称")
    annual_value: IndicatorValue = Field(default_factory=IndicatorValue, description="年度指标值")
    period_value: IndicatorValue | None = Field(None, description="实施周期指标值")
    explanation: str | None = Field(None, description="指标解释")
    basis: Basis | None = Field(None, description="取值依据")
    source: str | None = Field(None, description="来源（文件、行号或出处）")
    level1_raw: str = Field("", description="一级指标原文")
    level2_raw: str = Field("", description="二级指标原文")

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        name = clean_item_text(str(data.get("name") or ""))
        if "name" in data:
            if not name:
                raise ValueError("指标名称为空")
            data["name"] = name
        unit = str(data.pop("unit", "") or "")
        for key in ("annual_value", "period_value"):
            if key in data:
                data[key] = _coerce_value(data[key], unit, name)
        period = data.get("period_value")
        if isinstance(period, IndicatorValue) and not period.raw and period.number is None:
            data["period_value"] = None  # a blank period value is no period value
        l1, l2 = str(data.get("level1") or ""), str(data.get("level2") or "")
        if (l1, l2) not in VALID_PAIRS:
            pair = normalise_pair(l1, l2, name)
            if pair is None:
                raise ValueError(f"一级/二级指标「{l1 or '空'}/{l2 or '空'}」不属于任一指标框架")
            data.setdefault("level1_raw", l1)
            data.setdefault("level2_raw", l2)
            data["level1"], data["level2"] = pair
        return data

    @model_validator(mode="after")
    def _check_pair(self) -> Indicator:
        if (self.level1, self.level2) not in VALID_PAIRS:
            raise ValueError(f"「{self.level1}/{self.level2}」不是有效的一级/二级指标组合")
        return self

    @field_validator("name")
    @classmethod
    def _strip_name(cls, v: str) -> str:
        v = clean_item_text(v)
        if not v:
            raise ValueError("指标名称为空")
        return v


class Amounts(Model):
    """资金（万元）。"""

    total: FiniteFloat | None = Field(None, description="总计")
    fiscal: FiniteFloat | None = Field(None, description="财政拨款")
    special_account: FiniteFloat | None = Field(None, description="财政专户拨款")
    other: FiniteFloat | None = Field(None, description="其他资金")


class Project(TextModel):
    """一个项目及其绩效目标、绩效指标。"""

    name: str = Field(min_length=1, description="项目名称")
    department: str | None = Field(None, description="部门 / 资金使用单位")
    year: int | None = Field(None, description="预算年度")
    region: str | None = Field(None, description="地区")
    sector: str | None = Field(None, description="行业 / 领域")
    amounts: Amounts = Field(default_factory=Amounts, description="资金（万元）")
    goal: str = Field("", description="绩效目标")
    indicators: list[Indicator] = Field(default_factory=list, description="绩效指标")
    origin: str | None = Field(None, description="出处：文件与行号")
    types: list[str] = Field(
        default_factory=list,
        description="用户指定的项目类型（corpus/types.toml 的键，至多 2 个）；空则按名称与目标认定",
    )

    @field_validator("types")
    @classmethod
    def _known_types(cls, v: list[str]) -> list[str]:
        """Keys of `corpus/types.toml` (a Chinese label is taken too), at most two."""
        from assistant.errors import InputError
        from assistant.project_types import by_key

        if len(v) > 2:
            raise ValueError(f"项目类型至多 2 个，收到 {len(v)} 个")
        try:
            return list(dict.fromkeys(by_key(k).key for k in v))
        except InputError as err:
            raise ValueError(err.message) from None


class RowIssue(TextModel):
    """读表时无法采用的一行或一格。"""

    file: str = Field(description="文件")
    sheet: str | None = Field(None, description="工作表")
    row: int | None = Field(None, description="行号（从 1 起）")
    column: str | None = Field(None, description="列")
    message: str = Field(description="问题说明")

    def where(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"工作表「{self.sheet}」")
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if self.column:
            parts.append(f"「{self.column}」列")
        return "，".join(parts)


class Table(TextModel):
    """一张项目支出绩效目标表。"""

    _raw_text_fields: ClassVar[frozenset[str]] = frozenset({"source"})

    projects: list[Project] = Field(default_factory=list, description="项目")
    source: str | None = Field(None, description="来源文件")
    department: str | None = Field(None, description="部门名称")
    year: int | None = Field(None, description="预算年度：表头、文件名或绩效目标中写明的年份")
    total: FiniteFloat | None = Field(None, description="合计行金额（万元）")
    issues: list[RowIssue] = Field(default_factory=list, description="未能读取的行")


Origin = Literal["seed", "table", "library", "user", "shared"]
ORIGIN_LABELS: dict[str, str] = {
    "seed": "种子表",
    "table": "公开绩效表",
    "library": "共性指标库",
    "user": "用户指标库",
    "shared": "共享指标库",
}


def origin_place(origin: str | None, project: str | None) -> str:
    """Where a record comes from, as users read it, always from the record's origin: an entry of
    a common library is 「共性指标库」; a table's record names its project (else its origin)."""
    if origin == "library":
        return ORIGIN_LABELS["library"]
    return project or ORIGIN_LABELS.get(origin or "", "出处未注明")


class CorpusRecord(TextModel):
    """指标库中的一条真实指标，连同其项目与出处。"""

    id: str = Field(description="稳定编号")
    origin: Origin = Field(
        description="seed=种子表, table=公开绩效表, library=共性指标库, user=用户库（本单位）, "
        "shared=共享指标库（其他单位报送、已入库）"
    )
    indicator: Indicator
    project: str | None = Field(None, description="项目名称")
    department: str | None = None
    region: str | None = None
    year: int | None = None
    sector: str | None = None
    goal: str | None = None
    amount: FiniteFloat | None = Field(None, description="项目金额（万元）")
    source: str = Field(description="出处：原始文件及网址")

    def evidence(self, score: float = 0.0) -> Evidence:
        """This record cited as the evidence of a suggestion."""
        return Evidence(
            id=self.id,
            origin=self.origin,
            name=self.indicator.name,
            value=self.indicator.annual_value.raw,
            project=self.project,
            department=self.department,
            year=self.year,
            source=self.source,
            score=round(score, 4),
        )


class Evidence(TextModel):
    """一条建议所依据的真实指标。"""

    id: str = Field(description="指标库记录编号")
    origin: Origin | None = Field(
        None, description="记录的来源：seed / table / library / user / shared"
    )
    name: str = Field(description="指标名称")
    value: str = Field("", description="该指标的原始取值")
    project: str | None = None
    department: str | None = None
    year: int | None = None
    source: str = ""
    score: float = Field(0.0, description="相似度得分")

    def cite(self) -> str:
        """「name」value（project，department，year年）, as workbooks and reports cite it: the name
        without units in brackets or numbering, the value as written."""
        from assistant.similarity import display_name

        place = origin_place(self.origin, self.project)
        where = "，".join(
            x for x in (place, self.department or "", f"{self.year}年" if self.year else "") if x
        )
        return f"「{display_name(self.name)}」{self.value}（{where}）"


class Finding(TextModel):
    """检查发现的一个问题。"""

    indicator: str | None = Field(None, description="指标名称；项目级问题为空")
    code: str = Field(description="规则代码，稳定不变")
    severity: Severity
    message: str = Field(description="问题是什么、为什么")
    hint: str = Field("", description="如何修改")
    source: Literal["rules", "llm"] = Field("rules", description="rules=规则检查，llm=大模型审核")


class Suggestion(Indicator):
    """一条建议的指标：指标本身加上依据和出处。"""

    evidence: list[Evidence] = Field(default_factory=list, description="依据的真实指标")
    engine: Engine = Field("offline", description="产生该建议的引擎")
    reason: str = Field(
        "", description="为什么有这一条：项目类型、相似项目、目标所述事实或相近真实指标"
    )
    reference: str = Field(
        "", description="待填写空位的参考值，如「参考：同类项目 120–600 人次（3 个项目）」"
    )


class TypeChoice(Model):
    """起草时认定的项目类型，及认出它的词。"""

    key: str
    label: str
    score: float = 0.0
    words: list[str] = Field(default_factory=list, description="认出该类型的词")
    forced: bool = Field(False, description="由用户用 --type 指定")


class GoalFact(Model):
    """项目描述中写明的一个事实（数量、单价、期限、零目标），起草须逐条保留。"""

    kind: Literal["count", "unit_price", "deadline", "zero", "total"]
    text: str = Field(description="原文片段")
    name: str = Field("", description="据此命名的指标")
    value: str = Field("", description="据此写出的指标值")
    kept: bool = Field(False, description="草稿中有指标承载它")


class Draft(TextModel):
    """为一个项目起草的绩效目标与指标集。"""

    project: str = Field(description="项目名称")
    goal: str = Field(description="建议的绩效目标段落")
    indicators: list[Suggestion] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    confidence: Literal["high", "low"] = Field("high", description="低：指标库中没有相近项目")
    engine: Engine = "offline"
    notices: list[str] = Field(default_factory=list, description="给用户的说明（如回退到离线）")
    given_goal: str = Field("", description="用户给出的项目描述 / 绩效目标原文（从不改动）")
    types: list[TypeChoice] = Field(default_factory=list, description="认定的项目类型")
    facts: list[GoalFact] = Field(default_factory=list, description="描述中写明的事实及是否保留")
    twin: str | None = Field(None, description="作为起点的相似项目（同类项目的整套指标）")


class Refinement(Model):
    """一条指标的问题与可度量的改写。"""

    original: Indicator
    findings: list[Finding] = Field(default_factory=list)
    rewrites: list[Suggestion] = Field(default_factory=list, description="至多 3 条改写")
    notices: list[str] = Field(default_factory=list)
