"""The batch report as one self-contained HTML page: inline CSS and an inline SVG chart, no
external assets, every piece of table text escaped."""

from __future__ import annotations

from html import escape

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
from assistant.batch.summary import BatchFigures, ProjectFigures, RuleCount, WorstIndicator
from assistant.checks import RULES

OPEN_UP_TO = 30  # larger departments start with every project folded
SEVERITY_COLOUR = {"error": "#c0392b", "warning": "#d68910", "hint": "#2e86c1"}
STATUS_CLASS = {
    "原指标": "orig",
    "建议修改": "rewrite",
    "建议新增": "add",
    "项目整体": "proj",
    "处理失败": "fail",
    "未处理": "todo",
}
SUGGESTION_HEAD = (
    '<colgroup><col style="width:8%"><col style="width:27%"><col style="width:37%"><col style="width:28%">'
    "</colgroup><tr><th>状态</th><th>指标</th><th>问题 / 说明</th><th>依据（相似的真实指标）</th></tr>"
)
CSS = """
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC","Source Han Sans SC",sans-serif;
margin:0;background:#f4f6f8;color:#222;line-height:1.55}
main{max-width:1180px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:26px;margin:8px 0 4px}h2{font-size:20px;margin:36px 0 12px;border-left:5px solid #1f4e78;
padding-left:10px}h3{font-size:16px;margin:0}
.meta{color:#666;font-size:13px}.note{background:#fff4e5;border:1px solid #f0b36b;padding:10px 14px;
border-radius:6px;margin:14px 0}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px}
.card{background:#fff;border-radius:8px;padding:14px 16px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.card .n{font-size:28px;font-weight:700;color:#1f4e78}.card .l{font-size:13px;color:#555}
.card .d{font-size:12px;color:#888}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px;box-shadow:0 1px 3px rgba(0,0,0,.06)}
table.fixed{table-layout:fixed}th,td{border:1px solid #dde1e6;padding:6px 8px;vertical-align:top;text-align:left}
th{background:#1f4e78;color:#fff;font-weight:600;position:sticky;top:0}
td.num{text-align:right;white-space:nowrap}td.score,td.status{white-space:nowrap}
.bar{background:#eef1f4;border-radius:3px;height:14px;width:120px;display:inline-block;vertical-align:middle}
.bar span{display:block;height:14px;border-radius:3px}
.s-good{background:#2e8b57}.s-fair{background:#d4a017}.s-poor{background:#c0392b}
.sev-error{color:#c0392b;font-weight:600}.sev-warning{color:#b9770e;font-weight:600}.sev-hint{color:#2e86c1}
tr.rewrite td{background:#fff8dc}tr.add td{background:#edf7e9}tr.proj td{background:#eaf2fb}
tr.fail td{background:#fbe0d0}tr.todo td{background:#f0f0f0}
.tag{display:inline-block;font-size:12px;padding:0 6px;border-radius:3px;background:#e8ecf1;white-space:nowrap}
details{background:#fff;border-radius:8px;margin:10px 0;box-shadow:0 1px 3px rgba(0,0,0,.08)}
summary{cursor:pointer;padding:10px 14px;font-weight:600}details>div{padding:0 14px 14px}
.small{font-size:12px;color:#666}footer{margin-top:40px;font-size:12px;color:#777}
svg text{font-family:inherit;font-size:12px}
@media print{details{break-inside:avoid}details:not([open])>div{display:block}}
"""


def _t(text: object) -> str:
    """Escaped text with line breaks kept."""
    return escape(str(text)).replace("\n", "<br>")


def _score_bar(score: int | None) -> str:
    if score is None:
        return "—"
    level = "good" if score >= 80 else "fair" if score >= 60 else "poor"
    return (
        f'<span class="bar"><span class="s-{level}" style="width:{score}%"></span></span> {score}'
    )


def _cards(figures: BatchFigures) -> str:
    cards = "".join(
        f'<div class="card"><div class="l">{_t(label)}</div><div class="n">{_t(n)}</div>'
        f'<div class="d">{_t(detail)}</div></div>'
        for label, n, detail in overview(figures)
    )
    return f'<section id="overview"><h2>总体情况</h2><div class="cards">{cards}</div></section>'


def _whole_table(figures: BatchFigures) -> str:
    if not figures.table_findings:
        return ""
    rows = "".join(
        f"<tr><td>{_t(rule)}</td><td>{_t(message)}</td><td>{_t(hint)}</td></tr>"
        for rule, message, hint in table_finding_rows(figures)
    )
    return (
        f'<section id="table"><h2>{_t(table_heading(figures))}</h2>'
        f"<table><tr><th>规则</th><th>问题</th><th>建议</th></tr>{rows}</table></section>"
    )


def _scores(figures: BatchFigures) -> str:
    head = (
        "<tr><th>序号</th><th>项目</th><th>金额（万元）</th><th>指标数</th><th>得分</th><th>错误</th>"
        "<th>警告</th><th>提示</th><th>缺少类别</th><th>结论</th></tr>"
    )
    rows = "".join(
        f'<tr><td class="num">{p.position + 1}</td><td><a href="#p{p.position}">{_t(p.project.name)}</a></td>'
        f'<td class="num">{amount_text(p.project.amounts.total)}</td><td class="num">{len(p.project.indicators)}</td>'
        f'<td class="score">{_score_bar(p.score)}</td>'
        + "".join(f'<td class="num">{p.count(s)}</td>' for s in SEVERITY_NAME)
        + f"<td>{_t('、'.join(p.missing) or '—')}</td><td>{_t(p.summary)}</td></tr>"
        for p in figures.projects
    )
    return f'<section id="scores"><h2>各项目得分</h2><table>{head}{rows}</table></section>'


