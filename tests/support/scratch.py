"""Scratch directories for test databases: on tmpfs when there is room.

On an ordinary disk PostgreSQL's CREATE DATABASE flushes the copied files even with
fsync=off (≈0.3 s measured here on ext4 against ≈0.02 s on tmpfs), and SQLite fsyncs at
every commit; on /dev/shm both cost nothing. `TALENTGATE_TEST_TMPDIR` overrides the choice.

Each directory records the pid of the test process that made it, so a later session can
remove what a killed one (SIGKILL, `timeout`) left behind — on tmpfs that is memory.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

TMPDIR_ENV = "TALENTGATE_TEST_TMPDIR"
_SHM = Path("/dev/shm")
_MIN_FREE_BYTES = 1 << 30
OWNER_FILE = "owner.pid"


def scratch_root() -> Path:
    override = os.environ.get(TMPDIR_ENV, "").strip()
    if override:
        return Path(override)
    try:
        stat = os.statvfs(_SHM)
        if os.access(_SHM, os.W_OK | os.X_OK) and stat.f_bavail * stat.f_frsize >= _MIN_FREE_BYTES:
            return _SHM
    except OSError:
        pass
    return Path(tempfile.gettempdir())


def make_scratch_dir(prefix: str) -> Path:
    """A new private directory under `scratch_root()`; the caller removes it."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=scratch_root()))
    (path / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
    return path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def abandoned_scratch_dirs(prefix: str) -> Iterator[Path]:
    """Directories made by `make_scratch_dir(prefix)` in processes that no longer run."""
    for path in scratch_root().glob(f"{prefix}*"):
        try:
            pid = int((path / OWNER_FILE).read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue  # not one of ours, or being created right now
        if pid != os.getpid() and not _alive(pid):
            yield path
