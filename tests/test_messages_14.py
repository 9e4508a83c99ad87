"""Issue 14, messages and small things: every file jixiao writes it reads back, fewer indicators
than asked for are explained, out-of-range options name the range, adding a table twice says so,
origins are named in Chinese."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli.corpus_cmd import origin_counts
from assistant.corpus import load_shipped, stats, user_library_dir
from assistant.schema import Draft, Suggestion
from assistant.tables import read_table


def _jixiao(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli.main", *args], capture_output=True, text=True, cwd=cwd
    )


def _draft(n: int) -> Draft:
    names = ["培训人次", "培训合格率", "培训完成时间", "培训总成本", "网格事件办结率", "学员满意度"]
    values = ["≥500人次", "≥95%", "2024年12月31日前", "≤16万元", "≥95%", "≥90%"]
    level2 = ["数量指标", "质量指标", "时效指标", "成本指标", "社会效益指标", "服务对象满意度指标"]
    level1 = ["产出指标"] * 4 + ["效益指标", "满意度指标"]
    inds = [
        Suggestion.from_text(
            level1=a, level2=b, name=c, annual_value=d, explanation="取同类指标的中位数"
        )
        for a, b, c, d in list(zip(level1, level2, names, values, strict=True))[:n]
    ]
    return Draft(project="社区网格员培训经费", goal="全年组织网格员业务培训", indicators=inds)


def test_a_json_draft_reads_back_as_a_table(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text(_draft(6).model_dump_json(indent=2), encoding="utf-8")
    table = read_table(path)
    assert [p.name for p in table.projects] == ["社区网格员培训经费"]
    assert [i.name for i in table.projects[0].indicators][:2] == ["培训人次", "培训合格率"]
    assert table.projects[0].goal == "全年组织网格员业务培训"


def test_draft_json_output_is_checkable(tmp_path: Path) -> None:
    run = _jixiao(
        "draft",
        "--name",
        "社区网格员培训经费",
        "--goal",
        "全年组织网格员业务培训",
        "--amount",
        "16",
        "--format",
        "json",
        "-o",
        "d.json",
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    check = _jixiao("check", "d.json", cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert "社区网格员培训经费" in check.stdout and "JSON 应为" not in check.stderr


def test_fewer_indicators_than_asked_for_are_explained() -> None:
    from assistant.draft import compose, make_request
    from assistant.index import Index

    index = Index.build(load_shipped())
    short = compose(make_request(name="量子纠缠观测站", count=12), index)
    assert len(short.indicators) < 12
    assert any(f"只给出 {len(short.indicators)} 条（要求 12 条）" in n for n in short.notices)
    enough = compose(make_request(name="量子纠缠观测站", count=6), index)
    assert not any("要求 6 条" in n for n in enough.notices)
    unasked = compose(make_request(name="量子纠缠观测站"), index)  # the default, not a request
    assert len(unasked.indicators) < 10 and not any("只给出" in n for n in unasked.notices)


@pytest.mark.parametrize("years", ["0", "11"])
def test_years_out_of_range_names_the_range(years: str) -> None:
    run = _jixiao("draft", "--name", "社区网格员培训经费", "--years", years)
    assert run.returncode == 2 and "允许 1–10" in run.stderr and f"收到 {years}" in run.stderr


def test_adding_the_same_table_twice_says_it_was_already_there(seed_path: Path) -> None:
    first = _jixiao("corpus", "add", str(seed_path))
    second = _jixiao("corpus", "add", str(seed_path))
    assert first.returncode == 0 and "已加入 73" in first.stdout.replace("\n", "")
    assert (
        second.returncode == 0
        and "已在用户指标库中" in second.stdout
        and "已加入" not in second.stdout
    )
    assert len(list(user_library_dir().glob("*.jsonl"))) == 1


def test_origins_are_named_in_chinese() -> None:
    assert set(stats(load_shipped())["来源"]) == {
        "种子表",
        "公开绩效表",
        "共性指标库",
    }
    assert origin_counts({"seed": 73, "library": 210}) == "种子表 73 条、共性指标库 210 条"
