"""Project-level rules: category coverage, duplicated indicators, too few indicators, and a
total in the goal that differs from the budget."""

from __future__ import annotations

import re
import unicodedata

from assistant.categories import short_label
from assistant.checks.kinds import budget_of, wan_text
from assistant.checks.rules import finding
from assistant.lexicon import name_key
from assistant.schema import Finding, Project
from assistant.targets import MIN_INDICATORS, satisfaction_target

CORE = ("数量", "质量", "效益")
COMMON = ("时效", "成本")
# What a complete set covers, in table order; drafting aims for all of them.
REQUIRED = ("数量", "质量", "时效", "成本", "效益")
_SERVES_PEOPLE = re.compile(
    r"群众|服务对象|便民服务|公共服务|为民服务|服务站|服务中心|服务群众|补助|培训|学生|居民|对象|市民|"
    r"村民|农户|患者|老人|老年|儿童|家长|游客|来访|上访|救助|资助|受益|公众|困难|残疾|就业|参保|病人|师生"
)


def serves_people(project: Project) -> bool:
    """Whether the project has people it serves, judged from its name and goal."""
    return bool(_SERVES_PEOPLE.search(f"{project.name} {project.goal}"))


def required_labels(project: Project) -> list[str]:
    """The categories a complete set of this project covers: REQUIRED, plus 满意度 where the
    project serves people."""
    return [*REQUIRED, "满意度"] if serves_people(project) else list(REQUIRED)


def coverage(project: Project) -> list[Finding]:
    """P001 / P002: missing 数量, 质量, 效益 (and 满意度 where people are served); 时效, 成本."""
    if not project.indicators:
        return []
    present = {short_label(ind.level2) for ind in project.indicators}
    core = [*CORE, "满意度"] if serves_people(project) else list(CORE)
    out = []
    missing = [c for c in core if c not in present]
    if missing:
        out.append(
            finding(
                "P001",
                None,
                f"项目缺少{'、'.join(missing)}指标；一个项目至少应有产出的数量、质量指标和效益指标"
                + ("，服务群众或对象的项目还应有满意度指标" if "满意度" in missing else "")
                + "。",
                "补上：" + "；".join(_example(c, project) for c in missing),
            )
        )
    usual = [c for c in COMMON if c not in present]
    if usual:
        out.append(
            finding(
                "P002",
                None,
                f"项目没有{'、'.join(usual)}指标，多数项目会设置。",
                "可补上：" + "；".join(_example(c, project) for c in usual),
            )
        )
    return out


_EXAMPLES = {
    "数量": "数量指标（如「完成××数量 ≥N个」）",
    "质量": "质量指标（如「验收合格率 =100%」）",
    "效益": "效益指标（如「受益人数 ≥N人」「××效率提升 ≥10%」）",
    "满意度": f"满意度指标（如「服务对象满意度 {satisfaction_target()}」）",
    "时效": "时效指标（如「项目完成时间 12月31日前」）",
}


def _example(label: str, project: Project) -> str:
    if label != "成本":
        return _EXAMPLES[label]
    budget = budget_of(project)
    cap = wan_text(budget) if budget else "X 万元（项目预算金额）"
    return f"成本指标（如「项目总成本 ≤ {cap}」）"


def _key(name: str) -> str:

    return name_key(name)


def duplicates(project: Project) -> list[Finding]:
    """P003: two indicators with the same name once numbering, notes, marks and aim verbs go."""
    out: list[Finding] = []
    seen: list[tuple[str, str]] = []
    for ind in project.indicators:
        key = _key(ind.name)
        twin = next((name for k, name in seen if key and k == key), None)
        if twin is not None:
            out.append(
                finding(
                    "P003",
                    ind.name,
                    f"「{ind.name}」与「{twin}」是同一个（或几乎同一个）指标，重复考核。",
                    "删除其中一条，或改成考核不同内容的指标",
                )
            )
        seen.append((key, ind.name))
    return out


def too_few(project: Project) -> list[Finding]:
    """P004 (error): no indicators, or fewer than 3 — nothing (or too little) to review."""
    count = len(project.indicators)
    if count >= MIN_INDICATORS:
        return []
    if count == 0:
        return [
            finding(
                "P004",
                None,
                "项目没有任何绩效指标，无法审核，也无法在年底自评。",
                f"按数量、质量、时效、成本、效益、满意度补足指标（至少 {MIN_INDICATORS} 条）；"
                "若原表有指标而这里读不到，请检查表格格式",
            )
        ]
    return [
        finding(
            "P004",
            None,
            f"项目只有 {count} 条指标，至少应有 {MIN_INDICATORS} 条，才能覆盖产出、效益等方面。",
            "按数量、质量、时效、成本、效益、满意度补足指标",
        )
    ]


# A total the goal states: "全年共1474.8万元", "总投资约120万元", "合计：56.3万元".
_GOAL_TOTAL = re.compile(
    r"(全年共计|全年共需资金|全年共需|全年共|全年|共计|合计|总计|总投资|总预算|预算总额|共需|共)"
    r"[^\d每。；;]{0,6}?(\d+(?:\.\d+)?)\s*(万元|元|亿元)(?!\s*/)"
)
_PER_UNIT = re.compile(r"(每|人均|户均)[\u4e00-\u9fff]{0,3}$")
_THIS_YEAR = re.compile(r"本年度|年度安排|当年安排|本年安排")
_TO_WAN = {"元": 1e-4, "万元": 1.0, "亿元": 1e4}
TOTAL_TOLERANCE = 0.05


def _stated_totals(goal: str) -> list[tuple[str, float]]:
    """Totals the goal states, in 万元: not per-person figures (每户全年3000元, 3000元/人), and no
    multi-year 总投资 when the goal also names this year's amount."""
    text = re.sub(r"(?<=\d)[ ,](?=\d{3}(?!\d))", "", unicodedata.normalize("NFKC", goal))
    out = []
    for m in _GOAL_TOTAL.finditer(text):
        if _PER_UNIT.search(text[max(0, m.start() - 6) : m.start()]):
            continue
        if m.group(1) == "总投资" and _THIS_YEAR.search(text):
            continue
        out.append((m.group(0), float(m.group(2)) * _TO_WAN[m.group(3)]))
    return out


def goal_total(project: Project) -> list[Finding]:
    """P005: the goal states a total amount and none of its totals is within 5% of the project's
    budget (全区网格员补助: goal 全年共1474.8万元, budget 737.4万元)."""
    budget = budget_of(project)
    if budget is None:
        return []
    totals = _stated_totals(project.goal or "")
    if not totals or any(abs(amount - budget) <= TOTAL_TOLERANCE * budget for _, amount in totals):
        return []
    text, stated = totals[0]
    return [
        finding(
            "P005",
            None,
            f"绩效目标写明「{text}」（{wan_text(stated)}），与项目预算 {wan_text(budget)} 不一致。",
            "核对预算金额与绩效目标中的测算口径，改成一致，或在目标中写明差额的来源",
        )
    ]
