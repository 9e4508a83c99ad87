"""The flat answer schemas the model fills in (values as text, evidence as ids), and their
conversion into the schema's Suggestions with the evidence records attached.

The model writes `"annual_value": "≥95%"`; our own parser turns that into operator/number/unit,
so the model never has to fill nested value objects and a malformed value cannot slip through.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from assistant.checks import check_indicator
from assistant.schema import Basis, Evidence, Suggestion


class LLMIndicator(BaseModel):
    """模型给出的一条指标。"""

    level1: str = Field(description="一级指标，如 产出指标")
    level2: str = Field(description="二级指标，如 数量指标")
    name: str = Field(description="三级指标名称，说明考核的是什么量")
    annual_value: str = Field(description="年度指标值，带方向、数字、单位，如 ≥95%")
    period_value: str | None = Field(None, description="实施周期指标值，一年期项目与年度相同")
    basis: Basis | None = Field(None, description="取值依据")
    explanation: str | None = Field(None, description="指标解释：计算公式或口径")
    evidence_ids: list[str] = Field(
        default_factory=list, description="所依据记录的编号，取自「依据」块"
    )


class LLMDraftOutput(BaseModel):
    """起草结果：绩效目标段落与指标集。"""

    goal: str = Field(description="绩效目标段落")
    indicators: list[LLMIndicator] = Field(description="6–12 条指标")


class LLMRewriteOutput(BaseModel):
    """改写结果：至多 3 条可度量的改写。"""

    rewrites: list[LLMIndicator] = Field(description="至多 3 条改写，最好的在前")


ReviewKind = Literal["目标支撑度", "他类指标", "核心指标缺失", "指标值合理性"]


class LLMReviewFinding(BaseModel):
    """大模型审核发现的一个问题。"""

    kind: ReviewKind = Field(
        description="问题类别：目标支撑度、他类指标、核心指标缺失、指标值合理性"
    )
    indicator: str | None = Field(
        None, description="所指的指标名称（原样照抄）；项目整体的问题留空"
    )
    reason: str = Field(min_length=4, description="为什么是问题")
    fix: str = Field(min_length=2, description="具体改法")


class LLMReviewOutput(BaseModel):
    """审核结果：规则看不出的问题；没有则为空列表。"""

    findings: list[LLMReviewFinding] = Field(default_factory=list)


class LLMReviseOutput(BaseModel):
    """按用户要求修改后的完整指标集。"""

    indicators: list[LLMIndicator]
    notices: list[str] = Field(default_factory=list, description="需要向用户说明的事项")


def to_suggestion(item: LLMIndicator, evidence: dict[str, Evidence]) -> Suggestion:
    """A validated Suggestion; raises ValueError (Chinese) on unknown ids or invalid fields."""
    unknown = [i for i in item.evidence_ids if i not in evidence]
    if unknown:
        raise ValueError(f"指标「{item.name}」引用了「依据」中不存在的编号：{'、'.join(unknown)}")
    try:
        return Suggestion.from_text(
            level1=item.level1,
            level2=item.level2,
            name=item.name,
            annual_value=item.annual_value,
            period_value=item.period_value or item.annual_value,
            basis=item.basis,
            explanation=item.explanation,
            evidence=[evidence[i] for i in item.evidence_ids],
            engine="llm",
        )
    except ValidationError as err:
        msg = "；".join(str(e["msg"]).removeprefix("Value error, ") for e in err.errors())
        raise ValueError(f"指标「{item.name}」无效：{msg}") from None


def problems(items: list[LLMIndicator], evidence: dict[str, Evidence]) -> list[str]:
    """Chinese problems of an answer's indicators: invalid fields, unknown ids, checker errors."""

    out = []
    for item in items:
        try:
            suggestion = to_suggestion(item, evidence)
        except ValueError as err:
            out.append(str(err))
            continue
        for f in check_indicator(suggestion):
            if f.severity == "error":
                out.append(f"指标「{item.name}」：{f.message}（{f.hint}）")
    return out
