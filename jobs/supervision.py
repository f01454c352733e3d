"""Supervision timers (督办): a reminder one working day before a handoff is due, an
overdue record with notices to the window and the department's admins, and escalation
to the city talent office when it stays open further. Each happens once per handoff
(unique records), so a cron that runs twice, or on two workers, notifies once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.transactions import in_transaction

from jobs.outbox.staging import enqueue
from resolvers.deadlines.workdays import load_calendars
from resolvers.messaging.notifications import notify
from resolvers.messaging.recipients import city_office, department_admins, department_handlers, window_staff
from resolvers.requests.flow import WORKABLE
from schema.clock import china_today
from schema.models import Handoff, SupervisionRecord
from schema.models.enums import SupervisionKind

ESCALATE_AFTER_WORKDAYS = 3
BATCH = 500


async def _record(handoff: Handoff, kind: SupervisionKind, subject: str, body: str,
                  recipients: list[int]) -> list[str]:  # fmt: skip
    try:
        async with in_transaction():
            await SupervisionRecord.create(handoff_id=handoff.id, kind=kind,
                                           jurisdiction_id=handoff.jurisdiction_id, note=body)  # fmt: skip
            return await notify(recipients, subject, body, related_type="handoff", related_id=handoff.id)
    except IntegrityError:
        return []  # recorded before, by an earlier run or another worker


def _today(value: str | None) -> dt.date:
    return dt.date.fromisoformat(value) if value else china_today()


async def remind_due_handoffs(ctx: dict[str, Any], today: str | None = None) -> int:
    day = _today(today)
    # Due by the next working day of the handoff's own county: one filter over every place.
    within_a_day = (await load_calendars()).where(
        "jurisdiction_id", lambda calendar: Q(due_on__lte=calendar.add_workdays(day, 1))
    )
    # A subquery: excluding across the reverse relation joins the records and drops every
    # handoff that has none (NOT NULL = ...), i.e. the very ones to remind.
    reminded = SupervisionRecord.filter(kind=SupervisionKind.REMINDER).values("handoff_id")
    due = await Handoff.filter(within_a_day, status__in=list(WORKABLE), due_on__gte=day).exclude(
        id__in=Subquery(reminded)
    ).select_related("request", "item").limit(BATCH)  # fmt: skip
    keys: list[str] = []
    for h in due:
        keys += await _record(
            h, SupervisionKind.REMINDER, f"即将到期 {h.request.number}",
            f"{h.item.name} 将于 {h.due_on} 到期，请按时办结。", await department_handlers(h.department_id),
        )  # fmt: skip
    await enqueue(ctx.get("redis"), keys)
    return len(due)


async def supervise_overdue(ctx: dict[str, Any], today: str | None = None) -> int:
    day = _today(today)
    calendars = await load_calendars()  # one snapshot; each handoff counts in its county's
    # Escalated handoffs have had every notice; left in, a batch of long-forgotten ones
    # would hide every handoff that falls late after them.
    escalated = SupervisionRecord.filter(kind=SupervisionKind.ESCALATED).values("handoff_id")
    overdue = await Handoff.filter(status__in=list(WORKABLE), due_on__lt=day).exclude(
        id__in=Subquery(escalated)
    ).select_related("request", "item", "department").limit(BATCH)  # fmt: skip
    records = await SupervisionRecord.filter(
        handoff_id__in=[h.id for h in overdue],
        kind__in=[SupervisionKind.OVERDUE, SupervisionKind.ESCALATED],
    )
    done = {(r.handoff_id, r.kind) for r in records}
    keys: list[str] = []
    for h in overdue:
        late = calendars.for_place(h.jurisdiction_id).workdays_between(h.due_on, day)
        text = f"{h.department.name} 办理的 {h.item.name} 已超期 {late} 个工作日（期限 {h.due_on}）。"
        if (h.id, SupervisionKind.OVERDUE) not in done:
            keys += await _record(
                h, SupervisionKind.OVERDUE, f"超期督办 {h.request.number}", text,
                [*await window_staff(h.jurisdiction_id), *await department_admins(h.department_id)],
            )  # fmt: skip
        if late >= ESCALATE_AFTER_WORKDAYS and (h.id, SupervisionKind.ESCALATED) not in done:
            keys += await _record(h, SupervisionKind.ESCALATED, f"超期上报 {h.request.number}", text,
                                  await city_office(h.jurisdiction_id))  # fmt: skip
    await enqueue(ctx.get("redis"), keys)
    return len(overdue)
