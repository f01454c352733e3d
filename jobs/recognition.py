"""The end of the public notice (公示期满), a cron: a recognition whose notice has run out
with no open objection is approved — category set, card issued or upgraded, the talent and
the unit specialist told.

Idempotent: each recognition is claimed by a conditional update from PUBLICITY in its own
transaction, so a second run (or a second worker) changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise.transactions import in_transaction

from jobs.outbox.staging import enqueue
from resolvers.recognition.handling import close_notice
from schema.clock import china_today
from schema.models import Recognition
from schema.models.enums import RecognitionStatus

BATCH = 200


async def close_publicity(ctx: dict[str, Any], today: str | None = None) -> dict[str, int]:
    """Approve every recognition whose notice ended before `today` (Beijing) without an open
    objection. Returns how many were approved."""
    day = dt.date.fromisoformat(today) if today else china_today()
    keys: list[str] = []
    approved, after = 0, 0
    while True:  # keyset over the notices that have ended, a batch at a time
        batch = await Recognition.filter(
            status=RecognitionStatus.PUBLICITY, publicity_until__lt=day, id__gt=after
        ).order_by("id").limit(BATCH)
        if not batch:
            break
        after = batch[-1].id
        for recognition in batch:
            async with in_transaction():
                sent = await close_notice(recognition, day)
            if sent is not None:
                approved += 1
                keys += sent
    await enqueue(ctx.get("redis"), keys)
    return {"approved": approved}
