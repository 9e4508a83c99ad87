"""Drafting a complete indicator set for a new project (offline composer; the LLM path wraps it).

from assistant.draft import DraftRequest, make_request, compose
draft = compose(make_request(name="…", amount=50), load_index())
"""

from assistant.draft.composer import compose
from assistant.draft.request import DraftRequest, make_request

__all__ = ["DraftRequest", "compose", "make_request"]
