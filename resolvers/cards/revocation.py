"""Card revocation (人才卡收回): the employer's unit specialist (or a talent office)
proposes; the service window of the card's county, then the HR bureau (人社局), then the
talent office decide in turn, each with a reason. A rejection ends the chain; the last
approval revokes the card at once, so it opens no further service.

Who decides a stage is the policy's `card_revocation:approve` held through the stage's
roles on the stage's scope: the window on the card's jurisdiction, the HR bureau's staff on
its department, a county/city/province office on the card's jurisdiction."""

from __future__ import annotations

from permissions.audit import audit
from permissions.compiled import CompiledPermissions
from permissions.scopes import city_of, covers, jur
from resolvers.cards.flow import CARD_FLOW
from resolvers.cards.issue import card_event
from resolvers.cards.lifecycle import OPEN_REVOCATION, invalid_state, reason_of, visible_card
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, changed_meanwhile, forbidden
from resolvers.core.lookup import find_visible
from resolvers.core.transitions import change_status
from resolvers.funds.clawback import stop_for_talent
from resolvers.listing.connections import Listing
from resolvers.listing.filtering import id_filter, within_jurisdiction
from resolvers.listing.pagination import OrderColumn
from resolvers.messaging.notifications import notify
from resolvers.messaging.recipients import (
    department_handlers,
    talent_users,
    unit_specialists,
    users_with_roles,
    window_staff,
)
from schema import clock
from schema import models as m
from schema.clock import china_today
from schema.models.enum_labels import zh
from schema.models.enums import (
    CardEventKind,
    CardStatus,
    ClawbackTrigger,
    DepartmentFunction,
    ReviewDecision,
    RevocationStatus,
)

S = RevocationStatus
NEXT_STAGE = {S.WINDOW_REVIEW: S.HR_REVIEW, S.HR_REVIEW: S.OFFICE_REVIEW, S.OFFICE_REVIEW: S.REVOKED}
STAGE_ROLES = {
    S.WINDOW_REVIEW: ("window_specialist",),
    S.HR_REVIEW: ("handler", "department_admin"),
    S.OFFICE_REVIEW: ("county_admin", "city_admin", "province_admin"),
}
REVOCABLE = (CardStatus.ACTIVE, CardStatus.SUSPENDED)
OFFICE_ROLES = ("county_admin", "city_admin")

CARD_REVOCATIONS = Listing(
    m.CardRevocation,
    "card_revocation",
    {
        "id": id_filter("CardRevocation", "id", "filter.id"),
        "status": "status",
        "card_id": id_filter("Card", "card_id", "filter.cardId"),
        "talent_id": id_filter("Talent", "talent_id", "filter.talentId"),
        "jurisdiction_code": "jurisdiction_id",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
    },
    {"ID": OrderColumn("id")},
)


def stage_scope(revocation: m.CardRevocation) -> str:
    if revocation.status == S.HR_REVIEW:
        return f"dept:{revocation.hr_department_id}"
    return jur(revocation.jurisdiction_id)


def may_decide(perms: CompiledPermissions, revocation: m.CardRevocation) -> bool:
    """Whether the caller holds approve through one of the stage's roles on its scope."""
    roles = STAGE_ROLES.get(revocation.status, ())
    target = stage_scope(revocation)
    return any(
        role in roles and perms.policy.permits(role, "card_revocation", "approve") and covers(scope, target)
        for role, scope in perms.grants
    )


async def hr_bureau(card: m.Card) -> m.Department | None:
    """The HR bureau of the programme's jurisdiction, else of the card's city."""
    programme = await m.CardProgramme.get(id=card.programme_id)
    for code in (programme.jurisdiction_id, city_of(card.jurisdiction_id)):
        bureau = await m.Department.filter(
            jurisdiction_id=code, function=DepartmentFunction.HUMAN_RESOURCES.value
        ).order_by("id").first()
        if bureau is not None:
            return bureau
    return None


