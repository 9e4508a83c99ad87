"""Prompt templates shipped in `prompts/*.md`.

A template file is a front matter block (`version:`, `vars:`, `description:`) followed by a
`=== system ===` part and a `=== user ===` part. Placeholders are `{{name}}`. Two are filled
in by the loader: `{{pairs}}` (the valid 一级/二级 pairs of both frameworks, from
`assistant.categories`) and `{{rules}}` (`prompts/_rules.md`, the checker's rules in short, its
`{{satisfaction_rule}}` filled from `assistant.targets`).
Every other value is caller data: it is serialised (JSON with `ensure_ascii=False` for
non-strings) and stripped of the `<<<` / `>>>` block delimiters so it cannot close the data
block it is placed in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from assistant.categories import TREES, Framework
from assistant.llm.formats import Message
from assistant.resources import shipped
from assistant.targets import satisfaction_rule_text

_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
_SECTION = re.compile(r"^=== (system|user) ===\s*$", re.MULTILINE)
BUILTINS = ("pairs", "rules")
FRAMEWORK_LABELS: dict[Framework, str] = {
    "legacy": "旧框架（成本指标是产出指标下的二级指标）",
    "2021": "2021 框架（财预〔2021〕101号，成本指标是一级指标）",
}


@dataclass(frozen=True)
class Rendered:
    """Chat messages built from a prompt; `prompt_id` (`draft@1`) goes into the cache key."""

    prompt_id: str
    messages: list[Message]


@dataclass(frozen=True)
class Prompt:
    name: str
    version: int
    system: str
    user_template: str
    variables: tuple[str, ...]

    @property
    def prompt_id(self) -> str:
        return f"{self.name}@{self.version}"

    def render(self, **values: Any) -> Rendered:
        """System and user messages with every declared variable filled in."""
        missing = sorted(set(self.variables) - set(values))
        extra = sorted(set(values) - set(self.variables))
        if missing or extra:
            raise ValueError(f"prompt {self.name}: missing {missing}, unexpected {extra}")
        data = {k: as_data(v) for k, v in values.items()} | _builtins()
        return Rendered(
            self.prompt_id,
            [
                {"role": "system", "content": _fill(self.system, data)},
                {"role": "user", "content": _fill(self.user_template, data)},
            ],
        )


def _fill(template: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def _json(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return value


def as_data(value: Any) -> str:
    """Caller data as prompt text: strings as they are, lists one JSON object per line, other
    values as JSON; the block delimiters `<<<` and `>>>` are neutralised."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, Sequence):
        text = "\n".join(json.dumps(_json(v), ensure_ascii=False) for v in value) or "（无）"
    else:
        text = json.dumps(_json(value), ensure_ascii=False)
    return text.replace("<<<", "〈〈〈").replace(">>>", "〉〉〉")


def pairs_text() -> str:
    """The valid 一级/二级 pairs of both frameworks, one 一级 per line."""
    lines = []
    for framework, tree in TREES.items():
        lines.append(FRAMEWORK_LABELS[framework] + "：")
        lines += [f"  - {l1}：{'、'.join(l2s)}" for l1, l2s in tree.items()]
    return "\n".join(lines)


@cache
def _builtins() -> dict[str, str]:

    rules = (shipped("prompts") / "_rules.md").read_text(encoding="utf-8").strip()
    rules = rules.replace("{{satisfaction_rule}}", satisfaction_rule_text())
    return {"pairs": pairs_text(), "rules": rules}


def _front_matter(text: str, name: str) -> tuple[dict[str, str], str]:
    match = re.match(r"^---\n(.*?)\n---\n", text, re.DOTALL)
    if not match:
        raise ValueError(f"prompt {name}: no front matter")
    meta = {}
    for line in match.group(1).splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    return meta, text[match.end() :]


@cache
def load_prompt(name: str) -> Prompt:
    """The shipped prompt `prompts/<name>.md` (draft, refine, goal, revise)."""
    text = (shipped("prompts") / f"{name}.md").read_text(encoding="utf-8")
    meta, body = _front_matter(text, name)
    parts = _SECTION.split(body)
    sections = dict(zip(parts[1::2], (p.strip() for p in parts[2::2]), strict=True))
    if set(sections) != {"system", "user"}:
        raise ValueError(f"prompt {name}: needs one '=== system ===' and one '=== user ==='")
    declared = tuple(v.strip() for v in meta.get("vars", "").split(",") if v.strip())
    used = set(_PLACEHOLDER.findall(sections["system"] + sections["user"])) - set(BUILTINS)
    if used != set(declared):
        raise ValueError(f"prompt {name}: vars {sorted(declared)} != placeholders {sorted(used)}")
    return Prompt(name, int(meta["version"]), sections["system"], sections["user"], declared)
