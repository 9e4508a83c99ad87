"""Header mapping for column tables (xlsx, csv, tab- or pipe-separated text).

A header cell such as "项目名称（资金使用单位）", "年度指标值" or "计算符号" is mapped to a field
name; the header row is found below any title rows ("项目支出绩效目标表", "单位：万元",
"部门名称：…") and may span two rows (绩效指标 over 一级/二级/三级, 指标值 over 年度/中期).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.categories import TREES, clean_label

# Ordered (field, pattern) on the cleaned header text: first match wins.
FIELD_PATTERNS: tuple[tuple[str, str], ...] = (
    ("explanation", r"指标解释|指标说明|指标值说明|指标内涵|指标定义|计算公式"),
    ("basis", r"取值依据|绩效标准|指标值依据|指标来源"),
    ("project", r"项目名称|^项目$"),
    (
        "period",
        r"(实施周期|中期|长期|周期).*(指标值|目标值)|(指标值|目标值).*(实施周期|中期|长期|周期)",
    ),
    ("annual", r"指标值|目标值|年度值"),
    ("sign", r"指标方向|计算符号|比较符号|^符号$|^方向$"),
    ("nature", r"指标性质|^性质$"),
    ("unit", r"计量单位|度量单位|^单位$"),
    ("level1", r"一级"),
    ("level2", r"二级"),
    ("name", r"三级|指标名称|^指标$"),
    ("goal", r"绩效目标|年度目标|^目标$"),
    ("special_account", r"财政专户"),
    ("fiscal", r"财政拨款|一般公共预算"),
    ("other", r"其他资金|^其他$"),
    ("total", r"总计|预算数|金额|资金总额|^合计|^预算"),
    ("department", r"部门|单位名称|预算单位|资金使用单位|实施单位|项目单位|主管单位"),
    ("packed", r"^绩效指标$"),
)
_COMPILED = tuple((name, re.compile(pattern)) for name, pattern in FIELD_PATTERNS)
AMOUNT_FIELDS = ("total", "fiscal", "special_account", "other")
_INDICATOR_FIELDS = frozenset({"level1", "level2", "annual", "period"})
HEADER_SEARCH_ROWS = 60


def clean(text: str) -> str:
    """NFKC, without spaces, line breaks and the stars some templates put on required columns."""
    return re.sub(r"[\s*★☆:：]", "", unicodedata.normalize("NFKC", text or ""))


@lru_cache(maxsize=8192)
def field_of(label: str) -> str | None:
    """The field a header label names (None: none). Cached: every body row of a sheet is
    asked whether it repeats the header, and a table repeats most of its cell texts."""
    t = clean(label)
    if not t:
        return None
    return next((f for f, pattern in _COMPILED if pattern.search(t)), None)


@dataclass
class Header:
    """Where the header is (0-based rows) and which column holds each field."""

    first: int
    last: int
    columns: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    width: int = 0

    def label(self, name: str, default: str) -> str:
        return self.labels.get(name, default)

    def names_indicators(self) -> bool:
        """The header has indicator columns (not only a list of projects)."""
        return _names_indicators(self)


def _map(labels: list[str]) -> Header:
    header = Header(0, 0, width=len(labels))
    for col, label in enumerate(labels):
        name = field_of(label)
        if name and name not in header.columns:
            header.columns[name] = col
            header.labels[name] = label.strip()
    return header


def _names_indicators(header: Header) -> bool:
    fields = header.columns.keys()
    has_indicator = "name" in fields and bool(_INDICATOR_FIELDS & fields)
    return has_indicator or {"packed", "project"} <= fields


def _lists_projects(header: Header) -> bool:
    """A list of projects still without indicators: 项目名称 with 绩效目标 or an amount."""
    fields = header.columns.keys()
    return "project" in fields and bool({"goal", *AMOUNT_FIELDS} & fields)


def _two_row_labels(upper: list[str], lower: list[str]) -> list[str] | None:
    """Labels of a two-row header, or None when `lower` is not a header continuation."""
    width = max(len(upper), len(lower))
    upper = upper + [""] * (width - len(upper))
    lower = lower + [""] * (width - len(lower))
    if not any(c.strip() for c in lower) or len(_map(upper).columns) < 2:
        return None
    labels: list[str] = []
    spanned = ""
    for up, low in zip(upper, lower, strict=True):
        spanned = up if up.strip() else (spanned if low.strip() else "")
        if not low.strip():
            labels.append(up)
        elif field_of(low):
            labels.append(low)
        elif field_of(spanned + low):
            labels.append(spanned + low)
        else:
            return None
    return labels


def find_header(rows: list[list[str]]) -> Header | None:
    """The first row (or pair of rows) that names an indicator column and a category or value;
    failing that, the first that lists projects (name with goal or amount)."""
    return _search(rows, _names_indicators) or _search(rows, _lists_projects)


def _search(rows: list[list[str]], qualifies: Callable[[Header], bool]) -> Header | None:
    for i in range(min(len(rows), HEADER_SEARCH_ROWS)):
        single = _map(rows[i])
        if i + 1 < len(rows):
            labels = _two_row_labels(rows[i], rows[i + 1])
            if labels is not None:
                double = _map(labels)
                if qualifies(double) and len(double.columns) > len(single.columns):
                    double.first, double.last = i, i + 1
                    return double
        if qualifies(single):
            single.first = single.last = i
            return single
    return None


def repeats_header(row: list[str], header: Header) -> bool:
    """A page header repeated inside the body (pasted from PDF, printed tables): at least three
    fields, each in the header's own column. The cells under the header's columns are looked
    at first, so that a body row is refused without mapping all of its cells."""
    at_home = sum(
        1 for name, col in header.columns.items() if col < len(row) and field_of(row[col]) == name
    )
    if at_home < 3:
        return False
    mapped = _map(row)
    return len(mapped.columns) >= 3 and mapped.columns.items() <= header.columns.items()


@dataclass
class TitleInfo:
    """What the rows above the header say about the whole sheet."""

    department: str | None = None
    year: int | None = None
    amount_scale: float = 1.0
    project: str | None = None
    goal: str | None = None
    total: str | None = None


_TITLE_KEYS: tuple[tuple[str, str], ...] = (
    ("department", r"^(部门名称|单位名称|预算单位|主管部门|申报单位|部门)$"),
    ("project", r"^(项目名称|项目)$"),
    ("goal", r"^(年度绩效目标|年度目标|绩效目标)$"),
    ("total", r"^(年度资金总额|资金总额|预算数|总计|项目金额|本年度申请.*)$"),
    ("unit", r"^(金额单位|单位)$"),
)


def _title_key(text: str) -> str | None:
    t = re.sub(r"\([^)]*\)|\[[^\]]*\]", "", clean(text))
    return next((k for k, pat in _TITLE_KEYS if re.search(pat, t)), None)


def _key_values(row: list[str]) -> list[tuple[str, str]]:
    """`部门名称：X` in one cell, or `项目名称 | X` in two neighbouring cells."""
    cells = [c.strip() for c in row]
    pairs: list[tuple[str, str]] = []
    for i, cell in enumerate(cells):
        key, sep, value = (
            re.split(r"([:：])", cell, maxsplit=1) if re.search(r"[:：]", cell) else (cell, "", "")
        )
        name = _title_key(key)
        if name is None:
            continue
        if not sep:
            value = next((c for c in cells[i + 1 :] if c), "")
            if _title_key(value):
                continue
        if value.strip():
            pairs.append((name, value.strip()))
    return pairs


def is_title_line(text: str) -> bool:
    """`单位：万元`, `部门名称：…` and the like."""
    return bool(_key_values([text]))


def read_title(rows: list[list[str]]) -> TitleInfo:
    """Department, year, money unit and (for one-project forms) the project itself."""
    info = TitleInfo()
    for row in rows:
        for cell in row:
            year = re.search(r"(20\d{2})\s*年", cell)
            if year and "表" in cell and info.year is None:
                info.year = int(year.group(1))
        for cell in row:
            unit = re.search(r"(?:金额)?单位\s*[:：]\s*(万元|元)(?![\w])", cell)
            if unit and info.amount_scale == 1.0:
                info.amount_scale = 1e-4 if unit.group(1) == "元" else 1.0
        for key, value in _key_values(row):
            if key == "unit":
                info.amount_scale = 1e-4 if clean(value) == "元" else 1.0
            elif key == "department" and info.department is None:
                info.department = re.sub(r"[（(]部门[）)]\s*$", "", value).strip() or None
            elif key in ("project", "goal", "total") and getattr(info, key) is None:
                setattr(info, key, value)
    return info


def amount_scale(label: str, title_scale: float) -> float:
    """Amounts are kept in 万元; a column or title in 元 is divided by 10,000."""
    t = clean(label)
    if re.search(r"[(\[]元[)\]]", t):
        return 1e-4
    if "万元" in t:
        return 1.0
    return title_scale


def is_category_label(text: str) -> bool:
    """A 一级 or 二级 category as tables write it: `满意度指标(10分)`, `2-效益指标`, `产出`, `社会效益`."""

    t = clean_label(text)
    if not t:
        return False
    labels = {name for tree in TREES.values() for l1, l2s in tree.items() for name in (l1, *l2s)}
    labels |= {"社会公众或服务对象满意度指标", "可持续影响指标"}
    return t in labels or f"{t}指标" in labels
