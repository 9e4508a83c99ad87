"""The indicator quality checker: stable-coded rules over indicators and projects.

check_indicator(ind, project=None) -> list[Finding]
check_project(project) -> ProjectReport
check_table(table) -> list[Finding]  (the 合计 row)
RULES: code -> Rule(code, severity, title)

The names load on first use (PEP 562), so a light submodule (`checks.score`, `checks.rules`)
can be imported without the whole rule registry: the TUI's first frame needs only the former.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.checks.checker import (
        ProjectReport,
        check_indicator,
        check_project,
        check_table,
    )
    from assistant.checks.rules import GROUPS, RULES, Rule

_WHERE = {
    "ProjectReport": "checker",
    "check_indicator": "checker",
    "check_project": "checker",
    "check_table": "checker",
    "GROUPS": "rules",
    "RULES": "rules",
    "Rule": "rules",
}
__all__ = [
    "GROUPS",
    "RULES",
    "ProjectReport",
    "Rule",
    "check_indicator",
    "check_project",
    "check_table",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
