"""Turn a model's answer into a validated pydantic object, and its failures into Chinese
problem lines that can be fed back to the model."""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)

_THINK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"```[A-Za-z0-9_-]*\s*\n?(.*?)```", re.DOTALL)
_DECODER = json.JSONDecoder()

_ERROR_TYPES: dict[str, str] = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不允许出现的字段",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "string_too_short": "不能为空",
    "string_type": "应为字符串",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "list_type": "应为数组",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
}


class AnswerError(ValueError):
    """An answer that is not valid JSON or does not fit the schema; `problems` are Chinese."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("；".join(problems))


def extract_json(text: str | None) -> Any:
    """The outermost JSON object in `text`, ignoring <think> blocks, code fences and prose."""
    body = _THINK.sub("", text or "").strip()
    if not body:
        raise AnswerError(["回答为空，没有 JSON 对象"])
    candidates = [m.group(1) for m in _FENCE.finditer(body)] + [body]
    for candidate in candidates:
        found = _first_object(candidate)
        if found is not None:
            return found
    raise AnswerError(["回答中找不到完整、合法的 JSON 对象（请只输出一个 JSON 对象）"])


def _first_object(text: str) -> dict[str, Any] | None:
    start = text.find("{")
    while start != -1:
        try:
            value, _ = _DECODER.raw_decode(text, start)
        except json.JSONDecodeError:
            start = text.find("{", start + 1)
            continue
        if isinstance(value, dict):
            return value
        start = text.find("{", start + 1)
    return None


def _location(loc: tuple[int | str, ...]) -> str:
    parts = [f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc]
    return "".join(parts).lstrip(".") or "（整体）"


def _message(error: dict[str, Any]) -> str:
    msg = str(error.get("msg", ""))
    if re.search(r"[\u4e00-\u9fff]", msg):
        return re.sub(r"^(Value error|Assertion failed), ", "", msg)
    return _ERROR_TYPES.get(str(error.get("type")), f"不符合要求（{msg}）")


def describe_validation(err: ValidationError, limit: int = 12) -> list[str]:
    """Chinese problem lines for a pydantic error: `字段 indicators[0].name：不能为空`."""
    lines = [f"字段 {_location(e['loc'])}：{_message(dict(e))}" for e in err.errors()]
    if len(lines) > limit:
        lines = lines[:limit] + [f"……另有 {len(lines) - limit} 处问题"]
    return lines


def parse_answer(text: str | None, output_type: type[M]) -> M:
    """`text` parsed into `output_type`; raises AnswerError with Chinese problems."""
    data = extract_json(text)
    try:
        return output_type.model_validate(data)
    except ValidationError as err:
        raise AnswerError(describe_validation(err)) from None
