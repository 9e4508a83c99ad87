"""A project's 0–100 score from its findings, and the one-line Chinese explanation."""

from __future__ import annotations

from collections import Counter

from assistant.checks.rules import RULES
from assistant.schema import Finding, Severity
from assistant.targets import MIN_INDICATORS

# (points per finding, cap on the total taken for that severity)
PENALTY: dict[Severity, tuple[int, int]] = {
    "error": (10, 60),
    "warning": (4, 30),
    "hint": (1, 10),
}
LABEL: dict[Severity, str] = {"error": "错误", "warning": "警告", "hint": "提示"}
ORDER: tuple[Severity, ...] = ("error", "warning", "hint")


# A project with fewer than MIN_INDICATORS indicators scores at most this; with none, 0.
FEW_CAP = 40


def score(findings: list[Finding], indicators: int | None = None) -> int:
    """100 minus capped penalties per severity, never below 0. Given the project's number of
    indicators, a project with none scores 0 and one with fewer than 3 at most FEW_CAP: the
    penalties alone would let an empty project look good."""
    counts = Counter(f.severity for f in findings)
    lost = sum(min(counts[sev] * per, cap) for sev, (per, cap) in PENALTY.items())
    points = max(0, 100 - lost)
    if indicators is not None and indicators < MIN_INDICATORS:
        points = 0 if indicators == 0 else min(points, FEW_CAP)
    return points


def main_problem(findings: list[Finding]) -> str | None:
    """The title of the most frequent rule among the most severe findings."""
    for severity in ORDER:
        codes = Counter(f.code for f in findings if f.severity == severity)
        if codes:
            return RULES[codes.most_common(1)[0][0]].title
    return None


def summary(findings: list[Finding], points: int) -> str:
    """`72 分：3 个错误、2 个警告（主要问题：指标值不可衡量）`."""
    counts = Counter(f.severity for f in findings)
    parts = [f"{counts[sev]} 个{LABEL[sev]}" for sev in ORDER if counts[sev]]
    if not parts:
        return f"{points} 分：未发现问题"
    return f"{points} 分：{'、'.join(parts)}（主要问题：{main_problem(findings)}）"
