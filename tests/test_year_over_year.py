"""`check --previous`: on a copy of the seed changed by hand (targets lowered, an indicator
dropped, a project renamed with a year prefix) exactly those changes are reported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from assistant.checks import check_project
from assistant.schema import Project, Table
from assistant.tables import read_table, write_table
from assistant.values import parse_value
from assistant.year_over_year import compare, match_projects


def _changed(seed: Table) -> Table:
    this = seed.model_copy(deep=True)
    by_name = {p.name: p for p in this.projects}
    by_name["公费医疗超支及自付经费"].name = "2025年公费医疗超支及自付经费"
    platform = by_name["矛盾纠纷多元化解平台运维费"]
    timing = next(i for i in platform.indicators if i.name == "维护及时时间")
    timing.annual_value = parse_value("72小时内解决")
    camera = by_name["白云区2082支高清摄像机租赁项目"]
    intact = next(i for i in camera.indicators if i.name.startswith("设备完好率"))
    intact.annual_value = parse_value("完好率不低于95%")
    wages = by_name["政府雇员工资经费"]
    wages.indicators = [i for i in wages.indicators if i.name != "编外人员工资支付及时性"]
    return this


def _yearly(this: Table, last: Table) -> list[tuple[str, str | None, str]]:
    reports, table = compare(this, last, [check_project(p) for p in this.projects])
    rows = [
        (r.name, f.indicator, f.code) for r in reports for f in r.findings if f.code.startswith("Y")
    ]
    return rows + [("（全表）", None, f.code) for f in table]


def test_exactly_the_hand_made_changes_are_reported(seed_path: Path) -> None:
    last = read_table(seed_path)
    assert sorted(_yearly(_changed(last), last)) == sorted(
        [
            ("矛盾纠纷多元化解平台运维费", "维护及时时间", "Y001"),
            ("白云区2082支高清摄像机租赁项目", "设备完好率%", "Y001"),
            ("政府雇员工资经费", "编外人员工资支付及时性", "Y002"),
        ]
    )


def test_an_unchanged_table_reports_nothing(seed_path: Path) -> None:
    last = read_table(seed_path)
    assert _yearly(last.model_copy(deep=True), last) == []


def test_renamed_projects_match_and_new_or_gone_ones_are_named(seed_path: Path) -> None:
    last = read_table(seed_path)
    this = _changed(last)
    this.projects = this.projects[1:] + [
        this.projects[0].model_copy(update={"name": "社区矫正经费"})
    ]
    pairs, new, gone = match_projects(this, last)
    assert [p.name for p in new] == ["社区矫正经费"] and [p.name for p in gone] == [
        "公费医疗超支及自付经费"
    ]
    assert len(pairs) == 15
    codes = [code for _, _, code in _yearly(this, last)]
    assert codes.count("Y004") == 1 and codes.count("Y005") == 1


def test_cli_previous_names_both_years_values(seed_path: Path, tmp_path: Path) -> None:
    this = tmp_path / "2025.json"
    write_table(_changed(read_table(seed_path)), this)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant.cli.main",
            "check",
            str(this),
            "--previous",
            str(seed_path),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    found = [
        f for p in json.loads(run.stdout)["projects"] for f in p["findings"] if f["code"] == "Y001"
    ]
    assert any("48小时内解决" in f["message"] and "72小时内解决" in f["message"] for f in found)


def test_an_amount_that_moved_a_lot_while_the_goal_did_not(seed_path: Path) -> None:
    last = read_table(seed_path)
    this = last.model_copy(deep=True)
    project = next(p for p in this.projects if p.name == "来穗工作经费")
    project.amounts.total = 80.0  # 50 → 80万元, the same goal
    rows = _yearly(this, last)
    assert rows == [("来穗工作经费", None, "Y003")]
    reports, _ = compare(this, last, [check_project(p) for p in this.projects])
    message = next(f.message for r in reports for f in r.findings if f.code == "Y003")
    assert "50 万元" in message and "80 万元" in message


def test_tables_of_two_departments_need_force(seed_path: Path, tmp_path: Path) -> None:
    other = read_table(seed_path).model_copy(update={"department": "某区教育局"})
    path = tmp_path / "other.json"
    write_table(other, path)
    cmd = [
        sys.executable,
        "-m",
        "assistant.cli.main",
        "check",
        str(seed_path),
        "--previous",
        str(path),
        "--format",
        "json",
    ]
    refused = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2 and "部门不同" in refused.stderr and "--force" in refused.stderr
    assert (
        subprocess.run([*cmd, "--force"], capture_output=True, text=True, timeout=120).returncode
        == 0
    )


def _batch(args: list[object]) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "assistant.cli.main", "batch", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def test_batch_previous_reports_the_changes_and_the_projects_gone(
    seed_path: Path, tmp_path: Path
) -> None:
    """`batch --previous`: the per-project changes in the workbook and the report, the table's
    own (a project new this year, last year's projects not carried over) in the report's
    whole-table section."""
    from openpyxl import load_workbook

    last = read_table(seed_path)
    this = _changed(last)
    kept = ("矛盾纠纷多元化解平台运维费", "政府雇员工资经费")
    this.projects = [p for p in this.projects if p.name in kept]
    this.projects.append(last.projects[0].model_copy(update={"name": "社区矫正经费"}))
    path, out, report = tmp_path / "2025.json", tmp_path / "out.xlsx", tmp_path / "r.md"
    write_table(this, path)
    run = _batch([path, "--previous", seed_path, "-o", out, "--report", report])
    assert run.returncode == 0, run.stderr
    text = report.read_text(encoding="utf-8")
    whole = text.split("## 全表的问题与上年比较", 1)[1].split("\n## ", 1)[0]
    assert "Y004" in whole and "社区矫正经费" in whole
    assert whole.count("Y005") == len(last.projects) - len(kept)
    assert "48小时内解决" in text and "72小时内解决" in text  # Y001 names both years' values
    cells = [
        str(c)
        for row in load_workbook(out).worksheets[0].iter_rows(values_only=True)
        for c in row
        if c
    ]
    assert any("Y001" in c for c in cells) and any("Y002" in c for c in cells)


def test_batch_previous_refuses_to_write_over_last_years_table(
    seed_path: Path, tmp_path: Path
) -> None:
    last = tmp_path / "2024.xlsx"
    write_table(read_table(seed_path), last)
    before = last.read_bytes()
    run = _batch([seed_path, "--previous", last, "-o", last, "--force"])
    assert run.returncode == 2 and "上年的表" in run.stderr
    assert last.read_bytes() == before


def test_added_findings_count_in_the_summary_but_leave_the_score() -> None:
    from assistant.checks import ProjectReport
    from assistant.checks.rules import finding

    report = ProjectReport(name="x", score=90, summary="90 分", findings=[])
    dropped = finding("Y002", "受益人数", "上年的指标「受益人数」今年没有了。")
    added = report.with_findings([dropped])
    assert added.score == 90 and "1 个警告" in added.summary and added.findings == [dropped]
    assert report.with_findings([]) is report


def test_projects_pair_one_to_one_the_same_way_project_by_project(seed_path: Path) -> None:
    """Two of this year's projects named like one of last year's: the first takes it, the other
    is new — in the whole-table review and for the TUI's project-by-project findings alike."""
    from assistant.year_over_year import LastYear

    last = read_table(seed_path)
    wages = next(p for p in last.projects if p.name == "政府雇员工资经费")
    dropped = wages.model_copy(update={"indicators": wages.indicators[:1]})
    this = Table(
        projects=[
            dropped.model_copy(update={"name": "2025年政府雇员工资经费"}),
            dropped.model_copy(update={"name": "政府雇员工资经费（续）"}),
        ]
    )
    per_project, whole = LastYear(last).review(this)
    assert list(per_project) == [0]
    assert [f.code for f in whole].count("Y004") == 1 and "（续）" in whole[0].message
    bound = LastYear(last, this)
    assert bound.findings(this.projects[0]) == per_project[0]
    assert bound.findings(this.projects[1]) == []


def test_batch_lists_the_changes_of_a_project_without_a_report(seed_path: Path) -> None:
    from assistant.batch.results import ProjectResult
    from assistant.batch.summary import batch_figures
    from assistant.year_over_year import LastYear

    last = read_table(seed_path)
    this = _changed(last)
    wages = next(i for i, p in enumerate(this.projects) if p.name == "政府雇员工资经费")
    failed = {wages: ProjectResult(position=wages, name="政府雇员工资经费", error="模型出错")}
    figures = batch_figures(this, failed, last_year=LastYear(last))
    named = [f for f in figures.table_findings if f.code == "Y002"]
    assert len(named) == 1 and named[0].message.startswith("「政府雇员工资经费」：")


def test_the_resume_command_keeps_previous_and_force(tmp_path: Path) -> None:
    from assistant.batch import BatchOptions, prepare
    from assistant.cli.batch_cmd import resume_command

    table = tmp_path / "t.json"
    write_table(Table(projects=[Project(name="项目甲")], department="甲"), table)
    last = tmp_path / "last.json"
    write_table(Table(projects=[Project(name="项目甲")], department="乙"), last)
    options = BatchOptions(input=table, previous=last, force=True)
    plan = prepare(options)
    try:
        command = resume_command(options, plan)
    finally:
        plan.journal.close()
        if plan.lock is not None:
            plan.lock.release()
    assert f"--previous {last}" in command and command.endswith("--force")


def test_the_check_report_shows_a_dropped_indicator(seed_path: Path, tmp_path: Path) -> None:
    this = tmp_path / "2025.json"
    write_table(_changed(read_table(seed_path)), this)
    cmd = [sys.executable, "-m", "assistant.cli.main", "check", str(this), "--previous"]
    run = subprocess.run([*cmd, str(seed_path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and "Y002" in run.stdout
    same = subprocess.run([*cmd, str(this)], capture_output=True, text=True, timeout=120)
    assert same.returncode == 2 and "同一个文件" in same.stderr


def test_a_score_floor_lowered_is_a_target_lowered(seed_path: Path) -> None:
    last = read_table(seed_path)
    this = last.model_copy(deep=True)
    project = this.projects[0]
    project.indicators[0].annual_value = parse_value("群众安全感达80分以上")
    last.projects[0].indicators[0].annual_value = parse_value("群众安全感达90分以上")
    assert "Y001" in [code for _, _, code in _yearly(this, last)]


def test_an_addition_the_project_has_already_is_not_offered() -> None:
    """安全隐患整治率 kept in 效益 is not added again for the missing 质量 (renew and suggest)."""
    from assistant.refine.project import for_missing
    from assistant.schema import Indicator, Suggestion

    project = Project(
        name="来穗工作经费",
        indicators=[
            Indicator.from_text(level2="社会效益指标", name="安全隐患整治率", annual_value="≥95%")
        ],
    )
    drafted = [
        Suggestion.from_text(level2="质量指标", name="安全隐患整治率", annual_value="≥95%"),
        Suggestion.from_text(level2="质量指标", name="登记信息准确率", annual_value="≥98%"),
    ]
    assert [s.name for s in for_missing(drafted, ["质量"], project)] == ["登记信息准确率"]
