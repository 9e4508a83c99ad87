"""Reading back what the tool wrote itself: the TRUSTED context skips the text cleaning done on
the way in (and only that), and the collector pause restores the collector's state."""

from __future__ import annotations

import gc

from assistant.bulk import collector_paused
from assistant.schema import CorpusRecord, Indicator
from assistant.text import TRUSTED

DIRTY = '{"id": "r1", "origin": "user", "source": "s", "indicator": {"level1": "产出指标", "level2": "数量指标", "name": "培训\\t人次", "annual_value": {"raw": "≥100人次。"}}}'


def test_untrusted_text_is_cleaned_and_trusted_text_is_kept_as_written() -> None:
    cleaned = CorpusRecord.model_validate_json(DIRTY)
    assert (
        cleaned.indicator.name == "培训 人次" and cleaned.indicator.annual_value.raw == "≥100人次"
    )
    kept = CorpusRecord.model_validate_json(DIRTY, context=TRUSTED)
    assert kept.indicator.name == "培训\t人次" and kept.indicator.annual_value.raw == "≥100人次。"
    assert isinstance(kept.indicator, Indicator)  # still validated: types and nesting


def test_a_written_record_reads_back_equal_when_trusted() -> None:
    record = CorpusRecord.model_validate_json(DIRTY)
    again = CorpusRecord.model_validate_json(record.model_dump_json(), context=TRUSTED)
    assert again == record


def test_the_collector_pause_restores_what_it_found() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled(), "a pause inside a caller's pause does not resume"
    finally:
        gc.enable()
