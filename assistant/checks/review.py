"""Rules reviewers apply (a finance system's performance module and public review tools):
funds that add up, years and deadlines inside the budget year, template leftovers, costs that
are capped and belong to the item they name, promises of the goal that an indicator carries,
graded qualitative targets, and the formula of a rate."""

from __future__ import annotations

import re
import unicodedata

from assistant.categories import is_cost, short_label
from assistant.checks.kinds import (
    NUMBERING,
    budget_of,
    clean_name,
    in_wan,
    is_costlike,
    is_money,
    is_placeholder,
    is_rate_name,
    is_satisfaction,
    names_amount,
    plain_name,
    quoted,
    shown_values,
    wan_text,
)
from assistant.checks.rules import finding
from assistant.facts import read_facts, zero_targets
from assistant.schema import Finding, Indicator, IndicatorValue, Project, Suggestion, Table
from assistant.values import format_number

FUNDS_TOLERANCE = 0.1  # 万元: 资金总额 = 财政拨款 + 财政专户拨款 + 其他资金
TOTAL_TOLERANCE = 0.1  # 万元: the 合计 row = the projects' sum


# --- money ----------------------------------------------------------------------------------


def funds_sum(project: Project) -> list[Finding]:
    """B005: 总计 ≠ 财政拨款 + 财政专户拨款 + 其他资金 (beyond 0.1 万元)."""
    a = project.amounts
    parts = [
        (label, x)
        for label, x in (
            ("财政拨款", a.fiscal),
            ("财政专户拨款", a.special_account),
            ("其他资金", a.other),
        )
        if x is not None
    ]
    if a.total is None or not parts:
        return []
    added = sum(x for _, x in parts)
    if abs(a.total - added) <= FUNDS_TOLERANCE:
        return []
    terms = " + ".join(f"{label} {format_number(round(x, 2))}" for label, x in parts)
    return [
        finding(
            "B005",
            None,
            f"资金总计 {wan_text(a.total)} 不等于 {terms} = {wan_text(added)}"
            f"（相差 {wan_text(abs(a.total - added))}）。",
            "核对各资金来源的金额，使总计等于财政拨款、财政专户拨款与其他资金之和",
        )
    ]


def table_total(table: Table) -> list[Finding]:
    """T001: the 合计 row differs from the sum of the projects' totals (beyond 0.1 万元)."""
    totals = [p.amounts.total for p in table.projects]
    if table.total is None or not totals or any(t is None for t in totals):
        return []
    added = sum(t for t in totals if t is not None)
    if abs(table.total - added) <= TOTAL_TOLERANCE:
        return []
    return [
        finding(
            "T001",
            None,
            f"合计行 {wan_text(table.total)} 不等于 {len(totals)} 个项目总计之和 {wan_text(added)}"
            f"（相差 {wan_text(abs(table.total - added))}）。",
            "核对合计行与各项目的金额；若表中还有未列出的项目，请补齐",
        )
    ]


# --- the budget year --------------------------------------------------------------------------

_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?=\s*年|\s*[.\-/]\s*\d{1,2}(?!\d))")
_TITLE = re.compile(r"《[^》]*》|[（(][^（）()]*\d{4}\s*[-—~至到]\s*\d{4}[^（）()]*[）)]")
_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年?\s*[-—~至到]\s*((?:19|20)\d{2})")


def budget_year(project: Project | None) -> int | None:
    """The project's year, else the one year its name and goal state (years in titles 《…》 and
    in plan periods 2017-2020 do not count); None when there is none or more than one."""
    if project is None:
        return None
    if project.year:
        return project.year
    text = _RANGE.sub(
        "", _TITLE.sub("", unicodedata.normalize("NFKC", f"{project.name} {project.goal}"))
    )
    years = {int(y) for y in _YEAR.findall(text)}
    return years.pop() if len(years) == 1 else None


def _years(value: IndicatorValue) -> list[int]:
    return [int(y) for y in _YEAR.findall(unicodedata.normalize("NFKC", value.raw))]


def year_outside(ind: Indicator, project: Project | None) -> list[Finding]:
    """V013: a year in the annual value that is not the budget year (a 时效 deadline outside it)."""
    year = budget_year(project)
    if year is None:
        return []
    value = ind.annual_value
    other = sorted({y for y in _years(value) if y != year})
    if not other:
        return []
    written = "、".join(f"{y}年" for y in other)
    what = "期限" if short_level2(ind) == "时效" else "年份"
    return [
        finding(
            "V013",
            ind.name,
            f"年度指标值{quoted(value)}的{what}是 {written}，不在 {year} 年预算年度内。",
            f"年度指标值写 {year} 年内的目标（如「{year}年12月31日前完成」）；跨年度的安排写在实施周期指标值中",
        )
    ]


def short_level2(ind: Indicator) -> str:

    return short_label(ind.level2)


