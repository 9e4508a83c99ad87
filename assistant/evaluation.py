"""Leave-one-project-out evaluation of drafting against what real authors wrote.

For each real project in the corpus: hide it, draft from its name and goal with the rest, and
compare with its real indicators. A draft indicator matches a real one when both have the same
first-level category (in the legacy framework) and their cleaned names have character-bigram
Dice ≥ 0.5 (`similarity.SAME_MEANING`). When the index has a dense model, recall is also
reported under an embedding match: same first-level category and cosine ≥ `DENSE_MATCH` between
the names' vectors. Two baselines: the single most similar project's indicators, and a fixed
generic template.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from assistant import lexicon
from assistant.categories import level1_of, short_label, to_framework
from assistant.checks import check_project
from assistant.checks.project import REQUIRED
from assistant.draft import DraftRequest, compose
from assistant.facts import read_facts
from assistant.index import SearchFilters
from assistant.project_types import other_kind, recognise
from assistant.schema import Amounts, CorpusRecord, Indicator, Project, Suggestion
from assistant.similarity import SAME_MEANING, dice
from assistant.values import format_number

if TYPE_CHECKING:
    from assistant.index import Index

METHODS = ("draft", "most_similar", "template")
SPLITS = ("A（调参半）", "B（检验半）")
DENSE_MATCH = 0.8
# Unrelated names: a model that puts any two of them at DENSE_MATCH or above cannot read Chinese
# names (the packaged English MiniLM scores them ≈1.0), so its embedding match is not reported.
PROBE_NAMES = ("补贴发放及时率", "视频监控点位数量", "受益群众满意度", "病死猪无害化处理率")


class RealProject(BaseModel):
    name: str
    department: str | None
    sector: str
    goal: str
    amount: float | None
    indicators: list[Indicator]


class Scores(BaseModel):
    """Figures for one method over a set of projects (means over projects)."""

    projects: int = 0
    recall: float = 0.0
    recall_dense: float | None = Field(
        default=None, description="嵌入匹配下的召回率（配置了向量模型时）"
    )
    measurable: float = 0.0
    coverage: float = 0.0
    evidence: float = 0.0
    errors: float = 0.0
    warnings: float = 0.0
    size: float = 0.0
    filler: float = Field(default=0.0, description="泛泛的填充指标占比（词表 generic.filler）")
    other_kind: float = Field(
        default=0.0, description="他类项目指标占比（主题词属于项目没有的类型）"
    )
    slots: float = Field(default=0.0, description="待填写空位占比")
    vague: float = Field(default=0.0, description="既非可衡量、也非待填写的指标占比")
    facts_kept: float | None = Field(
        default=None, description="描述中写明的事实被指标承载的比例（描述有事实的项目）"
    )
    relevance: float | None = Field(
        default=None, description="所引真实指标与本条量同一主题的比例（有引用的条目）"
    )


class Report(BaseModel):
    match: str = Field(default=f"同一级类别且名称字二元组 Dice ≥ {SAME_MEANING}")
    match_dense: str | None = None
    overall: dict[str, Scores]
    by_sector: dict[str, dict[str, Scores]]
    splits: dict[str, dict[str, Scores]] = Field(
        default_factory=dict,
        description="两个互不相交的半数项目（按名称排序后的奇偶位）：常数只在 A 上调过，B 上的数字是未见过的",
    )


def real_projects(records: list[CorpusRecord], min_indicators: int = 3) -> list[RealProject]:
    groups: dict[tuple[str, str | None], list[CorpusRecord]] = defaultdict(list)
    for r in records:
        if r.origin in ("seed", "table") and r.project:
            groups[(r.project, r.department)].append(r)
    return [
        RealProject(
            name=name,
            department=dept,
            sector=(rs[0].sector or "（未注明）").split("/")[0].split("(")[0],
            goal=rs[0].goal or "",
            amount=rs[0].amount,
            indicators=[r.indicator for r in rs],
        )
        for (name, dept), rs in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))
        if len(rs) >= min_indicators
    ]


def _legacy_l1(ind: Indicator) -> str:
    return to_framework(ind.level1, ind.level2, "legacy")[0]


def recall(real: list[Indicator], drafted: list[Indicator]) -> float:
    hit = sum(
        any(
            _legacy_l1(r) == _legacy_l1(d) and dice(r.name, d.name) >= SAME_MEANING for d in drafted
        )
        for r in real
    )
    return hit / len(real) if real else 0.0


def reads_chinese(index: Index) -> bool:
    """Whether the index's dense model tells unrelated Chinese indicator names apart."""
    vectors = index.embed(list(PROBE_NAMES))
    if vectors is None:
        return False
    cosine = vectors @ vectors.T
    return all(cosine[i, j] < DENSE_MATCH for i in range(len(PROBE_NAMES)) for j in range(i))


def dense_recall(real: list[Indicator], drafted: list[Indicator], index: Index) -> float | None:
    """Recall under the embedding match; None when the index has no dense model."""
    if not real or not drafted:
        return 0.0 if index.dense_enabled else None
    vectors = index.embed([i.name for i in real] + [d.name for d in drafted])
    if vectors is None:
        return None
    cosine = vectors[: len(real)] @ vectors[len(real) :].T
    hit = sum(
        any(
            _legacy_l1(r) == _legacy_l1(d) and cosine[i, j] >= DENSE_MATCH
            for j, d in enumerate(drafted)
        )
        for i, r in enumerate(real)
    )
    return hit / len(real)


def _most_similar(project: RealProject, index: Index) -> list[Suggestion]:

    hits = index.similar_projects(
        f"{project.name} {project.goal}",
        k=1,
        filters=SearchFilters(exclude_projects={project.name}),
    )
    if not hits:
        return []
    return [Suggestion(**r.indicator.model_dump(), evidence=[]) for r in hits[0].records]


