"""The state machine shared by mutations and jobs: conditional transitions (a second
run of the same step changes nothing), history, and settling a request when its last
handoff finishes (集中反馈, 统一建档)."""

from __future__ import annotations

from typing import Any

from resolvers.core.transitions import Flow, change_status
from resolvers.deadlines import rollups
from resolvers.deadlines.completion import completion_figures
from resolvers.messaging.notifications import notify
from resolvers.messaging.recipients import talent_users, unit_specialists, window_staff
from schema import clock
from schema.models import ArchiveEntry, Handoff, ServiceRequest, ServiceRequestItem, StatusChange
from schema.models.enums import HandoffOutcome, HandoffStatus, RequestStatus
from schema.sql import execute

FINISHED = (HandoffStatus.DONE, HandoffStatus.RETURNED)
OPEN_REQUEST = (RequestStatus.RECEIVED, RequestStatus.DISPATCHED, RequestStatus.IN_PROGRESS)
# A department holds the handoff and can work it: reminders and overdue notices go to it.
WORKABLE = (HandoffStatus.PENDING, HandoffStatus.DELIVERED, HandoffStatus.ACCEPTED)
# Not ended: counted open (and overdue) by supervision, and withdrawable. An undeliverable
# handoff is open, since its request still waits on it, but no department can work it:
# the timers skip it (the window was told when delivery failed).
OPEN_HANDOFF = (*WORKABLE, HandoffStatus.UNDELIVERABLE)


_ENDINGS = (RequestStatus.COMPLETED, RequestStatus.PARTIALLY_REJECTED, RequestStatus.REJECTED,
            RequestStatus.WITHDRAWN)  # fmt: skip
# 受理 → 转办 → 办理中 → 办结 (or withdrawn while nothing is finished); never backwards.
REQUEST_FLOW = Flow("service request", {
    RequestStatus.RECEIVED: {RequestStatus.DISPATCHED, RequestStatus.IN_PROGRESS, *_ENDINGS},
    RequestStatus.DISPATCHED: {RequestStatus.IN_PROGRESS, *_ENDINGS},
    RequestStatus.IN_PROGRESS: set(_ENDINGS),
})  # fmt: skip
H = HandoffStatus
HANDOFF_FLOW = Flow("handoff", {
    H.PENDING: {H.DELIVERED, H.UNDELIVERABLE, H.ACCEPTED, H.RETURNED, H.WITHDRAWN},
    H.DELIVERED: {H.ACCEPTED, H.RETURNED, H.WITHDRAWN},
    H.ACCEPTED: {H.DONE, H.RETURNED, H.WITHDRAWN},
    H.UNDELIVERABLE: {H.WITHDRAWN},
})  # fmt: skip

# Written by hand: every delivery runs it (schema/sql.py).
ADVANCE = 'UPDATE "service_request" SET "status" = ?, "updated_at" = ? WHERE "id" = ? AND "status" = ?'


async def record_change(
    actor: str, request: ServiceRequest | int, handoff: Handoff | None, before: str | None, after: str,
    note: str | None = None,
) -> None:  # fmt: skip
    await StatusChange.create(**change(actor, request, handoff, before, after, note))


