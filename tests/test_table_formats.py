"""#18 formats as a registry: `tables.formats.FORMATS` is the one place that knows the table
formats; reading, writing, the lists of extensions, help texts and the unsupported-extension
messages all come from it. A toy format registered in a test is read, written, listed and
offered in the TUI's dialogs without touching anything else."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Label
from typer.testing import CliRunner

from assistant import tables
from assistant.categories import Framework
from assistant.cli import commands  # noqa: F401  (registers every command on `app`)
from assistant.cli.app import app
from assistant.errors import InputError
from assistant.index import Index
from assistant.schema import CorpusRecord, Indicator, Project, Table
from assistant.tables import formats, read_table, write_table
from assistant.tables.formats import TableFormat, formats_help, unsupported_message
from tui import cli as tui_cli
from tui.app import JixiaoApp
from tui.engine import Engine
from tui.modals.export import ExportModal
from tui.modals.open_table import OpenTableModal
from tui.widgets.file_browser import FileBrowser


def read_toy(path: Path) -> Table:
    names = path.read_text(encoding="utf-8").split()
    return Table(projects=[Project(name=n) for n in names], source=str(path))


def write_toy(table: Table, path: Path, framework: Framework) -> None:
    path.write_text("\n".join(p.name for p in table.projects), encoding="utf-8")


TOY = TableFormat((".toy",), "玩具格式", reader=read_toy, writer=write_toy)


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, TOY))


def two_projects() -> Table:
    return Table(projects=[Project(name="网格员培训经费"), Project(name="公务用车购置经费")])


def test_a_registered_format_is_read_and_written(toy: None, tmp_path: Path) -> None:
    path = write_table(two_projects(), tmp_path / "表.toy")
    assert path.read_text(encoding="utf-8") == "网格员培训经费\n公务用车购置经费"
    assert [p.name for p in read_table(path).projects] == ["网格员培训经费", "公务用车购置经费"]
    assert tables.READABLE[-1] == ".toy" and tables.WRITABLE[-1] == ".toy"
    assert formats_help("read").endswith(" / .toy")
    (tmp_path / "说明.doc").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match=r"可读取：.*\.toy（玩具格式）"):
        read_table(tmp_path / "说明.doc")
    with pytest.raises(InputError, match=r"可写出：.*\.toy（玩具格式）"):
        write_table(two_projects(), tmp_path / "说明.doc")


def test_the_unsupported_message_lists_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    only = (TOY, TableFormat((".md",), "Markdown 文档", writer=write_toy))
    monkeypatch.setattr(formats, "FORMATS", only)
    assert (
        unsupported_message(".doc", "read") == "不支持的文件类型「.doc」，可读取：.toy（玩具格式）"
    )
    assert unsupported_message("", "write") == (
        "不支持写出为「无扩展名」，可写出：.toy（玩具格式）、.md（Markdown 文档）"
    )


def test_the_shipped_formats() -> None:
    assert formats_help("read") == ".txt / .tsv / .xlsx / .csv / .json"
    assert formats_help("write") == ".txt / .xlsx / .csv / .json / .md"
    assert unsupported_message(".xls", "read").startswith("不支持旧版 Excel（.xls）")
    assert unsupported_message(".ET", "read").startswith("不支持旧版 Excel（.xls）")
    assert unsupported_message(".xls", "write").startswith("不支持写出为「.xls」，可写出：.txt（")


def test_help_texts_list_the_registry() -> None:
    assert formats_help("read") in tui_cli.TABLE_HELP
    runner = CliRunner()
    for command, kind in (("convert", "write"), ("check", "read"), ("renew", "read")):
        result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
        assert formats_help(kind) in result.output, (command, result.output)  # type: ignore[arg-type]


def test_convert_refuses_an_unknown_extension_with_the_registry(
    toy: None, seed_path: Path, tmp_path: Path
) -> None:
    result = CliRunner().invoke(app, ["convert", str(seed_path), str(tmp_path / "表.doc")])
    assert isinstance(result.exception, InputError)
    assert ".toy（玩具格式）" in result.exception.message
    assert not (tmp_path / "表.doc").exists()


@pytest.fixture
def engine() -> Engine:
    record = CorpusRecord(
        id="R1",
        origin="table",
        indicator=Indicator.from_text(
            level1="", level2="质量指标", name="培训合格率", annual_value="≥90%"
        ),
        project="教师培训项目",
        source="测试",
    )
    index = Index.build([record])
    return Engine(lambda notify: index)


async def test_the_dialogs_offer_a_registered_format(
    toy: None, tmp_path: Path, engine: Engine
) -> None:
    """The TUI opens a .toy table, and its open and export dialogs list and browse .toy."""
    write_table(two_projects(), tmp_path / "表.toy")
    (tmp_path / "说明.pdf").write_text("不是表", encoding="utf-8")
    app = JixiaoApp(str(tmp_path / "表.toy"), engine=engine)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert app.workspace.table is not None
        assert [p.name for p in app.workspace.table.projects][0] == "网格员培训经费"
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, OpenTableModal)
        assert any(".toy" in str(label.content) for label in app.screen.query(Label))
        browser = app.screen.query_one(FileBrowser)
        for _ in range(20):
            await pilot.pause()
        assert "表.toy" in [str(n.label) for n in browser.root.children]
        await pilot.press("escape")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ExportModal)
        app.screen.query_one("#path", Input).value = str(tmp_path / "结果.doc")
        await pilot.click("#ok")
        await pilot.pause()
        error = str(app.screen.query_one("#error", Label).content)
        assert "可写出：" in error and ".toy（玩具格式）" in error


async def test_the_listed_formats_fit_the_dialogs_at_80x24(tmp_path: Path, engine: Engine) -> None:
    """The unsupported-extension message names every format: it wraps, and 导出 stays reachable."""
    write_table(two_projects(), tmp_path / "表.xlsx")
    app = JixiaoApp(str(tmp_path / "表.xlsx"), engine=engine)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(tmp_path / "结果.doc")
        await pilot.click("#ok")
        await pilot.pause()
        error = app.screen.query_one("#error", Label)
        assert "（Markdown 文档）" in str(error.content) and error.region.height >= 2
        ok = app.screen.query_one("#ok")
        x, y = ok.region.center
        assert app.screen.get_widget_at(int(x), int(y))[0] is ok
