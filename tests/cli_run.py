"""Running the `jixiao` command in process, for tests: the exit code and everything printed."""

from __future__ import annotations

import sys

import pytest

from assistant.cli.main import run


def cli(*args: object, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    sys.argv = ["jixiao", *map(str, args)]
    try:
        run()
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err
