"""The seed table through the batch, in process: originals untouched, vague indicators rewritten,
a failing project isolated, a stopped run resumed without redoing anything."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

import assistant.refine.project as suggest_module
from assistant.batch import BatchOptions, BatchPlan, Stop, close, execute, prepare, write_outputs
from assistant.batch.journal import read_journal
from assistant.batch.results import ProjectResult
from assistant.batch.workbook import REVIEW_SHEET
from assistant.corpus import load_shipped
from assistant.index import Index
from assistant.refine.project import ProjectSuggestions
from assistant.schema import Amounts, Indicator, Project, Table
from assistant.tables import write_table
from assistant.tables.packed import parse_item, split_items

VAGUE_VALUES = ("提高", "增加功能", "按需支出")


@pytest.fixture(scope="module")
def index() -> Index:
    return Index.build(load_shipped())


@pytest.fixture
def seed_copy(seed_path: Path, tmp_path: Path) -> Path:
    target = tmp_path / "seed.txt"
    target.write_bytes(seed_path.read_bytes())
    return target


def _run(plan: BatchPlan, index: Index) -> list[ProjectResult]:
    seen: list[ProjectResult] = []
    execute(plan, index, on_result=seen.append, stop=Stop())
    close(plan, write_outputs(plan))
    return seen


def _raw_items(path: Path) -> dict[str, list[dict[str, str]]]:
    """Project name → its indicators as raw texts, straight from the packed file."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 7 and cells[6].strip() and "年度指标值" in cells[6]:
            out[cells[0].strip()] = [parse_item(item) for item in split_items(cells[6])]
    return out


def _review_rows(path: Path) -> list[dict[str, object]]:
    ws = load_workbook(path)[REVIEW_SHEET]
    header = [c.value for c in ws[2]]
    rows, project = [], None
    for values in ws.iter_rows(min_row=3, values_only=True):
        row = dict(zip(header, values, strict=True))
        project = row["项目名称"] or project
        rows.append({**row, "项目名称": project})
    return rows


def test_seed_through_the_whole_batch(seed_copy: Path, index: Index) -> None:
    plan = prepare(BatchOptions(input=seed_copy, report=seed_copy.with_name("报告.md")))
    _run(plan, index)
    rows = _review_rows(plan.paths.output)
    _assert_originals_untouched(rows, plan.paths.input)
    _assert_vague_ones_rewritten(rows)
    _assert_summary_and_report(plan)


def _assert_originals_untouched(rows: list[dict[str, object]], source: Path) -> None:
    """Every original row's categories, name and values are the packed input's raw texts."""
    originals: dict[str, list[tuple[object, ...]]] = {}
    for row in rows:
        if row["审核状态"] == "原指标":
            cells = (
                row["一级指标"],
                row["二级指标"],
                row["三级指标"],
                row["年度指标值"],
                row["实施周期指标值"] or "",
            )
            originals.setdefault(str(row["项目名称"]), []).append(cells)
    expected = {
        name: [
            (
                i["level1"],
                i["level2"],
                i["name"],
                i.get("annual_value", ""),
                i.get("period_value", ""),
            )
            for i in items
        ]
        for name, items in _raw_items(source).items()
    }
    assert originals == expected
    assert sum(len(v) for v in originals.values()) == 73


def _assert_vague_ones_rewritten(rows: list[dict[str, object]]) -> None:
    """「提高」「增加功能」「按需支出」 are flagged; most have a 建议修改 right below them, whose
    依据 cites a real indicator of another table or says there is none (「增加功能」's only close
    record is a project of the seed itself, which is no support)."""
    rewritten = 0
    seed_projects = {str(r["项目名称"]) for r in rows}
    for vague in VAGUE_VALUES:
        at = next(
            i for i, r in enumerate(rows) if r["审核状态"] == "原指标" and r["年度指标值"] == vague
        )
        assert rows[at]["问题代码"] and "V001" in str(rows[at]["问题代码"])
        if rows[at + 1]["审核状态"] != "建议修改":
            continue
        rewritten += 1
        cited = str(rows[at + 1]["依据（相似的真实指标）"] or "")
        assert rows[at + 1]["建议三级指标"] and cited
        assert not any(f"（{name}" in cited for name in seed_projects), cited
    assert rewritten >= 2


def _assert_summary_and_report(plan: BatchPlan) -> None:
    ws = load_workbook(plan.paths.output)["项目汇总"]
    names = [ws.cell(row=r, column=2).value for r in range(2, 18)]
    assert names == [p.name for p in plan.table.projects] and len(names) == 16
    assert all(isinstance(ws.cell(row=r, column=5).value, int) for r in range(2, 18))
    text = plan.paths.report.read_text(encoding="utf-8")
    assert all(p.name in text for p in plan.table.projects)
    assert not plan.paths.journal.exists()  # complete without failures: the journal is done with


