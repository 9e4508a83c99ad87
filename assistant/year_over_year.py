"""Year-over-year review (`jixiao check THIS --previous LAST`): projects matched across the two
years by name (「2024年XX」→「2025年XX」, 「（续）」, a place prefix), then what changed that a
reviewer asks about: a target lowered, an indicator of last year dropped, an amount that moved a
lot while the goal did not, a project that appeared or disappeared. Each finding names both
years' values."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.checks import ProjectReport
from assistant.checks.kinds import budget_of, is_money, wan_text
from assistant.checks.rules import finding
from assistant.draft.twin import core_name
from assistant.errors import InputError
from assistant.lexicon import name_key, percent_units, score_units
from assistant.safe_io import same_file
from assistant.schema import Finding, Indicator, Project, Table
from assistant.similarity import dice
from assistant.tables import read_table

AMOUNT_CHANGE = 0.3  # an amount that moved by more than this share …
SAME_GOAL = 0.8  # … while the goal stayed this similar
_CONTINUED = re.compile(r"[（(]续[）)]")


def _key(name: str) -> str:
    return core_name(_CONTINUED.sub("", name))


def match_projects(
    this: Table, last: Table
) -> tuple[list[tuple[Project, Project]], list[Project], list[Project]]:
    """(this year's, last year's) pairs by name, then the new projects and the gone ones."""
    by_key = {_key(p.name): p for p in last.projects}
    pairs, new = [], []
    for p in this.projects:
        old = by_key.pop(_key(p.name), None)
        (pairs.append((p, old)) if old is not None else new.append(p))
    return pairs, new, list(by_key.values())


def _lowered(now: Indicator, before: Indicator) -> bool:
    a, b = now.annual_value, before.annual_value
    if a.number is None or b.number is None or a.unit != b.unit or is_money(a):
        return False
    floors = ("≥", ">", "=", None)  # a bare 95% is a floor as tables write it
    rated = percent_units() | score_units()  # a floor lowered: ≥95% → ≥90%, 90分 → 80分
    if a.operator in floors and b.operator in floors and a.unit in rated:
        return a.number < b.number  # a rate floor lowered (≥95% → ≥90%)
    if a.operator in ("≤", "<") and b.operator in ("≤", "<"):
        return a.number > b.number  # a limit loosened (≤48小时 → ≤72小时)
    return False


def _indicator_findings(now: Project, before: Project) -> list[Finding]:
    out: list[Finding] = []
    current = {name_key(i.name): i for i in now.indicators}
    for old in before.indicators:
        new = current.get(name_key(old.name))
        if new is None:
            out.append(
                finding(
                    "Y002",
                    old.name,
                    f"上年（{before.year or '上年'}）的指标「{old.name}」（{old.annual_value.raw}）今年没有了。",
                    "若这项工作仍在做，保留该指标；若已不做，在绩效目标中说明",
                )
            )
        elif _lowered(new, old):
            out.append(
                finding(
                    "Y001",
                    new.name,
                    f"「{new.name}」上年为「{old.annual_value.raw}」，今年改为「{new.annual_value.raw}」，要求降低了。",
                    "说明降低的原因（如任务调整），或沿用上年的目标",
                )
            )
    return out


def _amount_finding(now: Project, before: Project) -> list[Finding]:
    a, b = budget_of(now), budget_of(before)
    if a is None or b is None or abs(a - b) <= AMOUNT_CHANGE * b:
        return []
    if dice(now.goal or "", before.goal or "") < SAME_GOAL:
        return []
    return [
        finding(
            "Y003",
            None,
            f"预算从上年 {wan_text(b)} 变为今年 {wan_text(a)}（{(a - b) / b:+.0%}），绩效目标却几乎没变。",
            "按新的预算调整产出数量与目标，或在绩效目标中写明变化的原因",
        )
    ]


class LastYear:
    """Last year's table, ready to be compared with this year's projects: the whole table (batch,
    check) or project by project (the TUI, once bound to the table it shows). Projects are paired
    one to one, the same way everywhere."""

    def __init__(self, table: Table, this: Table | None = None) -> None:
        self.table = table
        self._twins: dict[str, Project] = {}
        if this is not None:
            self.bind(this)

    def bind(self, this: Table) -> None:
        """Pair this year's projects with last year's (names are unique within a table)."""
        pairs, _, _ = match_projects(this, self.table)
        self._twins = {now.name: old for now, old in pairs}

    def findings(self, project: Project) -> list[Finding]:
        """The project's year-over-year findings (none for a project new this year)."""
        old = self._twins.get(project.name)
        return [] if old is None else _changes(project, old)

    def review(self, this: Table) -> tuple[dict[int, list[Finding]], list[Finding]]:
        """Each project's findings by its position in this year's table (only those with some),
        and the table's own: projects new this year, last year's projects not carried over."""
        pairs, new, gone = match_projects(this, self.table)
        before_of = {id(now): old for now, old in pairs}
        per_project = {
            pos: _changes(p, before_of[id(p)])
            for pos, p in enumerate(this.projects)
            if id(p) in before_of
        }
        return {pos: f for pos, f in per_project.items() if f}, _table_findings(new, gone)


def _changes(now: Project, before: Project) -> list[Finding]:
    return _indicator_findings(now, before) + _amount_finding(now, before)


def _table_findings(new: list[Project], gone: list[Project]) -> list[Finding]:
    table = [
        finding(
            "Y004",
            None,
            f"「{p.name}」是今年新增的项目，上年表中没有对应项目。",
            "新项目请按起草补全指标",
        )
        for p in new
    ]
    return table + [
        finding(
            "Y005",
            None,
            f"上年的项目「{p.name}」今年表中没有了。",
            "确认该项目已结束，或补上今年的对应项目",
        )
        for p in gone
    ]


def compare(
    this: Table, last: Table, reports: list[ProjectReport]
) -> tuple[list[ProjectReport], list[Finding]]:
    """The reports with each project's year-over-year findings added, and the table's own."""
    per_project, table = LastYear(last).review(this)
    updated = [r.with_findings(per_project.get(pos, [])) for pos, r in enumerate(reports)]
    return updated, table


def read_last_year(path: Path, this: Table, *, force: bool) -> LastYear:
    """Last year's table, refused when it belongs to another department (unless forced)."""

    if this.source and same_file(path, this.source):
        raise InputError("上年的表与今年的表是同一个文件，请给出上年的表", file=str(path))
    last = read_table(path)
    if not last.projects:
        raise InputError("上年的表中没有找到任何项目", file=str(path))
    if this.department and last.department and this.department != last.department and not force:
        raise InputError(
            f"两张表的部门不同（今年「{this.department}」，上年「{last.department}」）；"
            "确要比较请加 --force",
            file=str(path),
        )
    return LastYear(last, this)
