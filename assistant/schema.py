"""The pydantic models every module speaks: values, indicators, projects, tables, corpus records,
findings, evidence, drafts and rewrites. ASCII field names, Chinese descriptions."""

from __future__ import annotations

from typing import Any, ClassVar, Literal, Self

from pydantic import Field, ValidationInfo, field_validator, model_validator

from assistant.categories import VALID_PAIRS, normalise_pair
from assistant.errors import InputError
from assistant.project_types import by_key
from assistant.text import Model as Model
from assistant.text import TextModel as TextModel
from assistant.text import clean_item_text as clean_item_text
from assistant.text import clean_text as clean_text
from assistant.text import clean_value_text as clean_value_text
from assistant.text import is_trusted
from assistant.values import FiniteFloat as FiniteFloat
from assistant.values import IndicatorValue as IndicatorValue
from assistant.values import Operator as Operator

Basis = Literal["计划标准", "历史标准", "行业标准", "预算支出标准", "其他标准"]
Severity = Literal["error", "warning", "hint"]
Engine = Literal["offline", "llm"]


def _parsed(value: object, unit: str, name: str) -> object:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return IndicatorValue.parse(str(value), unit, name)
    return value


def written_fields(data: dict[str, Any]) -> dict[str, Any]:
    """An indicator's fields as tables, JSON files and answers write them → the model's fields:
    values parsed from their text (with `unit`, a separate unit column, as the hint), a blank
    period value dropped, and a category pair outside the framework mapped onto it
    (`normalise_pair`, which may guess from the name), the written pair kept as
    `level1_raw`/`level2_raw`. Never raises: what it cannot map is left for the model to refuse
    with its own message."""
    data = dict(data)
    unit = data.pop("unit", "")
    name = data.get("name")
    if not isinstance(name, str) or not isinstance(unit, str | None):
        return data
    name = data["name"] = clean_item_text(name)
    for key in ("annual_value", "period_value"):
        if key in data:
            data[key] = _parsed(data[key], unit or "", name)
    period = data.get("period_value")
    if isinstance(period, IndicatorValue) and not period.raw and period.number is None:
        data["period_value"] = None  # a blank period value is no period value
    l1, l2 = clean_text(str(data.get("level1") or "")), clean_text(str(data.get("level2") or ""))
    pair = (l1, l2) if (l1, l2) in VALID_PAIRS else normalise_pair(l1, l2, name)
    if pair is not None and pair != (l1, l2):
        data.setdefault("level1_raw", l1)
        data.setdefault("level2_raw", l2)
        data["level1"], data["level2"] = pair
    return data


class Indicator(TextModel):
    """一条三级绩效指标。一级/二级按规范名称存放，原文另存。"""

    level1: str = Field(description="一级指标（规范名称）")
    level2: str = Field(description="二级指标（规范名称）")
    name: str = Field(description="三级指标名称")
    annual_value: IndicatorValue = Field(default_factory=IndicatorValue, description="年度指标值")
    period_value: IndicatorValue | None = Field(None, description="实施周期指标值")
    explanation: str | None = Field(None, description="指标解释")
    basis: Basis | None = Field(None, description="取值依据")
    source: str | None = Field(None, description="来源（文件、行号或出处）")
    level1_raw: str = Field("", description="一级指标原文")
    level2_raw: str = Field("", description="二级指标原文")

    @classmethod
    def from_text(
        cls,
        *,
        name: str,
        annual_value: str | IndicatorValue = "",
        level1: str = "",
        level2: str = "",
        period_value: str | IndicatorValue | None = None,
        unit: str = "",
        **fields: Any,
    ) -> Self:
        """An indicator as tables and answers write one (`written_fields`). The constructor itself
        only validates: a ValidationError when the name is empty or no category pair fits."""
        written: dict[str, Any] = {"level1": level1, "level2": level2, "name": name, "unit": unit}
        written |= {"annual_value": annual_value, "period_value": period_value}
        return cls(**written_fields(written | fields))

    @model_validator(mode="after")
    def _check_pair(self) -> Indicator:
        if (self.level1, self.level2) not in VALID_PAIRS:
            l1, l2 = self.level1 or "空", self.level2 or "空"
            raise ValueError(f"一级/二级指标「{l1}/{l2}」不属于任一指标框架")
        return self

    @field_validator("name")
    @classmethod
    def _strip_name(cls, v: str, info: ValidationInfo) -> str:
        v = v if is_trusted(info) else clean_item_text(v)
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
