"""The complaint flow (投诉) shared by complaints and rectification tasks (整改): filed →
routed by responsibility with a time limit (按责转办, 限时办结) → answered to the
complainant (逐一反馈) → called back with the result recorded (回访).

These functions act for an already authorised actor (resolvers/complaints/handling.py checks who
may act; the rectification hook and the demo call them directly). Every move is a
conditional update from the states it leaves, writes a ComplaintStep and an audit event,
and returns the outbox keys of the notices it wrote."""

from __future__ import annotations

import datetime as dt
from typing import Any

from permissions.audit import Actor, audit
from permissions.scopes import jur
from resolvers.core.errors import changed_meanwhile
from resolvers.core.numbers import request_number
from resolvers.core.settings import get_settings
from resolvers.core.transitions import Flow, change_status
from resolvers.deadlines.workdays import load_calendar
from resolvers.messaging.notifications import notify
from resolvers.messaging.recipients import department_handlers, talent_users, users_with_roles, window_staff
from schema import clock
from schema.clock import china_today
from schema.models import Complaint, ComplaintStep, ServiceWindow, User
from schema.models.enums import (
    CallbackResult,
    ComplaintKind,
    ComplaintOutcome,
    ComplaintStatus,
)

S = ComplaintStatus
OPEN = (S.RECEIVED, S.ROUTED)
# 受理 → 转办 (again, to re-route) → 反馈 → 回访办结; a dissatisfied callback routes it again.
COMPLAINT_FLOW = Flow("complaint", {
    S.RECEIVED: {S.ROUTED},
    S.ROUTED: {S.ROUTED, S.ANSWERED},
    S.ANSWERED: {S.CLOSED, S.ROUTED},
})  # fmt: skip
OFFICE_ROLES = ("county_admin", "city_admin", "province_admin")
NUMBER_PREFIX = {ComplaintKind.COMPLAINT: "TS", ComplaintKind.RECTIFICATION: "ZG"}  # 投诉 / 整改


def default_workdays(kind: ComplaintKind) -> int:
    settings = get_settings()
    if kind == ComplaintKind.RECTIFICATION:
        return settings.rectification_workdays
    return settings.complaint_time_limit_workdays


async def due_after(jurisdiction_code: str, workdays: int) -> dt.date:
    """限时办结: the n-th working day after today (Beijing), in the complaint's place's calendar."""
    return (await load_calendar(jurisdiction_code)).add_workdays(china_today(), workdays)


def label(complaint: Complaint) -> str:
    return "整改" if complaint.kind == ComplaintKind.RECTIFICATION else "投诉"


async def office_staff(jurisdiction_code: str) -> list[int]:
    """The talent office of the complaint's own area (county, or city for a city complaint)."""
    return await users_with_roles(OFFICE_ROLES, jur(jurisdiction_code))


async def responsible_staff(complaint: Complaint) -> list[int]:
    """The users of the organisation it is routed to."""
    if complaint.department_id is not None:
        return await department_handlers(complaint.department_id)
    if complaint.window_id is not None:
        window = await ServiceWindow.get(id=complaint.window_id)
        return await window_staff(window.jurisdiction_id)
    return []


async def routing_office(complaint: Complaint) -> list[int]:
    """Whoever routed it, and the office of its area (an automatic routing has no person)."""
    routed_by: list[int] = []
    if complaint.routed_by is not None:
        routers = User.filter(username=complaint.routed_by, is_active=True)
        routed_by = await routers.values_list("id", flat=True)  # type: ignore[assignment]  # Tortoise: flat=True typed as tuples
    return [*routed_by, *await office_staff(complaint.jurisdiction_id)]


async def add_step(complaint: Complaint, action: str, actor: Actor, note: str | None) -> None:
    await ComplaintStep.create(complaint_id=complaint.id, action=action, actor=actor.username, note=note)


async def _move(complaint: Complaint, from_states: tuple[S, ...], status: S, **changes: Any) -> None:
    """Conditional update: a concurrent move wins, this one answers CONFLICT."""
    if not await change_status(complaint, COMPLAINT_FLOW, status, from_=from_states, **changes):
        raise changed_meanwhile("complaintId", "the complaint changed meanwhile")


async def _audit(actor: Actor, operation: str, complaint: Complaint, after: dict[str, Any]) -> None:
    await audit(actor, operation, "complaint", complaint.id, after=after,
                jurisdiction_code=complaint.jurisdiction_id)  # fmt: skip


async def open_complaint(actor: Actor, operation: str, *, kind: ComplaintKind, jurisdiction_id: str,
                         **columns: Any) -> Complaint:  # fmt: skip
    """A new complaint or rectification task, RECEIVED, with its FILED step."""
    now = clock.now()
    complaint = await Complaint.create(
        number=request_number(jurisdiction_id, now, prefix=NUMBER_PREFIX[kind]), kind=kind,
        jurisdiction_id=jurisdiction_id, filed_by=actor.username, **columns,
    )  # fmt: skip
    await add_step(complaint, "FILED", actor, complaint.subject)
    await _audit(actor, operation, complaint, {
        "number": complaint.number, "kind": kind.value, "source": complaint.source.value,
        "talent": complaint.talent_id, "request": complaint.request_id,
    })  # fmt: skip
    return complaint