# --- template leftovers ---------------------------------------------------------------------

_STARS = re.compile(r"\*+")
_MARKS = re.compile(r"[★☆]")
# A unit written twice. Reduplicated words (户户通, 件件落实, 人人参与, 天天) are Chinese, not
# residue: a one-character unit counts as doubled only after a number or at the end of a name.
_DOUBLED = re.compile(
    r"(百分比|万元|人次|小时)\1|(?<=\d)\s*([%个人次件户元天台套项份条])\2|([%个])\3$"
)


def _leftovers(text: str) -> list[str]:
    t = unicodedata.normalize("NFKC", text).strip()
    found = []
    if _STARS.search(t):
        found.append("占位符「**」")
    if _MARKS.search(text):
        found.append("符号「★」")
    doubled = _DOUBLED.search(t)
    if doubled:
        found.append(f"重复的单位「{doubled.group(0).strip()}」")
    return found


def template_leftovers(ind: Indicator, project: Project | None) -> list[Finding]:
    """N005: template residue in the name or the values: `**`, `★`, `（≥**%）`, 百分比百分比, 个个.
    A value that is nothing but a placeholder is V016's."""
    where = []
    name_marks = _leftovers(ind.name)
    if name_marks:
        where.append(f"名称「{ind.name}」有{'、'.join(name_marks)}")
    for shown in shown_values(ind):
        if is_placeholder(shown.value):
            continue
        marks = _leftovers(shown.value.raw)
        if marks:
            where.append(f"{shown.label}{quoted(shown.value)}有{'、'.join(marks)}")
    if not where:
        return []
    fixed = re.sub(r"[（(]\s*[≥≤<>=]*\s*\**\s*[%％]?\s*[）)]", "", ind.name)
    fixed = _DOUBLED.sub(
        lambda m: m.group(0).strip()[: len(m.group(0).strip()) // 2],
        _MARKS.sub("", _STARS.sub("", NUMBERING.sub("", fixed))),
    ).strip()
    return [
        finding(
            "N005",
            ind.name,
            "；".join(where) + "，是模板或录入时的残留。",
            f"删去残留：名称写「{fixed or plain_name(ind.name)}」，指标值写实际的方向、数字和单位",
        )
    ]


def placeholder_value(ind: Indicator, project: Project | None) -> list[Finding]:
    """V016: the value is the template's placeholder (`≥**%`): no target was filled in."""
    for shown in shown_values(ind):
        if is_placeholder(shown.value):
            return [
                finding(
                    "V016",
                    ind.name,
                    f"{shown.label}{quoted(shown.value)}是模板占位符，没有填写目标值。",
                    "把「**」换成计划达到的数字，如「≥95%」",
                )
            ]
    return []


# --- costs ----------------------------------------------------------------------------------

_SAVED = re.compile(r"节省|节约|节支|降低|下降|减少")


def cost_floor(ind: Indicator, project: Project | None) -> list[Finding]:
    """B006: a cost with ≥ — a cost is capped, not floored."""
    if not (is_cost(ind.level2) or names_amount(ind)) or _SAVED.search(ind.name):
        return []
    for shown in shown_values(ind):
        value = shown.value
        if value.operator not in ("≥", ">") or value.number is None:
            continue
        if not is_money(value) and (value.unit or "") == "%":
            continue
        return [
            finding(
                "B006",
                ind.name,
                f"成本指标「{ind.name}」的{shown.label}{quoted(value)}用了「{value.operator}」：成本是上限，不是下限。",
                f"写成「≤{format_number(value.number)}{value.unit or ''}」",
            )
        ]
    return []


_WHOLE = re.compile(r"总|项目|全部|整体|全年|年度|预算|合计|全额|本项目")
_COST_WORDS = re.compile(r"成本|费用|经费|资金|支出|投入|控制|金额|上限|总额|额度|情况")


def _bigrams(text: str) -> set[str]:
    t = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {t[i : i + 2] for i in range(len(t) - 1)}


def whole_budget_on_item(ind: Indicator, project: Project | None) -> list[Finding]:
    """B007: a sub-item's cost equal to the whole budget (「公众号及设备维护成本 ≤447万元」 in a
    447万元 project): the item cannot cost everything the project has."""
    budget, value = budget_of(project), ind.annual_value
    amount = in_wan(value)
    if budget is None or amount is None or project is None or not is_costlike(ind):
        return []
    if abs(amount - budget) > budget * 0.005:
        return []
    subject = _COST_WORDS.sub("", plain_name(ind.name))
    if not subject or _WHOLE.search(subject) or _bigrams(subject) & _bigrams(project.name):
        return []
    return [
        finding(
            "B007",
            ind.name,
            f"「{ind.name}」只是项目的一部分，年度指标值{quoted(value)}却等于整个项目预算 {wan_text(budget)}。",
            "按该分项的合同或测算金额写上限；若考核的是项目全部支出，名称写「项目总成本」",
        )
    ]


# --- 目标支撑度: what the goal promises -------------------------------------------------------


def _promises(goal: str) -> list[tuple[str, str]]:
    """(what the goal says, kind) for each count, deadline and zero target the goal states: the
    facts drafting keeps (`draft.facts`), read the same way (a unit price is a standard of pay,
    not a promise: P021 weighs it against the budget)."""

    facts = read_facts(goal)
    out = [(f"{format_number(c.number)}{c.unit}", "number") for c in facts.counts]
    out += [(d.text, "deadline") for d in facts.deadlines]
    out += [(z.text, "zero") for z in facts.zeros]
    return list(dict.fromkeys(out))


def _indicator_text(project: Project) -> str:
    parts = []
    for ind in project.indicators:
        parts += [ind.name, ind.annual_value.raw, ind.period_value.raw if ind.period_value else ""]
    return unicodedata.normalize("NFKC", " ".join(parts)).replace(",", "")


def _carried(promise: str, kind: str, project: Project, text: str) -> bool:
    if kind == "number":
        number = re.search(r"\d+(?:\.\d+)?", promise)
        return (
            number is not None
            and re.search(rf"(?<![\d.]){re.escape(number.group(0))}(?![\d])", text) is not None
        )
    if kind == "deadline":
        return any(short_level2(i) == "时效" for i in project.indicators) or bool(
            re.search(r"\d{1,2}\s*月|年底|年内", text)
        )

    return bool(zero_targets(text)) or re.search(r"(?<![\d.])0(?![\d.])", text) is not None


def goal_support(project: Project) -> list[Finding]:
    """P006: a number, deadline or zero target the goal states that no indicator carries."""
    if not project.indicators or not project.goal.strip():
        return []
    text = _indicator_text(project)
    missing = [p for p, kind in _promises(project.goal) if not _carried(p, kind, project, text)]
    if not missing:
        return []
    listed = "」「".join(missing)
    return [
        finding(
            "P006",
            None,
            f"绩效目标写明了「{listed}」，但没有一条指标考核{'它' if len(missing) == 1 else '它们'}。",
            f"为目标中的每项承诺设一条指标，如数量指标「… ={missing[0]}」；或把目标改成与指标一致",
        )
    ]


# --- qualitative and rate indicators -------------------------------------------------------

_GRADES = (
    "优秀",
    "优良",
    "良好",
    "达到预期",
    "部分达到",
    "未达到",
    "优",
    "良",
    "中",
    "差",
    "好",
    "较好",
    "一般",
    "高",
    "低",
)
_GRADED = re.compile(
    r"分级|等级|档次|评分标准|[优良中差好]\s*[/、，,]\s*[良中差较一]|达到预期\s*[/、，,]\s*部分达到"
)


def _graded(text: str | None) -> bool:
    return bool(text) and bool(_GRADED.search(unicodedata.normalize("NFKC", text or "")))


def qualitative_ungraded(ind: Indicator, project: Project | None) -> list[Finding]:
    """V014: a qualitative grade (`好`, `达到预期`) with no graded statement of what each grade means."""
    value = ind.annual_value
    grade = (value.qualitative or "").strip()
    if value.number is not None or not value.measurable or grade not in _GRADES:
        return []
    if _graded(ind.explanation) or _graded(value.raw):
        return []
    return [
        finding(
            "V014",
            ind.name,
            f"定性指标值{quoted(value)}没有分级标准：年底凭什么判定是「{grade}」？",
            "在指标解释中写明分级及各级的判定标准，如「达到预期/部分达到/未达到」各对应什么情况",
        )
    ]


_FORMULA = re.compile(r"[/÷×*=]|除以|乘以|之比|比值|占[\u4e00-\u9fff]{0,8}(比|的)|计算|公式")


def rate_formula(ind: Indicator, project: Project | None) -> list[Finding]:
    """V015 (hint): a rate whose 指标解释 gives no formula, in a table that has 指标解释.
    Tables without the column (the packed format) have nowhere to write one and are not hinted;
    a drafted suggestion's explanation is the drafter's note, not the table's 指标解释."""

    if isinstance(ind, Suggestion) or not is_rate_name(ind.name) or is_satisfaction(ind):
        return []
    if project is None or not any((i.explanation or "").strip() for i in project.indicators):
        return []
    if _FORMULA.search(unicodedata.normalize("NFKC", ind.explanation or "")):
        return []
    name = clean_name(plain_name(ind.name))
    return [
        finding(
            "V015",
            ind.name,
            f"比率「{ind.name}」的指标解释没有写计算公式，年底算法可能不一致。",
            f"在指标解释中写明公式，如「{name} = 达到要求的数量 / 总数量 × 100%」",
        )
    ]
