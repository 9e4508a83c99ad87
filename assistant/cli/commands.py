"""Imports every command module so their commands register on the shared app, then the commands
other packages bring through the entry-point group `jixiao.commands` (the interface's `tui` and
`web`: the library never imports the interface)."""

from importlib.metadata import entry_points

from assistant.cli import (  # noqa: F401
    batch_cmd,
    check_cmd,
    config_cmd,
    corpus_cmd,
    draft_cmd,
    eval_cmd,
    library_cmd,
    llm_cmd,
    refine_cmd,
    renew_cmd,
    search_cmd,
    tables_cmd,
)
from assistant.cli.app import app

COMMAND_GROUP = "jixiao.commands"

for _entry in entry_points(group=COMMAND_GROUP):
    _entry.load()(app)