async def tell_office_of_new(complaint: Complaint) -> list[str]:
    return await notify(
        await office_staff(complaint.jurisdiction_id), f"新{label(complaint)}待转办 {complaint.number}",
        f"{complaint.subject}：请按责转办。", related_type="complaint", related_id=complaint.id,
    )  # fmt: skip


async def route(actor: Actor, complaint: Complaint, *, department_id: int | None, window_id: int | None,
                workdays: int, note: str | None, operation: str = "routeComplaint") -> list[str]:  # fmt: skip
    """按责转办 to one department or window, due in `workdays` working days from today; allowed
    again (re-routing) until it is answered."""
    rerouted = complaint.status == S.ROUTED
    due_on = await due_after(complaint.jurisdiction_id, workdays)
    await _move(
        complaint, OPEN, status=S.ROUTED, department_id=department_id, window_id=window_id,
        due_on=due_on, routed_by=actor.username, routed_at=clock.now(), overdue_notified_on=None,
    )  # fmt: skip
    await add_step(complaint, "REROUTED" if rerouted else "ROUTED", actor, note)
    await _audit(actor, operation, complaint, {"department": department_id, "window": window_id,
                                               "dueOn": due_on.isoformat(), "note": note})  # fmt: skip
    return await notify(
        await responsible_staff(complaint), f"{label(complaint)}转办 {complaint.number}",
        f"{complaint.subject}：请于 {due_on} 前办结并反馈。{note or ''}",
        related_type="complaint", related_id=complaint.id,
    )  # fmt: skip


async def record_answer(actor: Actor, complaint: Complaint, answer: str,
                        outcome: ComplaintOutcome) -> list[str]:  # fmt: skip
    """逐一反馈: the answer goes to the complainant; the office is told to call back."""
    on_time = complaint.due_on is None or china_today() <= complaint.due_on
    await _move(complaint, (S.ROUTED,), status=S.ANSWERED, answer=answer, outcome=outcome,
                answered_by=actor.username, answered_at=clock.now(), answered_on_time=on_time)  # fmt: skip
    await add_step(complaint, "ANSWERED", actor, answer)
    await _audit(actor, "answerComplaint", complaint, {"outcome": outcome.value, "onTime": on_time})
    keys = []
    if complaint.talent_id is not None:
        keys += await notify(
            await talent_users(complaint.talent_id), f"{label(complaint)}办理结果 {complaint.number}",
            f"您反映的“{complaint.subject}”已办理：{answer}",
            related_type="complaint", related_id=complaint.id,
        )  # fmt: skip
    keys += await notify(
        await routing_office(complaint), f"{label(complaint)}已反馈待回访 {complaint.number}",
        f"{complaint.subject}：已反馈，请回访。", related_type="complaint", related_id=complaint.id,
    )  # fmt: skip
    return keys


async def record_callback(actor: Actor, complaint: Complaint, result: CallbackResult, note: str | None,
                          reopen: bool) -> list[str]:  # fmt: skip
    """回访: the result closes it, or (dissatisfied) sends it back to its organisation with a
    fresh time limit; the earlier answer stays in the steps."""
    stamp = clock.now()
    callback = {"callback_result": result, "callback_note": note, "callback_by": actor.username,
                "callback_at": stamp}  # fmt: skip
    if not reopen:
        await _move(complaint, (S.ANSWERED,), status=S.CLOSED, **callback)
        await add_step(complaint, "CALLBACK", actor, _callback_note(result, note))
        await _audit(actor, "recordComplaintCallback", complaint, {"result": result.value})
        return []
    due_on = await due_after(complaint.jurisdiction_id, default_workdays(complaint.kind))
    await _move(
        complaint, (S.ANSWERED,), status=S.ROUTED, due_on=due_on, overdue_notified_on=None, answer=None,
        outcome=None, answered_by=None, answered_at=None, answered_on_time=None, **callback,
    )  # fmt: skip
    await add_step(complaint, "REOPENED", actor, _callback_note(result, note))
    await _audit(actor, "recordComplaintCallback", complaint,
                 {"result": result.value, "reopened": True, "dueOn": due_on.isoformat()})  # fmt: skip
    return await notify(
        await responsible_staff(complaint), f"{label(complaint)}回访不满意，重新办理 {complaint.number}",
        f"{complaint.subject}：回访不满意，请于 {due_on} 前重新办理并反馈。{note or ''}",
        related_type="complaint", related_id=complaint.id,
    )  # fmt: skip


def _callback_note(result: CallbackResult, note: str | None) -> str:
    return f"{result.value}: {note}" if note else result.value