async def _office_staff(jurisdiction_code: str) -> list[int]:
    county = await users_with_roles(("county_admin",), jur(jurisdiction_code))
    city = await users_with_roles(("city_admin",), jur(city_of(jurisdiction_code)))
    return [*county, *city]


async def propose_card_revocation(ctx: RequestContext, card_id: str, reason: str) -> m.CardRevocation:
    """proposeCardRevocation: opens the chain at the window (WINDOW_REVIEW)."""
    card = await visible_card(ctx, card_id)
    reason = reason_of(reason)
    holder = await m.Talent.get(id=card.holder_id)
    scopes = [jur(card.jurisdiction_id), f"talent:{holder.id}"]
    if holder.employer_id is not None:
        scopes.append(f"org:{holder.employer_id}")
    # The employer's unit specialist proposes (card_revocation:create); an office that may
    # change cards (card:update) may start the chain too.
    if not (ctx.perms.allows("card_revocation", "create", scopes)
            or ctx.perms.allows("card", "update", scopes[:1])):  # fmt: skip
        raise forbidden("cardId", "您无权申请收回该人才卡", "you may not propose revoking this card")
    # One proposal at a time per card: lock the card (PostgreSQL; SQLite writes one at a time).
    card = await m.Card.filter(id=card.id).select_for_update().get()
    if card.status not in REVOCABLE:
        raise invalid_state(
            "cardId", f"“{zh(card.status)}”的人才卡不能收回", f"a {card.status.value} card cannot be revoked"
        )
    open_one = await m.CardRevocation.filter(card_id=card.id, status__in=OPEN_REVOCATION).first()
    if open_one is not None:
        raise UserError(
            "cardId",
            ErrorCode.CONFLICT,
            "该人才卡的收回申请已在审核中",
            "a revocation of this card is already under review",
        )
    bureau = await hr_bureau(card)
    if bureau is None:
        raise invalid_state(
            "cardId",
            "尚未设置负责审核该卡收回的人社局",
            "no HR bureau (人社局) is set up to review this card's revocation",
        )
    revocation = await m.CardRevocation.create(
        card_id=card.id, jurisdiction_id=card.jurisdiction_id, employer_id=holder.employer_id,
        talent_id=holder.id, hr_department_id=bureau.id, status=S.WINDOW_REVIEW, reason=reason,
        proposed_by=ctx.actor.username,
    )  # fmt: skip
    await card_event(card, CardEventKind.REVOCATION_PROPOSED, ctx.actor.username, reason,
                     revocation=revocation.id)  # fmt: skip
    await audit(ctx.actor, "proposeCardRevocation", "card_revocation", revocation.id,
                after={"card": card.number, "status": S.WINDOW_REVIEW.value, "reason": reason,
                       "hr_department_id": bureau.id},
                jurisdiction_code=card.jurisdiction_id)  # fmt: skip
    ctx.jobs_after_commit += await notify(
        await window_staff(card.jurisdiction_id), f"人才卡收回申请 {card.number}",
        f"用人单位申请收回人才卡 {card.number}：{reason}。请审核。",
        related_type="card_revocation", related_id=revocation.id,
    )  # fmt: skip
    return revocation


