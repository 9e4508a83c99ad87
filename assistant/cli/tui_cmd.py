"""`jixiao tui` commands."""

from __future__ import annotations
