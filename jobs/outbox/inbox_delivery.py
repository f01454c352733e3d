"""Delivering a request's INBOX handoffs together (并联办理): the first delivery job of a
request moves every pending INBOX handoff of it in one transaction, tells each
department's handlers and finishes the siblings' outbox rows, whose own jobs then have
nothing left to do. A handful of statements per request instead of ten per handoff is
what lets one worker keep up with a province (bench/handoff_throughput.py).

The move is one conditional UPDATE … RETURNING: only the rows this run changed get a
history line and a message, so a second run (or a second worker) has no effect."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise.transactions import in_transaction

from jobs.keys import handoff_delivery_key
from permissions.audit import SYSTEM_USERNAME as SYSTEM
from resolvers.messaging.notifications import Message, send
from resolvers.messaging.recipients import department_handlers
from resolvers.requests.flow import HANDOFF_FLOW, advance_request_quietly, change
from schema import clock
from schema.models import Handoff, StatusChange
from schema.models.enums import DeliveryChannel, HandoffStatus, OutboxStatus, RequestStatus
from schema.sql import execute, fetch, insert_many, marks

PENDING, DELIVERED = HandoffStatus.PENDING.value, HandoffStatus.DELIVERED.value

# What the job needs to pick a path: the handoff's state, request and channel.
ROUTE = """SELECT h."status", h."request_id", d."channel" FROM "handoff" h
JOIN "department" d ON d."id" = h."department_id" WHERE h."id" = ?"""

# The hand-written move below is a declared transition of the handoff's flow.
HANDOFF_FLOW.check([HandoffStatus.PENDING], HandoffStatus.DELIVERED)
MOVE = """UPDATE "handoff" SET "status" = ?, "delivered_at" = ?, "updated_at" = ?
WHERE "request_id" = ? AND "status" = ?
  AND "department_id" IN (SELECT "id" FROM "department" WHERE "channel" = ?)
RETURNING "id", "department_id", "item_id", "due_on\""""

FINISH = 'UPDATE "outbox_entry" SET "status" = ?, "done_at" = ? WHERE "status" = ? AND "key" IN ({keys})'

DETAILS = """SELECT i."id", i."name", r."number" FROM "service_item" i, "service_request" r
WHERE r."id" = ? AND i."id" IN ({items})"""


async def route(handoff_id: int) -> dict[str, Any] | None:
    rows = await fetch(ROUTE, [handoff_id])
    return rows[0] if rows else None


async def deliver_inbox_group(request_id: int, own_key: str) -> list[str]:
    """Deliver every pending INBOX handoff of the request; returns outbox keys of the
    messages to enqueue after commit."""
    stamp = clock.now()
    keys: list[str] = []
    async with in_transaction() as conn:
        values = [DELIVERED, stamp, stamp, request_id, PENDING, DeliveryChannel.INBOX.value]
        moved = await fetch(MOVE, values, conn)
        done = [own_key, *(handoff_delivery_key(row["id"]) for row in moved)]
        if moved:
            keys = await _record(request_id, moved)
        finish = FINISH.format(keys=marks(len(done)))
        await execute(finish, [OutboxStatus.DONE.value, stamp, OutboxStatus.PENDING.value, *done], conn)
    return keys


async def _record(request_id: int, moved: list[dict[str, Any]]) -> list[str]:
    due_on = Handoff._meta.fields_map["due_on"]
    item_ids = sorted({row["item_id"] for row in moved})
    details = await fetch(DETAILS.format(items=marks(len(item_ids))), [request_id, *item_ids])
    names = {row["id"]: row["name"] for row in details}
    number = details[0]["number"]
    before = await advance_request_quietly(request_id, RequestStatus.DISPATCHED)
    changes = [change(SYSTEM, request_id, row["id"], PENDING, DELIVERED) for row in moved]
    if before is not None:
        changes.insert(0, change(SYSTEM, request_id, None, before.value, RequestStatus.DISPATCHED.value))
    await insert_many(StatusChange, changes)
    return await send([
        await handlers_message(row["department_id"], number, names[row["item_id"]],
                               due_on.to_python_value(row["due_on"]), row["id"])
        for row in moved
    ])  # fmt: skip


async def handlers_message(
    department_id: int, number: str, item: str, due_on: dt.date, handoff_id: int
) -> Message:
    """What a department's handlers are told of a handoff delivered to them."""
    return Message(
        await department_handlers(department_id), f"新转办事项 {number}", f"{item}，请于 {due_on} 前办结。",
        related_type="handoff", related_id=handoff_id,
    )  # fmt: skip
