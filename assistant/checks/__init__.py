"""The indicator quality checker: stable-coded rules over indicators and projects.

check_indicator(ind, project=None) -> list[Finding]
check_project(project) -> ProjectReport
check_table(table) -> list[Finding]  (the 合计 row)
RULES: code -> Rule(code, severity, title)
"""

from assistant.checks.checker import ProjectReport, check_indicator, check_project, check_table
from assistant.checks.rules import GROUPS, RULES, Rule

__all__ = [
    "GROUPS",
    "RULES",
    "ProjectReport",
    "Rule",
    "check_indicator",
    "check_project",
    "check_table",
]