def chart_svg(rules: list[RuleCount]) -> str:
    """Horizontal bars: findings per rule, coloured by severity."""
    if not rules:
        return '<p class="small">未发现问题。</p>'
    width, label_w, row_h = 760, 250, 24
    top = max(r.count for r in rules)
    bars = []
    for i, r in enumerate(rules):
        y = i * row_h
        w = max(2, round((width - label_w - 50) * r.count / top))
        bars.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{escape(r.code)} {escape(r.title)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w}" height="{row_h - 8}" rx="2" '
            f'fill="{SEVERITY_COLOUR[r.severity]}"><title>{escape(r.title)}：{r.count}</title></rect>'
            f'<text x="{label_w + w + 6}" y="{y + 16}">{r.count}</text>'
        )
    height = len(rules) * row_h + 4
    return (
        f'<svg class="chart" role="img" aria-label="各类问题数量" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg>'
    )


def _rules(figures: BatchFigures) -> str:
    legend = " ".join(
        f'<span class="tag" style="color:#fff;background:{SEVERITY_COLOUR[s]}">{name}</span>'
        for s, name in SEVERITY_NAME.items()
    )
    rows = "".join(
        f'<tr><td>{escape(r.code)}</td><td>{_t(r.title)}</td><td class="sev-{r.severity}">'
        f'{SEVERITY_NAME[r.severity]}</td><td class="num">{r.count}</td></tr>'
        for r in figures.rules
    )
    table = (
        f"<table><tr><th>代码</th><th>问题类型</th><th>级别</th><th>数量</th></tr>{rows}</table>"
        if rows
        else ""
    )
    return f'<section id="rules"><h2>问题类型</h2><p>{legend}</p>{chart_svg(figures.rules)}{table}</section>'


def _finding_list(w: WorstIndicator) -> str:
    return "<br>".join(
        f'<span class="sev-{f.severity}">{escape(f.code)}</span> {_t(RULES[f.code].title)}：{_t(f.message)}'
        for f in w.findings
    )


def _worst(figures: BatchFigures) -> str:
    if not figures.worst:
        return ""
    rows = "".join(
        f"<tr><td>{_t(w.project)}</td><td>{_t(w.indicator.name)}</td><td>{_t(value_text(w.indicator))}</td>"
        f"<td>{_finding_list(w)}</td></tr>"
        for w in figures.worst
    )
    return (
        f'<section id="worst"><h2>最需要修改的指标（前 {len(figures.worst)} 条）</h2><table><tr><th>项目</th>'
        f"<th>指标</th><th>指标值（原文）</th><th>问题</th></tr>{rows}</table></section>"
    )


def _row(row: ReviewRow) -> str:
    if row.original is not None:
        what = f"<b>{_t(row.original.name)}</b>：{_t(value_text(row.original))}"
    elif row.proposal is not None:
        what = f'<span class="tag">{_t(row.proposal.level2)}</span> {_t(proposal_text(row))}'
    else:
        what = ""
    detail = "<br>".join(_t(x) for x in (row.problems, row.note) if x)
    return (
        f'<tr class="{STATUS_CLASS[row.status]}"><td class="status">{_t(row.status)}</td><td>{what}</td>'
        f"<td>{detail}</td><td>{_t(row.evidence)}</td></tr>"
    )


def _project(p: ProjectFigures, projects: int) -> str:
    every = review_rows(p)
    rows = shown_rows(every)
    clean = sum(1 for r in every if r.status == "原指标" and not r.problems)
    body = "".join(_row(r) for r in rows)
    table = f'<table class="fixed">{SUGGESTION_HEAD}{body}</table>' if body else ""
    rest = f'<p class="small">其余 {clean} 条指标未发现问题。</p>' if clean else ""
    opened = " open" if rows and projects <= OPEN_UP_TO else ""
    return (
        f'<details id="p{p.position}"{opened}><summary>{p.position + 1}. {_t(p.project.name)} — '
        f"{_t(p.summary)}</summary><div>{table}{rest}</div></details>"
    )


def _issues(figures: BatchFigures) -> str:
    if not figures.table.issues:
        return ""
    rows = "".join(
        f"<tr><td>{_t(i.where())}</td><td>{_t(i.message)}</td></tr>" for i in figures.table.issues
    )
    return (
        f'<section id="issues"><h2>读取问题（{len(figures.table.issues)} 处）</h2>'
        f"<table><tr><th>位置</th><th>问题</th></tr>{rows}</table></section>"
    )


def render_html(figures: BatchFigures) -> str:
    note = incomplete_note(figures)
    meta = (
        f"输入：{figures.table.source or '—'} · 生成时间：{figures.generated or '—'} · "
        f"引擎：{engine_text(figures.engine)}"
    )
    projects = "".join(_project(p, len(figures.projects)) for p in figures.projects)
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{_t(title(figures))}</title>'
        f'<style>{CSS}</style></head><body><main><h1>{_t(title(figures))}</h1><p class="meta">{_t(meta)}</p>'
        + (f'<div class="note">{_t(note)}</div>' if note else "")
        + _cards(figures)
        + _whole_table(figures)
        + _scores(figures)
        + _rules(figures)
        + _worst(figures)
        + f'<section id="projects"><h2>各项目的问题与建议</h2>{projects}</section>'
        + _issues(figures)
        + f"<footer>{_t(DISCLAIMER)} 由 jixiao 生成。</footer></main></body></html>\n"
    )