def change(
    actor: str, request: ServiceRequest | int, handoff: Handoff | int | None, before: str | None,
    after: str, note: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """One history line's columns (for `record_change` or `insert_many` of several)."""
    return {
        "request_id": request if isinstance(request, int) else request.id,
        "handoff_id": handoff.id if isinstance(handoff, Handoff) else handoff,
        "from_status": before, "to_status": after, "actor": actor, "note": note, "at": clock.now(),
    }  # fmt: skip


async def move_handoff(
    actor: str, handoff: Handoff, allowed: tuple[HandoffStatus, ...], to: HandoffStatus,
    note: str | None = None, **fields: Any,
) -> bool:  # fmt: skip
    """Conditional update: only from `allowed` states; False when another run won."""
    before = handoff.status
    if not await change_status(handoff, HANDOFF_FLOW, to, from_=allowed, **fields):
        return False
    await record_change(actor, handoff.request_id, handoff, before.value, to.value, note)
    return True


async def advance_request(actor: str, request_id: int, to: RequestStatus) -> None:
    """RECEIVED → DISPATCHED → IN_PROGRESS, never backwards."""
    before = await advance_request_quietly(request_id, to)
    if before is not None:
        await record_change(actor, request_id, None, before.value, to.value)


async def advance_request_quietly(request_id: int, to: RequestStatus) -> RequestStatus | None:
    """The conditional update alone; returns the state it moved from (None: no move),
    for callers that write the history line together with others."""
    for before in REQUEST_FLOW.sources(to):  # one conditional update per possible origin
        if await execute(ADVANCE, [to.value, clock.now(), request_id, before.value]):
            return before
    return None


def final_status(handoffs: list[Handoff]) -> RequestStatus:
    approved = [h.status == HandoffStatus.DONE and h.outcome == HandoffOutcome.APPROVED for h in handoffs]
    if all(approved):
        return RequestStatus.COMPLETED
    return RequestStatus.PARTIALLY_REJECTED if any(approved) else RequestStatus.REJECTED


async def settle_request(actor: str, request: ServiceRequest) -> list[str]:
    """When every handoff is finished: final status, archive entry, one message to the
    window, the talent and the unit specialist with all results. Returns outbox keys."""
    handoffs = await Handoff.filter(request_id=request.id).select_related("item", "department")
    if any(h.status not in FINISHED for h in handoffs):
        return []
    status = final_status(handoffs) if handoffs else RequestStatus.COMPLETED
    before = request.status
    figures = await completion_figures(request.jurisdiction_id, request.received_at, request.due_on)
    if not await change_status(request, REQUEST_FLOW, status, completed_at=clock.now(), **figures):
        return []
    await rollups.request_ended(request)
    await record_change(actor, request, None, before.value, status.value)
    results = await _results(request, handoffs)
    await ArchiveEntry.create(
        talent_id=request.talent_id, request_id=request.id, jurisdiction_id=request.jurisdiction_id,
        summary=archive_summary(request.number, results), results=results,
    )  # fmt: skip
    recipients = [
        *await window_staff(request.jurisdiction_id),
        *await talent_users(request.talent_id),
        *await unit_specialists(request.employer_id),
    ]
    body = "\n".join(f"{r['item']}：{r['result']}{('（' + r['opinion'] + '）') if r['opinion'] else ''}"
                     for r in results)  # fmt: skip
    return await notify(recipients, f"办理结果 {request.number}", body,
                        related_type="service_request", related_id=request.id)  # fmt: skip


async def _results(request: ServiceRequest, handoffs: list[Handoff]) -> list[dict[str, Any]]:
    lines = await ServiceRequestItem.filter(request_id=request.id).select_related("item")
    return [*(served_result(line.item) for line in lines if line.served_at is not None),
            *(handoff_result(h.item, h.department.name, h) for h in handoffs)]  # fmt: skip


def served_result(item: Any) -> dict[str, Any]:
    """The archive's line of an item served at the window (DIRECT)."""
    return {"item": item.name, "code": item.code, "department": None, "result": "已服务",
            "outcome": "SERVED", "opinion": None}  # fmt: skip


def handoff_result(item: Any, department: str, handoff: Any) -> dict[str, Any]:
    """The archive's line of one department's finished part."""
    outcome = handoff.outcome.value if handoff.outcome else "RETURNED"
    label = {"APPROVED": "已办结", "REJECTED": "不予办理", "RETURNED": "退回补正"}[outcome]
    return {"item": item.name, "code": item.code, "department": department, "result": label,
            "outcome": outcome, "opinion": handoff.opinion or handoff.return_reason}  # fmt: skip


def archive_summary(number: str, results: list[dict[str, Any]]) -> str:
    return f"{number}: " + "；".join(f"{r['item']} {r['result']}" for r in results)
