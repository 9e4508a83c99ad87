"""Tokens for Chinese indicator text: character unigrams and bigrams, whole ASCII words and
numbers, plus whole domain words ("满意度", "网格员") so that three-character terms also match
as a unit. NFKC first (thousands separators dropped); punctuation is dropped, `%` and `‰` are kept (a rate's unit matters).

No word segmenter is loaded: jieba's start-up (≈1 s) would be paid by every `jixiao search`,
and the domain dictionary gives the whole-word matches that matter here.
"""

from __future__ import annotations

import re
import unicodedata

TOKENIZER_VERSION = "uni-bi-domain-1"

# Terms of the trade that bigrams cut apart; matched as whole tokens where they occur.
DOMAIN_WORDS: tuple[str, ...] = (
    "满意度",
    "满意率",
    "运行率",
    "及时率",
    "完成率",
    "合格率",
    "覆盖率",
    "知晓率",
    "办结率",
    "达标率",
    "使用率",
    "利用率",
    "执行率",
    "到位率",
    "准确率",
    "正确率",
    "完好率",
    "通过率",
    "参与率",
    "受理率",
    "回复率",
    "处置率",
    "结案率",
    "出勤率",
    "入学率",
    "就业率",
    "发生率",
    "增长率",
    "下降率",
    "整改率",
    "检出率",
    "验收率",
    "普及率",
    "接种率",
    "登记率",
    "报销率",
    "网格员",
    "出租屋",
    "志愿者",
    "受益人",
    "受益人数",
    "服务对象",
    "工作日",
    "信息化",
    "信息系统",
    "响应时间",
    "故障率",
    "投诉率",
    "事故率",
    "人次数",
    "培训人次",
    "宣传活动",
)

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[a-z0-9]+(?:\.[0-9]+)?|[%‰]")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_DOMAIN = re.compile("|".join(sorted(map(re.escape, DOMAIN_WORDS), key=len, reverse=True)))


def normalise(text: str) -> str:
    """NFKC, lower case, thousands separators removed (`1,989.76` → `1989.76`)."""
    return _THOUSANDS.sub("", unicodedata.normalize("NFKC", text or "").lower())


def _cjk_tokens(run: str) -> list[str]:
    tokens = list(run)
    tokens += [run[i : i + 2] for i in range(len(run) - 1)]
    tokens += _DOMAIN.findall(run)
    return tokens


def tokenize(text: str) -> list[str]:
    """Tokens of one text, in order of kind (unigrams, bigrams, domain words per run)."""
    tokens: list[str] = []
    for match in _RUN.finditer(normalise(text)):
        run = match.group(0)
        tokens += _cjk_tokens(run) if "\u3400" <= run[0] else [run]
    return tokens
