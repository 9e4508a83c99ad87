"""Retrieval over the indicator library: BM25 over Chinese character n-grams, optionally fused
with a sentence-transformers model (loaded offline only), cached on disk.

    idx = load_index()                       # shipped corpus + the users' library, cached
    idx.search("系统正常运行率", k=10, filters=SearchFilters(level2="质量"))
    idx.similar_projects("网格化管理平台运维", k=5)

Following a store (issue 19): a large base built once and cached, the records changed since as
a small delta (`layers`), folded into a new base past a limit (`follow.Follower`):

    idx = Index.load_layered(base, upserts, removed_ids, base_key="library@42")
    idx = idx.with_changes(more, gone)        # a new Index; the old one stays usable
"""

from assistant.index.filters import SearchFilters
from assistant.index.follow import load_index
from assistant.index.hits import Hit, ProjectHit
from assistant.index.index import Index

__all__ = ["Hit", "Index", "ProjectHit", "SearchFilters", "load_index"]
