"""`jixiao batch` commands."""

from __future__ import annotations
