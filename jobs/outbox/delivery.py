"""Delivering handoffs to departments (转办): into the platform inbox, or to the
department's own system as a signed webhook with back-off; after the last try the
handoff is marked undeliverable and the window is alerted — nothing is dropped."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
from arq import Retry
from tortoise.expressions import F
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from jobs.outbox import inbox_delivery, webhooks
from jobs.outbox.inbox_delivery import handlers_message
from jobs.outbox.staging import enqueue, fail, finish, task
from permissions.audit import SYSTEM_USERNAME as SYSTEM
from permissions.audit import Actor, PiiReads, flush_pii_reads
from permissions.compiled import CompiledPermissions
from permissions.masking import mask_id_number, mask_phone, reveal
from permissions.policy_cache import load_policy
from permissions.scopes import dept
from resolvers.core.ids import encode_id
from resolvers.messaging.notifications import notify, send
from resolvers.messaging.recipients import window_staff
from resolvers.requests.flow import advance_request, move_handoff
from schema import clock
from schema.models import Handoff, OutboxEntry, ServiceRequest, ServiceRequestItem, Talent
from schema.models.enums import DeliveryChannel, HandoffStatus, RequestStatus


async def webhook_payload(handoff: Handoff, event: str) -> dict[str, Any]:
    """What the department's system receives: read through the same scope rules as the
    department's own handlers (a handler's grant on `dept:<id>`), PII reads audited."""
    perms = CompiledPermissions([("handler", dept(handoff.department_id))], await load_policy())
    request = await ServiceRequest.get(id=handoff.request_id)
    talent = await Talent.get(id=handoff.talent_id)
    line = await ServiceRequestItem.get(request_id=request.id, item_id=handoff.item_id)
    pii = PiiReads()

    def shown(field: str, value: str | None, mask: Any) -> str | None:
        return reveal(perms, pii, "handoff", handoff, field, value, mask)

    payload = {
        "event": event,
        "handoff": {
            "id": encode_id("Handoff", handoff.id), "status": handoff.status.value,
            "dueOn": handoff.due_on.isoformat(), "isLead": handoff.is_lead,
            "item": {"code": handoff.item.code, "name": handoff.item.name},
            "department": {"id": encode_id("Department", handoff.department_id),
                           "name": handoff.department.name},
        },
        "serviceRequest": {
            "id": encode_id("ServiceRequest", request.id), "number": request.number,
            "channel": request.channel.value, "receivedAt": request.received_at.isoformat(),
            "note": request.note, "materials": line.materials,
        },
        "applicant": {
            "name": talent.name,
            "idNumber": shown("applicant.idNumber", talent.id_number, mask_id_number),
            "phone": shown("applicant.phone", talent.phone, mask_phone),
        },
    }  # fmt: skip
    await flush_pii_reads(Actor(username=f"webhook:{dept(handoff.department_id)}"), pii)
    return payload


async def _delivered(handoff: Handoff, entry: OutboxEntry) -> list[str]:
    """Record the delivery and tell the department's handlers, once."""
    keys: list[str] = []
    async with in_transaction():
        if await move_handoff(SYSTEM, handoff, (HandoffStatus.PENDING,), HandoffStatus.DELIVERED,
                              delivered_at=clock.now()):  # fmt: skip
            await advance_request(SYSTEM, handoff.request_id, RequestStatus.DISPATCHED)
            told = await handlers_message(handoff.department_id, handoff.request.number, handoff.item.name,
                                          handoff.due_on, handoff.id)  # fmt: skip
            keys = await send([told])
        await finish(entry)
    return keys


