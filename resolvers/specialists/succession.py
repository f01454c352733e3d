"""Specialist transfer and replacement (专员调整备案): the organisation nominates a successor
(nominateSpecialistSuccessor), the talent office of the organisation's own level files it
(fileSpecialistSuccession, 备案): the successor takes over the outgoing specialist's items
and dedicated talents and the outgoing one leaves. `successions` lists them in scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from permissions.audit import audit
from permissions.compiled import CompiledPermissions
from permissions.scopes import jur
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, UserErrors, forbidden, validation
from resolvers.core.lookup import find_visible
from resolvers.core.validation import check_text
from resolvers.listing.connections import Listing
from resolvers.listing.filtering import id_filter, within_jurisdiction
from resolvers.listing.pagination import OrderColumn, datetime_column
from resolvers.messaging.notifications import notify
from resolvers.messaging.recipients import users_with_roles
from resolvers.specialists.dedicated import hand_over
from resolvers.specialists.records import (
    Organisation,
    new_specialist,
    organisation_of_specialist,
    read_contact,
    user_of,
)
from schema import clock
from schema import models as m
from schema.clock import china_today
from schema.models.enum_labels import zh
from schema.models.enums import ReviewDecision, SpecialistStatus, SuccessionStatus

S, N = SpecialistStatus, SuccessionStatus
MAX_TEXT = 2000
OFFICES = ("province_admin", "city_admin", "county_admin")

SUCCESSIONS = Listing(
    m.SpecialistSuccession,
    "specialist_succession",
    {
        "status": "status",
        "specialist_id": id_filter("Specialist", "specialist_id", "filter.specialistId"),
        "jurisdiction_code": "jurisdiction_id",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
    },
    {"ID": OrderColumn("id"), "CREATED_AT": datetime_column("created_at")},
)


def _text(value: str | None, field: str, errors: list[UserError], *, required: bool = True) -> str | None:
    text = (value or "").strip()
    if required and not text:
        errors.append(validation(field, "此项为必填项", f"{field} is required"))
    elif len(text) > MAX_TEXT:
        errors.append(validation(field, f"最多 {MAX_TEXT} 个字符", f"at most {MAX_TEXT} characters"))
    else:
        try:
            check_text(text, field)
        except UserError as error:
            errors.append(error)
    return text or None


def may_nominate(perms: CompiledPermissions, organisation: Organisation) -> bool:
    """The organisation nominates (specialist_succession:create: a department's admin, an
    employer's unit specialist); for windows the office that runs them, which may add
    specialists there."""
    scopes = organisation.scopes()
    return perms.allows("specialist_succession", "create", scopes) or perms.allows(
        "specialist", "create", scopes
    )


def may_file(perms: CompiledPermissions, succession: m.SpecialistSuccession) -> bool:
    """specialist_succession:approve granted on exactly the organisation's jurisdiction: a
    county office files for county organisations, a city office for city ones."""
    target = jur(succession.jurisdiction_id)
    return any(
        scope == target and perms.policy.permits(role, "specialist_succession", "approve")
        for role, scope in perms.grants
    )


@dataclass(frozen=True)
class Successor:
    """A new person nominated as successor (becomes PENDING)."""

    name: str
    office_phone: str | None = None
    mobile: str | None = None
    username: str | None = None


@dataclass(frozen=True)
class Nomination:
    """nominateSpecialistSuccessor: global IDs; either `successor` (a new person) or
    `successor_id` (a colleague in the same organisation)."""

    specialist_id: str
    reason: str
    successor: Successor | None = None
    successor_id: str | None = None


async def nominate_successor(ctx: RequestContext, data: Nomination) -> m.SpecialistSuccession:
    outgoing = await find_visible(ctx, m.Specialist, "specialist", data.specialist_id, "specialistId")
    organisation = await organisation_of_specialist(outgoing)
    if not may_nominate(ctx.perms, organisation):
        raise forbidden(
            "specialistId",
            f"您无权提名{organisation.name}的服务专员",
            f"you may not nominate specialists of {organisation.name}",
        )
    if outgoing.status != S.ACTIVE:
        raise UserError(
            "specialistId",
            ErrorCode.INVALID_STATE,
            f"{outgoing.name}当前不在岗",
            f"{outgoing.name} is not in post",
        )
    if await m.SpecialistSuccession.exists(specialist_id=outgoing.id, status=N.NOMINATED):
        raise UserError(
            "specialistId",
            ErrorCode.INVALID_STATE,
            "该专员已有待备案的调整提名",
            "a nomination for this specialist awaits filing",
        )
    errors: list[UserError] = []
    reason = _text(data.reason, "reason", errors)
    successor = await _successor(ctx, data, outgoing, organisation, errors)
    if errors:
        raise UserErrors(errors)
    assert successor is not None and reason is not None
    succession = await m.SpecialistSuccession.create(
        specialist_id=outgoing.id, successor_id=successor.id, jurisdiction_id=organisation.jurisdiction_id,
        department_id=outgoing.department_id, window_id=outgoing.window_id, employer_id=outgoing.employer_id,
        reason=reason, nominated_by=ctx.actor.username,
    )  # fmt: skip
    await audit(ctx.actor, "nominateSpecialistSuccessor", "specialist_succession", succession.id,
                after={"specialist_id": outgoing.id, "successor_id": successor.id, "reason": reason},
                jurisdiction_code=succession.jurisdiction_id)  # fmt: skip
    offices = await users_with_roles(OFFICES, jur(succession.jurisdiction_id))
    ctx.jobs_after_commit += await notify(
        offices, f"专员调整待备案 · {organisation.name}",
        f"{organisation.name}提名 {successor.name} 接替 {outgoing.name}（{reason}），请备案。",
        related_type="specialist_succession", related_id=succession.id,
    )  # fmt: skip
    return succession


async def _successor(ctx: RequestContext, data: Nomination, outgoing: m.Specialist,
                     organisation: Organisation, errors: list[UserError]) -> m.Specialist | None:  # fmt: skip
    """The named colleague (successorId), or a new PENDING specialist (successor)."""
    if bool(data.successor) == bool(data.successor_id):
        errors.append(
            validation(
                "successor",
                "请填写新接任人员或选择已有专员，二者只能选其一",
                "give either successor (a new person) or successorId",
            )
        )
        return None
    if data.successor_id:
        chosen = await find_visible(ctx, m.Specialist, "specialist", data.successor_id, "successorId")
        same = all(getattr(chosen, k) == v for k, v in organisation.where().items())
        if not same or chosen.id == outgoing.id:
            errors.append(
                validation(
                    "successorId",
                    f"接任人须是{organisation.name}的其他专员",
                    f"the successor is another specialist of {organisation.name}",
                )
            )
        elif chosen.status == S.INACTIVE:
            errors.append(validation("successorId", f"{chosen.name}已离岗", f"{chosen.name} has left"))
        return chosen
    assert data.successor is not None  # exactly one of the two is given (checked above)
    values: dict[str, Any] = {}
    read_contact(data.successor, values, errors)
    values["user_id"] = await user_of(data.successor.username, errors)
    if errors:
        return None
    return await new_specialist(ctx, organisation, values, S.PENDING, [])


async def file_succession(
    ctx: RequestContext, succession_id: str, decision: ReviewDecision, note: str | None = None
) -> m.SpecialistSuccession:
    """`note` is required to reject."""
    succession = await find_visible(ctx, m.SpecialistSuccession, "specialist_succession", succession_id,
                                    "successionId")  # fmt: skip
    if not may_file(ctx.perms, succession):
        raise forbidden(
            "successionId",
            "须由该单位同级的人才办备案",
            "the talent office of the organisation's own level files this",
        )
    if succession.status != N.NOMINATED:
        raise UserError(
            "successionId",
            ErrorCode.INVALID_STATE,
            f"该调整已处理（{zh(succession.status)}）",
            f"already {succession.status.value}",
        )
    approve = ReviewDecision(decision) == ReviewDecision.APPROVE
    errors: list[UserError] = []
    note = _text(note, "note", errors, required=not approve)
    if errors:
        raise UserErrors(errors)
    stamp = clock.now()
    status = N.FILED if approve else N.REJECTED
    claimed = await m.SpecialistSuccession.filter(id=succession.id, status=N.NOMINATED).update(
        status=status, decided_by=ctx.actor.username, decision_note=note, decided_at=stamp
    )  # the claim: a second decision finds nothing to change
    if not claimed:
        raise UserError(
            "successionId", ErrorCode.INVALID_STATE, "该调整刚被他人处理，请刷新后查看", "decided meanwhile"
        )
    outgoing = await m.Specialist.get(id=succession.specialist_id)
    successor = await m.Specialist.get(id=succession.successor_id)
    if approve:
        await _take_over(ctx, outgoing, successor, stamp)
    elif successor.status == S.PENDING:
        await m.Specialist.filter(id=successor.id, status=S.PENDING).update(status=S.INACTIVE)
    await succession.refresh_from_db()
    await audit(ctx.actor, "fileSpecialistSuccession", "specialist_succession", succession.id,
                after={"status": status.value, "note": note, "specialist_id": outgoing.id,
                       "successor_id": successor.id},
                jurisdiction_code=succession.jurisdiction_id)  # fmt: skip
    nominator: list[int] = await m.User.filter(username=succession.nominated_by).values_list("id", flat=True)  # type: ignore[assignment]  # Tortoise: flat=True typed as tuples
    verdict = "已备案" if approve else "未予备案"
    ctx.jobs_after_commit += await notify(
        [*nominator, *([successor.user_id] if successor.user_id else [])], f"专员调整{verdict}",
        f"{successor.name} 接替 {outgoing.name}：{verdict}。" + (f"意见：{note}" if note else ""),
        related_type="specialist_succession", related_id=succession.id,
    )  # fmt: skip
    return succession


async def _take_over(ctx: RequestContext, outgoing: m.Specialist, successor: m.Specialist,
                     stamp: dt.datetime) -> None:  # fmt: skip
    if successor.status == S.INACTIVE:
        raise UserError(
            "successionId",
            ErrorCode.INVALID_STATE,
            f"{successor.name}已于此期间离岗",
            f"{successor.name} has left meanwhile",
        )
    await m.Specialist.filter(id=successor.id).update(status=S.ACTIVE, filed_at=stamp, left_on=None)
    successor.status = S.ACTIVE
    items = await outgoing.items.all()
    if items:
        await successor.items.add(*items)  # M2M add skips links already there
    if outgoing.status == S.ACTIVE:
        ctx.jobs_after_commit += await hand_over(
            outgoing, ctx.actor.username, successor=successor, field="successionId"
        )
        await m.Specialist.filter(id=outgoing.id).update(status=S.INACTIVE, left_on=china_today())
