"""JSON: `{"projects": [...], ...}`, the Table model as JSON (Chinese kept as is)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.categories import Framework
from assistant.errors import InputError
from assistant.schema import Indicator, Suggestion, Table, written_fields
from assistant.tables.encoding import read_text
from assistant.tables.layout import reexpress


def dump_table(table: Table, framework: Framework) -> str:
    projects = [
        p.model_copy(update={"indicators": [reexpress(i, framework) for i in p.indicators]})
        for p in table.projects
    ]
    data = table.model_copy(update={"projects": projects}).model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_json(table: Table, path: Path, framework: Framework) -> None:
    path.write_text(dump_table(table, framework), encoding="utf-8")


def _where(loc: tuple[int | str, ...]) -> str:
    """`('projects', 2, 'indicators', 0, 'level1')` → `第 3 个项目，第 1 条指标，level1`."""
    parts: list[str] = []
    for key, nxt in zip(loc, (*loc[1:], None), strict=True):
        if key == "projects" and isinstance(nxt, int):
            parts.append(f"第 {nxt + 1} 个项目")
        elif key == "indicators" and isinstance(nxt, int):
            parts.append(f"第 {nxt + 1} 条指标")
        elif isinstance(key, str):
            parts.append(key)
    return "，".join(parts)


_MESSAGES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不认识的字段",
    "string_type": "应为文字",
    "string_too_short": "不能为空",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "literal_error": "取值不在允许的范围内",
    "list_type": "应为列表",
    "model_type": "应为对象",
    "dict_type": "应为对象",
    "finite_number": "必须是有限的数（不能是 NaN 或无穷大）",
    "recursion_loop": "嵌套层数过深",
}


def _message(error_type: str, message: str) -> str:
    """Our own validators already speak Chinese; pydantic's built-in errors are translated."""
    if error_type == "value_error":
        return message.removeprefix("Value error, ")
    return _MESSAGES.get(error_type, "格式不正确")


def _suggestion_only() -> frozenset[str]:

    return frozenset(Suggestion.model_fields) - frozenset(Indicator.model_fields)


def _from_draft(data: object) -> object:
    """`jixiao draft --format json` writes a Draft (`{"project": …, "indicators": [...]}`): read
    it as a table of that one project, its suggestions as plain indicators."""
    if not isinstance(data, dict) or "projects" in data or not isinstance(data.get("project"), str):
        return data
    indicators = [
        {k: v for k, v in ind.items() if k not in _suggestion_only()}
        if isinstance(ind, dict)
        else ind
        for ind in data.get("indicators") or []
    ]
    goal = data.get("given_goal") or data.get("goal") or ""  # the user's words, not the suggestion
    return {"projects": [{"name": data["project"], "goal": goal, "indicators": indicators}]}


def _read_written_indicators(data: dict[str, Any]) -> None:
    """Indicators written by hand (`"annual_value": "≥95%"`, a `unit`, 二级 only) → the model's
    fields, in place; anything else is left for validation to report where it is."""
    projects = data.get("projects")
    for project in projects if isinstance(projects, list) else []:
        indicators = project.get("indicators") if isinstance(project, dict) else None
        if isinstance(indicators, list):
            project["indicators"] = [
                written_fields(i) if isinstance(i, dict) else i for i in indicators
            ]


class _NonFinite(ValueError):
    pass


def _refuse_constant(name: str) -> float:
    raise _NonFinite(name)


def read_json(path: Path) -> Table:
    file = str(path)
    try:
        data = json.loads(read_text(path), parse_constant=_refuse_constant)
    except json.JSONDecodeError as err:
        raise InputError(
            f"不是有效的 JSON（第 {err.colno} 列附近格式有误）", file=file, row=err.lineno
        ) from None
    except _NonFinite as err:
        raise InputError(
            f"JSON 中有非有限的数「{err.args[0]}」（NaN 或无穷大），不是有效的 JSON 数值", file=file
        ) from None
    except RecursionError:
        raise InputError("JSON 嵌套层数过深，不像一张绩效目标表", file=file) from None
    if isinstance(data, list):
        data = {"projects": data}
    data = _from_draft(data)
    if not isinstance(data, dict) or "projects" not in data:
        raise InputError('JSON 应为 {"projects": [...]} 或项目列表', file=file)
    _read_written_indicators(data)
    try:
        table = Table.model_validate(data)
    except RecursionError:
        raise InputError("JSON 嵌套层数过深，不像一张绩效目标表", file=file) from None
    except ValidationError as err:
        first = err.errors()[0]
        where = _where(tuple(first["loc"]))
        message = _message(first["type"], str(first["msg"]))
        raise InputError(f"{where}：{message}" if where else message, file=file) from None
    return table.model_copy(update={"source": file})
