"""`talentgate backup` and `restore`: a whole database into a new file and back into a fresh
one, on both backends, with the audit trail's hash chain verifying afterwards; a backup
never overwrites a file and a restore never overwrites a SQLite database."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import asyncpg

from permissions.audit import Actor, audit
from schema.models import AuditEvent, Talent
from tests.support.live_server import cli, server_env


def talentgate(database_url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # The hash chain is what travels with the database; checkpoints live beside the worker.
    env = {k: v for k, v in server_env(database_url, data_dir).items() if k != "AUDIT_CHECKPOINT_KEY"}
    return subprocess.run(cli(*args), env=env, capture_output=True, text=True, timeout=120)


async def _fresh_database(database_url: str, tmp_path: Path) -> str:
    if database_url.startswith("sqlite://"):
        return f"sqlite://{tmp_path / 'restored.sqlite3'}"
    server, name = database_url.rsplit("/", 1)[0], f"tg_restore_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(f"{server}/postgres")
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return f"{server}/{name}"


async def _counts(database_url: str) -> tuple[int, int]:
    if database_url.startswith("sqlite://"):
        import sqlite3

        with sqlite3.connect(database_url.removeprefix("sqlite://")) as conn:
            return (conn.execute("SELECT count(*) FROM talent").fetchone()[0],
                    conn.execute("SELECT count(*) FROM audit_event").fetchone()[0])  # fmt: skip
    conn = await asyncpg.connect(database_url)
    try:
        return await conn.fetchval("SELECT count(*) FROM talent"), await conn.fetchval(
            "SELECT count(*) FROM audit_event"
        )
    finally:
        await conn.close()


async def test_a_backup_restores_into_a_fresh_database_whose_audit_chain_verifies(
    demo_db: str, tmp_path: Path
) -> None:
    await audit(Actor("changan_admin"), "markTalentLeft", "talent", 1, jurisdiction_code="130102",
                after={"status": "LEFT"})  # fmt: skip
    sealed = talentgate(demo_db, tmp_path, "audit-verify", "--seal")
    assert sealed.returncode == 0, sealed.stderr
    expected = (await Talent.all().count(), await AuditEvent.all().count())
    file = tmp_path / "backup.dump"
    made = talentgate(demo_db, tmp_path, "backup", str(file))
    assert made.returncode == 0 and file.stat().st_size > 0, made.stderr
    again = talentgate(demo_db, tmp_path, "backup", str(file))
    assert again.returncode == 1 and "never overwrites" in again.stderr
    target = await _fresh_database(demo_db, tmp_path)
    restored = talentgate(target, tmp_path, "restore", str(file))
    assert restored.returncode == 0, restored.stderr
    assert await _counts(target) == expected
    verified = talentgate(target, tmp_path, "audit-verify")
    assert verified.returncode == 0, verified.stderr
    if target.startswith("sqlite://"):  # a restore never lands on a database that exists
        twice = talentgate(target, tmp_path, "restore", str(file))
        assert twice.returncode == 1 and "exists" in twice.stderr


def test_backup_and_restore_refuse_a_pgbouncer_url(tmp_path: Path) -> None:
    """pg_dump through a transaction pooler would lose its session: PostgreSQL's own
    address is asked for, and nothing is written."""
    env = server_env("postgres://u@127.0.0.1:6432/talentgate?pgbouncer=true", tmp_path)
    (tmp_path / "in.dump").write_bytes(b"PGDMP")
    for args in (("backup", str(tmp_path / "out.dump")), ("restore", str(tmp_path / "in.dump"))):
        done = subprocess.run(cli(*args), env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode != 0
        assert "give backup and restore PostgreSQL's own address" in done.stderr, done.stderr
    assert not (tmp_path / "out.dump").exists()
