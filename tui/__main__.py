"""`python -m tui [TABLE [LAST_YEAR]]`: the app itself (what `jixiao web` runs for each browser
session; `jixiao web` has checked both tables already)."""

from __future__ import annotations

import sys

from tui.app import run

args = [*sys.argv[1:3], None, None]
run(args[0], previous=args[1])
