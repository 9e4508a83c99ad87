"""A twin: a project in the library that is the same kind of project as the request in another
year or place (the unit's own table of last year, another district's 高龄津贴). When there is
one, drafting starts from its whole set."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING

from assistant import lexicon
from assistant.project_types import recognise
from assistant.similarity import dice

if TYPE_CHECKING:
    from assistant.draft.candidates import Context
    from assistant.index import ProjectHit

TWIN_NAME = 0.6  # core names at least this similar
MIN_RECORDS = 3

_BRACKETS = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_YEAR = re.compile(r"(19|20)\d{2}\s*年?度?|第[一二三四五六七八九十\d]+批|[一二三四五六七八九十]期")
_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,6}?(省|市|区|县|旗|镇|乡)(?=[\u4e00-\u9fff]{4,})")


@cache
def _funding_tail() -> re.Pattern[str]:
    words = "|".join(map(re.escape, lexicon.data()["project_names"]["funding_words"]))
    return re.compile(f"({words})+$")


def core_name(name: str) -> str:
    """The name without brackets, years, batches, a leading place and funding words:
    「2024年白云区来穗人员服务管理经费」 → 「来穗人员服务管理」."""
    t = unicodedata.normalize("NFKC", name or "")
    t = _YEAR.sub("", _BRACKETS.sub("", t))
    for _ in range(2):
        t = _PLACE.sub("", t)
    return _funding_tail().sub("", t) or t


def is_twin(request_name: str, own: str, hit: ProjectHit) -> bool:
    """Nearly the same name (years, places and funding words aside) and the same main type."""
    if (
        len(hit.records) < MIN_RECORDS
        or dice(core_name(request_name), core_name(hit.project)) < TWIN_NAME
    ):
        return False
    goal = next((r.goal for r in hit.records if r.goal), "") or ""
    return recognise(hit.project, goal)[0].type.key == own


def find_twin(ctx: Context) -> ProjectHit | None:
    """The closest similar project that is a twin, the user's own tables first."""
    own = ctx.kinds[0].type.key
    twins = [p for p in ctx.similar if is_twin(ctx.request.name, own, p)]
    twins.sort(
        key=lambda p: (
            not any(r.origin == "user" for r in p.records),
            -dice(core_name(ctx.request.name), core_name(p.project)),
        )
    )
    return twins[0] if twins else None
