"""Refining what exists: one vague indicator made measurable (`offline`, and through a model
`llm`), a project's flagged indicators and missing categories (`project`), and a project's set
revised from a request in plain Chinese (`revise`).

from assistant.refine import parse_indicator_text, refine_indicator
refine_indicator(parse_indicator_text("外来人员融合率：提高融合率"), project, load_index())
"""

from assistant.refine.offline import parse_indicator_text, refine_indicator

__all__ = ["parse_indicator_text", "refine_indicator"]
