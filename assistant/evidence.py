"""Evidence that is evidence: which real records may support a suggestion for a project.

A record is no support when it is the indicator under repair, comes from the same table as the
project (the same file, or the same department in the same year), has an error-level finding of
its own (「公众号及设备维护成本控制 ≤0%」 supports no cost cap), or measures another subject than
the suggestion (外事任务完成率 for 年度工作任务完成率). A suggestion left without support says so.
Used by refine and by the batch's additions.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from assistant.checks import check_indicator
from assistant.lexicon import same_subject
from assistant.schema import Amounts, CorpusRecord, Evidence, Indicator, Project, Suggestion
from assistant.similarity import clean_name

if TYPE_CHECKING:
    from assistant.index import Index

NO_SUPPORT = (
    "指标库中没有测量同一对象的真实指标，这条建议没有相近的真实依据，目标请按本单位的计划核定"
)
_BY_ID: weakref.WeakKeyDictionary[Index, dict[str, CorpusRecord]] = weakref.WeakKeyDictionary()
_REJECTED: dict[str, bool] = {}


def record_of(index: Index, evidence: Evidence) -> CorpusRecord | None:
    if index not in _BY_ID:
        _BY_ID[index] = {r.id: r for r in index.records}
    return _BY_ID[index].get(evidence.id)


def _file(text: str | None) -> str:
    first = (text or "").split()[0] if (text or "").split() else ""
    return first.rsplit("/", 1)[-1]


def same_table(record: CorpusRecord, project: Project | None) -> bool:
    """The record comes from the table the project is in: the same file, the same project, or
    the same department in the same (or an unknown) year."""
    if project is None:
        return False
    if record.project and record.project == project.name:
        return True
    mine = _file(project.origin)
    if mine and mine == _file(record.source):
        return True
    dept = project.department
    years_agree = record.year is None or project.year is None or record.year == project.year
    return bool(dept) and record.department == dept and years_agree


def is_itself(record: CorpusRecord, ind: Indicator | None) -> bool:
    """The record is the indicator under repair (same name and one value in common)."""
    if ind is None:
        return False
    rec = record.indicator
    raws = {ind.annual_value.raw, ind.period_value.raw if ind.period_value else ""} - {""}
    mine = {rec.annual_value.raw, rec.period_value.raw if rec.period_value else ""}
    return clean_name(rec.name) == clean_name(ind.name) and (bool(raws & mine) or not raws)


def rejected(record: CorpusRecord) -> bool:
    """The checker finds an error in the record itself, judged with its own project's budget. A
    common library's entry usually has no value (V002): it supports the indicator it names, never
    a value, so that alone does not reject it."""
    if record.id not in _REJECTED:
        project = Project(
            name=record.project or "（指标库）",
            amounts=Amounts(total=record.amount),
            goal=record.goal or "",
            year=record.year,
        )
        library_blank = record.origin == "library" and not record.indicator.annual_value.raw.strip()
        _REJECTED[record.id] = any(
            f.severity == "error" and not (library_blank and f.code == "V002")
            for f in check_indicator(record.indicator, project)
        )
    return _REJECTED[record.id]


def supports(
    record: CorpusRecord, target: str, project: Project | None, original: Indicator | None
) -> bool:
    """The record may support a suggestion: not the indicator under repair, not from the same
    table, not defective, and measuring the same subject (the lexicon's one test)."""
    return not (
        is_itself(record, original)
        or same_table(record, project)
        or rejected(record)
        or not same_subject(record.indicator.name, target)
    )


def vet(
    s: Suggestion,
    index: Index,
    project: Project | None = None,
    original: Indicator | None = None,
    target: str | None = None,
) -> Suggestion:
    """The suggestion with only the evidence that supports it; one left with none says so.
    `target` is the name a citation must measure the same subject as (default: the suggestion's;
    for a rewrite borrowed from a record, the original indicator's)."""
    if not s.evidence:
        return s
    kept = []
    for e in s.evidence:
        record = record_of(index, e)
        if record is not None and supports(record, target or s.name, project, original):
            kept.append(e)
    if len(kept) == len(s.evidence):
        return s
    update: dict[str, object] = {"evidence": kept}
    if not kept:
        update["reason"] = f"{s.reason}；{NO_SUPPORT}" if s.reason else NO_SUPPORT
        update["basis"] = "计划标准"
    return s.model_copy(update=update)


def has_no_support(s: Suggestion) -> bool:
    return not s.evidence and NO_SUPPORT in s.reason
