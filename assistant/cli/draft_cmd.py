"""`jixiao draft` commands."""

from __future__ import annotations
