"""Reading a plain-words request ("再加一个时效指标") for the offline path: which category it names
and what to search the library for. Pure Python."""

from __future__ import annotations

import re

from assistant.schema import Project

# (word in the request, level1 filter, level2 filter); the first match wins.
CATEGORY_WORDS: tuple[tuple[str, str | None, str | None], ...] = (
    ("满意", None, "服务对象满意度指标"),
    ("时效", None, "时效指标"),
    ("及时", None, "时效指标"),
    ("进度", None, "时效指标"),
    ("数量", None, "数量指标"),
    ("质量", None, "质量指标"),
    ("成本", None, "成本指标"),
    ("经济效益", None, "经济效益指标"),
    ("社会效益", None, "社会效益指标"),
    ("生态", None, "生态效益指标"),
    ("可持续", None, "可持续影响指标"),
    ("效益", "效益指标", None),
)
_FILLER = re.compile(
    r"再加|加上|增加|添加|新增|补充|一个|一条|两个|两条|几个|几条|指标|改成|改为|换成|目标|"
    r"这是|要更|更具体|具体|请|帮我|一下|我们|项目|的|把|给|和|[，。,.！!？?；;：:、\s]"
)


def category_filter(request: str) -> tuple[str | None, str | None]:
    """The (level1, level2) filter named by a request, or (None, None)."""
    for word, level1, level2 in CATEGORY_WORDS:
        if word in request:
            return level1, level2
    return None, None


def stated_rate(request: str) -> float | None:
    """The rate a request asks for (「满意度目标改成95%」 → 95.0), or None."""
    found = re.search(r"(\d+(?:\.\d+)?)\s*[%％]", request)
    return float(found.group(1)) if found else None


def search_text(request: str, project: Project) -> str:
    """The request without filler words, with the project's name for context."""
    core = _FILLER.sub(" ", request)
    core = re.sub(r"\d+(\.\d+)?%?", " ", core)
    return " ".join(part for part in (core.strip(), project.name) if part)
