"""Autosave: one JSON file per table under `data_dir()/sessions/`, named by a hash of its path."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from pydantic import ValidationError

from assistant.errors import InputError
from assistant.resources import data_dir
from tui.state import Session

UNTITLED = "（未保存的新项目）"


def session_path(table_path: str | None) -> Path:
    """Where the session of a table (or of the untitled workspace) is saved."""
    name = str(Path(table_path).resolve()) if table_path else UNTITLED
    digest = hashlib.sha1(name.encode()).hexdigest()[:16]
    folder = data_dir() / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{digest}.json"


def save_session(session: Session) -> Path:
    """Write atomically, so an interrupted save never leaves a broken file."""
    path = session_path(session.table_path)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(session.to_json())
    os.replace(tmp, path)
    return path


def load_session(table_path: str | None) -> Session | None:
    """The saved session of this table, None when there is none; InputError when it is broken."""
    path = session_path(table_path)
    if not path.exists():
        return None
    try:
        return Session.model_validate_json(path.read_text(encoding="utf-8"))
    except (ValidationError, ValueError) as err:
        try:
            kept = f"已原样另存为「{_set_aside(path).name}」"
        except OSError:
            kept = "也无法另存（请手动备份该文件）"
        raise InputError(
            f"上次的工作记录无法读取（{err.__class__.__name__}），{kept}，本次从头开始",
            file=str(path),
        ) from None


def _set_aside(path: Path) -> Path:
    """Move an unreadable session out of the way, so the next autosave cannot overwrite it."""
    kept = path.with_name(f"{path.stem}-无法读取-{time.strftime('%Y%m%d-%H%M%S')}.json")
    os.replace(path, kept)
    return kept
