"""`jixiao renew`: last year's table becomes this year's; every indicator accounted for; only
mechanical, certain fixes applied; counts become slots with last year's value; defects
proposed, never silently changed; last year's file never touched."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assistant.corpus import load_shipped
from assistant.errors import InputError
from assistant.index import Index
from assistant.renew import renew_table, renewal_year
from assistant.schema import Amounts, Indicator, Project, Table


@pytest.fixture(scope="module")
def index() -> Index:
    return Index.build(load_shipped())


def _ind(name: str, value: str, level2: str = "质量指标") -> Indicator:
    level1 = (
        "满意度指标"
        if level2.startswith("服务对象")
        else "效益指标"
        if "效益" in level2
        else "产出指标"
    )
    return Indicator.from_text(level1=level1, level2=level2, name=name, annual_value=value)


def _table() -> Table:
    project = Project(
        name="2024年网格员业务培训经费",
        goal="2024年培训网格员600人次",
        amounts=Amounts(total=16),
        indicators=[
            _ind("培训人次", "=600人次", "数量指标"),
            _ind("培训考核合格率", "95%"),
            _ind("培训计划完成时间", "2024年11月底前", "时效指标"),
            _ind("提高培训质量", "提高", "社会效益指标"),
            _ind("参训学员满意度", "≥90%", "服务对象满意度指标"),
        ],
    )
    return Table(projects=[project], year=2024)


def test_each_indicator_is_kept_fixed_slotted_or_flagged(index: Index) -> None:
    renewal = renew_table(_table(), index)
    assert renewal.year == 2025 and "2024" in renewal.year_source
    p = renewal.projects[0]
    assert p.project.name == "2025年网格员业务培训经费" and p.project.goal.startswith("2025年")
    status = {i.original.name: i for i in p.items}
    assert (
        status["培训人次"].status == "slot"
        and status["培训人次"].renewed.annual_value.text() == "≥【请填写】人次"
    )
    assert "上年 =600人次" in status["培训人次"].reasons[0]
    assert (
        status["培训考核合格率"].status == "fixed"
        and status["培训考核合格率"].renewed.annual_value.text() == "≥95%"
    )
    assert status["培训计划完成时间"].renewed.annual_value.raw == "2025年11月底前"
    flagged = status["提高培训质量"]
    assert (
        flagged.status == "flagged" and flagged.renewed == flagged.original
    )  # never silently changed
    assert status["参训学员满意度"].status == "kept"
    assert sum(v for k, v in renewal.counts().items() if k != "added") == 5


def test_the_year_comes_from_the_flag_or_the_table_else_a_chinese_question() -> None:
    assert renewal_year(Table(year=2024), None)[0] == 2025
    assert renewal_year(Table(year=2024), 2027) == (2027, "--year 指定")
    with pytest.raises(InputError, match="--year"):
        renewal_year(Table(), None)


def test_the_seed_renews_to_2025_with_every_indicator_accounted_for(
    seed_path: Path, index: Index
) -> None:
    from assistant.tables import read_table

    table = read_table(seed_path)
    renewal = renew_table(table, index)
    counts = renewal.counts()
    assert renewal.year == 2025 and len(renewal.projects) == 16
    assert sum(v for k, v in counts.items() if k != "added") == 73
    values = [i.renewed.annual_value.raw for p in renewal.projects for i in p.items]
    assert not [v for v in values if "2024年" in v]
    vague = [
        i
        for p in renewal.projects
        for i in p.items
        if i.original.annual_value.raw in ("提高", "增加功能", "按需支出")
    ]
    assert vague and all(i.status == "flagged" for i in vague)
    assert any(i.proposal is not None for i in vague)
    assert counts["slot"] >= 1


def test_cli_writes_the_new_table_and_report_and_refuses_last_years_file(
    seed_path: Path, tmp_path: Path
) -> None:
    last = tmp_path / "seed-2024.txt"
    last.write_bytes(seed_path.read_bytes())
    before = last.read_bytes()
    out, report = tmp_path / "2025.xlsx", tmp_path / "续编说明.md"
    cmd = [
        sys.executable,
        "-m",
        "assistant.cli.main",
        "renew",
        str(last),
        "-o",
        str(out),
        "--report",
        str(report),
    ]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert (
        "16 个项目续编为 2025 年" in run.stderr
        and out.exists()
        and "续编说明" in report.read_text(encoding="utf-8")
    )
    assert last.read_bytes() == before
    same = subprocess.run(
        [*cmd[:4], str(last), "-o", str(last)], capture_output=True, text=True, timeout=120
    )
    assert same.returncode == 2 and "上年的表" in same.stderr and last.read_bytes() == before
