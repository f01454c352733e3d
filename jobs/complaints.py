"""Overdue complaints (投诉超期督办), a cron: a complaint or rectification task still open
after its due date is reported once to the organisation it is routed to and to the office
that routed it. `overdue_notified_on` is claimed by a conditional update before the notice
is written, in one transaction, so a second run or a second worker sends nothing; routing
again or reopening clears it, as the new time limit may pass too."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise.transactions import in_transaction

from jobs.outbox.staging import enqueue
from resolvers.complaints.flow import OPEN, label, responsible_staff, routing_office
from resolvers.messaging.notifications import notify
from schema.clock import china_today
from schema.models import Complaint

BATCH = 500


def _today(value: str | None) -> dt.date:
    return dt.date.fromisoformat(value) if value else china_today()


async def notify_overdue_complaints(ctx: dict[str, Any], today: str | None = None) -> int:
    """Returns how many complaints were reported overdue by this run."""
    day = _today(today)
    late = await Complaint.filter(
        status__in=list(OPEN), due_on__lt=day, overdue_notified_on__isnull=True
    ).order_by("due_on", "id").limit(BATCH)
    keys: list[str] = []
    reported = 0
    for complaint in late:
        async with in_transaction():
            claimed = await Complaint.filter(
                id=complaint.id, status__in=list(OPEN), due_on=complaint.due_on,
                overdue_notified_on__isnull=True,
            ).update(overdue_notified_on=day)  # fmt: skip
            if not claimed:
                continue  # answered, re-routed or reported meanwhile
            keys += await notify(
                [*await responsible_staff(complaint), *await routing_office(complaint)],
                f"{label(complaint)}超期 {complaint.number}",
                f"{complaint.subject}：办结期限 {complaint.due_on} 已过，尚未反馈，请尽快办理。",
                related_type="complaint", related_id=complaint.id,
            )  # fmt: skip
            reported += 1
    await enqueue(ctx.get("redis"), keys)
    return reported
