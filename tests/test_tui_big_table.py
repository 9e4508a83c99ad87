"""A big table in the TUI (issue 20): the list is filled at once with every project, before any
is checked; the projects are checked in a worker and their scores arrive in the list; the
entries have fixed heights (no entry is laid out to be measured); a saved session is read off
the interface thread."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.strip import Strip

from assistant.checks import ProjectReport
from assistant.index import Index
from assistant.schema import Project, Table
from assistant.tables import read_table, write_table
from tui.app import JixiaoApp
from tui.engine import Engine
from tui.modals.confirm import ConfirmModal
from tui.screens import workspace
from tui.widgets.project_list import ENTRY_LINES, ProjectEntry, ProjectList, entry_text


def _big(seed_path: Path, tmp_path: Path, copies: int = 6) -> Path:
    seed = read_table(seed_path)
    projects = [
        p.model_copy(update={"name": f"{p.name}（{n}）"})
        for n in range(copies)
        for p in seed.projects
    ]
    return write_table(Table(projects=projects, department=seed.department), tmp_path / "big.txt")


async def _settle(pilot: Pilot[None]) -> None:
    for _ in range(60):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not list(pilot.app.workers):
            return
    raise AssertionError("workers did not finish")


async def test_big_table_scores_arrive_from_a_worker(
    seed_path: Path, tmp_path: Path, index: Index
) -> None:
    path = _big(seed_path, tmp_path)
    expected = {p.name for p in read_table(path).projects}
    app = JixiaoApp(str(path), engine=Engine(lambda notify: index))
    async with app.run_test(size=(160, 50)) as pilot:
        await _settle(pilot)
        projects = app.query_one(ProjectList)
        assert projects.option_count == len(expected)
        assert projects.virtual_size.height == ENTRY_LINES * len(expected)
        assert set(app.workspace.reports) == expected  # every project checked, none twice-missing
        from assistant.checks import check_project

        for state in app.workspace.session.projects:  # type: ignore[union-attr]
            assert app.workspace.reports[state.key].score == check_project(state.assembled()).score
        last = app.workspace.session.projects[-1]  # type: ignore[union-attr]
        prompt = str(projects.get_option(last.key).prompt)
        assert f"{app.workspace.reports[last.key].score}分" in prompt
        projects.focus()
        await pilot.press("end")
        await _settle(pilot)
        assert app.workspace.state is not None and app.workspace.state.key == last.key


async def test_a_saved_session_of_a_big_table_is_offered(
    seed_path: Path, tmp_path: Path, index: Index
) -> None:
    path = _big(seed_path, tmp_path)
    engine = Engine(lambda notify: index)
    app = JixiaoApp(str(path), engine=engine)
    async with app.run_test(size=(160, 50)) as pilot:
        await _settle(pilot)
        app.workspace.action_accept_all()
        await _settle(pilot)
        done = app.workspace.session.progress()  # type: ignore[union-attr]
        assert done
    again = JixiaoApp(str(path), engine=engine)
    async with again.run_test(size=(160, 50)) as pilot:
        await _settle(pilot)
        assert isinstance(again.screen, ConfirmModal)
        await pilot.press("y")
        await _settle(pilot)
        assert again.workspace.session is not None and again.workspace.session.progress() == done


def test_an_entry_is_always_two_lines() -> None:
    text = entry_text(
        ProjectEntry(key="k", name="第一行\n第二行\r\n第三行", score=80, findings=2, pending=1)
    )
    assert len(text.plain.split("\n")) == ENTRY_LINES


async def test_the_list_is_painted_before_any_project_is_checked(
    seed_path: Path, index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Names first: checking (the checker's import, then every project) waits for the list."""
    painted: list[bool] = []
    render_lines = ProjectList.render_lines

    def watched(self: ProjectList, crop: Region) -> list[Strip]:
        painted.append(self.option_count > 0)
        return render_lines(self, crop)

    monkeypatch.setattr(ProjectList, "render_lines", watched)
    seen_when_checked: list[bool] = []

    class Watching(Engine):
        def report(self, project: Project) -> ProjectReport:
            seen_when_checked.append(any(painted))
            return super().report(project)

    app = JixiaoApp(str(seed_path), engine=Watching(lambda notify: index))
    async with app.run_test(size=(160, 50)) as pilot:
        await _settle(pilot)
        assert set(app.workspace.reports) == {p.key for p in app.workspace.session.projects}  # type: ignore[union-attr]
    assert seen_when_checked and all(seen_when_checked)


def _held_index(index: Index) -> tuple[Engine, threading.Event]:
    """An engine whose index loads only once the event is set (as a slow library would)."""
    loaded = threading.Event()

    def slow_index(notify: object) -> Index:
        loaded.wait(20)
        return index

    return Engine(slow_index), loaded


async def test_the_rest_are_checked_once_the_index_has_loaded(
    seed_path: Path, index: Index
) -> None:
    """The project on screen is checked at once; the others wait for the index (or for its
    suggestions), which would otherwise share Python's one running thread with them."""
    engine, loaded = _held_index(index)
    app = JixiaoApp(str(seed_path), engine=engine)
    async with app.run_test(size=(160, 50)) as pilot:
        for _ in range(200):
            await pilot.pause(0.01)
            if app.workspace.reports:
                break
        await pilot.pause(0.3)
        assert set(app.workspace.reports) == {app.workspace.current}
        loaded.set()
        await _settle(pilot)
        session = app.workspace.session
        assert session is not None and set(app.workspace.reports) == {
            p.key for p in session.projects
        }


def test_an_unchecked_entry_claims_no_findings() -> None:
    unchecked = ProjectEntry(key="k", name="项目", score=None, findings=0, pending=0)
    checked = ProjectEntry(key="k", name="项目", score=72, findings=0, pending=0)
    assert entry_text(unchecked, 20).plain.split("\n")[1] == "--"
    assert entry_text(checked, 20).plain.split("\n")[1] == "72分 问题0"


async def test_the_rest_wait_for_the_index_only_so_long(
    seed_path: Path, index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shared library's first load can take many seconds: the scores do not wait for it."""
    monkeypatch.setattr(workspace, "REST_AT_MOST", 0.2)
    engine, loaded = _held_index(index)
    app = JixiaoApp(str(seed_path), engine=engine)
    async with app.run_test(size=(160, 50)) as pilot:
        session = None
        for _ in range(300):
            await pilot.pause(0.01)
            session = app.workspace.session
            if session is not None and len(app.workspace.reports) == len(session.projects):
                break
        assert not loaded.is_set() and session is not None
        assert set(app.workspace.reports) == {p.key for p in session.projects}
        loaded.set()
        await _settle(pilot)
