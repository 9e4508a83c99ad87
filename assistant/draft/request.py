"""What the user asks a draft for, validated with Chinese messages."""

from __future__ import annotations

import math
from typing import Any

from pydantic import Field, field_validator

from assistant.categories import FRAMEWORKS, Framework
from assistant.errors import InputError
from assistant.project_types import by_key
from assistant.schema import Model
from assistant.stated import budget_year, stated_year

DEFAULT_COUNT = 10
MIN_COUNT, MAX_COUNT = 6, 12


class DraftRequest(Model):
    """起草请求：项目名称与可选的描述、金额、部门、行业、周期、框架、指标条数。"""

    name: str = Field(description="项目名称")
    goal: str = Field("", description="项目描述或绩效目标原文")
    amount: float | None = Field(None, description="预算金额（万元）")
    department: str | None = Field(None, description="部门")
    sector: str | None = Field(None, description="行业 / 领域")
    years: int = Field(1, ge=1, le=10, description="实施周期（年）")
    year: int | None = Field(None, description="预算年度")
    framework: Framework = Field("legacy", description="指标框架：legacy 或 2021")
    count: int = Field(DEFAULT_COUNT, ge=MIN_COUNT, le=MAX_COUNT, description="指标条数")
    types: list[str] = Field(
        default_factory=list, description="用户指定的项目类型（键或中文名，至多 2 个）"
    )

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        v = v.strip()
        if len(v) < 2:
            raise ValueError("太短：请至少写两个字，例如「社区网格员补助经费」")
        return v

    @field_validator("amount")
    @classmethod
    def _amount(cls, v: float | None) -> float | None:
        if v is not None and (not math.isfinite(v) or v <= 0):
            raise ValueError("预算金额必须是正数（单位：万元）")
        return v

    def budget_year(self) -> int:
        """The year the budget is for: the one given, else the one the project's name states
        (「2023年…」), else the one being prepared."""
        return self.year or stated_year(self.name) or budget_year()

    def text(self) -> str:
        """The query text used for retrieval."""
        return " ".join(
            x for x in (self.name, self.goal, self.department or "", self.sector or "") if x
        )


def make_request(**fields: Any) -> DraftRequest:
    """Build a request, turning validation errors into one Chinese InputError."""
    from pydantic import ValidationError

    for key in fields.get("types") or []:
        by_key(str(key))  # an unknown type: a Chinese message listing the types
    framework = fields.get("framework")
    if framework is not None and framework not in FRAMEWORKS:
        raise InputError(
            f"指标框架「{framework}」不存在，可选：legacy（旧框架）或 2021（财预〔2021〕101号）"
        )
    try:
        return DraftRequest(**{k: v for k, v in fields.items() if v is not None})
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        labels = {"name": "项目名称", "amount": "金额", "count": "指标条数", "years": "实施周期"}
        msg = str(first["msg"]).removeprefix("Value error, ")
        if first["type"] in ("greater_than_equal", "less_than_equal"):
            msg = f"应在 {MIN_COUNT}–{MAX_COUNT} 之间" if field == "count" else "超出允许范围"
        if first["type"] in ("float_parsing", "int_parsing"):
            msg = "不是有效的数字"
        raise InputError(f"「{labels.get(field, field)}」{msg}") from None
