"""Handling (承办): a department's handler accepts, completes, returns, books an
appointment (预约) or reports an extension (延期报备) — only on its own handoffs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise.expressions import F

from permissions.audit import audit
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, UserErrors, validation
from resolvers.core.inputs import read_text
from resolvers.core.lookup import find_visible, require_action
from resolvers.core.validation import TextKind
from resolvers.deadlines import rollups
from resolvers.deadlines.completion import completion_figures
from resolvers.listing.filtering import as_utc
from resolvers.messaging.notifications import notify
from resolvers.messaging.recipients import talent_users, window_staff
from resolvers.requests.flow import WORKABLE, advance_request, move_handoff, settle_request
from schema import clock
from schema.clock import CHINA_TIME, china_today
from schema.models import Appointment, Handoff, HandoffExtension, ServiceRequest
from schema.models.enum_labels import zh
from schema.models.enums import HandoffOutcome, HandoffStatus, RequestStatus

MAX_TEXT = 2000


async def _handoff(ctx: RequestContext, global_id: str) -> Handoff:
    """A handoff the caller may handle; one they may not see is NOT_FOUND."""
    handoff = await find_visible(ctx, Handoff, "handoff", global_id, "handoffId")
    require_action(ctx, "handoff", "handle", handoff, "handoffId", "该转办件须由承办部门办理",
                   "only the responsible department handles this handoff")  # fmt: skip
    return handoff


def _text(value: str | None, field: str, required: bool, kind: TextKind = TextKind.TEXT) -> str | None:
    return read_text(value, field, MAX_TEXT, kind, required=required)


def _required(value: str | None, field: str, kind: TextKind = TextKind.TEXT) -> str:
    return read_text(value, field, MAX_TEXT, kind, required=True)


def _wrong_state(handoff: Handoff, action: str, action_en: str) -> UserError:
    return UserError(
        "handoffId",
        ErrorCode.INVALID_STATE,
        f"该转办件当前为“{zh(handoff.status)}”，不能{action}",
        f"cannot {action_en} a handoff that is {handoff.status.value}",
    )


async def _audit(ctx: RequestContext, operation: str, handoff: Handoff, **after: Any) -> None:
    await audit(ctx.actor, operation, "handoff", handoff.id, after=after or None,
                jurisdiction_code=handoff.jurisdiction_id)  # fmt: skip


async def accept_handoff(ctx: RequestContext, handoff_id: str) -> Handoff:
    handoff = await _handoff(ctx, handoff_id)
    stamp = clock.now()
    fields: dict[str, Any] = {"accepted_at": stamp, "handler_id": ctx.require_principal().user_id}
    if handoff.delivered_at is None:
        fields["delivered_at"] = stamp  # found in the inbox before the delivery job ran
    previous_handler = handoff.handler_id
    if not await move_handoff(ctx.actor.username, handoff,
                              (HandoffStatus.PENDING, HandoffStatus.DELIVERED),
                              HandoffStatus.ACCEPTED, **fields):  # fmt: skip
        raise _wrong_state(handoff, "受理", "accept")
    await rollups.handoff_accepted(handoff.id, previous_handler)
    await advance_request(ctx.actor.username, handoff.request_id, RequestStatus.IN_PROGRESS)
    await _audit(ctx, "acceptHandoff", handoff)
    return handoff


async def complete_handoff(
    ctx: RequestContext, handoff_id: str, outcome: HandoffOutcome, opinion: str | None = None
) -> Handoff:
    """`opinion` is required to reject."""
    handoff = await _handoff(ctx, handoff_id)
    outcome = HandoffOutcome(outcome)
    opinion = _text(opinion, "opinion", required=outcome == HandoffOutcome.REJECTED)
    figures = await completion_figures(handoff.jurisdiction_id, handoff.created_at, handoff.due_on)
    if not await move_handoff(ctx.actor.username, handoff, (HandoffStatus.ACCEPTED,),
                              HandoffStatus.DONE, outcome=outcome, opinion=opinion,
                              completed_at=clock.now(), **figures):  # fmt: skip
        raise _wrong_state(handoff, "办结", "complete")
    await rollups.handoff_ended(handoff.id)
    await _audit(ctx, "completeHandoff", handoff, outcome=outcome.value, opinion=opinion)
    await _settle(ctx, handoff)
    return handoff


async def return_handoff(ctx: RequestContext, handoff_id: str, reason: str) -> Handoff:
    handoff = await _handoff(ctx, handoff_id)
    reason = _required(reason, "reason")
    figures = await completion_figures(handoff.jurisdiction_id, handoff.created_at, handoff.due_on)
    if not await move_handoff(
        ctx.actor.username, handoff, WORKABLE, HandoffStatus.RETURNED,
        note=reason, return_reason=reason, completed_at=clock.now(), **figures,
    ):  # fmt: skip
        raise _wrong_state(handoff, "退回", "return")
    await rollups.handoff_ended(handoff.id)
    await _audit(ctx, "returnHandoff", handoff, reason=reason)
    await _settle(ctx, handoff)
    return handoff


async def _settle(ctx: RequestContext, handoff: Handoff) -> None:
    request = await ServiceRequest.get(id=handoff.request_id)
    ctx.jobs_after_commit.extend(await settle_request(ctx.actor.username, request))


async def schedule_appointment(
    ctx: RequestContext, handoff_id: str, *, purpose: str, at: dt.datetime, place: str
) -> Appointment:
    handoff = await _handoff(ctx, handoff_id)
    if handoff.status not in WORKABLE:
        raise _wrong_state(handoff, "预约", "book an appointment for")
    errors: list[UserError] = []
    try:
        purpose = _required(purpose, "purpose", TextKind.LINE)
        place = _required(place, "place", TextKind.LINE)
    except UserError as error:
        errors.append(error)
    at = as_utc(at)  # a time without a zone is Beijing time, as in every filter
    if at <= clock.now():
        errors.append(validation("at", "预约时间须晚于当前时间", "the appointment must be in the future"))
    if errors:
        raise UserErrors(errors)
    appointment = await Appointment.create(
        handoff_id=handoff.id, purpose=purpose[:256], at=at, place=place[:256],
        created_by=ctx.actor.username,
    )  # fmt: skip
    request = await ServiceRequest.get(id=handoff.request_id)
    ctx.jobs_after_commit.extend(await notify(
        await talent_users(request.talent_id), f"预约通知 {request.number}",
        f"请于 {at.astimezone(CHINA_TIME):%Y-%m-%d %H:%M} 到 {place} 办理：{purpose}",
        related_type="handoff", related_id=handoff.id,
    ))  # fmt: skip
    await _audit(ctx, "scheduleAppointment", handoff, at=at.isoformat(), place=place)
    return appointment


async def report_extension(ctx: RequestContext, handoff_id: str, reason: str, new_due_on: dt.date) -> Handoff:
    handoff = await _handoff(ctx, handoff_id)
    if handoff.status not in WORKABLE:
        raise _wrong_state(handoff, "延期", "extend")
    reason = _required(reason, "reason")
    today = china_today()
    if new_due_on < today:
        raise validation("newDueOn", "新的办理期限不能早于今天", "the new due date is before today")
    if new_due_on <= handoff.due_on:
        raise validation("newDueOn", "延期后的办理期限须晚于原期限", "an extension moves the due date later")
    previous = handoff.due_on
    await HandoffExtension.create(handoff_id=handoff.id, reason=reason, previous_due_on=previous,
                                  new_due_on=new_due_on, reported_by=ctx.actor.username)  # fmt: skip
    changed = await Handoff.filter(id=handoff.id, status__in=list(WORKABLE)).update(
        due_on=new_due_on, extension_count=F("extension_count") + 1, updated_at=clock.now()
    )
    if not changed:
        raise _wrong_state(handoff, "延期", "extend")
    await rollups.handoff_extended(handoff.id)
    handoff.due_on = new_due_on
    request = await ServiceRequest.get(id=handoff.request_id)
    if request.due_on is None or new_due_on > request.due_on:
        await ServiceRequest.filter(id=request.id).update(due_on=new_due_on, updated_at=clock.now())
    ctx.jobs_after_commit.extend(await notify(
        [*await window_staff(request.jurisdiction_id), *await talent_users(request.talent_id)],
        f"延期报备 {request.number}",
        f"办理期限由 {previous} 延至 {new_due_on}，原因：{reason}",
        related_type="handoff", related_id=handoff.id,
    ))  # fmt: skip
    await _audit(ctx, "reportHandoffExtension", handoff, previous_due_on=previous.isoformat(),
                 new_due_on=new_due_on.isoformat(), reason=reason)  # fmt: skip
    return handoff
