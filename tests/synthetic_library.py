"""A small synthetic indicator library for the layered-index tests: projects of a few
departments, each with indicators of the usual kinds, names built from a small vocabulary so
that queries share tokens with many records (the statistics matter) and a few names repeat."""

from __future__ import annotations

import random

from assistant.schema import CorpusRecord, Indicator

SUBJECTS = ("系统", "设备", "培训", "宣传", "巡查", "维修", "网格员", "档案", "车辆", "食堂")
WORKS = ("运维", "建设", "购置", "服务", "保障", "整治")
MEASURES: tuple[tuple[str, str, str, str], ...] = (
    ("产出指标", "数量指标", "次数", "≥{n}次"),
    ("产出指标", "数量指标", "覆盖人数", "≥{n}人"),
    ("产出指标", "质量指标", "合格率", "≥{p}%"),
    ("产出指标", "质量指标", "正常运行率", "≥{p}%"),
    ("产出指标", "时效指标", "完成及时率", "100%"),
    ("效益指标", "社会效益指标", "知晓率", "≥{p}%"),
    ("成本指标", "经济成本指标", "经费控制数", "≤{n}万元"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥{p}%"),
)
DEPARTMENTS = ("区司法局", "区水务局", "区教育局", "区卫健局", "区城管局")
SECTORS = ("政法", "水务", "教育", "卫生", "城管")
QUALIFIERS = ("", "", "年度", "全区", "项目")


def library(n_projects: int, seed: int = 1, tag: str = "P") -> list[CorpusRecord]:
    rng = random.Random(seed)
    out: list[CorpusRecord] = []
    for p in range(n_projects):
        d = rng.randrange(len(DEPARTMENTS))
        subject, other = rng.sample(SUBJECTS, 2)
        project = f"{subject}{other}{rng.choice(WORKS)}项目{p % 7}"
        goal = f"完成{subject}{rng.choice(WORKS)}，提升{other}管理水平，服务群众{rng.randrange(5, 90)}00人次"
        year = rng.choice((2023, 2024, 2025))
        for i, (l1, l2, measure, value) in enumerate(rng.sample(MEASURES, rng.randrange(3, 7))):
            name = f"{rng.choice(QUALIFIERS)}{rng.choice((subject, other))}{measure}"
            raw = value.format(n=rng.randrange(2, 400), p=rng.choice((85, 90, 95, 98)))
            out.append(
                CorpusRecord(
                    id=f"{tag}{p}-{i}",
                    origin=rng.choice(("table", "library", "user")),
                    indicator=Indicator.from_text(
                        level1=l1, level2=l2, name=name, annual_value=raw
                    ),
                    project=project,
                    department=DEPARTMENTS[d],
                    region="测试市",
                    year=year,
                    sector=SECTORS[d],
                    goal=goal,
                    source=f"fixture-{tag}",
                )
            )
    return out


def renamed(r: CorpusRecord, suffix: str) -> CorpusRecord:
    """The same record (same id) with a changed name: a new version of it."""
    return r.model_copy(
        update={"indicator": r.indicator.model_copy(update={"name": r.indicator.name + suffix})}
    )
