"""Chinese tokenisation for BM25: unigrams + bigrams, whole ASCII words and numbers, domain words."""

from __future__ import annotations

from assistant.index.tokenize import tokenize


def test_chinese_unigrams_and_bigrams() -> None:
    assert tokenize("高清摄像") == ["高", "清", "摄", "像", "高清", "清摄", "摄像"]


def test_domain_words_are_whole_tokens() -> None:
    tokens = tokenize("系统正常运行率")
    assert "运行率" in tokens
    assert {"系统", "正常", "运行", "行率"} <= set(tokens)
    assert tokens.count("运行率") == 1
    assert "网格员" in tokenize("网格员巡查")
    assert "满意度" in tokenize("服务对象满意度")


def test_punctuation_dropped_and_nfkc() -> None:
    assert tokenize("，。；：（）【】、——“”") == []
    # full-width letters, digits and the percent sign fold to ASCII; % is kept, ≥ is not
    assert tokenize("ＡＢＣ１２３％") == ["abc123", "%"]
    assert tokenize("≥95%") == ["95", "%"]


def test_ascii_words_and_numbers_kept_whole() -> None:
    assert tokenize("GIS系统2.0版") == ["gis", "系", "统", "系统", "2.0", "版"]
    assert tokenize("金额1,989.76万元")[3] == "1989.76"
    assert "2082" in tokenize("2082支高清摄像机")


def test_runs_do_not_join_across_punctuation() -> None:
    tokens = tokenize("培训，宣传")
    assert "训宣" not in tokens
    assert {"培训", "宣传"} <= set(tokens)


def test_empty() -> None:
    assert tokenize("") == []
    assert tokenize("   ") == []
