"""Backups (备份) and restores of a deployment's database, whole and consistent.

PostgreSQL: `pg_dump --format=custom` (one consistent snapshot while the gateways run;
no owners or grants, so it restores under another role) and `pg_restore` into an empty
database, stopping at the first error. SQLite (the demo): the database's online backup API,
a consistent copy while the demo runs, and a restore that refuses to overwrite a database.
The audit trail's hash chain comes back as it was: `talentgate audit-verify` checks it.
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

from schema.db import through_pooler
from schema.snapshot_write import postgres_binary


class BackupError(Exception):
    """A backup or restore that could not be done, with the reason for the operator."""


def _sqlite_path(database_url: str) -> Path | None:
    if not database_url.startswith("sqlite://"):
        return None
    return Path(database_url.removeprefix("sqlite://").split("?", 1)[0])


def _server_url(database_url: str) -> str:
    """pg_dump and pg_restore keep session state a transaction pooler would lose: they go
    to PostgreSQL itself."""
    url, pooled = through_pooler(database_url)
    if pooled:
        raise BackupError("DATABASE_URL names PgBouncer (pgbouncer=true): give backup and restore "
                          "PostgreSQL's own address")  # fmt: skip
    return url


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(said[-1] if said else f"{Path(command[0]).name} exited with {done.returncode}")


def backup(database_url: str, target: Path) -> None:
    """Write the whole database to `target` (a new file)."""
    if target.exists():
        raise BackupError(f"{target} exists: a backup never overwrites a file")
    source = _sqlite_path(database_url)
    if source is not None:
        if not source.exists():
            raise BackupError(f"{source} does not exist")
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        return
    _run([postgres_binary("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
          "--file", str(target), "--dbname", _server_url(database_url)])  # fmt: skip


def restore(database_url: str, source: Path) -> None:
    """Load a backup into the (empty) database `database_url` names."""
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    target = _sqlite_path(database_url)
    if target is not None:
        if target.exists() and target.stat().st_size > 0:
            raise BackupError(f"{target} exists: restore into a new file, then point DATABASE_URL at it")
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        return
    _run([postgres_binary("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
          "--single-transaction", "--dbname", _server_url(database_url), str(source)])  # fmt: skip
