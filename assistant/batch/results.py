"""What one project's batch work produced: its suggestions, or the error that stopped it."""

from __future__ import annotations

from pydantic import Field

from assistant.checks import ProjectReport
from assistant.refine.project import ProjectSuggestions
from assistant.schema import Finding, Model


class ProjectResult(Model):
    """一个项目的批量处理结果（日志中的一条记录）。"""

    position: int = Field(ge=0, description="项目在输入表中的序号（从 0 起）")
    name: str = Field(description="项目名称")
    suggestions: ProjectSuggestions | None = Field(
        None, description="检查结果与建议；出错时可能只有检查结果，或为空"
    )
    error: str | None = Field(None, description="处理失败的原因")

    @property
    def failed(self) -> bool:
        return self.error is not None

    @property
    def report(self) -> ProjectReport | None:
        return self.suggestions.report if self.suggestions else None

    def with_findings(self, extra: list[Finding]) -> ProjectResult:
        """The result with findings added to its report (year-over-year ones, found at writing
        time and never journalled, so a resumed run may compare with another year's table);
        unchanged when there is no report."""
        if not extra or self.suggestions is None:
            return self
        report = self.suggestions.report.with_findings(extra)
        return self.model_copy(
            update={"suggestions": self.suggestions.model_copy(update={"report": report})}
        )
