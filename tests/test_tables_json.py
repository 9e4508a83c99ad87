"""The JSON reader: whole tables, bare project lists, and Chinese errors that say where."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.errors import InputError
from assistant.tables import read_table


def _json(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_bare_list_of_projects(tmp_path: Path) -> None:
    data = [
        {
            "name": "公务用车购置经费",
            "amounts": {"total": 18},
            "indicators": [
                {
                    "level1": "1-产出指标",
                    "level2": "11-数量指标",
                    "name": "车辆购置数量",
                    "annual_value": "=1辆",
                }
            ],
        }
    ]
    table = read_table(_json(tmp_path, data))
    [ind] = table.projects[0].indicators
    assert (ind.level1, ind.level2, ind.level1_raw) == ("产出指标", "数量指标", "1-产出指标")
    assert (ind.annual_value.operator, ind.annual_value.number, ind.annual_value.unit) == (
        "=",
        1,
        "辆",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "projects": [
                    {"name": "a", "indicators": [{"level1": "过程", "level2": "", "name": "x"}]}
                ]
            },
            "第 1 个项目，第 1 条指标：一级/二级指标「过程/空」不属于任一指标框架",
        ),
        (
            {"projects": [{"name": "a", "amounts": {"total": "约十万"}}]},
            "第 1 个项目，amounts，total：应为数字",
        ),
        ({"projects": [{"title": "a"}]}, "第 1 个项目，name：缺少必填字段"),
        ({"rows": []}, "JSON 应为"),
    ],
)
def test_invalid_content(tmp_path: Path, data: object, message: str) -> None:
    with pytest.raises(InputError) as err:
        read_table(_json(tmp_path, data))
    assert message in err.value.user_message()


def test_broken_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"projects": [\n  {"name": "a",}\n]}', encoding="utf-8")
    with pytest.raises(InputError, match="不是有效的 JSON") as err:
        read_table(path)
    assert err.value.row == 2
