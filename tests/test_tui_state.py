"""The TUI session state on its own: decisions, undo, regenerate, export assembly, save/restore."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

import tui.state
from assistant.schema import Evidence, Indicator, Project, Suggestion, Table
from tui.state import ProjectState, Session, offer_key
from tui.store import load_session, save_session, session_path


def ind(name: str, value: str, level2: str = "质量指标") -> Indicator:
    return Indicator.from_text(level1="", level2=level2, name=name, annual_value=value)


def sug(name: str, value: str, level2: str = "质量指标") -> Suggestion:
    ev = Evidence(id="T1", name=name, value=value, project="别的项目", department="某局", year=2023)
    return Suggestion.from_text(
        level1="", level2=level2, name=name, annual_value=value, evidence=[ev]
    )


@pytest.fixture
def session() -> Session:
    project = Project(
        name="运维项目",
        indicators=[
            ind("系统数量", "=3套", "数量指标"),
            ind("系统运行情况", "提高"),
            ind("满意度", "100%", "服务对象满意度指标"),
        ],
    )
    return Session.from_table(Table(projects=[project], department="某局", total=10), "/tmp/t.txt")


def ids(session: Session) -> list[str]:
    return [i.id for i in session.get("运维项目").items]


def names(project: Project) -> list[str]:
    return [i.name for i in project.indicators]


def test_rows_group_by_category_and_rewrites_follow_their_original(session: Session) -> None:
    original = ids(session)[1]
    session.offer_rewrites("运维项目", original, [sug("系统正常运行率", "≥99%")], "改写")
    session.offer_additions("运维项目", [sug("故障响应时间", "≤2小时", "时效指标")], "补充")
    rows = [i.indicator.name for i in session.get("运维项目").rows()]
    assert rows == ["系统数量", "系统运行情况", "系统正常运行率", "故障响应时间", "满意度"]


def test_export_keeps_originals_unless_replaced_or_rejected(session: Session) -> None:
    key = "运维项目"
    first, second, third = ids(session)
    session.offer_rewrites(key, second, [sug("系统正常运行率", "≥99%")], "改写")
    session.offer_rewrites(key, third, [sug("群众满意度", "≥90%", "服务对象满意度指标")], "改写")
    session.offer_additions(key, [sug("故障响应时间", "≤2小时", "时效指标")], "补充")
    rewrite_second, rewrite_third, addition = [i.id for i in session.get(key).pending()]
    assert names(session.get(key).assembled()) == ["系统数量", "系统运行情况", "满意度"]
    session.accept(key, rewrite_second)
    session.reject(key, rewrite_third)
    session.accept(key, addition)
    assert names(session.get(key).assembled()) == [
        "系统数量",
        "系统正常运行率",
        "满意度",
        "故障响应时间",
    ]
    assert session.get(key).status_label(session.get(key).item(second)) == "已替换"
    session.reject(key, first)
    assert names(session.export_table().projects[0]) == ["系统正常运行率", "满意度", "故障响应时间"]


def test_edit_applies_and_undo_restores_in_reverse_order(session: Session) -> None:
    key = "运维项目"
    second = ids(session)[1]
    session.edit(key, second, ind("系统正常运行率", "≥99%"))
    session.accept_all(key)  # nothing pending: no undo entry
    session.reject(key, ids(session)[0])
    assert names(session.get(key).assembled()) == ["系统正常运行率", "满意度"]
    undone = [session.undo(), session.undo()]
    assert [u.label if u else None for u in undone] == ["拒绝「系统数量」", "编辑「系统运行情况」"]
    assert names(session.get(key).assembled()) == ["系统数量", "系统运行情况", "满意度"]
    assert session.get(key).item(second).status == "original"
    assert session.undo() is None


def test_rejected_suggestions_are_not_offered_again(session: Session) -> None:
    key = "运维项目"
    (item,) = session.offer_additions(key, [sug("故障响应时间", "≤2小时", "时效指标")], "补充")
    session.reject(key, item.id)
    again = session.offer_additions(key, [sug("故障响应时间", "≤4小时", "时效指标")], "补充")
    assert again == []
    assert offer_key(item.indicator, "addition") in session.get(key).rejected
    session.undo()
    assert session.get(key).rejected == []


def test_additions_one_row_per_category_and_regenerate_walks_the_rest(session: Session) -> None:
    key = "运维项目"
    offered = [
        sug("故障响应时间", "≤2小时", "时效指标"),
        sug("完成时限", "≤12月", "时效指标"),
        sug("系统数量", "=3套", "时效指标"),
    ]
    (item,) = session.offer_additions(key, offered, "补充")
    assert [s.name for s in item.alternatives] == ["完成时限"]  # 系统数量 is already in the project
    assert session.regenerate(key, item.id)
    assert session.get(key).item(item.id).indicator.name == "完成时限"
    assert not session.regenerate(
        key, item.id, [sug("故障响应时间", "≤1小时", "时效指标")]
    )  # shown before
    assert session.regenerate(key, item.id, [sug("办结时间", "≤5个工作日", "时效指标")])
    assert session.get(key).item(item.id).evidence[0].name == "办结时间"


def test_regenerate_is_undone_by_undo_not_an_earlier_decision(session: Session) -> None:
    key = "运维项目"
    offered = [sug("故障响应时间", "≤2小时", "时效指标"), sug("完成时限", "≤12月", "时效指标")]
    (item,) = session.offer_additions(key, offered, "补充")
    original = ids(session)[0]
    session.reject(key, original)
    assert session.regenerate(key, item.id)
    entry = session.undo()
    assert entry is not None and entry.label.startswith("换一条")
    assert session.get(key).item(item.id).indicator.name == "故障响应时间"
    assert session.get(key).item(original).status == "rejected"  # the earlier reject stands


def test_resume_names_the_decisions_it_could_not_restore(session: Session) -> None:
    key = "运维项目"
    first, second = ids(session)[:2]
    session.reject(key, first)
    session.reject(key, second)
    changed = session.model_copy(deep=True)
    state = changed.get(key)
    state.items = [i for i in state.items if i.id != second]  # that row is gone from the table
    for item in state.items:
        item.status = "original"
    resumed = changed.resumed(session)
    lost = resumed.lost_decisions(session)
    assert len(lost) == 1 and lost[0].startswith(f"{state.project.name}：") and "拒绝" in lost[0]
    assert session.resumed(session).lost_decisions(session) == []


def test_accept_all_is_one_undo_step(session: Session) -> None:
    key = "运维项目"
    session.offer_additions(
        key, [sug("故障响应时间", "≤2小时", "时效指标"), sug("系统可用率", "≥99%")], "补充"
    )
    assert session.accept_all(key) == 2
    assert len(session.get(key).assembled().indicators) == 5
    session.undo()
    assert [i.status for i in session.get(key).pending()] == ["suggested", "suggested"]


def test_library_gets_only_accepted_and_edited(session: Session) -> None:
    key = "运维项目"
    (item,) = session.offer_additions(key, [sug("故障响应时间", "≤2小时", "时效指标")], "补充")
    assert session.library_projects() == []
    session.accept(key, item.id)
    session.edit(key, ids(session)[2], ind("群众满意度", "≥90%", "服务对象满意度指标"))
    (project,) = session.library_projects()
    assert names(project) == ["群众满意度", "故障响应时间"]


def test_drafted_project_offers_every_indicator(session: Session) -> None:
    drafted = Project(name="新项目")
    state = session.add_project(
        drafted, [sug("培训人次", "≥100人次", "数量指标"), sug("合格率", "≥95%")], "起草"
    )
    assert len(state.pending()) == 2 and state.drafted
    assert session.export_table().projects[-1].indicators == []


def test_save_and_resume_over_a_fresh_read(session: Session) -> None:
    key = "运维项目"
    second = ids(session)[1]
    session.offer_rewrites(key, second, [sug("系统正常运行率", "≥99%")], "改写")
    session.accept(key, session.get(key).pending()[0].id)
    session.say(key, "user", "再加一个时效指标")
    session.add_project(Project(name="新项目"), [sug("培训人次", "≥100人次", "数量指标")], "起草")
    path = save_session(session)
    assert path == session_path("/tmp/t.txt") and path.parent.name == "sessions"
    saved = load_session("/tmp/t.txt")
    assert saved is not None
    fresh = Session.from_table(Table(projects=[session.get(key).project]), "/tmp/t.txt")
    resumed = fresh.resumed(saved)
    assert names(resumed.get(key).assembled()) == ["系统数量", "系统正常运行率", "满意度"]
    assert resumed.get(key).conversation[0].text == "再加一个时效指标"
    assert [p.key for p in resumed.projects] == [key, "新项目"]
    assert load_session("/tmp/other.txt") is None


def test_ask_results_fill_rows_then_alternatives(session: Session) -> None:
    offered = [sug(f"候选指标{n}", "≥1个") for n in "甲乙丙丁戊"]
    rows = session.offer_additions("运维项目", offered, "对话", slots=3)
    assert [r.indicator.name for r in rows] == ["候选指标甲", "候选指标乙", "候选指标丙"]
    assert [s.name for r in rows for s in r.alternatives] == ["候选指标丁", "候选指标戊"]


def test_progress_in_words(session: Session) -> None:
    assert session.progress() == ""
    session.reject("运维项目", ids(session)[0])
    session.say("运维项目", "user", "再加一个时效指标")
    assert session.progress() == "已拒绝 1 条，对话 1 句"


def test_suggestions_for_a_project_are_matched_to_their_originals(session: Session) -> None:
    from assistant.schema import Finding, Refinement

    key = "运维项目"
    original = session.get(key).items[1].indicator
    finding = Finding(
        indicator=original.name, code="V001", severity="error", message="指标值不可衡量"
    )
    refinement = Refinement(
        original=original,
        findings=[finding],
        rewrites=[sug("系统正常运行率", "≥99%"), sug("系统可用率", "≥98%")],
    )
    unknown = Refinement(original=ind("别的指标", "提高"), rewrites=[sug("别的改写", "≥1个")])
    session.offer_suggestions(
        key, [refinement, unknown], [sug("故障响应时间", "≤2小时", "时效指标")]
    )
    state = session.get(key)
    rewrite, addition = state.pending()
    assert rewrite.target == state.items[1].id and rewrite.note == "改写原因：指标值不可衡量"
    assert [s.name for s in rewrite.alternatives] == ["系统可用率"]
    assert addition.kind == "addition" and state.suggested


def test_projects_of_the_same_name_get_keys_of_their_own() -> None:
    names = ["培训", "培训", "培训（2）", "培训", "宣传"]
    table = Table(projects=[Project(name=n) for n in names])
    keys = [p.key for p in Session.from_table(table, None).projects]
    assert keys == ["培训", "培训（2）", "培训（2）（2）", "培训（3）", "宣传"]


def _full(session: Session) -> object:
    return json.loads(session.model_dump_json(exclude_none=True))


def test_the_saved_json_follows_every_change_without_reserialising_untouched_projects(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = "运维项目"
    session.add_project(Project(name="别的项目"), [sug("培训人次", "≥100人次", "数量指标")], "起草")
    second = ids(session)[1]
    steps: list[Callable[[], object]] = [
        lambda: session.offer_rewrites(key, second, [sug("系统正常运行率", "≥99%")], "改写"),
        lambda: session.accept(key, session.get(key).pending()[0].id),
        lambda: session.undo(),
        lambda: session.reject(key, second),
        lambda: session.edit(key, ids(session)[0], ind("系统数量", "=4套", "数量指标")),
        lambda: session.offer_additions(key, [sug("故障响应时间", "≤2小时", "时效指标")], "补"),
        lambda: session.regenerate(key, session.get(key).pending()[0].id),
        lambda: session.accept_all(key),
        lambda: session.say(key, "user", "再加一个时效指标"),
        lambda: session.offer_goal(key, "保障系统稳定运行"),
        lambda: session.decide_goal(key, "accepted", "保障系统稳定运行"),
        lambda: session.set_types(key, ["information_system"]),
    ]
    assert json.loads(session.to_json()) == _full(session)
    for step in steps:
        step()
        assert json.loads(session.to_json()) == _full(session)
    dumped: list[str] = []
    serializer = tui.state._PROJECT_JSON

    class Counting:
        def to_json(self, state: ProjectState, *, exclude_none: bool) -> bytes:
            dumped.append(state.key)
            return serializer.to_json(state, exclude_none=exclude_none)

    monkeypatch.setattr(tui.state, "_PROJECT_JSON", Counting())
    session.accept_all(key)
    session.to_json()
    assert dumped == [key]  # 别的项目 was not reached since the last save: written as it was


def test_a_saved_session_loads_whole_after_incremental_saves(session: Session) -> None:
    save_session(session)
    session.say("运维项目", "user", "再加一个时效指标")
    save_session(session)
    saved = load_session("/tmp/t.txt")
    assert saved is not None and saved.model_dump() == session.model_dump()


def test_a_resumed_session_saves_the_decisions_laid_over_it(session: Session) -> None:
    key = "运维项目"
    decided = Session.model_validate_json(session.to_json())
    decided.reject(key, [i.id for i in decided.get(key).items][0])
    fresh = Session.model_validate_json(session.to_json())
    fresh.to_json()  # as the reading worker does, before the saved session is laid over it
    resumed = fresh.resumed(decided)
    assert resumed.lost_decisions(decided) == []
    assert json.loads(resumed.to_json()) == _full(resumed)
    assert json.loads(resumed.to_json())["projects"][0]["items"][0]["status"] == "rejected"
