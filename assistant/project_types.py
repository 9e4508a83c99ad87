"""Project types, as data (`corpus/types.toml`): how each kind of spending is recognised from a
project's name and description, its standard indicator set, the group its satisfaction
indicator names, its cost form and the subject words that belong to it alone.

Used by drafting (the standard set, slots), the checker (indicators of another kind of project,
a missing core output count) and the prompts.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache, lru_cache
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from assistant.errors import InputError
from assistant.resources import shipped

TYPES_FILE = "types.toml"
GOAL_WEIGHT = 0.4  # a word in the description counts this much of its weight in the name
LAST_WORD_BONUS = 0.5  # the name ends with what the project is: its last matched word counts 1.5×
MIN_SCORE = 2.0  # below this a type is not recognised
SECOND_SHARE = 0.5  # a second type is kept when it scores at least this share of the first
FALLBACK = "general"

Form = Literal["rate", "count", "deadline", "unit_cost", "zero", "graded", "limit"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Standard(_Data):
    """One standard indicator of a type."""

    level2: str
    name: str
    form: Form
    value: str = ""
    unit: str = ""
    explanation: str
    when: tuple[str, ...] = ()  # used only when the project's text names one of these words

    def applies(self, text: str) -> bool:
        return not self.when or any(w in text for w in self.when)


class ProjectType(_Data):
    key: str
    label: str
    words: dict[str, float] = Field(default_factory=dict)
    against: dict[str, float] = Field(default_factory=dict)
    subjects: tuple[str, ...] = ()
    strong: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    beneficiary: str = ""
    cost: Literal["total", "unit"] = "total"
    core: str = ""
    indicators: tuple[Standard, ...] = ()

    def satisfaction_name(self) -> str | None:
        return f"{self.beneficiary}满意度" if self.beneficiary else None

    def subject_pattern(self) -> re.Pattern[str] | None:
        return re.compile("|".join(map(re.escape, self.subjects))) if self.subjects else None


class Recognised(_Data):
    type: ProjectType
    score: float
    words: tuple[str, ...]
    forced: bool = False


@cache
def all_types() -> tuple[ProjectType, ...]:
    with (shipped("corpus") / TYPES_FILE).open("rb") as f:
        raw = tomllib.load(f)
    return tuple(ProjectType.model_validate(t) for t in raw["type"])


def by_key(key: str) -> ProjectType:
    found = next((t for t in all_types() if t.key == key or t.label == key), None)
    if found is None:
        listing = "、".join(f"{t.key}（{t.label}）" for t in all_types())
        raise InputError(f"没有「{key}」这个项目类型。可选：{listing}")
    return found


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


def _score(t: ProjectType, name: str, goal: str) -> tuple[float, tuple[str, ...], int, float]:
    """Weights of the type's words in the name (fully) and the goal (partly), less its counter
    words; with where its last word in the name ends, and that word's weight."""
    score, words, last = 0.0, [], (-1, 0.0)
    for word, weight in t.words.items():
        pos = name.rfind(word)
        if pos >= 0:
            score += weight
            words.append(word)
            last = max(last, (pos + len(word), weight))
        elif word in goal:
            score += GOAL_WEIGHT * weight
            words.append(word)
    score -= sum(w for word, w in t.against.items() if word in name)
    return score, tuple(words), *last


def recognise(name: str, goal: str = "", forced: list[str] | None = None) -> list[Recognised]:
    """The project's one or two types, best first, with the words that chose them; the types
    the user forced (`--type`) instead when given; the fallback type when none is recognised.
    The type whose word ends the name gets a bonus: a name ends with what the project is
    (社区网格员培训经费 is a training)."""
    if forced:
        return [Recognised(type=by_key(k), score=0.0, words=(), forced=True) for k in forced[:2]]
    return list(_recognised(_norm(name), _norm(goal)))


@lru_cache(maxsize=4096)  # the checks and the drafting ask about the same project several times
def _recognised(name: str, goal: str) -> tuple[Recognised, ...]:
    raw = [(t, *_score(t, name, goal)) for t in all_types() if t.key != FALLBACK]
    end = max((r[3] for r in raw), default=-1)
    scored = sorted(
        (
            (score + (LAST_WORD_BONUS * weight if last == end >= 0 else 0.0), words, t)
            for t, score, words, last, weight in raw
        ),
        key=lambda x: (-x[0], x[2].key),
    )
    chosen = [s for s in scored if s[0] >= MIN_SCORE][:2]
    if len(chosen) == 2 and chosen[1][0] < SECOND_SHARE * chosen[0][0]:
        chosen = chosen[:1]
    if not chosen:
        return (Recognised(type=by_key(FALLBACK), score=0.0, words=()),)
    return tuple(
        Recognised(type=t, score=round(score, 2), words=words) for score, words, t in chosen
    )


class _Typed(Protocol):  # a Project (not imported: the schema validates types through here)
    name: str
    goal: str
    types: list[str]


def of_project(project: _Typed) -> list[Recognised]:
    """The project's types: those the user chose for it, else the recognised ones."""
    return recognise(project.name, project.goal, project.types or None)


def other_kind(name: str, own: list[ProjectType], text: str) -> ProjectType | None:
    """The type an indicator belongs to when it is not one of the project's own: it names a
    strong subject word of another type, not related to the project's types, that the project's
    own text does not name (平台建设 in a road repair, 发放对象 in a school renovation)."""
    plain = _norm(name)
    allowed = {t.key for t in own} | {k for t in own for k in t.related}
    for t in all_types():
        if t.key in allowed:
            continue
        if any(w in plain and w not in text for w in t.strong):
            return t
    return None
