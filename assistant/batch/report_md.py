"""The batch report as Markdown: the same sections as the HTML page, a text bar chart."""

from __future__ import annotations

from assistant.batch.report_text import (
    DISCLAIMER,
    SEVERITY_NAME,
    amount_text,
    engine_text,
    incomplete_note,
    overview,
    proposal_text,
    shown_rows,
    table_finding_rows,
    table_heading,
    title,
    value_text,
)
from assistant.batch.review import ReviewRow, review_rows
from assistant.batch.summary import BatchFigures, ProjectFigures
from assistant.checks import RULES

BAR_WIDTH = 30


def cell(text: object) -> str:
    """Table-cell text: pipes escaped, line breaks as <br>, Markdown emphasis and tags neutralised."""
    t = (
        str(text)
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )
    for mark in ("*", "_", "`", "[", "]"):
        t = t.replace(mark, "\\" + mark)
    return t.replace("\r", "").replace("\n", "<br>")


def _table(head: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def _overview(figures: BatchFigures) -> list[str]:
    rows: list[list[object]] = [[label, n, detail] for label, n, detail in overview(figures)]
    return ["## 总体情况", "", *_table(["项目", "数值", "说明"], rows)]


def _whole_table(figures: BatchFigures) -> list[str]:
    if not figures.table_findings:
        return []
    rows: list[list[object]] = [list(row) for row in table_finding_rows(figures)]
    return [f"## {cell(table_heading(figures))}", "", *_table(["规则", "问题", "建议"], rows)]


def _scores(figures: BatchFigures) -> list[str]:
    rows: list[list[object]] = [
        [
            p.position + 1,
            p.project.name,
            amount_text(p.project.amounts.total),
            len(p.project.indicators),
            "—" if p.score is None else p.score,
            *(p.count(s) for s in SEVERITY_NAME),
            "、".join(p.missing) or "—",
            p.summary,
        ]
        for p in figures.projects
    ]
    head = [
        "序号",
        "项目",
        "金额（万元）",
        "指标数",
        "得分",
        "错误",
        "警告",
        "提示",
        "缺少类别",
        "结论",
    ]
    return ["## 各项目得分", "", *_table(head, rows)]


def _rules(figures: BatchFigures) -> list[str]:
    if not figures.rules:
        return ["## 问题类型", "", "未发现问题。", ""]
    top = max(r.count for r in figures.rules)
    rows: list[list[object]] = [
        [
            r.code,
            r.title,
            SEVERITY_NAME[r.severity],
            r.count,
            "█" * max(1, round(BAR_WIDTH * r.count / top)),
        ]
        for r in figures.rules
    ]
    return ["## 问题类型", "", *_table(["代码", "问题类型", "级别", "数量", ""], rows)]


def _worst(figures: BatchFigures) -> list[str]:
    if not figures.worst:
        return []
    rows: list[list[object]] = [
        [
            w.project,
            w.indicator.name,
            value_text(w.indicator),
            "\n".join(f"{f.code} {RULES[f.code].title}：{f.message}" for f in w.findings),
        ]
        for w in figures.worst
    ]
    return [
        f"## 最需要修改的指标（前 {len(figures.worst)} 条）",
        "",
        *_table(["项目", "指标", "指标值（原文）", "问题"], rows),
    ]


def _what(row: ReviewRow) -> str:
    if row.original is not None:
        return f"{row.original.name}：{value_text(row.original)}"
    return f"〔{row.proposal.level2}〕{proposal_text(row)}" if row.proposal is not None else ""


def _project(p: ProjectFigures) -> list[str]:
    every = review_rows(p)
    rows: list[list[object]] = [
        [r.status, _what(r), "\n".join(x for x in (r.problems, r.note) if x), r.evidence]
        for r in shown_rows(every)
    ]
    clean = sum(1 for r in every if r.status == "原指标" and not r.problems)
    out = [f"### {p.position + 1}. {cell(p.project.name)}", "", cell(p.summary), ""]
    if rows:
        out += _table(["状态", "指标", "问题 / 说明", "依据（相似的真实指标）"], rows)
    return out + ([f"其余 {clean} 条指标未发现问题。", ""] if clean else [])


def _issues(figures: BatchFigures) -> list[str]:
    if not figures.table.issues:
        return []
    rows: list[list[object]] = [[i.where(), i.message] for i in figures.table.issues]
    return [f"## 读取问题（{len(figures.table.issues)} 处）", "", *_table(["位置", "问题"], rows)]


def render_markdown(figures: BatchFigures) -> str:
    note = incomplete_note(figures)
    meta = f"输入：{figures.table.source or '—'} · 生成时间：{figures.generated or '—'} · 引擎：{engine_text(figures.engine)}"
    lines = [f"# {cell(title(figures))}", "", cell(meta), ""]
    lines += [f"> {cell(note)}", ""] if note else []
    lines += (
        _overview(figures)
        + _whole_table(figures)
        + _scores(figures)
        + _rules(figures)
        + _worst(figures)
    )
    lines += ["## 各项目的问题与建议", ""]
    for p in figures.projects:
        lines += _project(p)
    lines += _issues(figures) + ["---", "", f"{DISCLAIMER} 由 jixiao 生成。", ""]
    return "\n".join(lines)
