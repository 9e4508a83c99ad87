"""The year a table is for, read from what the table itself says: its title, its file name, or
its goals (`2024年…`); the first that names one year wins. Batch and drafting use it (through
Project.year) instead of the next budget year."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from assistant.schema import Table

_TITLE_YEAR = re.compile(r"(20\d{2})\s*年")
_FILE_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_GOAL_YEAR = re.compile(r"(?<!\d)(20\d{2})\s*年")


def _plausible(year: int) -> bool:
    return 2000 <= year <= 2100


def title_year(lines: list[str]) -> int | None:
    """`2024年项目支出绩效目标表`: a year in a title line (one that names a 表)."""
    for line in lines:
        m = _TITLE_YEAR.search(line)
        if m and "表" in line and _plausible(int(m.group(1))):
            return int(m.group(1))
    return None


def file_year(path: Path) -> int | None:
    """`seed-baiyun-zhengfawei-2024.txt` → 2024 (one year in the name, no other)."""
    years = {int(y) for y in _FILE_YEAR.findall(path.stem) if _plausible(int(y))}
    return years.pop() if len(years) == 1 else None


def goals_year(table: Table) -> int | None:
    """The year most goals name, when at least half of the goals that name a year agree."""
    per_goal = [
        {int(y) for y in _GOAL_YEAR.findall(p.goal) if _plausible(int(y))} for p in table.projects
    ]
    named = [years for years in per_goal if years]
    if not named:
        return None
    ((year, count),) = Counter(y for years in named for y in years).most_common(1)
    return year if count * 2 >= len(named) else None


def with_year(table: Table, path: Path) -> Table:
    """The table with Table.year set, and each project without a year given it."""
    years = {p.year for p in table.projects if p.year is not None}
    year = (
        table.year
        or (years.pop() if len(years) == 1 else None)
        or file_year(path)
        or goals_year(table)
    )
    if year is None:
        return table
    table.year = year
    for project in table.projects:
        if project.year is None:
            project.year = year
    return table
