"""Last year's table becomes this year's (`jixiao renew`). Every project is carried over; each
indicator is kept, fixed (only where the fix is mechanical and certain: a missing direction on a
percentage, last year's year in a deadline or a name), turned into a slot (a count that changes
every year, with last year's value as reference) or flagged with refine's proposal beside the
unchanged original. Missing categories are added from the project's type. Nothing is lost: the
report accounts for every indicator of last year's table."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from assistant.checks import check_indicator
from assistant.checks.kinds import is_money, is_time_value
from assistant.draft import compose
from assistant.errors import InputError
from assistant.lexicon import is_cost_name, is_time_name
from assistant.refine import refine_indicator
from assistant.refine.project import draft_request, for_missing, missing_labels
from assistant.schema import Indicator, IndicatorValue, Model, Project, Suggestion, Table
from assistant.tables.markdown import escape_cell
from assistant.values import make_value, normalise_text, parse_value, slot_text

if TYPE_CHECKING:
    from assistant.index import Index

Status = Literal["kept", "fixed", "slot", "flagged"]
STATUS_LABELS: dict[str, str] = {
    "kept": "保留",
    "fixed": "已修正",
    "slot": "待填写",
    "flagged": "待处理",
    "added": "新增",
}


class IndicatorRenewal(Model):
    """上年一条指标在今年表中的去向。"""

    status: Status
    original: Indicator
    renewed: Indicator = Field(description="今年表中的这一条（待处理的保持原样）")
    reasons: list[str] = Field(default_factory=list)
    proposal: Suggestion | None = Field(None, description="待处理时建议的改写（不自动采用）")


class ProjectRenewal(Model):
    original_name: str
    project: Project = Field(description="今年的项目")
    items: list[IndicatorRenewal] = Field(default_factory=list)
    added: list[Suggestion] = Field(default_factory=list, description="按项目类型补上的类别")


class Renewal(Model):
    year: int
    previous_year: int | None
    year_source: str = Field(description="今年年度从哪里来")
    projects: list[ProjectRenewal]

    def table(self, source: Table) -> Table:
        return source.model_copy(
            update={"projects": [p.project for p in self.projects], "year": self.year}
        )

    def counts(self) -> dict[str, int]:
        out = {k: 0 for k in STATUS_LABELS}
        for p in self.projects:
            for item in p.items:
                out[item.status] += 1
            out["added"] += len(p.added)
        return out


def renewal_year(table: Table, year: int | None) -> tuple[int, str]:
    """This year: the one given, else last year's table's year + 1; InputError when neither."""
    if year is not None:
        return year, "--year 指定"
    if table.year is not None:
        return table.year + 1, f"上年表格为 {table.year} 年（据标题、文件名或绩效目标），加 1"
    raise InputError(
        "无法确定上年表格的年度（标题、文件名和绩效目标中都没有写年份），请用 --year 指定今年的年度"
    )


_BARE_PERCENT = re.compile(r"\d+(?:\.\d+)?\s*%")


def _move_year(text: str, old: int | None, new: int) -> str:
    if old is None:
        return text
    return re.sub(rf"(?<!\d){old}(?!\d)", str(new), text)


def _mechanical(ind: Indicator, old: int | None, new: int) -> tuple[Indicator, list[str]]:
    """The fixes that are certain: a percentage's missing direction, last year's year in a name
    or a deadline."""
    reasons: list[str] = []
    update: dict[str, object] = {}
    name = _move_year(ind.name, old, new)
    if name != ind.name:
        update["name"], reasons = name, [*reasons, f"名称中的年份 {old} → {new}"]
    for key in ("annual_value", "period_value"):
        value: IndicatorValue | None = getattr(ind, key)
        if value is None or not value.raw:
            continue
        fixed = value
        if value.operator is None and _BARE_PERCENT.fullmatch(
            normalise_text(value.raw)
        ):  # 100% → =100%
            fixed = make_value("=" if (value.number or 0) >= 100 else "≥", value.number or 0, "%")
        if value.number is None and (moved := _move_year(value.raw, old, new)) != value.raw:
            fixed = parse_value(moved, name=ind.name)
        if fixed.raw != value.raw:
            update[key] = fixed
            reasons.append(
                f"{'年度' if key == 'annual_value' else '实施周期'}指标值「{value.raw}」→「{fixed.raw}」"
            )
    return (ind.model_copy(update=update) if update else ind), reasons


def _yearly_count(ind: Indicator) -> bool:
    """A count that changes every year (人次, 户, 台): not a rate, money, a time limit, a zero
    target or a per-unit standard."""
    v = ind.annual_value
    if v.number is None or not v.measurable or v.unit in (None, "%", "‰") or v.number == 0:
        return False
    if is_money(v) or is_cost_name(ind.name) or "/" in (v.unit or ""):
        return False
    return not (is_time_value(v) and is_time_name(ind.name))


def _slot(ind: Indicator) -> tuple[Indicator, list[str]]:
    v = ind.annual_value
    operator = v.operator if v.operator in ("≥", "≤") else "≥"
    slot = parse_value(slot_text(operator, v.unit or ""))
    return ind.model_copy(update={"annual_value": slot, "period_value": slot}), [
        f"数量每年不同，改为待填写；上年 {v.as_written()}"
    ]


def _renew_indicator(
    ind: Indicator, project: Project, old: int | None, new: int, index: Index
) -> IndicatorRenewal:

    fixed, reasons = _mechanical(ind, old, new)
    if _yearly_count(fixed):
        renewed, why = _slot(fixed)
        return IndicatorRenewal(
            status="slot", original=ind, renewed=renewed, reasons=[*reasons, *why]
        )
    errors = [
        f
        for f in check_indicator(fixed, project)
        if f.severity in ("error", "warning") and f.code != "V020"
    ]
    if errors:
        rewrites = refine_indicator(fixed, project, index).rewrites
        return IndicatorRenewal(
            status="flagged",
            original=ind,
            renewed=fixed,
            proposal=rewrites[0] if rewrites else None,
            reasons=[*reasons, *(f"{f.code} {f.message}" for f in errors[:2])],
        )
    return IndicatorRenewal(
        status="fixed" if reasons else "kept", original=ind, renewed=fixed, reasons=reasons
    )


def _added(project: Project, index: Index, year: int) -> list[Suggestion]:

    missing = missing_labels(project)
    if not missing:
        return []
    request = draft_request(project).model_copy(update={"year": year})
    return for_missing(compose(request, index, exclude={project.name}).indicators, missing, project)


def renew_project(project: Project, index: Index, old: int | None, new: int) -> ProjectRenewal:
    name = _move_year(project.name, old, new)
    goal = _move_year(project.goal, old, new)
    current = project.model_copy(update={"name": name, "goal": goal, "year": new})
    items = [_renew_indicator(i, current, old, new, index) for i in project.indicators]
    renewed = current.model_copy(update={"indicators": [i.renewed for i in items]})
    added = _added(renewed, index, new)
    return ProjectRenewal(
        original_name=project.name,
        items=items,
        added=added,
        project=renewed.model_copy(update={"indicators": [*renewed.indicators, *added]}),
    )


def renew_table(table: Table, index: Index, year: int | None = None) -> Renewal:
    new, source = renewal_year(table, year)
    old = table.year if table.year is not None else new - 1
    return Renewal(
        year=new,
        previous_year=table.year,
        year_source=source,
        projects=[renew_project(p, index, old, new) for p in table.projects],
    )


def report_markdown(renewal: Renewal, source: str) -> str:
    """续编说明: per project, every indicator of last year with what became of it and why."""
    counts = renewal.counts()
    total = sum(v for k, v in counts.items() if k != "added")
    lines = [
        f"# 续编说明：{source} → {renewal.year} 年",
        "",
        f"今年年度 {renewal.year}（{renewal.year_source}）。上年 {len(renewal.projects)} 个项目全部续编；"
        f"上年 {total} 条指标："
        + "，".join(f"{STATUS_LABELS[k]} {v} 条" for k, v in counts.items() if k != "added")
        + f"；按项目类型新增 {counts['added']} 条。",
        "",
    ]
    for p in renewal.projects:
        title = (
            p.project.name
            if p.project.name == p.original_name
            else f"{p.original_name} → {p.project.name}"
        )
        lines += [
            f"## {_md(title)}",
            "",
            "| 去向 | 上年指标 | 今年 | 说明 |",
            "| --- | --- | --- | --- |",
        ]
        for item in p.items:
            note = "；".join(item.reasons)
            if item.proposal is not None:
                note += f"；建议改为「{item.proposal.name} {item.proposal.annual_value.text()}」（未自动采用）"
            lines.append(
                f"| {STATUS_LABELS[item.status]} | {_md(item.original.name)} {_md(item.original.annual_value.raw)} "
                f"| {_md(item.renewed.name)} {_md(item.renewed.annual_value.as_written())} | {_md(note)} |"
            )
        for s in p.added:
            lines.append(
                f"| 新增 | — | {_md(s.name)} {_md(s.annual_value.as_written())} | {_md(s.reason)} |"
            )
        lines.append("")
    return "\n".join(lines)


def _md(text: str) -> str:

    return escape_cell(text)
