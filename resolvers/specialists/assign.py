"""assignDedicatedSpecialist: a talent office names a talent's dedicated specialist
(一对一服务专员) by hand, replacing the current one."""

from __future__ import annotations

from permissions.audit import audit
from permissions.scopes import jur, talent
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, changed_meanwhile, forbidden, validation
from resolvers.core.lookup import find_visible
from resolvers.specialists.dedicated import (
    MANUAL,
    Holder,
    assign_one,
    end_assignments,
    may_serve,
    tell_talents,
)
from schema import models as m
from schema.models.enums import CardStatus, SpecialistStatus, TalentStatus


async def assign_dedicated_specialist(
    ctx: RequestContext, talent_id: str, specialist_id: str
) -> m.DedicatedAssignment:
    person = await find_visible(ctx, m.Talent, "talent", talent_id, "talentId")
    if not ctx.perms.allows(
        "dedicated_assignment", "update", [jur(person.jurisdiction_id), talent(person.id)]
    ):
        raise forbidden(
            "talentId",
            "您无权为该人才指定一对一服务专员",
            "you may not assign this talent's dedicated specialist",
        )
    specialist = await find_visible(ctx, m.Specialist, "specialist", specialist_id, "specialistId")
    if not may_serve(specialist, person.jurisdiction_id):
        raise validation(
            "specialistId",
            "一对一服务专员须是人才所在县、市或省的窗口专员",
            "a dedicated specialist is a window specialist of the talent's county, city or province",
        )
    if specialist.status != SpecialistStatus.ACTIVE:
        raise UserError(
            "specialistId",
            ErrorCode.INVALID_STATE,
            f"{specialist.name}当前不在岗",
            f"{specialist.name} is not in post",
        )
    if person.status != TalentStatus.ACTIVE:
        raise UserError("talentId", ErrorCode.INVALID_STATE, "该人才已离开本地", "the talent has left")
    cards = m.Card.filter(holder_id=person.id, status=CardStatus.ACTIVE, tier__dedicated_specialist=True)
    card_id: int | None = await cards.order_by("-id").first().values_list("id", flat=True)  # type: ignore[assignment]  # Tortoise: flat=True typed as tuples
    if card_id is None:  # the daily sweep would end it again
        raise validation(
            "talentId",
            "该人才的人才卡等级不享受一对一服务专员",
            "the talent holds no card of a tier with a dedicated specialist",
        )
    current = await m.DedicatedAssignment.filter(active_talent_id=person.id).select_for_update().first()
    if current is not None and current.specialist_id == specialist.id:
        return current
    if current is not None:
        await end_assignments([current.id], MANUAL)
    assignment = await assign_one(Holder(person.id, person.jurisdiction_id, card_id), specialist.id, MANUAL,
                                  ctx.actor.username)  # fmt: skip
    if assignment is None:
        raise changed_meanwhile("talentId", "someone else assigned this talent meanwhile")
    await audit(ctx.actor, "assignDedicatedSpecialist", "dedicated_assignment", assignment.id,
                before={"specialist_id": current.specialist_id} if current else None,
                after={"talent_id": person.id, "specialist_id": specialist.id},
                jurisdiction_code=person.jurisdiction_id)  # fmt: skip
    ctx.jobs_after_commit += await tell_talents({person.id: specialist.id})
    return assignment