# The baseline a unit without this tool writes: the same generic lines for every project.
TEMPLATE: tuple[tuple[str, str, str], ...] = (
    ("数量指标", "年度工作任务完成率", "=100%"),
    ("质量指标", "工作成果验收合格率", "=100%"),
    ("时效指标", "任务按时完成率", "=100%"),
    ("成本指标", "项目成本控制率", "≤100%"),
    ("社会效益指标", "服务对象受益覆盖率", "≥90%"),
    ("可持续影响指标", "长效管理制度建立情况", "已建立"),
    ("服务对象满意度指标", "服务对象满意度", "≥90%"),
)


def _template() -> list[Suggestion]:
    return [
        Suggestion.from_text(level1=level1_of(level2), level2=level2, name=name, annual_value=value)
        for level2, name, value in TEMPLATE
    ]


def facts_kept(goal: str, drafted: list[Suggestion]) -> float | None:
    """Share of the goal's stated facts that some indicator carries (its number, its deadline
    month, or a zero target); None when the goal states none."""

    facts = read_facts(goal)
    numbers = {s.annual_value.number for s in drafted if s.annual_value.number is not None}
    times = " ".join(
        s.annual_value.as_written() for s in drafted if short_label(s.level2) == "时效"
    )
    zero = any(s.annual_value.number == 0 for s in drafted)
    kept = (
        [
            c.number in numbers or any(format_number(c.number) in s.reference for s in drafted)
            for c in facts.counts
        ]
        + [p.number in numbers for p in facts.prices]
        + [d.month is None or f"{d.month}月" in times for d in facts.deadlines]
        + [zero for _ in facts.zeros]
    )
    return sum(kept) / len(kept) if kept else None


def _relevance(drafted: list[Suggestion]) -> float | None:
    """Share of lines whose first cited record measures the same subject (uncited lines count
    as unsupported); None for a method that cites nothing."""
    if not any(s.evidence for s in drafted):
        return None
    return sum(
        bool(s.evidence) and lexicon.same_subject(s.name, s.evidence[0].name) for s in drafted
    ) / len(drafted)


def _other_kind(real: RealProject, drafted: list[Suggestion]) -> float:
    own = [r.type for r in recognise(real.name, real.goal)]
    text = f"{real.name} {real.goal}"
    return sum(other_kind(s.name, own, text) is not None for s in drafted) / (len(drafted) or 1)


def _score_one(
    real: RealProject, drafted: list[Suggestion], index: Index, dense: bool
) -> dict[str, float | None]:

    labels = {short_label(s.level2) for s in drafted}
    report = check_project(
        Project(
            name=real.name,
            goal=real.goal,
            amounts=Amounts(total=real.amount),
            indicators=list(drafted),
        )
    )
    n = len(drafted) or 1
    return {
        "filler": sum(lexicon.is_filler(s.name) for s in drafted) / n,
        "other_kind": _other_kind(real, drafted),
        "slots": sum(s.annual_value.pending for s in drafted) / n,
        "vague": sum(not (s.annual_value.measurable or s.annual_value.pending) for s in drafted)
        / n,
        "facts_kept": facts_kept(real.goal, drafted),
        "relevance": _relevance(drafted),
        "recall": recall(real.indicators, list(drafted)),
        "recall_dense": dense_recall(real.indicators, list(drafted), index) if dense else None,
        "measurable": sum(s.annual_value.measurable for s in drafted) / n,
        "coverage": sum(label in labels for label in REQUIRED) / len(REQUIRED),
        "evidence": sum(bool(s.evidence) for s in drafted) / n,
        "errors": sum(f.severity == "error" for f in report.findings),
        "warnings": sum(f.severity == "warning" for f in report.findings),
        "size": len(drafted),
    }


def _mean(rows: list[dict[str, float | None]]) -> Scores:
    if not rows:
        return Scores()
    means = {}
    for k in rows[0]:
        values = [v for r in rows if (v := r[k]) is not None]
        if values:
            means[k] = round(statistics.fmean(values), 4)
    return Scores(projects=len(rows), **means)


def _drafts(project: RealProject, index: Index) -> Iterator[tuple[str, list[Suggestion]]]:
    request = DraftRequest(
        name=project.name, goal=project.goal, amount=project.amount, department=project.department
    )
    yield "draft", compose(request, index, exclude={project.name}).indicators
    yield "most_similar", _most_similar(project, index)
    yield "template", _template()


def evaluate(
    index: Index,
    projects: list[RealProject],
    progress: Callable[[str], None] | None = None,
) -> Report:
    dense = reads_chinese(index)
    rows: dict[str, dict[str, list[dict[str, float | None]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for i, project in enumerate(projects):
        if progress:
            progress(project.name)
        for method, drafted in _drafts(project, index):
            scored = _score_one(project, drafted, index, dense)
            for group in ("全部", SPLITS[i % 2], project.sector):
                rows[group][method].append(scored)
    table = {group: {m: _mean(rows[group][m]) for m in METHODS} for group in rows}
    overall = table.pop("全部", {m: Scores() for m in METHODS})
    splits = {name: table.pop(name) for name in SPLITS if name in table}
    return Report(
        overall=overall,
        by_sector=dict(sorted(table.items())),
        splits=splits,
        match_dense=_dense_match(index, dense),
    )


def _dense_match(index: Index, usable: bool) -> str | None:
    if not index.dense_enabled:
        return None
    if not usable:
        return f"未计算：向量模型（{index.embed_model}）分不清不相关的中文指标名称（余弦 ≥ {DENSE_MATCH}）"
    return f"同一级类别且名称向量余弦 ≥ {DENSE_MATCH}（{index.embed_model}）"
