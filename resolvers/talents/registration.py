"""One talent record per person (一人一档): the answer to registering an ID number that
already has a record, wherever that record is kept.

Decision. Duplicates must be refused, so the refusal itself tells the clerk one thing:
this number cannot be registered again. It tells nothing more — not whether the record is
in the clerk's own list or kept by another office, not in which county or province, not
the name on it or who keeps it. createTalent answers CONFLICT on `idNumber` with the same
words whether the caller may see the record or not (so the answer carries no trace of the
caller's scope), and the import's row-error sheet uses the same words. What a county
clerk needs next is in the message in plain terms: look the person up in your own list
and update that record, otherwise ask your city talent office (人才办) to transfer it to
you (迁入). For a record the caller may not see, the office that keeps it is told (an
in-app message, and an audit event in its own area, none in the caller's) that another
office tried to register its talent, so it can arrange the move and notices probing.
That happens after the answer is sent, so not even its timing differs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from permissions.audit import audit
from permissions.masking import mask_id_number, mask_name
from permissions.resources import row_scopes
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError
from resolvers.core.mutations import run_mutation
from resolvers.messaging.notifications import notify
from resolvers.messaging.recipients import users_with_roles
from schema.models import Talent

log = logging.getLogger("talentgate.registration")

ALREADY_REGISTERED = (
    "该证件号码不能重复建档：每人在平台上只有一份人才档案。请在人才列表中查找此人并更新其档案；"
    "如查找不到，请联系市人才办将其档案迁入。本次未新建任何记录。"
)
ALREADY_REGISTERED_EN = (
    "this ID number cannot be registered again: a person has one talent record on the platform. "
    "Look the person up in your talent list and update that record; if you cannot find them, ask "
    "your city talent office (人才办) to transfer their record to you (迁入). Nothing was created."
)

# The office told of an attempt on its talent: the county's, else the city's, else the province's.
KEEPING_OFFICES = (("county_admin", 6), ("city_admin", 4), ("province_admin", 2))

_background: set[asyncio.Task[None]] = set()


class AlreadyRegistered(UserError):
    """The refusal; it also knows (for the office that keeps the record, never for the
    client) which talent holds the number and whether the caller may see it."""

    def __init__(self, holder_id: int, hidden: bool) -> None:
        super().__init__("idNumber", ErrorCode.CONFLICT, ALREADY_REGISTERED, ALREADY_REGISTERED_EN)
        self.holder_id = holder_id
        self.hidden = hidden


async def refuse_second_record(ctx: RequestContext, id_number: str) -> None:
    """Raise AlreadyRegistered when any talent, visible or not, holds `id_number`."""
    holder = await Talent.filter(id_number=id_number).first()
    if holder is not None:
        hidden = not ctx.perms.allows("talent", "read", row_scopes("talent", holder))
        raise AlreadyRegistered(holder.id, hidden)


def tell_keeping_office_later(ctx: RequestContext, errors: Iterable[UserError]) -> None:
    """After the answer is sent: route refusals on records the caller may not see."""
    for error in errors:
        if isinstance(error, AlreadyRegistered) and error.hidden:
            task = asyncio.get_running_loop().create_task(_route(ctx, error))
            _background.add(task)
            task.add_done_callback(_background.discard)


async def settle_routing() -> None:
    """Wait for routings still in flight (tests)."""
    while _background:
        await asyncio.gather(*list(_background), return_exceptions=True)


async def _route(ctx: RequestContext, refusal: AlreadyRegistered) -> None:
    try:  # a write of its own: the refused mutation's transaction was rolled back
        _, errors = await run_mutation(ctx, lambda: _tell(ctx, refusal.holder_id))
        if errors:
            log.warning("routing a refused registration failed: %s", errors[0].message)
    except Exception:
        log.exception("routing a refused registration failed")


async def keeping_office(jurisdiction_code: str) -> list[int]:
    for role, digits in KEEPING_OFFICES:
        scope = f"jur:{jurisdiction_code[:digits].ljust(6, '0')}"
        users = await users_with_roles((role,), scope)
        if users:
            return users
    return []


async def _tell(ctx: RequestContext, holder_id: int) -> None:
    holder = await Talent.get(id=holder_id)
    who = ctx.actor.username
    ctx.jobs_after_commit += await notify(
        await keeping_office(holder.jurisdiction_id),
        "他处申请重复建档 · another office tried to register one of your talents",
        f"{who} tried to register {mask_name(holder.name)} ({mask_id_number(holder.id_number)}), whose "
        "talent record you keep, and was refused. If the person has moved, arrange the transfer "
        "(迁入) with that office.",
        related_type="talent",
        related_id=holder.id,
    )
    await audit(ctx.actor, "registrationRefused", "talent", holder.id, after={"refusedTo": who},
                jurisdiction_code=holder.jurisdiction_id)  # fmt: skip
