"""The checker over every real indicator in shared/data/indicators.jsonl: it must leave most
published indicators alone (no over-flagging) while still finding the vague ones."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.checks import check_indicator
from assistant.schema import Finding, Indicator


def _load(path: Path) -> list[tuple[dict[str, str], Indicator]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        try:
            ind = Indicator.from_text(
                level1=d["level1"],
                level2=d["level2"],
                name=d["name"],
                annual_value=d["annual_value"],
                period_value=d["period_value"] or None,
                unit=d["unit"],
            )
        except ValidationError:
            continue
        rows.append((d, ind))
    return rows


Checked = list[tuple[dict[str, str], Indicator, list[Finding]]]


@cache
def _check(path: Path) -> Checked:
    return [(d, ind, check_indicator(ind)) for d, ind in _load(path)]


@pytest.fixture
def checked(shared_data: Path) -> Checked:
    path = shared_data / "indicators.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not found")
    return _check(path)


def test_most_real_indicators_are_not_defective(
    checked: Checked,
) -> None:
    total = len(checked)
    clean = sum(1 for *_, found in checked if not found)
    defective = sum(1 for *_, found in checked if any(f.severity != "hint" for f in found))
    print(
        f"\n{total} indicators: {clean / total:.1%} with no finding, "
        f"{defective / total:.1%} with an error or warning"
    )
    assert total > 0
    assert clean / total >= 0.25
    assert defective / total <= 0.35


def test_vague_published_values_are_found(
    checked: Checked,
) -> None:
    vague = [
        (ind, found)
        for _, ind, found in checked
        if ind.annual_value.raw in ("有效", "有所提升", "持续改善", "显著提升", "提高")
    ]
    assert vague
    for ind, found in vague:
        assert "V001" in {f.code for f in found}, ind.name


def test_plain_published_rates_are_not_errors(
    checked: Checked,
) -> None:
    rates = [
        (ind, found)
        for _, ind, found in checked
        if ind.name.endswith("率")
        and ind.annual_value.unit == "%"
        and 0 <= (ind.annual_value.number or -1) <= 100
    ]
    assert len(rates) > 20
    errors = [(ind.name, f.code) for ind, found in rates for f in found if f.severity == "error"]
    assert errors == []
