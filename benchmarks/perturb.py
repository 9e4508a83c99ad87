"""Realistic variations of real records, shared by the benchmarks.

An indicator name is varied the way people rewrite one: a synonym swapped, a character dropped
or added, a qualifier put in front (in scaled-up copies, one to three such changes). A project is moved to another region and year, and its name
re-prefixed, the way the same kind of project recurs across departments.
"""

from __future__ import annotations

import random

from assistant.schema import CorpusRecord

SYNONYMS: tuple[tuple[str, str], ...] = (
    ("完成率", "达成率"),
    ("满意度", "满意率"),
    ("及时率", "按时率"),
    ("合格率", "达标率"),
    ("人数", "人次"),
    ("覆盖率", "普及率"),
    ("维护", "维修"),
    ("开展", "组织"),
    ("系统", "平台"),
    ("设备", "设施"),
    ("宣传", "宣讲"),
    ("培训", "轮训"),
    ("经费", "资金"),
    ("项目", "工程"),
    ("数量", "数"),
    ("时间", "时限"),
    ("正常运行率", "完好率"),
    ("群众", "居民"),
    ("服务对象", "受益群众"),
    ("发放", "拨付"),
    ("检查", "巡查"),
    ("建设", "建成"),
)
QUALIFIERS: tuple[str, ...] = ("年度", "全年", "本年度", "全区", "累计", "项目", "工作")
FILLERS: tuple[str, ...] = ("的", "总", "按期", "有效")
REGIONS: tuple[str, ...] = (
    "广东省广州市天河区",
    "广东省深圳市南山区",
    "四川省成都市武侯区",
    "湖南省长沙市岳麓区",
    "江苏省南京市鼓楼区",
    "浙江省杭州市西湖区",
    "山东省济南市历下区",
    "河南省郑州市金水区",
    "湖北省武汉市洪山区",
    "云南省昆明市五华区",
    "甘肃省兰州市城关区",
    "吉林省长春市南关区",
)


def perturb_name(name: str, rng: random.Random) -> str:
    """A different but same-meaning name (falls back to a qualifier when nothing else applies)."""
    swaps = [(a, b) for a, b in SYNONYMS if a in name] + [(b, a) for a, b in SYNONYMS if b in name]
    moves = ["drop", "insert", "qualify"] + (["swap"] * 3 if swaps else [])
    move = rng.choice(moves)
    if move == "swap":
        old, new = rng.choice(swaps)
        varied = name.replace(old, new, 1)
    elif move == "drop" and len(name) > 4:
        i = rng.randrange(1, len(name) - 1)
        varied = name[:i] + name[i + 1 :]
    elif move == "insert" and len(name) > 2:
        i = rng.randrange(1, len(name))
        varied = name[:i] + rng.choice(FILLERS) + name[i:]
    else:
        varied = rng.choice(QUALIFIERS) + name
    return varied if varied != name else rng.choice(QUALIFIERS) + name


def _project_name(name: str, region: str, year: int) -> str:
    district = region[-3:]
    return f"{year}年{district}{name}"


def scale(
    records: list[CorpusRecord], size: int, seed: int = 7
) -> tuple[list[CorpusRecord], dict[str, str]]:
    """`size` records: the originals, then varied copies, project by project.

    Returns the records and, for each varied name, the name it was made from.
    """
    rng = random.Random(seed)
    out = list(records[:size])
    source_of: dict[str, str] = {}
    copy = 0
    while len(out) < size:
        copy += 1
        region, year = rng.choice(REGIONS), rng.randrange(2016, 2027)
        for r in records:
            if len(out) >= size:
                break
            name = r.indicator.name
            if rng.random() < 0.7:
                varied = name
                for _ in range(rng.choice((1, 1, 2, 3))):
                    varied = perturb_name(varied, rng)
                source_of.setdefault(varied, name)
                name = varied
            project = _project_name(r.project, region, year) if r.project else None
            out.append(
                r.model_copy(
                    update={
                        "id": f"{r.id}-{copy}",
                        "indicator": r.indicator.model_copy(update={"name": name}),
                        "project": project,
                        "region": region if r.project else r.region,
                        "year": year if r.project else r.year,
                    }
                )
            )
    return out, source_of
