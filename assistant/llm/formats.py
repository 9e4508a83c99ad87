"""What a request looks like in each structured-output mode: the `response_format` parameter and
the schema text added to the system message."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from typing import Any

from pydantic import BaseModel

from assistant.llm.profiles import Mode

Message = dict[str, str]


def _without_titles(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: (
                _without_titles(v)
                if k != "properties"
                else {p: _without_titles(s) for p, s in v.items()}
            )
            for k, v in node.items()
            if not (k == "title" and isinstance(v, str))
        }
    if isinstance(node, list):
        return [_without_titles(v) for v in node]
    return node


@cache
def _schema_text(output_type: type[BaseModel]) -> str:
    return json.dumps(_without_titles(output_type.model_json_schema()), ensure_ascii=False)


def schema_of(output_type: type[BaseModel]) -> dict[str, Any]:
    """The JSON schema of `output_type`, without the auto-generated titles (fewer tokens).
    Generated once per type (it costs tens of ms for Draft); each call gets a fresh copy."""
    schema: dict[str, Any] = json.loads(_schema_text(output_type))
    return schema


def schema_json(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def response_format(mode: Mode, name: str, schema: dict[str, Any]) -> dict[str, Any] | None:
    """The `response_format` argument for `mode` (None in text mode)."""
    if mode == "json_schema":
        return {
            "type": "json_schema",
            "json_schema": {"name": name, "schema": schema, "strict": False},
        }
    if mode == "json_object":
        return {"type": "json_object"}
    return None


def _instruction(mode: Mode, schema: dict[str, Any]) -> str:
    rules = (
        "\n\n## 输出格式（json）\n"
        "只输出一个 JSON 对象：不要代码块标记，不要任何解释文字；所有文字用中文；"
        "不要输出结构中没有的字段。"
    )
    if mode == "json_schema":
        return rules + "JSON 结构由接口的 response_format 给定。"
    return rules + "JSON 对象必须符合下面的 JSON Schema：\n" + schema_json(schema)


def with_format_instructions(
    messages: Sequence[Message], mode: Mode, schema: dict[str, Any]
) -> list[Message]:
    """`messages` with the output-format instruction appended to the (first) system message."""
    out = [dict(m) for m in messages]
    text = _instruction(mode, schema)
    if out and out[0].get("role") == "system":
        out[0]["content"] = out[0]["content"] + text
    else:
        out.insert(0, {"role": "system", "content": text.strip()})
    return out
