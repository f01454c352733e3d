"""The dedicated-specialist sweep (一对一服务专员巡检), run daily by jobs/specialists.py and once
by the demo seeder: every holder of an ACTIVE card of a dedicated tier has a current
specialist, and nobody else keeps one.

Idempotent: ending is a conditional update of current rows; assigning skips anyone who
has a current assignment (the unique `active_talent_id` turns a concurrent double into
"someone else assigned")."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from permissions.audit import SYSTEM_USERNAME
from resolvers.specialists.dedicated import NO_DEDICATED_CARD, SWEEP, Holder, assign_holders, end_assignments
from schema.models.enums import CardStatus, TalentStatus
from schema.sql import fetch

BATCH = 200

# Holders of an active dedicated-tier card with no current assignment, a batch at a time.
UNSERVED = """
SELECT t.id AS talent_id, t.jurisdiction_id, MAX(c.id) AS card_id
FROM card c
JOIN card_tier ct ON ct.id = c.tier_id
JOIN talent t ON t.id = c.holder_id
LEFT JOIN dedicated_assignment a ON a.active_talent_id = t.id
WHERE c.status = ? AND ct.dedicated_specialist = ? AND t.status = ? AND a.id IS NULL AND t.id > ?
GROUP BY t.id, t.jurisdiction_id
ORDER BY t.id
LIMIT ?"""

# Current assignments of talents who have left or hold no active dedicated-tier card.
UNENTITLED = """
SELECT a.id
FROM dedicated_assignment a
JOIN talent t ON t.id = a.talent_id
WHERE a.ended_at IS NULL AND a.id > ? AND (t.status <> ? OR NOT EXISTS (
    SELECT 1 FROM card c JOIN card_tier ct ON ct.id = c.tier_id
    WHERE c.holder_id = a.talent_id AND c.status = ? AND ct.dedicated_specialist = ?))
ORDER BY a.id
LIMIT ?"""


async def assign_unserved(
    actor: str = SYSTEM_USERNAME, *, tell: bool = True, keys: list[str] | None = None
) -> int:
    """Assign every unserved holder by load; returns how many got a specialist."""
    done, after = 0, 0
    while True:
        rows = await fetch(UNSERVED, [CardStatus.ACTIVE.value, True, TalentStatus.ACTIVE.value, after, BATCH])
        if not rows:
            return done
        after = rows[-1]["talent_id"]
        holders = [Holder(r["talent_id"], r["jurisdiction_id"], r["card_id"]) for r in rows]
        async with in_transaction():
            done += await assign_holders(holders, SWEEP, actor, tell=tell, keys=keys)


async def end_unentitled() -> int:
    """End the assignments nobody is entitled to any more; returns how many ended."""
    done, after = 0, 0
    while True:
        rows = await fetch(
            UNENTITLED, [after, TalentStatus.ACTIVE.value, CardStatus.ACTIVE.value, True, BATCH]
        )
        if not rows:
            return done
        after = rows[-1]["id"]
        done += await end_assignments([r["id"] for r in rows], NO_DEDICATED_CARD)


async def sweep_dedicated(actor: str = SYSTEM_USERNAME, *, tell: bool = True,
                          keys: list[str] | None = None) -> dict[str, int]:  # fmt: skip
    ended = await end_unentitled()
    return {"ended": ended, "assigned": await assign_unserved(actor, tell=tell, keys=keys)}
