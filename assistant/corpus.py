"""The indicator library: the shipped corpus (built from real public tables) plus the user's own.

Shipped: `corpus/indicators.jsonl` (one CorpusRecord a line) and `corpus/manifest.json`, built by
`build_corpus` from the data folder (the seed table, `indicators.jsonl`, `library.jsonl`).
User: every table added with `add_user_table` is stored as JSONL under `data_dir()/library/`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.categories import guess_level2, level1_of
from assistant.errors import InputError, os_reason
from assistant.resources import data_dir, shipped
from assistant.safe_io import atomic_write_text
from assistant.schema import ORIGIN_LABELS, CorpusRecord, Indicator, Origin, Project, Table
from assistant.tables import read_table

CORPUS_VERSION = 1
RECORDS_FILE = "indicators.jsonl"
MANIFEST_FILE = "manifest.json"
SEED_FILE = "seed-baiyun-zhengfawei-2024.txt"
SEED_META = {"region": "广东省广州市白云区", "year": 2024, "sector": "政法/社会治理"}


def record_id(origin: str, *parts: object) -> str:
    digest = hashlib.sha1(json.dumps([origin, *parts], ensure_ascii=False).encode()).hexdigest()
    return f"{origin[0].upper()}{digest[:9]}"


def _year(text: object) -> int | None:
    digits = "".join(ch for ch in str(text or "")[:4] if ch.isdigit())
    return int(digits) if len(digits) == 4 else None


def _indicator(row: dict[str, str], value_key: str) -> tuple[Indicator, bool]:
    """Build the indicator; when the category is unusable, place it by its name (flagged)."""

    def build(level1: str, level2: str) -> Indicator:
        return Indicator.from_text(
            level1=level1,
            level2=level2,
            name=row["name"],
            annual_value=row.get(value_key, ""),
            period_value=row.get("period_value") or None,
            unit=row.get("unit", ""),
            explanation=row.get("explanation") or None,
        )

    try:
        return build(row.get("level1", ""), row.get("level2", "")), False
    except ValidationError:
        level2 = guess_level2(row["name"]) or "质量指标"
        return build(level1_of(level2), level2), True


def records_from_project(project: Project, origin: Origin, source: str) -> list[CorpusRecord]:
    return [
        CorpusRecord(
            id=record_id(origin, project.name, project.department, n, ind.name),
            origin=origin,
            indicator=ind,
            project=project.name,
            department=project.department,
            region=project.region,
            year=project.year,
            sector=project.sector,
            goal=project.goal or None,
            amount=project.amounts.total,
            source=source,
        )
        for n, ind in enumerate(project.indicators)
    ]


def records_from_table(table: Table, origin: Origin, source: str) -> list[CorpusRecord]:
    return [r for p in table.projects for r in records_from_project(p, origin, source)]


def _source_urls(data: Path) -> dict[str, str]:
    path = data / "sources.tsv"
    if not path.exists():
        return {}
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    return {r[0]: r[1] for r in rows if len(r) > 1}


# The data's curators left remarks in some names ("(代码中未写单位名;…推定吉林)", "(据上下文推定)");
# they are not the department's or the project's name and are not shown to users.
_CURATOR_NOTE = re.compile(
    r"[(（][^()（）]*(推定|代码中|镜像|未注明|被替换|下达文件)[^()（）]*[)）]"
)
# English provenance phrases of the data, in the words users read.
_SOURCE_WORDS = {
    "public finance-system code on GitHub": "GitHub 上公开的财政系统代码",
    "public web page (address not recorded)": "公开网页（未记录地址）",
}


def _public(text: str | None) -> str | None:
    """A name without the curators' remarks; None when empty."""
    cleaned = _CURATOR_NOTE.sub("", text or "").strip()
    return cleaned or None


def _source(text: str) -> str:
    for english, chinese in _SOURCE_WORDS.items():
        text = text.replace(english, chinese)
    return text


