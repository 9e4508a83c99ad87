"""`jixiao corpus` commands."""

from __future__ import annotations
