"""`jixiao eval` commands."""

from __future__ import annotations
