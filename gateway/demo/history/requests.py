"""Writes the planned requests: their lines, handoffs, extensions (延期报备), status history
and archive entries, as the live flow leaves them (resolvers/requests/)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gateway.demo.history.plan import (
    DEMO_ACTOR,
    WINDOW_ACCOUNT,
    Context,
    PlannedHandoff,
    PlannedRequest,
    beijing_date,
)
from permissions.audit import SYSTEM
from resolvers.deadlines.completion import figures_at
from resolvers.deadlines.workdays import WorkCalendar, load_calendars
from resolvers.requests.flow import archive_summary, change, handoff_result, served_result
from schema.clock import now
from schema.models import (
    ArchiveEntry,
    Handoff,
    HandoffExtension,
    ServiceRequest,
    ServiceRequestItem,
    StatusChange,
)
from schema.models.enums import HandoffStatus, MaterialState, RequestChannel, RequestStatus, ServiceMode
from schema.sql import insert_many


def completion_figures(
    calendar: WorkCalendar, received_at: dt.datetime, completed_at: dt.datetime, due_on: dt.date | None
) -> dict[str, Any]:
    """The live flow's figures for a completion at `completed_at` rather than now."""
    return figures_at(calendar, received_at, beijing_date(completed_at), due_on)


def _actor(context: Context, handoff: PlannedHandoff) -> str:
    return context.handlers.get(handoff.department_id, (None, DEMO_ACTOR))[1]


async def write_requests(context: Context, requests: list[PlannedRequest]) -> dict[str, int]:
    """Requests, their lines, handoffs, extensions, history and archive entries; number → id."""
    calendars = await load_calendars()
    stamp = now()  # updated_at, as auto_now would write it
    open_figures = dict.fromkeys(("completed_on", "workdays_taken", "on_time"))
    rows = []
    for r in requests:
        submitter = WINDOW_ACCOUNT.get(r.county) if r.channel == RequestChannel.WINDOW else None
        figures = (
            completion_figures(calendars.for_place(r.county), r.received_at, r.completed_at, r.due_on)
            if r.completed_at
            else open_figures
        )
        rows.append(
            dict(
                number=r.number,
                talent_id=r.talent["holder_id"],
                jurisdiction_id=r.county,
                employer_id=r.talent["holder__employer_id"],
                window_id=context.windows[r.county].id,
                channel=r.channel,
                status=r.status,
                submitted_by_id=context.users.get(submitter or ""),
                received_at=r.received_at,
                due_on=r.due_on,
                completed_at=r.completed_at,
                withdrawn_at=r.withdrawn_at,
                updated_at=stamp,
                **figures,
            )
        )
    await insert_many(ServiceRequest, rows)  # plain rows: a model instance each would double the time
    ids = dict(
        await ServiceRequest.filter(number__in=[r.number for r in requests]).values_list("number", "id")
    )
    lines, handoffs = [], []
    for r in requests:
        county_calendar = calendars.for_place(r.county)
        for item in r.items:
            state = MaterialState.SEEN if r.channel == RequestChannel.WINDOW else MaterialState.ATTACHED
            lines.append(
                ServiceRequestItem(
                    request_id=ids[r.number],
                    item_id=item.id,
                    materials={m: state.value for m in item.materials},
                    served_at=r.received_at if item.mode == ServiceMode.DIRECT else None,
                )
            )
        for h in r.handoffs:
            done = h.completed_at is not None
            handler = context.handlers.get(h.department_id, (None, None))[0] if h.accepted_at else None
            handoffs.append(
                dict(
                    request_id=ids[r.number],
                    item_id=h.item.id,
                    department_id=h.department_id,
                    jurisdiction_id=r.county,
                    talent_id=r.talent["holder_id"],
                    employer_id=r.talent["holder__employer_id"],
                    is_lead=h.is_lead,
                    status=h.status,
                    due_on=h.due_on,
                    outcome=h.outcome,
                    opinion=h.opinion,
                    return_reason=h.return_reason,
                    handler_id=handler,
                    created_at=r.received_at,
                    delivered_at=h.delivered_at,
                    accepted_at=h.accepted_at,
                    completed_at=h.completed_at,
                    extension_count=1 if h.extension else 0,
                    delivery_attempts=0,
                    updated_at=stamp,
                    **(
                        completion_figures(county_calendar, r.received_at, h.completed_at, h.due_on)
                        if done
                        else open_figures
                    ),
                )
            )
    await ServiceRequestItem.bulk_create(lines)
    await insert_many(Handoff, handoffs)
    handoff_ids = {
        (row[0], row[1], row[2]): row[3]
        for row in await Handoff.filter(request_id__in=list(ids.values())).values_list(
            "request_id", "item_id", "department_id", "id"
        )
    }
    extensions, changes, entries = [], [], []
    for r in requests:
        rid = ids[r.number]
        keyed = [(h, handoff_ids[(rid, h.item.id, h.department_id)]) for h in r.handoffs]
        for h, hid in keyed:
            if h.extension:
                at, previous, new, reason = h.extension
                extensions.append(
                    dict(
                        handoff_id=hid,
                        reason=reason,
                        previous_due_on=previous,
                        new_due_on=new,
                        reported_by=_actor(context, h),
                        created_at=at,
                    )
                )
        changes += _status_changes(context, r, rid, keyed)
        if r.completed_at is not None:
            entries.append(_archive_entry(r, rid, context))
    await insert_many(HandoffExtension, extensions)
    await insert_many(StatusChange, changes)
    await ArchiveEntry.bulk_create(entries)
    return ids