def _jsonl(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if line.strip():
                yield lineno, json.loads(line)


def _table_records(path: Path, urls: dict[str, str]) -> Iterator[CorpusRecord]:
    for lineno, row in _jsonl(path):
        ind, guessed = _indicator(row, "annual_value")
        file = row.get("source", "")
        note = "（类别原文无法对应框架，按名称归类）" if guessed else ""
        yield CorpusRecord(
            id=record_id("table", path.name, lineno),
            origin="table",
            indicator=ind.model_copy(update={"source": f"raw/{file}"}),
            project=_public(row.get("project")),
            department=_public(row.get("department")),
            region=_public(row.get("region")),
            year=_year(row.get("year")),
            sector=row.get("sector") or None,
            goal=row.get("goal") or None,
            source=_source(f"{file} {urls.get(file, '')}".strip()) + note,
        )


def _library_records(path: Path) -> Iterator[CorpusRecord]:
    for lineno, row in _jsonl(path):
        ind, guessed = _indicator(row, "typical_value")
        yield CorpusRecord(
            id=record_id("library", path.name, lineno),
            origin="library",
            indicator=ind,
            sector=row.get("category") or None,
            source=_source(row.get("source") or "共性指标库")
            + ("（按名称归类）" if guessed else ""),
        )


def build_records(data: Path) -> list[CorpusRecord]:
    """Every record from the data folder: the seed table, published tables, common libraries."""

    if not data.is_dir():
        raise InputError("数据目录不存在", file=str(data))
    records: list[CorpusRecord] = []
    seed = data / SEED_FILE
    if seed.exists():
        table = read_table(seed)
        for project in table.projects:
            project = project.model_copy(update={"department": table.department, **SEED_META})
            records += records_from_project(project, "seed", project.origin or SEED_FILE)
    urls = _source_urls(data)
    if (data / "indicators.jsonl").exists():
        records += _table_records(data / "indicators.jsonl", urls)
    if (data / "library.jsonl").exists():
        records += _library_records(data / "library.jsonl")
    return records


def write_records(records: Iterable[CorpusRecord], path: Path) -> str:
    """Write JSONL; returns the sha256 of the content."""
    text = "".join(r.model_dump_json(exclude_none=True) + "\n" for r in records)
    path.write_text(text, encoding="utf-8")
    return hashlib.sha256(text.encode()).hexdigest()


def build_corpus(data: Path, out: Path) -> dict[str, Any]:
    """Rebuild the shipped corpus into `out`; returns the manifest."""
    records = build_records(data)
    out.mkdir(parents=True, exist_ok=True)
    digest = write_records(records, out / RECORDS_FILE)
    manifest = {
        "version": CORPUS_VERSION,
        "records": len(records),
        "sha256": digest,
        "by_origin": dict(Counter(r.origin for r in records)),
        "inputs": sorted(p.name for p in data.iterdir() if p.is_file()),
    }
    (out / MANIFEST_FILE).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return manifest


def read_records(path: Path) -> list[CorpusRecord]:
    with path.open(encoding="utf-8") as fh:
        return [CorpusRecord.model_validate_json(line) for line in fh if line.strip()]


def user_library_dir() -> Path:
    path = data_dir() / "library"
    path.mkdir(parents=True, exist_ok=True)
    return path


def load_shipped() -> list[CorpusRecord]:
    return read_records(shipped("corpus") / RECORDS_FILE)


def load_user() -> list[CorpusRecord]:
    records: list[CorpusRecord] = []
    for path in sorted(user_library_dir().glob("*.jsonl")):
        try:
            records += read_records(path)
        except (ValidationError, ValueError) as err:
            raise InputError(f"用户指标库文件已损坏：{err}", file=str(path)) from None
    return records


def add_user_records(records: list[CorpusRecord], name: str) -> Path:
    """Store records in the user library under a file named by their content (atomically)."""
    text = "".join(r.model_dump_json(exclude_none=True) + "\n" for r in records)
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    return atomic_write_text(user_library_dir() / f"{name}-{digest}.jsonl", text)


def _decision(record: CorpusRecord) -> tuple[str | None, str, str]:
    return record.project, record.indicator.name, record.indicator.annual_value.raw


def new_user_records(records: list[CorpusRecord]) -> list[CorpusRecord]:
    """The records the user library does not hold yet (same project, name and value): exporting
    the same decisions twice adds them once."""
    known = {_decision(r) for r in load_user()}
    fresh: list[CorpusRecord] = []
    for record in records:
        if _decision(record) not in known:
            known.add(_decision(record))
            fresh.append(record)
    return fresh


@dataclass(frozen=True)
class UserEntry:
    """A record of the user's library and the file under `user_library_dir()` that holds it."""

    record: CorpusRecord
    file: Path


def user_entries() -> list[UserEntry]:
    """The user's library record by record, with each record's file (in `load_user`'s order)."""
    return [
        UserEntry(record, path)
        for path in sorted(user_library_dir().glob("*.jsonl"))
        for record in _user_file(path)
    ]


def _user_file(path: Path) -> list[CorpusRecord]:
    try:
        return read_records(path)
    except (ValidationError, ValueError) as err:
        raise InputError(f"用户指标库文件已损坏：{err}", file=str(path)) from None


def remove_user_records(records: Iterable[CorpusRecord]) -> int:
    """Remove from the user's library every record with the project, name and value of one of
    `records` (the identity `new_user_records` dedupes by). Each changed file is rewritten
    atomically, one left empty is deleted; the shipped corpus is never touched. Returns how many
    records were removed."""
    gone = {_decision(r) for r in records}
    removed = 0
    for path in sorted(user_library_dir().glob("*.jsonl")):
        held = _user_file(path)
        kept = [r for r in held if _decision(r) not in gone]
        if len(kept) == len(held):
            continue
        removed += len(held) - len(kept)
        _rewrite_user_file(path, kept)
    return removed


def _rewrite_user_file(path: Path, records: list[CorpusRecord]) -> None:
    if records:
        atomic_write_text(
            path, "".join(r.model_dump_json(exclude_none=True) + "\n" for r in records)
        )
        return
    try:
        path.unlink()
    except OSError as err:
        raise InputError(f"未能删除用户指标库文件：{os_reason(err)}", file=str(path)) from None


def add_user_table(file: Path) -> tuple[int, Path, int]:
    """Add a user's historical table to their library: (records added, stored file, records that
    were already there). A table added twice adds nothing the second time."""

    table = read_table(file)
    records = records_from_table(table, "user", file.name)
    if not records:
        raise InputError("表中没有可加入指标库的指标", file=str(file))
    known = {r.id for r in load_user()}
    new = [r for r in records if r.id not in known]
    if not new:
        stored = next(
            (
                p
                for p in sorted(user_library_dir().glob("*.jsonl"))
                if any(r.id in known for r in read_records(p))
            ),
            user_library_dir(),
        )
        return 0, stored, len(records)
    return len(new), add_user_records(new, Path(file).stem), len(records) - len(new)


def stats(records: list[CorpusRecord]) -> dict[str, Counter[str]]:
    """Counts by category, sector, origin and measurability."""
    return {
        "一级指标": Counter(r.indicator.level1 for r in records),
        "二级指标": Counter(r.indicator.level2 for r in records),
        "来源": Counter(ORIGIN_LABELS[r.origin] for r in records),
        "行业": Counter(r.sector or "（未注明）" for r in records),
        "可衡量": Counter(
            "可衡量" if r.indicator.annual_value.measurable else "不可衡量"
            for r in records
            if r.origin != "library"
        ),
    }
