"""The packed text format of the seed table: tab-separated project rows, every indicator of a
project packed into one numbered cell:

    1、1-产出指标；11-数量指标；医疗定点报销比例%；实施周期指标值:100%；年度指标值:100%。
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

from assistant.categories import TREES, Framework, to_framework
from assistant.errors import InputError
from assistant.schema import Amounts, Indicator, Project, RowIssue, Table
from assistant.tables.layout import common_year
from assistant.tables.year import title_year
from assistant.values import parse_amount

HEADER = (
    "项目名称（资金使用单位）",
    "总计",
    "财政拨款",
    "财政专户拨款",
    "其他资金",
    "绩效目标",
    "绩效指标",
)
_AMOUNT_COLUMNS = {
    "总计": "total",
    "财政拨款": "fiscal",
    "财政专户拨款": "special_account",
    "其他资金": "other",
}
# An item starts at the cell's start or after `。`: its number, then a 一级 label (a code and up
# to 30 characters: 「3-社会公众或服务对象满意度指标」 is 14) and `；`.
_ITEM_START = re.compile(r"(?:^|(?<=[。.]))\s*\d{1,4}[、.．](?=\s*\d*-?[^\d；;。]{0,30}[；;])")
# Items written without their number: `…年度指标值:100%。1-产出指标；…`.
_UNNUMBERED_START = re.compile(r"(?<=。)(?=\s*\d*-?[^\d；;。:：]{1,30}[；;][^；;。]{0,30}[；;])")
MAX_NAME = 200
_VALUE_KEYS = {
    "实施周期指标值": "period_value",
    "中期指标值": "period_value",
    "年度指标值": "annual_value",
    "指标值": "annual_value",
}
_CODES = {
    "产出指标": "1",
    "效益指标": "2",
    "满意度指标": "3",
    "成本指标": "4",
}


def looks_packed(text: str) -> bool:
    """The seed's format: packed values, or the header `write_packed` writes (a table whose
    projects have no indicator yet)."""
    if "\t".join(HEADER) in text:
        return True
    return "项目名称" in text and bool(
        re.search(r"年度指标值\s*[:：]|实施周期指标值\s*[:：]", text)
    )


def split_items(cell: str) -> list[str]:
    """Split a packed indicator cell into its numbered items (numbers removed). An item that
    holds several value pairs (items written without numbers) is split after each `。`."""
    starts = [m for m in _ITEM_START.finditer(cell)]
    if not starts:
        items = [cell.strip()] if cell.strip() else []
    else:
        items = []
        for i, m in enumerate(starts):
            end = starts[i + 1].start() if i + 1 < len(starts) else len(cell)
            items.append(cell[m.end() : end].strip())
    return [piece for it in items for piece in _unnumbered(it) if piece]


def _unnumbered(item: str) -> list[str]:
    if len(_ANNUAL_KEY.findall(item)) < 2:
        return [item]
    return [p.strip() for p in _UNNUMBERED_START.split(item)]


_ANNUAL_KEY = re.compile(r"年度指标值\s*[:：]")


def parse_item(item: str) -> dict[str, str]:
    """One packed item → raw fields level1, level2, name, period_value, annual_value."""
    body = item.strip().rstrip("。.").strip()
    parts = [p.strip() for p in re.split(r"[；;]", body)]
    fields: dict[str, str] = {}
    # The values are the trailing `key:value` parts; anything before them is level1, level2, name
    # (so a name that happens to read `指标值:…` stays a name).
    popped = 0
    while len(parts) > 3:
        key, sep, val = (
            re.split(r"([:：])", parts[-1], maxsplit=1)
            if re.search(r"[:：]", parts[-1])
            else (parts[-1], "", "")
        )
        field = _VALUE_KEYS.get(key.strip()) if sep else None
        if field is None or field in fields:
            break
        parts.pop()
        popped += 1
        if val.strip():
            fields[field] = val.strip()
    if len(parts) < 3 or (
        not popped and re.match(r"\s*(实施周期|中期|年度)?指标值\s*[:：]", parts[2])
    ):
        raise ValueError("指标应写成「一级；二级；三级指标名称；实施周期指标值:…；年度指标值:…」")
    fields["level1"], fields["level2"] = parts[0], parts[1]
    fields["name"] = "；".join(parts[2:])
    if len(fields["name"]) > MAX_NAME:
        raise ValueError(
            f"指标名称长达 {len(fields['name'])} 字，像是几条指标或整段文字粘在了一起（编号「1、」或「。」缺失？）"
        )
    return fields


def packed_indicators(cell: str, source: str) -> tuple[list[Indicator], list[str]]:
    """The indicators of one packed cell, and a Chinese message for each item that cannot be read."""
    indicators: list[Indicator] = []
    failures: list[str] = []
    for n, item in enumerate(split_items(cell), start=1):
        try:
            indicators.append(Indicator.from_text(**parse_item(item), source=f"{source} 第{n}项"))
        except (ValueError, ValidationError) as err:
            msg = err.errors()[0]["msg"] if isinstance(err, ValidationError) else str(err)
            failures.append(
                f"第 {n} 项指标无法读取：{msg.removeprefix('Value error, ')}（原文：{item[:40]}）"
            )
    return indicators, failures


def read_packed(text: str, file: str) -> Table:
    lines = text.splitlines()
    department = _department(lines)
    header_at, columns = _header(lines, file)

    table = Table(source=file, department=department, year=title_year(lines[:header_at]))
    for lineno in range(header_at + 1, len(lines)):
        cells = lines[lineno].split("\t")
        name = cells[0].strip()
        if not name:
            continue
        row = dict(zip(columns, (c.strip() for c in cells), strict=False))
        amount = parse_amount(row.get("总计", ""))
        if name == "合计":
            table.total = amount
            continue
        if (
            not row.get("绩效指标")
            and not row.get("绩效目标")
            and (
                name == department
                or (
                    department is None
                    and not table.projects
                    and _looks_like_department(name, amount, table)
                )
            )
        ):
            table.department = table.department or name
            continue
        table.projects.append(_project(row, name, department, file, lineno + 1, table.issues))
    return table


_UNIT_NAME = re.compile(r"(委员会|委|局|院|厅|办公室|中心|部|政府|办事处|学校|中学|小学|医院)$")


def _looks_like_department(name: str, amount: float | None, table: Table) -> bool:
    """The first row naming the department itself: a unit-like name, or the 合计 amount again."""
    return bool(_UNIT_NAME.search(name)) or (table.total is not None and amount == table.total)


def _department(lines: list[str]) -> str | None:
    for line in lines[:15]:
        m = re.match(r"\s*部门名称\s*[:：]\s*(.+)", line)
        if m:
            return re.sub(r"[（(]部门[）)]\s*$", "", m.group(1).strip()) or None
    return None


def _header(lines: list[str], file: str) -> tuple[int, list[str]]:

    for i, line in enumerate(lines):
        if "项目名称" in line and "\t" in line:
            cols = [c.strip() for c in line.split("\t")]
            mapped = ["项目名称" if "项目名称" in c else c for c in cols]
            if "绩效指标" not in mapped:
                raise InputError("表头缺少「绩效指标」列", file=file, row=i + 1)
            return i, mapped
    raise InputError(
        "找不到表头行（应含「项目名称」「绩效目标」「绩效指标」等列，以制表符分隔）", file=file
    )


def _project(
    row: dict[str, str],
    name: str,
    department: str | None,
    file: str,
    lineno: int,
    issues: list[RowIssue],
) -> Project:
    amounts = Amounts(
        **{field: parse_amount(row.get(col, "")) for col, field in _AMOUNT_COLUMNS.items()}
    )
    indicators, failures = packed_indicators(
        row.get("绩效指标", ""), f"{Path(file).name} 第{lineno}行"
    )
    issues.extend(
        RowIssue(file=file, row=lineno, column="绩效指标", message=msg) for msg in failures
    )
    return Project(
        name=name,
        department=department,
        amounts=amounts,
        goal=row.get("绩效目标", ""),
        indicators=indicators,
        origin=f"{Path(file).name} 第{lineno}行",
    )


def _pack_indicator(n: int, ind: Indicator, framework: Framework) -> str:
    l1, l2 = to_framework(ind.level1, ind.level2, framework)
    c1 = _CODES[l1]
    c2 = c1 + str(TREES[framework][l1].index(l2) + 1)
    period = ind.period_value.as_written() if ind.period_value else ""
    return (
        f"{n}、{c1}-{l1}；{c2}-{l2}；{ind.name}；"
        f"实施周期指标值:{period}；年度指标值:{ind.annual_value.as_written()}。"
    )


def write_packed(table: Table, framework: Framework = "legacy") -> str:
    """The table in the packed format (reads back to equal projects)."""

    def amount(v: float | None) -> str:
        return "" if v is None else f"{v:,.2f}"

    year = common_year(table)
    out = [f"{year}年项目支出绩效目标表" if year else "项目支出绩效目标表", ""]
    if table.department:
        out += [f"部门名称：{table.department}", ""]
    out += ["单位：万元", "", "\t".join(HEADER)]
    if table.total is not None:
        out.append("\t".join(["合计", amount(table.total), "", "", "", "", ""]))
    for p in table.projects:
        cells = [
            p.name,
            amount(p.amounts.total),
            amount(p.amounts.fiscal),
            amount(p.amounts.special_account),
            amount(p.amounts.other),
            p.goal.replace("\t", " ").replace("\n", " "),
            "".join(_pack_indicator(i, ind, framework) for i, ind in enumerate(p.indicators, 1)),
        ]
        out.append("\t".join(cells))
    return "\n".join(out) + "\n"


def write_packed_file(table: Table, path: Path, framework: Framework) -> None:
    path.write_text(write_packed(table, framework), encoding="utf-8")
