"""服务基层提醒, a cron: on the first days of October, November and December, a reminder to
every expert of the year below their required days and to their county's office
(resolvers/grassroots/reminders.py).

Idempotent twice over: a reminder is an outbox row keyed by expert (or county) and month,
so a repeated run stages nothing new; its task finishes the row and writes the message in
one transaction, so a retried task sends nothing twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise.transactions import in_transaction

from jobs.outbox.staging import enqueue, finish, task
from resolvers.grassroots.reminders import REMINDER_TASK, send_reminder, stage_reminders
from schema.clock import china_today
from schema.models import OutboxEntry


async def remind_grassroots_experts(ctx: dict[str, Any], today: str | None = None) -> int:
    """Returns how many reminders this month has (staged now or by an earlier run)."""
    day = dt.date.fromisoformat(today) if today else china_today()
    async with in_transaction():
        keys = await stage_reminders(day)
    await enqueue(ctx.get("redis"), keys)
    return len(keys)


@task(REMINDER_TASK)
async def send_grassroots_reminder(ctx: dict[str, Any], entry: OutboxEntry) -> None:
    """:param entry: the outbox row of one reminder; its payload is the message."""
    async with in_transaction():
        if not await finish(entry):
            return  # sent by another run of this row
        keys = await send_reminder(entry.payload)
    await enqueue(ctx.get("redis"), keys)
