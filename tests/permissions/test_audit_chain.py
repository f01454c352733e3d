"""The audit trail's hash chain: sealing, verification, tampering found, the CLI."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import os
import sys
from pathlib import Path

import pytest
from tortoise.transactions import in_transaction

from jobs.audit import seal_audit_trail
from permissions.audit import Actor, PiiReads, audit, flush_pii_reads
from permissions.audit_chain import GENESIS, canonical, entry_hash, seal_pending, verify_chain
from schema.clock import CHINA_TIME
from schema.models import AuditEvent
from schema.sql import execute, fetch
from tests.support.graphql import GraphQLClient

ACTOR = Actor(username="changan_window", token_id=7, client_address="10.0.0.8", request_id="req-1")
DOCUMENT = {"zeta": 1, "alpha": {"名称": "长安区", "b": [3, 1.5, None, True]}, "mid": "x"}


async def _write(count: int, **extra: object) -> None:
    for n in range(count):
        async with in_transaction():
            await audit(ACTOR, "updateTalent", "talent", n + 1, before={"status": "ACTIVE"},
                        after={**DOCUMENT, "n": n}, jurisdiction_code="130102", **extra)  # fmt: skip


async def _chain() -> list[dict]:
    return await fetch("SELECT id, seq, prev_hash, hash FROM audit_event ORDER BY seq", [])


async def test_sealing_makes_one_continuous_chain_that_verifies(db: str) -> None:
    await _write(3)
    pii = PiiReads()
    pii.add("talent", 5, "id_number", "130102")
    pii.add("talent", 6, "phone", "130123")
    await flush_pii_reads(ACTOR, pii)  # its hook seals everything committed so far
    await _write(2)
    await seal_pending()
    chain = await _chain()
    assert [r["seq"] for r in chain] == [1, 2, 3, 4, 5, 6, 7]
    assert chain[0]["prev_hash"] == GENESIS
    assert all(b["prev_hash"] == a["hash"] for a, b in itertools.pairwise(chain))
    report = await verify_chain()
    assert report.intact and report.verified == 7 and report.unsealed == 0
    assert (report.head_seq, report.head_hash) == (7, chain[-1]["hash"])
    assert await seal_pending() == 0  # nothing left: sealing again changes nothing


async def test_the_canonical_form_is_the_same_after_the_drivers_round_trip(db: str) -> None:
    """JSONB reorders keys and datetimes come back as text (SQLite) or in UTC (PostgreSQL):
    the hash input must come out the same as the values written, on both backends."""
    beijing = dt.datetime(2026, 3, 1, 8, 30, 0, 120, tzinfo=CHINA_TIME)
    row = await AuditEvent.create(
        at=beijing, actor="张三", token_id=None, operation="op", target_type="talent", target_id="9",
        jurisdiction_code="130102", before=None, after=DOCUMENT, client_address=None, request_id="r",
    )  # fmt: skip
    await AuditEvent.filter(id=row.id).update(at=beijing)  # auto_now_add stamped "now"
    stored = (await fetch("SELECT * FROM audit_event WHERE id = ?", [row.id]))[0]
    written = {
        "id": row.id, "at": beijing, "actor": "张三", "token_id": None, "operation": "op",
        "target_type": "talent", "target_id": "9", "jurisdiction_code": "130102", "before": None,
        "after": DOCUMENT, "client_address": None, "request_id": "r",
    }  # fmt: skip
    assert canonical(stored, 1) == canonical(written, 1)
    expected = (
        f'[{row.id},"2026-03-01T00:30:00.000120Z","张三",null,"op","talent","9","130102",null,'
        '{"alpha":{"b":[3,1.5,null,true],"名称":"长安区"},"mid":"x","zeta":1},null,"r",1]'
    )
    assert canonical(stored, 1).decode() == expected


async def test_a_row_committed_late_with_a_lower_id_gets_the_next_seq(db: str) -> None:
    for key in (10, 11):
        await AuditEvent.create(id=key, actor="a", operation="op", target_type="talent")
    await seal_pending()
    await AuditEvent.create(id=5, actor="a", operation="late", target_type="talent")
    await seal_pending()
    assert [(r["id"], r["seq"]) for r in await _chain()] == [(10, 1), (11, 2), (5, 3)]
    assert (await verify_chain()).intact


TAMPERING = {
    "actor": ("actor", "someone_else"),
    "after JSON": ("after", '{"status": "LEFT"}'),
    "before JSON": ("before", '{"status": "ACTIVE", "extra": 1}'),
    "time": ("at", dt.datetime(2020, 1, 1, tzinfo=dt.UTC)),
}


@pytest.mark.parametrize("change", list(TAMPERING), ids=list(TAMPERING))
async def test_verification_names_a_row_altered_in_the_database(db: str, change: str) -> None:
    await _write(5)
    await seal_pending()
    assert (await verify_chain()).intact
    victim = await AuditEvent.get(seq=3)
    column, value = TAMPERING[change]
    assert await execute(f'UPDATE audit_event SET "{column}" = ? WHERE id = ?', [value, victim.id]) == 1
    report = await verify_chain()
    assert report.broken is not None and not report.intact
    assert (report.broken.id, report.broken.seq) == (victim.id, 3)
    assert "content" in report.broken.reason
    assert report.verified == 2


async def test_an_altered_row_given_a_fresh_hash_breaks_the_next_link(db: str) -> None:
    await _write(4)
    await seal_pending()
    victim = (await fetch("SELECT * FROM audit_event WHERE seq = 2", []))[0]
    victim["actor"] = "someone_else"
    forged = entry_hash(victim["prev_hash"], victim, 2)
    await execute('UPDATE audit_event SET actor = ?, "hash" = ? WHERE id = ?',
                  ["someone_else", forged, victim["id"]])  # fmt: skip
    report = await verify_chain()
    assert report.broken is not None
    assert report.broken.seq == 3 and "prev_hash" in report.broken.reason


async def test_a_deleted_row_leaves_a_gap_that_verification_names(db: str) -> None:
    await _write(4)
    await seal_pending()
    after_gap = await AuditEvent.get(seq=3)
    assert await execute("DELETE FROM audit_event WHERE seq = 2", []) == 1
    report = await verify_chain(batch=2)  # the gap falls across keyset batches
    assert report.broken is not None
    assert (report.broken.id, report.broken.seq) == (after_gap.id, 3)
    assert "missing" in report.broken.reason


async def test_verifying_from_a_later_entry_checks_only_the_rest(db: str) -> None:
    await _write(5)
    await seal_pending()
    report = await verify_chain(after_seq=3)
    assert report.intact and report.verified == 2 and report.head_seq == 5


@pytest.mark.postgres_only
async def test_concurrent_mutations_all_end_sealed_without_a_duplicate_place(
    client: GraphQLClient,
) -> None:
    """Each request runs its mutation on its own pooled connection; the sealing hooks race
    for the lock, and what a loser leaves, the sweeper seals."""
    mutation = """mutation($id: ID!, $n: String!) { updateEmployer(input: {id: $id, industry: $n}) {
      userErrors { code } } }"""
    ids = [
        (await client.data('{ employers(first: 12, filter: {withinJurisdiction: "130102"}) '
                           "{ nodes { id } } }", as_user="changan_admin"))["employers"]["nodes"]
    ][0]  # fmt: skip
    await client.login("changan_admin")
    before = await AuditEvent.all().count()
    answers = await asyncio.gather(*(
        client.data(mutation, {"id": e["id"], "n": f"行业{n}"}, as_user="changan_admin")
        for n, e in enumerate(ids)
    ))  # fmt: skip
    assert all(a["updateEmployer"]["userErrors"] == [] for a in answers)
    assert await AuditEvent.all().count() == before + len(ids)
    await seal_audit_trail({})
    rows = await fetch("SELECT seq FROM audit_event ORDER BY seq", [])
    assert [r["seq"] for r in rows] == list(range(1, len(rows) + 1))
    assert (await verify_chain()).intact


async def _cli(database_url: str, data_dir: Path) -> tuple[int, str, str]:
    # A data folder of its own: a demo's checkpoints in the working directory are another chain's.
    env = {**os.environ, "DATABASE_URL": database_url, "TALENTGATE_DATA_DIR": str(data_dir)}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gateway.cli", "audit-verify", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await proc.communicate()
    return proc.returncode, out.decode(), err.decode()


async def test_the_verify_command_exits_0_when_intact_and_1_naming_the_broken_entry(
    db: str, tmp_path: Path
) -> None:
    await _write(3)
    await seal_pending()
    await _write(1)  # committed, not yet sealed
    code, out, err = await _cli(db, tmp_path)
    assert code == 0, err
    head = (await AuditEvent.get(seq=3)).hash
    assert "3 entries verified" in out and head in out and "1 unsealed" in out
    victim = await AuditEvent.get(seq=2)
    await execute("UPDATE audit_event SET target_id = ? WHERE id = ?", ["999", victim.id])
    code, out, err = await _cli(db, tmp_path)
    assert code == 1
    assert f"id={victim.id} seq=2" in err and "content" in err