def _status_changes(
    context: Context, r: PlannedRequest, rid: int, keyed: list[tuple[PlannedHandoff, int]]
) -> list[dict[str, Any]]:
    """The status changes the flow records, in the order they happened."""
    submitter = (WINDOW_ACCOUNT.get(r.county) if r.channel == RequestChannel.WINDOW else None) or DEMO_ACTOR
    lines: list[tuple[dt.datetime, dict[str, Any]]] = [
        (r.received_at, change(submitter, rid, None, None, RequestStatus.RECEIVED.value))
    ]
    for _, hid in keyed:
        lines.append((r.received_at, change(submitter, rid, hid, None, HandoffStatus.PENDING.value)))
    if not keyed and r.completed_at:
        lines.append(
            (r.completed_at, change(submitter, rid, None, RequestStatus.RECEIVED.value, r.status.value))
        )
    if keyed:
        first = min(h.delivered_at for h, _ in keyed if h.delivered_at)
        lines.append((first, change(SYSTEM.username, rid, None, "RECEIVED", "DISPATCHED")))
    accepted = [h.accepted_at for h, _ in keyed if h.accepted_at]
    if accepted:
        actor = _actor(context, next(h for h, _ in keyed if h.accepted_at == min(accepted)))
        lines.append((min(accepted), change(actor, rid, None, "DISPATCHED", "IN_PROGRESS")))
    for h, hid in keyed:
        if h.delivered_at:
            lines.append((h.delivered_at, change(SYSTEM.username, rid, hid, "PENDING", "DELIVERED")))
        if h.accepted_at:
            lines.append((h.accepted_at, change(_actor(context, h), rid, hid, "DELIVERED", "ACCEPTED")))
        if h.completed_at:
            lines.append(
                (
                    h.completed_at,
                    change(_actor(context, h), rid, hid, "ACCEPTED", h.status.value, h.return_reason),
                )
            )
        if r.withdrawn_at:
            lines.append(
                (r.withdrawn_at, change(DEMO_ACTOR, rid, hid, "DELIVERED", "WITHDRAWN", r.withdraw_reason))
            )
    if keyed and r.completed_at:
        last = max(keyed, key=lambda pair: pair[0].completed_at or r.completed_at)[0]
        lines.append(
            (r.completed_at, change(_actor(context, last), rid, None, "IN_PROGRESS", r.status.value))
        )
    if r.withdrawn_at:
        lines.append(
            (r.withdrawn_at, change(DEMO_ACTOR, rid, None, "DISPATCHED", "WITHDRAWN", r.withdraw_reason))
        )
    lines.sort(key=lambda line: line[0])
    return [{**line, "at": at} for at, line in lines]


def _archive_entry(r: PlannedRequest, rid: int, context: Context) -> ArchiveEntry:
    """As settle_request files it: served items first, then each department's result."""
    names = {v: k for k, v in context.departments.items()}
    results = [*(served_result(i) for i in r.items if i.mode == ServiceMode.DIRECT),
               *(handoff_result(h.item, names[h.department_id], h) for h in r.handoffs)]  # fmt: skip
    return ArchiveEntry(
        talent_id=r.talent["holder_id"],
        request_id=rid,
        jurisdiction_id=r.county,
        summary=archive_summary(r.number, results),
        results=results,
        created_at=r.completed_at,
    )
