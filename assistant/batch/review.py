"""The review rows of one project in the output workbook: every original indicator exactly as
written, followed by its suggested rewrites, then the suggested additions.

Original rows carry the findings; suggestion rows leave the original columns empty and carry the
proposal in the review columns, so nothing the user wrote is ever changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assistant.batch.summary import ProjectFigures, indicator_findings
from assistant.categories import short_label
from assistant.checks import RULES
from assistant.checks.checker import project_level
from assistant.checks.project import COMMON
from assistant.checks.score import LABEL
from assistant.schema import Evidence, Finding, Indicator, Refinement, Suggestion
from assistant.similarity import cite

Status = Literal["原指标", "建议修改", "建议新增", "项目整体", "处理失败", "未处理"]
ORIGINAL: Status = "原指标"
REWRITE: Status = "建议修改"
ADDITION: Status = "建议新增"
EVIDENCE_SHOWN = 3


@dataclass(frozen=True)
class ReviewRow:
    """One row below the header: the original indicator cells (or none) and the review cells."""

    status: Status
    original: Indicator | None = None
    codes: str = ""
    problems: str = ""
    proposal: Suggestion | None = None
    evidence: str = ""
    note: str = ""
    has_error: bool = False


def original_cells(ind: Indicator) -> tuple[str, str, str, str, str]:
    """一级, 二级, 三级, 年度指标值, 实施周期指标值 exactly as the user wrote them."""
    period = ind.period_value.as_written() if ind.period_value else ""
    return (
        ind.level1_raw or ind.level1,
        ind.level2_raw or ind.level2,
        ind.name,
        ind.annual_value.as_written(),
        period,
    )


def finding_text(f: Finding) -> str:
    hint = f"\n  → {f.hint}" if f.hint else ""
    return f"【{LABEL[f.severity]}】{f.code} {RULES[f.code].title}：{f.message}{hint}"


NO_EVIDENCE = "无相近的真实指标（目标依据本单位的计划或原表，请核定）"


def evidence_text(evidence: list[Evidence]) -> str:
    """The citations of a suggestion; one without any says it has no close real support."""
    if not evidence:
        return NO_EVIDENCE
    lines = []
    for ev in evidence[:EVIDENCE_SHOWN]:
        lines.append(cite(ev))
    more = len(evidence) - EVIDENCE_SHOWN
    return "\n".join(lines + ([f"等另 {more} 条"] if more > 0 else []))


def _codes(findings: list[Finding]) -> str:
    return " ".join(dict.fromkeys(f.code for f in findings))


def _original_row(
    ind: Indicator, findings: list[Finding], refinement: Refinement | None
) -> ReviewRow:
    notes = refinement.notices if refinement and not refinement.rewrites else []
    return ReviewRow(
        status=ORIGINAL,
        original=ind,
        codes=_codes(findings),
        problems="\n".join(finding_text(f) for f in findings),
        note="\n".join(notes),
        has_error=any(f.severity == "error" for f in findings),
    )


def _note(s: Suggestion) -> str:
    """Why the suggestion is there, and for a slot what to fill (`≥【请填写】人次`, with the
    reference). The tool's reasons never go into the indicator's own 指标解释."""
    slot = f"待填写：{s.reference or '按本项目实施计划填写数字'}" if s.annual_value.pending else ""
    return "；".join(x for x in (s.reason, s.explanation or "", slot) if x)


def _rewrite_row(s: Suggestion, original: Indicator) -> ReviewRow:
    note = f"改写上方的「{original.name}」" + (f"：{_note(s)}" if _note(s) else "")
    return ReviewRow(status=REWRITE, proposal=s, evidence=evidence_text(s.evidence), note=note)


def _addition_row(s: Suggestion, coverage: list[Finding]) -> ReviewRow:
    label = short_label(s.level2)
    code = "P002" if label in COMMON else "P001"
    return ReviewRow(
        status=ADDITION,
        codes=_codes([f for f in coverage if f.code == code]),
        problems=f"项目缺少「{label}」类指标，建议新增",
        proposal=s,
        evidence=evidence_text(s.evidence),
        note=_note(s),
    )


def _project_row(figures: ProjectFigures, project_findings: list[Finding]) -> ReviewRow | None:
    result = figures.result
    notes = []
    found = result.suggestions if result else None
    if found is not None and found.goal:
        notes.append(f"原表没有绩效目标，建议：{found.goal}")
    if found is not None:
        notes += found.notices
    if result is None or result.failed:
        notes.insert(0, figures.summary)
    if not (project_findings or notes):
        return None
    run = figures.status
    return ReviewRow(
        status="项目整体" if run == "已完成" else run,
        codes=_codes(project_findings),
        problems="\n".join(finding_text(f) for f in project_findings),
        note="\n".join(notes),
    )


def _refinements(
    indicators: list[Indicator], refinements: list[Refinement]
) -> list[Refinement | None]:
    """Each indicator's refinement (matched by equality, each used once), or None."""
    left = list(refinements)
    out: list[Refinement | None] = []
    for ind in indicators:
        match = next((r for r in left if r.original == ind), None)
        if match is not None:
            left.remove(match)
        out.append(match)
    return out


def review_rows(figures: ProjectFigures) -> list[ReviewRow]:
    """The project's rows, in order: project note, each original with its rewrites, additions."""
    project, found = figures.project, (figures.result.suggestions if figures.result else None)
    project_findings = project_level(figures.findings, (i.name for i in project.indicators))
    head = _project_row(figures, project_findings)
    rows = [head] if head else []
    refinements = _refinements(project.indicators, found.rewrites if found else [])
    per_indicator = indicator_findings(project, figures.findings)
    for ind, findings, refinement in zip(
        project.indicators, per_indicator, refinements, strict=True
    ):
        rows.append(_original_row(ind, findings, refinement))
        rows += [_rewrite_row(s, ind) for s in (refinement.rewrites if refinement else [])]
    coverage = [f for f in project_findings if f.code in ("P001", "P002")]
    rows += [_addition_row(s, coverage) for s in (found.additions if found else [])]
    return rows
