"""Signed checkpoints of the audit chain's head (issue: the newest audit entries could be
deleted, or the last ones rewritten with recomputed hashes, straight in the database, and
`talentgate audit-verify` still reported an intact chain — a chain cut at its end links up).

The worker's sealing cron now signs the head (seq, hash, time; HMAC-SHA256 under
AUDIT_CHECKPOINT_KEY) into an append-only file apart from the database, and audit-verify
— run here as the real command — fails naming the problem when the chain no longer holds
the newest checkpoint or a checkpoint line is forged.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
import os
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tortoise.transactions import in_transaction

import resolvers.core.settings as settings_module
from gateway.embedded_redis import EmbeddedRedis
from jobs.audit import checkpoint_file, seal_audit_trail
from permissions.audit import Actor, audit
from permissions.audit_chain import entry_hash, verify_chain
from permissions.audit_checkpoint import FILE_NAME, sign, write_checkpoint
from resolvers.core.settings import get_settings, parse_checkpoint_keys, use_settings
from schema.sql import execute, fetch
from tests.support.databases import SqliteDatabases, sqlite_url
from tests.support.live_server import cli, start_server

pytestmark = pytest.mark.heavy

KEY = "k1:" + "s" * 40
OTHER_KEY = "k1:" + "x" * 40  # same key id, another secret: what a forger would sign with
ACTOR = Actor(username="changan_window", request_id="req-cp")


async def _write(count: int, actor: str = "changan_window") -> None:
    for n in range(count):
        async with in_transaction():
            await audit(dataclasses.replace(ACTOR, username=actor), "updateTalent", "talent", n + 1,
                        after={"n": n}, jurisdiction_code="130102")  # fmt: skip


@pytest.fixture
def deployment(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """This process runs as a worker with a checkpoint key; returns the environment the
    audit-verify command gets (the same key, folder and database)."""
    folder = tmp_path / "checkpoints"
    monkeypatch.setattr(settings_module, "_current", settings_module._current)
    use_settings(dataclasses.replace(
        get_settings(), data_dir=tmp_path / "data", audit_checkpoint_keys=parse_checkpoint_keys(KEY),
        audit_checkpoint_dir=folder,
    ))  # fmt: skip
    return {**os.environ, "DATABASE_URL": db, "TALENTGATE_DATA_DIR": str(tmp_path / "data"),
            "AUDIT_CHECKPOINT_KEY": KEY, "AUDIT_CHECKPOINT_DIR": str(folder)}  # fmt: skip


async def _verify(env: dict[str, str]) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        *cli("audit-verify"), env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await proc.communicate()
    return proc.returncode, out.decode(), err.decode()


def _lines(env: dict[str, str]) -> list[dict]:
    path = Path(env["AUDIT_CHECKPOINT_DIR"]) / FILE_NAME
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


async def test_the_sealing_cron_signs_the_head_and_an_untouched_chain_verifies(
    deployment: dict[str, str],
) -> None:
    await _write(5)
    assert await seal_audit_trail({}) == 5
    [line] = _lines(deployment)
    head = (await fetch('SELECT "hash" FROM audit_event WHERE seq = 5', []))[0]["hash"]
    assert (line["seq"], line["hash"], line["kid"]) == (5, head, "k1") and line["sig"] and line["at"]
    await seal_audit_trail({})  # nothing new: no new line
    assert len(_lines(deployment)) == 1
    code, out, err = await _verify(deployment)
    assert code == 0, err
    assert "5 entries verified" in out and "checkpoint holds: seq 5" in out


async def test_cutting_the_newest_entries_off_fails_verification(deployment: dict[str, str]) -> None:
    await _write(6)
    await seal_audit_trail({})
    assert await execute("DELETE FROM audit_event WHERE seq > 3", []) == 3
    assert (await verify_chain()).intact  # what the chain alone cannot see
    code, _out, err = await _verify(deployment)
    assert code == 1
    assert "the chain ends at seq 3" in err and "entries 4..6 were removed" in err


async def test_rewriting_the_last_entry_with_recomputed_hashes_fails_verification(
    deployment: dict[str, str],
) -> None:
    await _write(6)
    await seal_audit_trail({})
    await execute("DELETE FROM audit_event WHERE seq > 4", [])
    victim = (await fetch("SELECT * FROM audit_event WHERE seq = 4", []))[0]
    victim["actor"] = "someone_else"
    await execute('UPDATE audit_event SET actor = ?, "hash" = ? WHERE id = ?',
                  ["someone_else", entry_hash(victim["prev_hash"], victim, 4), victim["id"]])  # fmt: skip
    assert (await verify_chain()).intact
    code, _out, err = await _verify(deployment)
    assert code == 1
    assert "the chain ends at seq 4" in err and "entries 5..6 were removed" in err


async def test_a_chain_cut_and_grown_again_is_never_signed_afresh(deployment: dict[str, str]) -> None:
    await _write(6)
    await seal_audit_trail({})
    await execute("DELETE FROM audit_event WHERE seq > 2", [])
    await _write(7, actor="cover_up")  # new entries take seq 3..9, past the checkpoint's 6
    await seal_audit_trail({})
    # Refused because the chain no longer holds seq 6 as signed, not because it is too soon.
    assert await write_checkpoint(checkpoint_file(get_settings()), min_interval=0) is None
    assert [line["seq"] for line in _lines(deployment)] == [6]
    assert (await verify_chain()).intact
    code, _out, err = await _verify(deployment)
    assert code == 1
    assert "the entry at seq 6 has hash" in err and "rewritten" in err


async def test_later_checkpoints_follow_a_growing_chain(deployment: dict[str, str]) -> None:
    await _write(2)
    await seal_audit_trail({})
    await _write(3)
    await seal_audit_trail({})  # within the minute: no second line yet
    assert [line["seq"] for line in _lines(deployment)] == [2]
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2)
    checkpoint = await write_checkpoint(checkpoint_file(get_settings()), now=later)
    assert checkpoint is not None and checkpoint.seq == 5
    assert [line["seq"] for line in _lines(deployment)] == [2, 5]
    code, out, err = await _verify(deployment)
    assert code == 0 and "checkpoint holds: seq 5" in out, err


def _forge(env: dict[str, str], line: dict) -> None:
    with (Path(env["AUDIT_CHECKPOINT_DIR"]) / FILE_NAME).open("a") as handle:
        handle.write(json.dumps(line) + "\n")


async def test_a_forged_checkpoint_is_reported(deployment: dict[str, str]) -> None:
    await _write(4)
    await seal_audit_trail({})
    # A line made with another secret that would "vouch" for a shorter chain.
    forged = sign(parse_checkpoint_keys(OTHER_KEY), 9, "0" * 64, dt.datetime.now(dt.UTC))
    _forge(deployment, json.loads(forged.line()))
    code, out, err = await _verify(deployment)
    assert code == 1
    assert "line 2: signature does not verify" in err
    assert "checkpoint holds" not in out


async def test_removing_the_checkpoint_file_as_well_does_not_make_a_truncation_pass(
    deployment: dict[str, str],
) -> None:
    await _write(5)
    await seal_audit_trail({})
    await execute("DELETE FROM audit_event WHERE seq > 2", [])
    (Path(deployment["AUDIT_CHECKPOINT_DIR"]) / FILE_NAME).unlink()
    code, _out, err = await _verify(deployment)
    assert code == 1
    assert "no genuine checkpoint" in err and "the chain has 2 sealed entries" in err


async def test_checkpoints_without_a_key_to_check_them_are_a_usage_error(deployment: dict[str, str]) -> None:
    await _write(1)
    await seal_audit_trail({})
    env = {k: v for k, v in deployment.items() if k != "AUDIT_CHECKPOINT_KEY"}
    code, _out, err = await _verify(env)
    assert code == 2 and "AUDIT_CHECKPOINT_KEY" in err


# -- over the real server: its own worker writes the checkpoints ------------------------------


def _wait_for(check: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.5)


def _run_verify(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cli("audit-verify"), env=env, capture_output=True, text=True, timeout=120)


def test_the_servers_worker_checkpoints_and_verify_catches_a_truncation(
    sqlite_databases: SqliteDatabases, redis_server: EmbeddedRedis, tmp_path: Path
) -> None:
    path = sqlite_databases.create("demo")
    data_dir = tmp_path / "live"
    data_dir.mkdir()
    env = {"AUDIT_CHECKPOINT_KEY": KEY}
    checkpoints = data_dir / FILE_NAME
    try:
        with start_server(sqlite_url(path), data_dir, env=env, redis_url=redis_server.url) as server:
            for user in ("changan_admin", "sjz_admin", "hebei_admin"):  # sign-ins are audited
                server.login(user)
            _wait_for(lambda: checkpoints.exists() and checkpoints.read_text().strip() != "", 60)
        checkpoint = json.loads(checkpoints.read_text().splitlines()[-1])
        verify_env = {**os.environ, "DATABASE_URL": sqlite_url(path), "TALENTGATE_DATA_DIR": str(data_dir),
                      "AUDIT_CHECKPOINT_KEY": KEY}  # fmt: skip
        done = _run_verify(verify_env)
        assert done.returncode == 0, done.stderr
        with sqlite3.connect(path) as conn:
            conn.execute("DELETE FROM audit_event WHERE seq > ?", [checkpoint["seq"] - 2])
        done = _run_verify(verify_env)
        assert done.returncode == 1
        assert f"the chain ends at seq {checkpoint['seq'] - 2}" in done.stderr
        assert "removed from the end" in done.stderr
    finally:
        sqlite_databases.drop(path)


def test_the_demo_keeps_a_checkpoint_key_in_its_data_folder(tmp_path: Path) -> None:
    from gateway.cli import DEMO_CHECKPOINT_KEY_FILE, demo_checkpoint_keys

    assert demo_checkpoint_keys(tmp_path, create=False) == {}
    made = demo_checkpoint_keys(tmp_path)
    assert made == demo_checkpoint_keys(tmp_path) == demo_checkpoint_keys(tmp_path, create=False)
    assert (tmp_path / DEMO_CHECKPOINT_KEY_FILE).stat().st_mode & 0o077 == 0


def test_short_or_malformed_checkpoint_keys_are_refused() -> None:
    for raw in ("short:abc", "no-kid-at-all" * 4, "bad kid:" + "s" * 40):
        with pytest.raises(ValueError, match="AUDIT_CHECKPOINT_KEY"):
            parse_checkpoint_keys(raw)
    assert parse_checkpoint_keys(f"{KEY}, k0:{'o' * 32}") == {
        "k1": "s" * 40, "k0": "o" * 32,
    }  # fmt: skip


def test_the_sealer_reads_only_the_files_tail_for_the_newest_checkpoint(tmp_path: Path) -> None:
    from permissions.audit_checkpoint import TAIL_BYTES, CheckpointFile

    store = CheckpointFile(tmp_path / FILE_NAME, parse_checkpoint_keys(KEY))
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for seq in range(1, 201):
        store.append(sign(store.keys, seq, f"{seq:064x}", start + dt.timedelta(minutes=seq)))
    assert store.path.stat().st_size > 2 * TAIL_BYTES
    tail, whole = store.read(tail_only=True), store.read()
    assert tail.rejected == [] and whole.rejected == []
    assert tail.newest == whole.newest and whole.newest is not None and whole.newest.seq == 200
    assert len(whole.checkpoints) == 200 > len(tail.checkpoints)
