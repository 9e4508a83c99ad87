"""Rules that use the project's type: C020 (another kind of project's indicator) and P020 (the
main output has no count). They flag the wrong-kind lines found in real drafts and none of the
seed's own indicators."""

from __future__ import annotations

from pathlib import Path

from assistant.checks import check_project
from assistant.schema import Indicator, Project


def _ind(name: str, level2: str = "质量指标", value: str = "=100%") -> Indicator:
    level1 = "效益指标" if "效益" in level2 else "产出指标"
    return Indicator.from_text(level1=level1, level2=level2, name=name, annual_value=value)


def _codes(project: Project, code: str) -> list[str | None]:
    return [f.indicator for f in check_project(project).findings if f.code == code]


def test_platform_lines_in_a_road_repair_are_another_kind() -> None:
    p = Project(
        name="城区道路维修工程",
        goal="完成城区道路维修3.2万平方米",
        indicators=[
            _ind("维修改造面积", "数量指标", "=3.2万平方米"),
            _ind("应用平台建设完成率"),
            _ind("平台建设合格率"),
            _ind("工程验收合格率"),
        ],
    )
    assert _codes(p, "C020") == ["应用平台建设完成率", "平台建设合格率"]
    finding = next(f for f in check_project(p).findings if f.code == "C020")
    assert "信息化建设" in finding.message and "维修改造" in finding.message and finding.hint


def test_equipment_lines_in_a_security_service_are_another_kind() -> None:
    p = Project(
        name="中小学校园安保服务购买",
        indicators=[
            _ind("安保服务人员数", "数量指标", "=90人"),
            _ind("设备验收合格率"),
            _ind("政府采购率", value="≥30%"),
        ],
    )
    assert _codes(p, "C020") == ["设备验收合格率", "政府采购率"]


def test_a_subject_the_project_names_is_not_foreign() -> None:
    p = Project(name="高龄津贴管理平台建设", indicators=[_ind("应用平台建设完成率")])
    assert _codes(p, "C020") == []


def test_a_project_of_no_known_type_gets_no_type_rules() -> None:
    p = Project(name="量子纠缠观测站", indicators=[_ind("应用平台建设完成率", "数量指标")])
    assert _codes(p, "C020") == [] and _codes(p, "P020") == []


def test_a_rate_where_the_main_count_should_be_is_p020() -> None:
    p = Project(
        name="困难群众临时救助资金", indicators=[_ind("救助完成率", "数量指标"), _ind("救助覆盖率")]
    )
    found = [f for f in check_project(p).findings if f.code == "P020"]
    assert len(found) == 1 and "救助人次" in found[0].message and "人次" in found[0].hint


def test_a_count_or_a_slot_satisfies_p020() -> None:
    for value in ("=1200人次", "≥【请填写】人次"):
        p = Project(name="困难群众临时救助资金", indicators=[_ind("救助人次", "数量指标", value)])
        assert _codes(p, "P020") == []
    unitless = Project(name="公务用车购置经费", indicators=[_ind("车辆购置数量", "数量指标", "=1")])
    assert _codes(unitless, "P020") == []


def test_on_the_seed_c020_is_silent_and_p020_names_the_projects_without_a_count(
    seed_path: Path,
) -> None:
    from assistant.tables import read_table

    projects = read_table(seed_path).projects
    assert [p.name for p in projects if _codes(p, "C020")] == []
    flagged = [p.name for p in projects if _codes(p, "P020")]
    assert flagged == [
        "公费医疗超支及自付经费",
        "政府雇员公用经费",
        "政府雇员工资经费",
        "信创工作经费",
        "白云区流动人员和出租屋移动管理系统运维费用",
    ], flagged  # governance projects: no one main output, so no P020
