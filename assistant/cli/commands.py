"""Imports every command module so their commands register on the shared app."""

from assistant.cli import (  # noqa: F401
    batch_cmd,
    check_cmd,
    corpus_cmd,
    draft_cmd,
    eval_cmd,
    llm_cmd,
    refine_cmd,
    renew_cmd,
    search_cmd,
    tables_cmd,
    tui_cmd,
    web_cmd,
)
