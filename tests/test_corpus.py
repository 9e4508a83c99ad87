"""The shipped indicator library: what users read of it (names, departments, sources)."""

from __future__ import annotations

import re

from assistant.corpus import _public, load_shipped


def test_curators_remarks_are_not_part_of_names() -> None:
    assert (
        _public("出入境检验检疫局(代码中未写单位名;含“长吉图发展战略专项”,推定吉林)")
        == "出入境检验检疫局"
    )
    assert _public("养老服务体系建设(据上下文推定)") == "养老服务体系建设"
    assert (
        _public("永德县明朗中学(主管:永德县教育体育局)") == "永德县明朗中学(主管:永德县教育体育局)"
    )
    assert _public("") is None


def test_shipped_records_show_no_remarks_and_no_english_provenance() -> None:
    remark = re.compile(r"推定|代码中|镜像|未注明|被替换")
    for r in load_shipped():
        for text in (r.project, r.department, r.region):
            assert not remark.search(text or ""), (r.id, text)
        assert "public finance-system code" not in r.source and "public web page" not in r.source, (
            r.id
        )
