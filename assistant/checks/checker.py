"""Run the rules over one indicator or a whole project."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import Field

from assistant.checks.registry import INDICATOR_RULES, PROJECT_RULES, TABLE_RULES
from assistant.checks.score import score, summary
from assistant.schema import Finding, Indicator, Model, Project, Table

_SEVERITY_RANK = {"error": 0, "warning": 1, "hint": 2}


class ProjectReport(Model):
    """一个项目的检查结果。"""

    name: str = Field(description="项目名称")
    score: int = Field(ge=0, le=100, description="得分 0–100")
    summary: str = Field(description="一句话说明得分")
    findings: list[Finding] = Field(default_factory=list, description="发现的问题")

    def with_findings(self, extra: list[Finding]) -> ProjectReport:
        """The report with findings added from outside the table (year-over-year, a model's
        review): counted in the summary; the score stays the checker's own."""
        if not extra:
            return self
        found = [*self.findings, *extra]
        return self.model_copy(update={"findings": found, "summary": summary(found, self.score)})


def project_level(findings: list[Finding], names: Iterable[str]) -> list[Finding]:
    """The findings that belong to the project as a whole: those naming none of its indicators
    (`names`), including one naming an indicator no longer there (last year's, dropped)."""
    present = set(names)
    return [f for f in findings if f.indicator not in present]


def check_indicator(ind: Indicator, project: Project | None = None) -> list[Finding]:
    """Every finding on one indicator, most severe first; `project` adds budget and goal context."""
    found = [f for rule in INDICATOR_RULES for f in rule(ind, project)]
    return sorted(found, key=lambda f: _SEVERITY_RANK[f.severity])


def check_project(project: Project) -> ProjectReport:
    """Project-level findings first, then each indicator's, scored and summarised."""
    found = [f for rule in PROJECT_RULES for f in rule(project)]
    for ind in project.indicators:
        found.extend(check_indicator(ind, project))
    points = score(found, len(project.indicators))
    return ProjectReport(
        name=project.name, score=points, summary=summary(found, points), findings=found
    )


def check_table(table: Table) -> list[Finding]:
    """Findings on the table as a whole (the 合计 row against its projects)."""
    return [f for rule in TABLE_RULES for f in rule(table)]
