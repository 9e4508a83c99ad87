"""What a search returns: indicator hits and similar projects.

`score` is 0..1 and hits come sorted by it. Lexical-only: the BM25 score normalised by the
query's own score (1 ≈ the query's words, all of them); for a long query (a project's
description, > 16 characters) an indicator's score also blends in how well its project matches.
Hybrid: the reciprocal-rank-fusion score scaled so that rank 1 in both rankings is 1; being
rank-based it says nothing absolute, so a caller judging "is anything similar at all" should
look at `lexical_score` (always set, as in lexical-only mode) and `dense_score` (cosine, hybrid
only).
"""

from __future__ import annotations

from pydantic import BaseModel

from assistant.schema import CorpusRecord, Evidence


class Hit(BaseModel):
    """一条检索到的指标。"""

    record: CorpusRecord
    score: float
    lexical_rank: int | None = None
    dense_rank: int | None = None
    lexical_score: float = 0.0
    dense_score: float | None = None

    def evidence(self) -> Evidence:
        return self.record.evidence(self.score)


class ProjectHit(BaseModel):
    """一个相似的项目及其指标。"""

    project: str
    department: str | None = None
    sector: str | None = None
    year: int | None = None
    score: float
    records: list[CorpusRecord]
    lexical_rank: int | None = None
    dense_rank: int | None = None
    lexical_score: float = 0.0
    dense_score: float | None = None
