"""`python -m tui [TABLE]`: the app itself (what `jixiao web` runs for each browser session)."""

from __future__ import annotations

import sys

from tui.app import run

run(sys.argv[1] if len(sys.argv) > 1 else None)