def test_one_failing_project_is_recorded_and_the_run_goes_on(
    seed_copy: Path, index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = suggest_module.suggest_for_project

    def flaky(project: Project, idx: Index) -> ProjectSuggestions:
        if project.name == "来穗工作经费":
            raise RuntimeError("模拟的失败 api_key=sk-secret123456")
        return real(project, idx)

    monkeypatch.setattr(suggest_module, "suggest_for_project", flaky)
    plan = prepare(BatchOptions(input=seed_copy))
    results = _run(plan, index)
    failed = [r for r in results if r.failed]
    assert [r.name for r in failed] == ["来穗工作经费"] and "模拟的失败" in str(failed[0].error)
    assert failed[0].report is not None  # still checked and scored
    assert len(results) == 16
    _, records, _ = read_journal(plan.paths.journal)  # kept, so a resume can retry the failure
    assert [r.name for r in records if r.failed] == ["来穗工作经费"]
    assert "secret123456" not in plan.paths.journal.read_text(encoding="utf-8")  # masked on disk
    page = plan.paths.report.read_text(encoding="utf-8")
    assert "处理失败" in page and "模拟的失败" in page

    monkeypatch.setattr(suggest_module, "suggest_for_project", real)
    retry = prepare(BatchOptions(input=seed_copy, resume=True))
    assert retry.todo() == [3]
    assert [r.name for r in _run(retry, index)] == ["来穗工作经费"]
    assert not retry.paths.journal.exists()


def test_stopped_run_resumes_without_redoing_a_project(
    seed_copy: Path, index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = suggest_module.suggest_for_project

    def counted(project: Project, idx: Index) -> ProjectSuggestions:
        calls.append(project.name)
        return real(project, idx)

    monkeypatch.setattr(suggest_module, "suggest_for_project", counted)
    plan = prepare(BatchOptions(input=seed_copy))
    stop = Stop()
    first = []

    def on_result(result: ProjectResult) -> None:
        first.append(result)
        if len(first) == 5:
            stop.request()  # what Ctrl-C does

    assert execute(plan, index, on_result=on_result, stop=stop) is True
    close(plan, write_outputs(plan))
    assert (
        len(first) in (5, 6) and plan.paths.journal.exists()
    )  # the project already started finishes
    assert "尚未完成" in plan.paths.report.read_text(encoding="utf-8")

    resumed = prepare(BatchOptions(input=seed_copy, resume=True))
    second = _run(resumed, index)
    assert len(second) == 16 - len(first)
    assert sorted(calls) == sorted(p.name for p in plan.table.projects)  # each exactly once
    ws = load_workbook(resumed.paths.output)["项目汇总"]
    assert [ws.cell(row=r, column=12).value for r in range(2, 18)] == ["已完成"] * 16


def test_only_flagged_skips_suggestions_for_clean_projects(
    tmp_path: Path, index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    def ind(name: str, value: str, level2: str, level1: str = "产出指标") -> Indicator:
        return Indicator.from_text(level1=level1, level2=level2, name=name, annual_value=value)

    clean = Project(
        name="社区居民健康培训项目",
        goal="为辖区居民开展健康培训",
        amounts=Amounts(total=20.0),
        indicators=[
            ind("培训人次", "≥500人次", "数量指标"),
            ind("培训合格率", "≥95%", "质量指标"),
            ind("培训完成时间", "2024年12月31日前", "时效指标"),
            ind("培训总成本", "≤20万元", "成本指标"),
            ind("居民健康知识知晓率", "≥85%", "社会效益指标", "效益指标"),
            ind("培训学员满意度", "≥90%", "服务对象满意度指标", "满意度指标"),
        ],
    )
    vague = Project(
        name="平台运维经费",
        goal="保障平台运行",
        amounts=Amounts(total=10.0),
        indicators=[ind("提高系统稳定性", "提高", "质量指标")],
    )
    source = tmp_path / "两个项目.txt"
    write_table(Table(projects=[clean, vague], department="某局"), source)
    calls: list[str] = []
    real = suggest_module.suggest_for_project

    def counted(project: Project, index: Index) -> ProjectSuggestions:
        calls.append(project.name)
        return real(project, index)

    monkeypatch.setattr(suggest_module, "suggest_for_project", counted)

    plan = prepare(BatchOptions(input=source, only_flagged=True))
    results = {r.name: r for r in _run(plan, index)}
    assert calls == ["平台运维经费"]
    kept = results["社区居民健康培训项目"].suggestions
    assert (
        kept is not None and kept.report.score == 100 and not kept.rewrites and not kept.additions
    )
    assert results["平台运维经费"].suggestions and results["平台运维经费"].suggestions.rewrites
    statuses = [
        r["审核状态"]
        for r in _review_rows(plan.paths.output)
        if r["项目名称"] == "社区居民健康培训项目"
    ]
    assert statuses == ["原指标"] * 6


def test_concurrent_run_gives_the_same_results(seed_copy: Path, index: Index) -> None:
    serial = _run(prepare(BatchOptions(input=seed_copy)), index)
    parallel = _run(prepare(BatchOptions(input=seed_copy, concurrency=4, force=True)), index)
    assert sorted(r.position for r in parallel) == list(range(16))
    by_position = {r.position: r.suggestions for r in serial}
    assert all(r.suggestions == by_position[r.position] for r in parallel)


def test_journal_fsyncs_are_grouped(
    seed_copy: Path, index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20: each project is flushed at once (kill -9 loses nothing), fsynced in groups —
    after the header, every SYNC_EVERY projects or second, and on close — not once a project."""
    from assistant.batch import journal as journal_module

    synced: list[int] = []
    written: list[int] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append(fd)
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(journal_module, "SYNC_SECONDS", 3600.0)
    plan = prepare(BatchOptions(input=seed_copy))
    execute(
        plan,
        index,
        on_result=lambda r: written.append(len(read_journal(plan.paths.journal)[1])),
        stop=Stop(),
    )
    assert written == list(range(1, 17))  # every project on disk as soon as it is done
    assert len(synced) == 1  # the header only: 16 projects < SYNC_EVERY
    close(plan, write_outputs(plan))
    assert len(synced) == 2  # and the rest on close
