"""Counts of the review rules of issue 14 on the seed table, on the raw tables of a data folder
that parse, and (indicator rules only) on the shipped corpus's records of published tables
(`indicators.jsonl`, each judged with its own project's amount, goal and year): a Markdown
table of code, title, severity and the three counts; then how many projects each money/year rule
could judge at all, and a few examples per rule.

    python benchmarks/bench_review_rules.py [--data ../shared/data] [--examples 3]
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from assistant.checks import RULES, check_indicator, check_project, check_table
from assistant.checks.review import budget_year
from assistant.corpus import load_shipped
from assistant.schema import Amounts, Finding, Project, Table
from assistant.tables import read_table

CODES = (
    "P004",
    "B005",
    "T001",
    "V013",
    "N005",
    "V016",
    "B006",
    "B007",
    "P006",
    "V014",
    "V015",
    "C020",
    "P020",
    "P021",
)
SEED = "seed-baiyun-zhengfawei-2024.txt"


def findings(table: Table) -> list[tuple[str, Finding]]:
    out = [("（全表）", f) for f in check_table(table)]
    return out + [(p.name, f) for p in table.projects for f in check_project(p).findings]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--examples", type=int, default=3)
    args = parser.parse_args()

    seed = Counter(f.code for _, f in findings(read_table(args.data / SEED)))
    data: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    parsed, unreadable, projects, split, totals, dated = 0, 0, 0, 0, 0, 0
    for path in sorted((args.data / "raw").glob("*")):
        try:
            table = read_table(path)
        except Exception:  # noqa: BLE001 - an unreadable table is counted, not fatal
            unreadable += 1
            continue
        if not table.projects:
            unreadable += 1
            continue
        parsed += 1
        totals += table.total is not None
        for p in table.projects:
            projects += 1
            a = p.amounts
            split += a.total is not None and any(
                x is not None for x in (a.fiscal, a.special_account, a.other)
            )
            dated += budget_year(p) is not None
        for project, f in findings(table):
            if f.code in CODES:
                data[f.code] += 1
                examples[f.code].append(
                    f"{path.name} · {project} · {f.indicator or '项目'}：{f.message}"
                )

    records: Counter[str] = Counter()
    published = [r for r in load_shipped() if r.origin == "table"]
    for r in published:
        project = Project(
            name=r.project or "（未注明）",
            amounts=Amounts(total=r.amount),
            goal=r.goal or "",
            year=r.year,
        )
        for f in check_indicator(r.indicator, project):
            if f.code in CODES:
                records[f.code] += 1
                examples[f.code].append(
                    f"indicators.jsonl · {r.project} · {f.indicator}：{f.message}"
                )

    print(
        f"raw tables parsed: {parsed} ({projects} projects); unreadable or empty: {unreadable}; "
        f"published records: {len(published)}\n"
    )
    print("| code | rule | severity | seed | raw tables | published records |")
    print("| --- | --- | --- | --- | --- | --- |")
    for code in CODES:
        rule = RULES[code]
        project_rule = code[0] in "PT" or code == "B005"
        print(
            f"| {code} | {rule.title} | {rule.severity} | {seed[code]} | {data[code]} | "
            f"{'—' if project_rule else records[code]} |"
        )
    print(
        f"\nprojects with a funding split (B005 applies): {split}; tables with a 合计 row (T001): {totals}; "
        f"projects with a budget year (V013): {dated}"
    )
    for code in CODES:
        for line in examples[code][: args.examples]:
            print(f"- {code} {line}")


if __name__ == "__main__":
    main()
