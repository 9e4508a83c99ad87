"""Figures about a batch run, shared by the summary sheet and the reports: per project (score,
finding counts, missing categories) and for the department (averages, findings by rule, the
worst indicators)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from assistant.batch.results import ProjectResult
from assistant.checks import RULES, check_table
from assistant.checks.score import PENALTY
from assistant.refine.project import missing_labels
from assistant.schema import Finding, Indicator, Project, Severity, Table
from assistant.year_over_year import LastYear

WORST_LIMIT = 20
RunStatus = Literal["已完成", "处理失败", "未处理"]


@dataclass(frozen=True)
class ProjectFigures:
    """One project and what the batch made of it (result is None if not processed yet)."""

    position: int
    project: Project
    result: ProjectResult | None

    @property
    def score(self) -> int | None:
        report = self.result.report if self.result else None
        return report.score if report else None

    @property
    def findings(self) -> list[Finding]:
        report = self.result.report if self.result else None
        return report.findings if report else []

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def missing(self) -> list[str]:
        return missing_labels(self.project)

    @property
    def rewrites(self) -> int:
        found = self.result.suggestions if self.result else None
        return sum(len(r.rewrites) for r in found.rewrites) if found else 0

    @property
    def additions(self) -> int:
        found = self.result.suggestions if self.result else None
        return len(found.additions) if found else 0

    @property
    def status(self) -> RunStatus:
        if self.result is None:
            return "未处理"
        return "处理失败" if self.result.failed else "已完成"

    @property
    def summary(self) -> str:
        report = self.result.report if self.result else None
        if self.result is not None and self.result.failed:
            return f"处理失败：{self.result.error}"
        return report.summary if report else "尚未处理（可用 --resume 接着处理）"


@dataclass(frozen=True)
class RuleCount:
    code: str
    title: str
    severity: Severity
    count: int


@dataclass(frozen=True)
class WorstIndicator:
    project: str
    indicator: Indicator
    findings: list[Finding]
    penalty: int


@dataclass
class BatchFigures:
    """The department-level view of a run."""

    table: Table
    projects: list[ProjectFigures]
    engine: str = "offline"
    generated: str = ""
    rules: list[RuleCount] = field(default_factory=list)
    worst: list[WorstIndicator] = field(default_factory=list)
    table_findings: list[Finding] = field(default_factory=list)
    compared_with: str | None = None

    @property
    def processed(self) -> int:
        return sum(1 for p in self.projects if p.result is not None)

    @property
    def failed(self) -> int:
        return sum(1 for p in self.projects if p.result is not None and p.result.failed)

    @property
    def complete(self) -> bool:
        return self.processed == len(self.projects)

    @property
    def indicators(self) -> int:
        return sum(len(p.project.indicators) for p in self.projects)

    @property
    def empty(self) -> int:
        """Projects without any indicator (they score 0)."""
        return sum(1 for p in self.projects if not p.project.indicators)

    @property
    def measurable(self) -> int:
        return sum(
            1 for p in self.projects for i in p.project.indicators if i.annual_value.measurable
        )

    @property
    def measurable_share(self) -> float | None:
        return self.measurable / self.indicators if self.indicators else None

    @property
    def average_score(self) -> float | None:
        scores = [p.score for p in self.projects if p.score is not None]
        return sum(scores) / len(scores) if scores else None

    def count(self, severity: Severity) -> int:
        return sum(p.count(severity) for p in self.projects)

    @property
    def rewrites(self) -> int:
        return sum(p.rewrites for p in self.projects)

    @property
    def additions(self) -> int:
        return sum(p.additions for p in self.projects)


def indicator_findings(project: Project, findings: list[Finding]) -> list[list[Finding]]:
    """For each indicator of the project (by position), the findings naming it."""
    by_name: dict[str, list[Finding]] = {}
    for f in findings:
        if f.indicator:
            by_name.setdefault(f.indicator, []).append(f)
    return [by_name.get(ind.name, []) for ind in project.indicators]


def _penalty(findings: list[Finding]) -> int:
    return sum(PENALTY[f.severity][0] for f in findings)


def _rule_counts(projects: list[ProjectFigures]) -> list[RuleCount]:
    counts = Counter(f.code for p in projects for f in p.findings)
    rows = [
        RuleCount(code, RULES[code].title, RULES[code].severity, n) for code, n in counts.items()
    ]
    rank = {"error": 0, "warning": 1, "hint": 2}
    return sorted(rows, key=lambda r: (-r.count, rank[r.severity], r.code))


def _worst(projects: list[ProjectFigures], limit: int) -> list[WorstIndicator]:
    rows = [
        WorstIndicator(p.project.name, ind, found, _penalty(found))
        for p in projects
        for ind, found in zip(
            p.project.indicators, indicator_findings(p.project, p.findings), strict=True
        )
        if found
    ]
    return sorted(rows, key=lambda w: -w.penalty)[:limit]


def _with_last_year(
    table: Table, results: dict[int, ProjectResult], last_year: LastYear
) -> tuple[dict[int, ProjectResult], list[Finding]]:
    """Each project's year-over-year findings in its result; those of a project without a
    report (failed, or not reached yet) in the table's own, named by project, with the table's."""
    per_project, yearly = last_year.review(table)
    results = dict(results)
    for pos, found in per_project.items():
        result = results.get(pos)
        if result is not None and result.suggestions is not None:
            results[pos] = result.with_findings(found)
        else:
            name = table.projects[pos].name
            yearly += [f.model_copy(update={"message": f"「{name}」：{f.message}"}) for f in found]
    return results, yearly


def batch_figures(
    table: Table,
    results: dict[int, ProjectResult],
    *,
    engine: str = "offline",
    generated: str = "",
    last_year: LastYear | None = None,
) -> BatchFigures:
    """The figures of a run; with last year's table, its year-over-year findings included."""

    table_findings = check_table(table)
    if last_year is not None:
        results, yearly = _with_last_year(table, results, last_year)
        table_findings += yearly
    projects = [ProjectFigures(i, p, results.get(i)) for i, p in enumerate(table.projects)]
    return BatchFigures(
        table,
        projects,
        engine,
        generated,
        rules=_rule_counts(projects),
        worst=_worst(projects, WORST_LIMIT),
        table_findings=table_findings,
        compared_with=last_year.table.source if last_year is not None else None,
    )
