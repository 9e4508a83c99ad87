"""The batch lock, `<output stem>.journal.lock` beside the journal: one run per output at a time.

The lock file holds who took it (process id, host, user) and when. A second run on the same
output refuses and says so. A lock left by a run that no longer exists (killed with kill -9, or
a crash) is taken over, so `--resume` after a crash just works.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from assistant.errors import InputError


def lock_path(journal: Path) -> Path:
    return journal.with_name(journal.name.removesuffix(".jsonl") + ".lock")


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not a reason to refuse a run
        return ""


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except OSError:
        return False
    return True


@dataclass
class BatchLock:
    """A held lock; `release()` removes the file (idempotent)."""

    path: Path
    released: bool = False

    def release(self) -> None:
        if not self.released:
            self.released = True
            self.path.unlink(missing_ok=True)


def _holder(path: Path) -> dict[str, object] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _stale(holder: dict[str, object] | None) -> bool:
    """A lock whose process is gone (on this host), or one that cannot be read."""
    if holder is None:
        return True
    pid = holder.get("pid")
    if holder.get("host") != socket.gethostname() or not isinstance(pid, int):
        return False  # another machine's run (shared folder): cannot tell, so respect it
    return pid == os.getpid() or not _alive(pid)


def _describe(holder: dict[str, object] | None) -> str:
    if holder is None:
        return "另一个批量处理"
    who = f"进程 {holder.get('pid')}"
    if holder.get("user"):
        who += f"（用户 {holder.get('user')}，主机 {holder.get('host')}）"
    since = str(holder.get("since") or "")
    return f"{who}，自 {since.replace('T', ' ')} 起" if since else who


def acquire(journal: Path, output: Path) -> BatchLock:
    """Take the lock for a batch writing `output`; InputError if a live run holds it."""
    path = lock_path(journal)
    record = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "user": _user(),
        "since": datetime.now().isoformat(timespec="seconds"),
        "output": str(output),
    }
    for _ in range(3):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            holder = _holder(path)
            if not _stale(holder):
                raise InputError(
                    f"另一个批量处理正在写同一个输出：{_describe(holder)}。请等它结束，或换一个输出文件；"
                    f"确认它已不在运行时，删除锁文件「{path.name}」后重试",
                    file=str(output),
                ) from None
            path.unlink(missing_ok=True)
            continue
        except OSError as err:
            raise InputError(
                f"无法创建批量处理锁文件（{err.strerror or err}）", file=str(path)
            ) from None
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(record, fh, ensure_ascii=False)
        return BatchLock(path)
    raise InputError("无法取得批量处理锁文件，请稍后重试", file=str(path))
