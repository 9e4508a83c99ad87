"""An engine whose suggestions are fixed, for pictures of the screen (snapshots): a change to
drafting or refining does not change them; checking, the table and the layout still do."""

from __future__ import annotations

from assistant.refine.project import ProjectSuggestions, missing_labels
from assistant.schema import Evidence, Project, Refinement, Suggestion
from tui.engine import Engine

EVIDENCE = Evidence(
    id="stub-1", name="服务对象满意度", value="≥90%", project="某项目", department="某局", year=2023
)
FIXED: dict[str, tuple[str, str]] = {  # the short label of a missing category → name, value
    "数量": ("完成工作任务数", "≥【请填写】项"),
    "质量": ("工作任务验收合格率", "≥95%"),
    "时效": ("工作任务按时完成率", "=100%"),
    "成本": ("项目总成本", "≤预算金额"),
    "效益": ("工作效率提升幅度", "≥10%"),
    "满意度": ("服务对象满意度", "≥90%"),
}
LEVEL2 = {"满意度": "服务对象满意度指标", "效益": "社会效益指标"}


def _suggestion(label: str) -> Suggestion:
    name, value = FIXED[label]
    level2 = LEVEL2.get(label, f"{label}指标")
    return Suggestion.from_text(level2=level2, name=name, annual_value=value, evidence=[EVIDENCE])


class StubEngine(Engine):
    """The library's index for searching; fixed suggestions: one rewrite of the first flagged
    indicator, one addition per missing category."""

    def suggest(self, project: Project) -> ProjectSuggestions:
        report = self.report(project)
        flagged = {f.indicator for f in report.findings if f.severity == "error"}
        first = next((i for i in project.indicators if i.name in flagged), None)
        rewrites = []
        if first is not None:
            better = Suggestion.from_text(
                level1=first.level1,
                level2=first.level2,
                name=f"{first.name}达标率",
                annual_value="≥95%",
                evidence=[EVIDENCE],
            )
            rewrites = [Refinement(original=first, rewrites=[better])]
        additions = [_suggestion(label) for label in missing_labels(project) if label in FIXED]
        return ProjectSuggestions(
            project=project.name, report=report, rewrites=rewrites, additions=additions
        )
