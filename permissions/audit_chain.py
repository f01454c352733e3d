"""The audit trail's hash chain (审计日志防篡改): sealing committed rows and verifying the chain.

Rows go in unsealed (seq NULL), so no mutation waits on a chain-wide lock. A sealer then
gives committed rows, in id order, the next places in the chain: `seq`, `prev_hash` (the
hash of the entry before, or GENESIS) and `hash = sha256(prev_hash + canonical(row))`.
The chain order is seq, not id: a row committed late with a lower id simply gets the next
seq. Any change to a sealed row's content breaks its hash; re-hashing it breaks the next
link; deleting one leaves a gap in seq.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.transactions import in_transaction

from schema.sql import fetch, stored_datetime

log = logging.getLogger("talentgate.audit")

GENESIS = "0" * 64
SEAL_BATCH = 200  # rows per sealing transaction: 4 parameters each, well under both backends' caps
VERIFY_BATCH = 1000
# PostgreSQL advisory lock key of the sealer (b"tgaudit" as a number): one sealer at a time.
SEAL_LOCK_KEY = 0x7467_6175_6469_74

CONTENT = (
    "id", "at", "actor", "token_id", "operation", "target_type", "target_id", "jurisdiction_code",
    "before", "after", "client_address", "request_id",
)  # fmt: skip
_COLUMNS = ", ".join(f'e."{c}"' for c in (*CONTENT, "seq", "prev_hash", "hash"))


class ChainRace(RuntimeError):
    """Another sealer sealed some of these rows meanwhile; this batch is rolled back."""


# ---- the hash ----------------------------------------------------------------------------


def _instant(value: Any) -> str:
    """UTC ISO with microseconds, however the driver hands it back (SQLite: text)."""
    return stored_datetime(value).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _json(value: Any) -> Any:
    """A JSON column as Python data: both drivers give text for a document."""
    return orjson.loads(value) if isinstance(value, str | bytes) else value


def canonical(row: Mapping[str, Any], seq: int) -> bytes:
    """Every content column in a fixed order, JSON with sorted keys: identical on SQLite and
    PostgreSQL (JSONB reorders keys, datetimes come back in another form)."""
    values = [row[c] for c in CONTENT]
    values[CONTENT.index("at")] = _instant(row["at"])
    values[CONTENT.index("before")] = _json(row["before"])
    values[CONTENT.index("after")] = _json(row["after"])
    return orjson.dumps([*values, seq], option=orjson.OPT_SORT_KEYS)


def entry_hash(prev_hash: str, row: Mapping[str, Any], seq: int) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical(row, seq)).hexdigest()


# ---- sealing -----------------------------------------------------------------------------


def _is_postgres(conn: BaseDBAsyncClient) -> bool:
    return conn.capabilities.dialect == "postgres"


# The unsealed rows in id order, each with the chain head beside it (one statement).
_PENDING = f"""
SELECT {_COLUMNS}, h.seq AS head_seq, h.hash AS head_hash
FROM audit_event e
LEFT JOIN (SELECT seq, hash FROM audit_event WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1) h
  ON 1 = 1
