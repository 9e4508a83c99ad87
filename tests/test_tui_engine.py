"""The TUI's offline engine: reading a plain-words request, and library search for a project."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus import load_shipped
from assistant.index import Index
from assistant.schema import Project
from assistant.tables import read_table
from tui.ask import category_filter, search_text
from tui.engine import Engine
from tui.state import Session


@pytest.fixture(scope="module")
def engine() -> Engine:
    index = Index.build(load_shipped())
    return Engine(lambda notify: index)


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("再加一个时效指标", (None, "时效指标")),
        ("把满意度改成群众满意度，目标95%", (None, "服务对象满意度指标")),
        ("补充两条社会效益指标", (None, "社会效益指标")),
        ("再加一个效益指标", ("效益指标", None)),
        ("这是信息化运维项目，指标要更具体", (None, None)),
    ],
)
def test_category_named_in_a_request(
    request_text: str, expected: tuple[str | None, str | None]
) -> None:
    assert category_filter(request_text) == expected


def test_search_text_drops_filler_and_adds_the_project() -> None:
    text = search_text("这是信息化运维项目，指标要更具体", Project(name="平台运维费"))
    assert "信息化运维" in text and text.endswith("平台运维费")
    assert "指标" not in text.replace("平台运维费", "")


def test_ask_offers_other_projects_indicators_in_the_named_category(
    engine: Engine, seed_path: Path
) -> None:
    project = next(p for p in read_table(seed_path).projects if p.name == "政府雇员公用经费")
    state = Session.from_table(read_table(seed_path), None).get(project.name)
    answer = engine.ask(state, "再加一个满意度指标", llm_enabled=False)
    assert answer.suggestions and all(s.level2 == "服务对象满意度指标" for s in answer.suggestions)
    assert all(s.evidence[0].project != project.name for s in answer.suggestions)
    assert all(s.annual_value.measurable for s in answer.suggestions)
    assert "jixiao llm" in answer.notices[0]


def test_search_leaves_out_what_the_checker_rejects(engine: Engine, seed_path: Path) -> None:
    project = next(p for p in read_table(seed_path).projects if p.name == "政府雇员公用经费")
    from assistant.index import SearchFilters
    from tui.engine import suggestion_from_hit

    filters = SearchFilters(
        level2="成本指标", measurable_only=True, exclude_projects={project.name}
    )
    raw = [
        suggestion_from_hit(h)
        for h in engine.index().search("项目成本控制 预算", k=30, filters=filters)
    ]
    rejected = [s for s in raw if any(f.severity == "error" for f in engine.findings(s, project))]
    found = engine.search("项目成本控制 预算", project, level2="成本指标")
    assert rejected and found
    from assistant.checks.project_type import other_kind_indicators

    kept = [s for s in raw if s not in rejected]
    trial = project.model_copy(update={"indicators": [*project.indicators, *kept]})
    other = {f.indicator for f in other_kind_indicators(trial)}  # C020: another kind of project
    assert [s.name for s in found] == [s.name for s in kept if s.name not in other]
    assert not any(f.severity == "error" for s in found for f in engine.findings(s, project))


def test_library_values_are_offered_in_canonical_form(engine: Engine) -> None:
    from assistant.index import SearchFilters
    from tui.engine import suggestion_from_hit

    hits = engine.index().search(
        "满意度", k=40, filters=SearchFilters(level2="满意度", measurable_only=True)
    )
    odd = next(
        h
        for h in hits
        if h.record.indicator.annual_value.raw not in ("", h.record.indicator.annual_value.text())
    )
    suggestion = suggestion_from_hit(odd)
    assert suggestion.annual_value.as_written() == odd.record.indicator.annual_value.text()
    assert suggestion.evidence[0].value == odd.record.indicator.annual_value.raw


def test_ask_offers_the_types_own_indicator_first_with_the_rate_asked_for(
    engine: Engine, seed_path: Path
) -> None:
    """「再加一个满意度指标，目标95%」 on a medical project: its type's satisfaction indicator at
    ≥95%, alone as a row; the library's (a school's 学生满意度) only behind 换一条."""
    from tui.ask import stated_rate

    assert stated_rate("满意度目标改成95%") == 95.0 and stated_rate("再加一个时效指标") is None
    state = Session.from_table(read_table(seed_path), None).get("公费医疗超支及自付经费")
    answer = engine.ask(state, "再加一个满意度指标，目标95%", llm_enabled=False)
    own = engine.standard(state.assembled(), "服务对象满意度指标")
    assert own and answer.suggestions[0].name == own[0].name
    assert answer.suggestions[0].annual_value.as_written() == "≥95%"
    assert answer.rows == min(len(own), 3) and "标准指标" in answer.reply


def test_ask_points_to_the_types_own_indicator_when_it_is_already_offered(
    engine: Engine, seed_path: Path
) -> None:
    session = Session.from_table(read_table(seed_path), None)
    state = session.get("公费医疗超支及自付经费")
    own = engine.standard(state.assembled(), "服务对象满意度指标")
    session.offer_additions(state.key, own[:1], "补充")
    answer = engine.ask(state, "再加一个满意度指标，目标95%", llm_enabled=False)
    assert answer.suggestions == [] and f"「{own[0].name}」已在建议中" in answer.reply.replace(
        " ", ""
    )
