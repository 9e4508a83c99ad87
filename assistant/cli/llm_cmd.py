"""`jixiao llm` commands."""

from __future__ import annotations