WHERE e.seq IS NULL ORDER BY e.id LIMIT ?"""


def _seal_statement(count: int) -> str:
    rows = ", ".join(["(CAST(? AS BIGINT), CAST(? AS BIGINT), ?, ?)"] * count)
    return (
        f"WITH v(id, seq, prev_hash, hash) AS (VALUES {rows}) "
        'UPDATE audit_event SET seq = v.seq, prev_hash = v.prev_hash, "hash" = v.hash '
        "FROM v WHERE audit_event.id = v.id AND audit_event.seq IS NULL RETURNING audit_event.id"
    )


async def _lock(conn: BaseDBAsyncClient, wait: bool) -> bool:
    """Take the sealer's lock till the end of the transaction. The seal's commit need not
    wait for the disk: a seal lost in a crash leaves its rows unsealed, to be sealed again,
    and WAL order keeps any later commit behind it."""
    unsynced = "set_config('synchronous_commit', 'off', true) AS unsynced"
    if wait:
        sql = f"SELECT {unsynced}, true AS got FROM (SELECT pg_advisory_xact_lock(?)) AS held"
    else:
        sql = f"SELECT {unsynced}, pg_try_advisory_xact_lock(?) AS got"
    return bool((await fetch(sql, [SEAL_LOCK_KEY], conn))[0]["got"])


async def _seal_batch(wait: bool) -> int:
    async with in_transaction() as conn:
        if _is_postgres(conn) and not await _lock(conn, wait):
            return 0  # another sealer is at work; what it misses, the next seal takes
        # SQLite: a transaction holds the process's one connection, so sealers take turns.
        rows = await fetch(_PENDING, [SEAL_BATCH], conn)
        if not rows:
            return 0
        seq = rows[0]["head_seq"] or 0
        prev = rows[0]["head_hash"] or GENESIS
        values: list[Any] = []
        for row in rows:
            seq += 1
            digest = entry_hash(prev, row, seq)
            values += [row["id"], seq, prev, digest]
            prev = digest
        # RETURNING counts the rows on both drivers (a statement led by WITH reports none).
        if len(await fetch(_seal_statement(len(rows)), values, conn)) != len(rows):
            raise ChainRace("audit rows were sealed by another sealer meanwhile")
        return len(rows)


async def seal_pending(*, wait: bool = True, batches: int | None = None) -> int:
    """Seal committed unsealed rows, SEAL_BATCH per transaction, until none are left (or
    `batches` ran). `wait=False` gives up at once when another sealer holds the lock.
    Returns how many rows were sealed."""
    sealed, done = 0, 0
    while batches is None or done < batches:
        count = await _seal_batch(wait)
        sealed, done = sealed + count, done + 1
        if count < SEAL_BATCH:
            break
    return sealed


async def seal_after_commit() -> None:
    """The cheap hook after a mutation or an unmasked read committed its audit rows: one
    batch, never waiting and never failing the caller — what is left, the sweeper seals.
    Inside an open transaction it does nothing (the chain lock would be held till its end)."""
    if isinstance(connections.get("default"), TransactionalDBClient):
        return
    try:
        await seal_pending(wait=False, batches=1)
    except Exception:  # the trail is written; only its sealing is postponed
        log.warning("sealing the audit trail failed; the sweeper will retry", exc_info=True)


# ---- verification ------------------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    """The first entry where the chain does not hold."""

    id: int
    seq: int
    reason: str


@dataclass(frozen=True)
class ChainReport:
    verified: int  # entries checked
    head_seq: int  # 0 for an empty chain
    head_hash: str
    unsealed: int
    broken: Break | None = None

    @property
    def intact(self) -> bool:
        return self.broken is None

    def summary(self) -> str:
        if self.broken is not None:
            b = self.broken
            return f"audit chain BROKEN at entry id={b.id} seq={b.seq}: {b.reason}"
        return (
            f"audit chain intact: {self.verified} entries verified, head seq={self.head_seq} "
            f"hash={self.head_hash}, {self.unsealed} unsealed"
        )


def _check(row: Mapping[str, Any], expected_seq: int, prev: str) -> str | None:
    if row["seq"] != expected_seq:
        return f"entries missing: expected seq {expected_seq}, found {row['seq']}"
    if row["prev_hash"] != prev:
        return "prev_hash does not match the hash of the entry before"
    if row["hash"] != entry_hash(prev, row, row["seq"]):
        return "hash does not match the entry's content"
    return None


async def _start(after_seq: int, conn: BaseDBAsyncClient) -> tuple[str, Break | None]:
    """The hash to link from: GENESIS, or that of the entry at `after_seq` (trusted)."""
    if after_seq <= 0:
        return GENESIS, None
    rows = await fetch('SELECT id, "hash" FROM audit_event WHERE seq = ?', [after_seq], conn)
    if not rows:
        return GENESIS, Break(0, after_seq, "the entry to start from is missing")
    return rows[0]["hash"], None


async def verify_chain(*, after_seq: int = 0, batch: int = VERIFY_BATCH) -> ChainReport:
    """Walk the chain by seq in keyset batches (from the start, or after `after_seq`),
    recompute each hash and check each link and the continuity of seq."""
    conn = connections.get("default")
    prev, broken = await _start(after_seq, conn)
    seq, verified = after_seq, 0
    while broken is None:
        rows = await fetch(
            f"SELECT {_COLUMNS} FROM audit_event e WHERE e.seq > ? ORDER BY e.seq LIMIT ?",
            [seq, batch], conn,
        )  # fmt: skip
        for row in rows:
            reason = _check(row, seq + 1, prev)
            if reason is not None:
                broken = Break(row["id"], row["seq"], reason)
                break
            seq, prev, verified = row["seq"], row["hash"], verified + 1
        if len(rows) < batch:
            break
    unsealed = await fetch("SELECT COUNT(*) AS n FROM audit_event WHERE seq IS NULL", [], conn)
    return ChainReport(verified, seq, prev, unsealed[0]["n"], broken)


async def chain_head() -> tuple[int, str]:
    """(seq, hash) of the newest sealed entry; (0, GENESIS) for an empty chain."""
    rows = await fetch(
        'SELECT seq, "hash" FROM audit_event WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1', []
    )
    return (rows[0]["seq"], rows[0]["hash"]) if rows else (0, GENESIS)