async def _undeliverable(handoff: Handoff, entry: OutboxEntry, error: str) -> list[str]:
    keys: list[str] = []
    async with in_transaction():
        if await move_handoff(SYSTEM, handoff, (HandoffStatus.PENDING,), HandoffStatus.UNDELIVERABLE,
                              note=error, last_error=error):  # fmt: skip
            request = await ServiceRequest.get(id=handoff.request_id)
            keys = await notify(
                await window_staff(request.jurisdiction_id), f"转办失败 {request.number}",
                f"{handoff.department.name} 的系统未能接收 {handoff.item.name}（{error}），请人工转办。",
                related_type="handoff", related_id=handoff.id,
            )  # fmt: skip
        await finish(entry)
    return keys


@task("deliver_handoff")
async def deliver_handoff(ctx: dict[str, Any], entry: OutboxEntry) -> None:
    route = await inbox_delivery.route(entry.payload["handoff"])
    if route is None or route["status"] != HandoffStatus.PENDING.value:
        await finish(entry)  # withdrawn, accepted from the inbox already, or delivered before
        return
    if route["channel"] == DeliveryChannel.INBOX.value:
        keys = await inbox_delivery.deliver_inbox_group(route["request_id"], entry.key)
        await enqueue(ctx.get("redis"), keys)
        return
    handoff = await _with_relations(entry.payload["handoff"]).get()
    await Handoff.filter(id=handoff.id).update(delivery_attempts=F("delivery_attempts") + 1)
    attempts = handoff.delivery_attempts + 1
    result = await _post(ctx, handoff, "handoff.created", entry.key)
    if result.ok:
        await enqueue(ctx.get("redis"), await _delivered(handoff, entry))
        return
    error = result.error or "delivery failed"
    await Handoff.filter(id=handoff.id).update(last_error=error)
    _retry_if_worth_it(ctx, result, attempts)
    await enqueue(ctx.get("redis"), await _undeliverable(handoff, entry, error))


def _with_relations(handoff_id: int) -> QuerySet[Handoff]:
    return Handoff.filter(id=handoff_id).select_related("department", "item", "request")


async def _post(
    ctx: dict[str, Any], handoff: Handoff, event: str, delivery_id: str
) -> webhooks.DeliveryResult:
    department = handoff.department
    payload = await webhook_payload(handoff, event)
    client = ctx.get("http")
    own = client is None
    client = client or httpx.AsyncClient()
    try:
        return await webhooks.post_signed(
            client, department.webhook_url or "", department.webhook_secret or "", payload, delivery_id
        )
    finally:
        if own:
            await client.aclose()


def _retry_if_worth_it(ctx: dict[str, Any], result: webhooks.DeliveryResult, attempts: int) -> None:
    """Raise arq's Retry with back-off while tries remain; return when it is time to give up."""
    if result.retryable and attempts < ctx.get("webhook_max_attempts", webhooks.MAX_ATTEMPTS):
        delay = webhooks.retry_delay(attempts, base=ctx.get("webhook_retry_base", 5.0))
        raise Retry(defer=dt.timedelta(seconds=delay))


@task("withdraw_handoff")
async def tell_withdrawal(ctx: dict[str, Any], entry: OutboxEntry) -> None:
    """Tell a WEBHOOK department's system that a delivered handoff was withdrawn."""
    handoff = await _with_relations(entry.payload["handoff"]).first()
    if handoff is None or handoff.status != HandoffStatus.WITHDRAWN:
        await finish(entry)
        return
    attempts = entry.attempts + 1
    await OutboxEntry.filter(id=entry.id).update(attempts=attempts)
    result = await _post(ctx, handoff, "handoff.withdrawn", entry.key)
    if result.ok:
        await finish(entry)
        return
    _retry_if_worth_it(ctx, result, attempts)
    error = result.error or "delivery failed"
    async with in_transaction():
        keys = await notify(
            await window_staff(handoff.jurisdiction_id), f"撤回通知未送达 {handoff.request.number}",
            f"{handoff.department.name} 的系统未能接收撤回通知（{error}），请电话告知。",
            related_type="handoff", related_id=handoff.id,
        )  # fmt: skip
        await fail(entry, error)
    await enqueue(ctx.get("redis"), keys)