async def review_card_revocation(
    ctx: RequestContext, revocation_id: str, decision: ReviewDecision, reason: str
) -> m.CardRevocation:
    """reviewCardRevocation: the decision of the current stage; REJECT ends the chain,
    the office's APPROVE revokes the card."""
    revocation = await find_visible(ctx, m.CardRevocation, "card_revocation", revocation_id,
                                    "revocationId")  # fmt: skip
    decision = ReviewDecision(decision)
    reason = reason_of(reason)
    stage = revocation.status
    if stage not in NEXT_STAGE:
        raise invalid_state(
            "revocationId", f"该收回申请已办结（{zh(stage)}）", f"the revocation is already {stage.value}"
        )
    if not may_decide(ctx.perms, revocation):
        raise forbidden("revocationId", f"“{zh(stage)}”环节不由您审核", f"you do not decide at {stage.value}")
    if revocation.proposed_by == ctx.actor.username:
        raise forbidden(
            "revocationId",
            "申请人不能审核自己提出的收回申请",
            "the proposer does not decide on their own proposal",
        )
    to = NEXT_STAGE[stage] if decision == ReviewDecision.APPROVE else S.REJECTED
    stamp = clock.now()
    final = to in (S.REVOKED, S.REJECTED)
    moved = await m.CardRevocation.filter(id=revocation.id, status=stage).update(
        status=to, decided_at=stamp if final else None
    )
    if not moved:
        raise changed_meanwhile("revocationId", "decided by someone else meanwhile")
    revocation.status = to
    revocation.decided_at = stamp if final else None
    actor = ctx.actor.username
    await m.CardRevocationStep.create(revocation_id=revocation.id, stage=stage.value,
                                      decision=decision.value, reason=reason, actor=actor)  # fmt: skip
    card = await m.Card.get(id=revocation.card_id)
    if to == S.REJECTED:
        await card_event(card, CardEventKind.REVOCATION_REJECTED, actor, reason,
                         revocation=revocation.id, stage=stage.value)  # fmt: skip
    else:
        await card_event(card, CardEventKind.REVOCATION_REVIEWED, actor, reason,
                         revocation=revocation.id, stage=stage.value, decision=decision.value)  # fmt: skip
    if to == S.REVOKED:
        await _revoke(card, revocation, actor, reason)
        # Funds whose policy names a revoked card stop, and what they paid is recovered.
        ctx.jobs_after_commit += await stop_for_talent(
            ctx.actor, card.holder_id, ClawbackTrigger.CARD_REVOKED, china_today(), reason
        )
    await audit(ctx.actor, "reviewCardRevocation", "card_revocation", revocation.id,
                before={"status": stage.value},
                after={"status": to.value, "decision": decision.value, "reason": reason},
                jurisdiction_code=revocation.jurisdiction_id)  # fmt: skip
    ctx.jobs_after_commit += await _tell(card, revocation, reason)
    return revocation


async def _revoke(card: m.Card, revocation: m.CardRevocation, actor: str, reason: str) -> None:
    revoked = await change_status(card, CARD_FLOW, CardStatus.REVOKED, status_changed_at=clock.now())
    if not revoked:  # superseded by an upgrade meanwhile: that card is the one to revoke
        raise invalid_state(
            "revocationId",
            f"该人才卡当前为“{zh(card.status)}”，请对持卡人现用的人才卡提出收回",
            f"the card is {card.status.value}; propose on the current card",
        )
    await card_event(card, CardEventKind.REVOKED, actor, revocation.reason, revocation=revocation.id,
                     final_reason=reason)  # fmt: skip


async def _tell(card: m.Card, revocation: m.CardRevocation, reason: str) -> list[str]:
    """The next stage is asked to decide; the end is told to those it concerns."""
    status = revocation.status
    if status == S.HR_REVIEW:
        bureau = revocation.hr_department_id  # set on every proposal (hr_bureau is required)
        who = await department_handlers(bureau) if bureau is not None else []
        subject, body = f"人才卡收回待审 {card.number}", f"窗口已同意收回人才卡 {card.number}，请人社局审核。"
    elif status == S.OFFICE_REVIEW:
        who = await _office_staff(revocation.jurisdiction_id)
        subject, body = f"人才卡收回待审批 {card.number}", f"人社局已同意收回人才卡 {card.number}，请审批。"
    elif status == S.REVOKED:
        who = [*await talent_users(card.holder_id), *await unit_specialists(revocation.employer_id)]
        subject, body = f"人才卡已收回 {card.number}", f"人才卡 {card.number} 已收回：{revocation.reason}"
    else:
        who = await unit_specialists(revocation.employer_id)
        subject = f"人才卡收回未通过 {card.number}"
        body = f"收回人才卡 {card.number} 的申请未获同意：{reason}"
    return await notify(who, subject, body, related_type="card_revocation", related_id=revocation.id)
