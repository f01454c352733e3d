"""Talent cards (人才卡): the list, manual issue, renewal (续期), suspension (暂停) and
reinstatement. Issue and upgrade themselves live in resolvers/cards/issue.py; revocation
(收回) in resolvers/cards/revocation.py; expiry in jobs/cards.py.

Every change is a conditional update on the status the check saw, writes a CardEvent
(the card's history) and an audit event, and tells the holder."""

from __future__ import annotations

from typing import Any

from permissions.audit import SYSTEM_USERNAME, audit
from permissions.scopes import jur
from resolvers.cards.flow import CARD_FLOW
from resolvers.cards.issue import NoProgramme, card_event, issue_for_category, tell_holder
from resolvers.core.context import RequestContext
from resolvers.core.errors import ErrorCode, UserError, changed_meanwhile, forbidden, not_found, validation
from resolvers.core.ids import decode_int_id
from resolvers.core.lookup import find_visible, require_action
from resolvers.core.mutations import snapshot
from resolvers.core.transitions import change_status
from resolvers.core.validation import check_text
from resolvers.listing.connections import Listing
from resolvers.listing.counting import BY_JURISDICTION, GroupColumn
from resolvers.listing.filtering import id_filter, within_jurisdiction
from resolvers.listing.pagination import OrderColumn, date_column
from schema import clock
from schema import models as m
from schema.clock import add_years, china_today
from schema.models.enum_labels import zh
from schema.models.enums import CardEventKind, CardStatus, RevocationStatus, TalentStatus

RENEWAL_WINDOW_DAYS = 90  # an ACTIVE card may be renewed this close to its expiry
MAX_REASON = 2000
OPEN_REVOCATION = (RevocationStatus.WINDOW_REVIEW, RevocationStatus.HR_REVIEW, RevocationStatus.OFFICE_REVIEW)
AUDITED = ("number", "status", "issued_on", "expires_on", "tier_id")

CARDS = Listing(
    m.Card,
    "card",
    {
        "id": id_filter("Card", "id", "filter.id"),
        "number": "number",
        "status": "status",
        "holder_id": id_filter("Talent", "holder_id", "filter.holderId"),
        "programme_id": id_filter("CardProgramme", "programme_id", "filter.programmeId"),
        "tier_id": id_filter("CardTier", "tier_id", "filter.tierId"),
        "issued_on": "issued_on",
        "expires_on": "expires_on",
        "jurisdiction_code": "jurisdiction_id",
        "within_jurisdiction": within_jurisdiction("jurisdiction_id"),
    },
    {
        "ID": OrderColumn("id"),
        "NUMBER": OrderColumn("number"),
        "ISSUED_ON": date_column("issued_on"),
        "EXPIRES_ON": date_column("expires_on"),
    },
)

# cardCounts(groupBy): what a chart of cards may be grouped by
CARD_GROUPS = {
    "STATUS": GroupColumn("status"),
    "JURISDICTION": BY_JURISDICTION,
    "PROGRAMME": GroupColumn("programme_id", "programme__name", "CardProgramme"),
    "TIER": GroupColumn("tier_id", "tier__name", "CardTier"),
    "ISSUED_ON": GroupColumn("issued_on", temporal="date"),
    "EXPIRES_ON": GroupColumn("expires_on", temporal="date"),
}


def reason_of(value: str | None, field: str = "reason") -> str:
    """A decision's reason: required, trimmed, bounded."""
    text = (value or "").strip()
    if not text:
        raise validation(field, "请填写原因", "a reason is required")
    if len(text) > MAX_REASON:
        raise validation(field, f"最多 {MAX_REASON} 个字符", f"at most {MAX_REASON} characters")
    return check_text(text, field)


def invalid_state(field: str | None, message: str, en: str | None = None) -> UserError:
    return UserError(field, ErrorCode.INVALID_STATE, message, en)


async def visible_card(ctx: RequestContext, global_id: str, field: str = "cardId") -> m.Card:
    return await find_visible(ctx, m.Card, "card", global_id, field)


async def _move(card: m.Card, to: CardStatus, **changes: Any) -> None:
    """Move the card from the status it was read in; a concurrent change loses (CONFLICT)."""
    moved = await change_status(
        card, CARD_FLOW, to, from_=[card.status], where={"expires_on": card.expires_on},
        status_changed_at=clock.now(), **changes,
    )  # fmt: skip
    if not moved:
        raise changed_meanwhile("cardId", "the card changed meanwhile; try again")


# -- issue ------------------------------------------------------------------------------


async def issue_card(ctx: RequestContext, talent_id: str, category_id: str | None = None) -> m.Card:
    """issueCard: a card (or an upgrade) for the talent's category or the one given. A holder
    who already holds that tier or a higher one gets CONFLICT (nothing is issued twice)."""
    talent = await find_visible(ctx, m.Talent, "talent", talent_id, "talentId")
    scopes = [jur(talent.jurisdiction_id), f"talent:{talent.id}"]
    if talent.employer_id is not None:
        scopes.append(f"org:{talent.employer_id}")
    if not ctx.perms.allows("card", "create", scopes):
        raise forbidden("talentId", "您无权为该人才发放人才卡", "you may not issue cards to this talent")
    if talent.status != TalentStatus.ACTIVE:
        raise invalid_state(
            "talentId", "该人才已离开本地，不能发卡", "the talent has left; no card is issued"
        )
    if await m.Card.filter(holder_id=talent.id, status=CardStatus.SUSPENDED).exists():
        raise invalid_state(
            "talentId", "该人才的人才卡已暂停，请先恢复", "the talent's card is suspended; reinstate it first"
        )
    category = await _category(talent, category_id)
    try:
        card, new = await issue_for_category(ctx.actor.username, talent, category)
    except NoProgramme:
        raise validation(
            "categoryId",
            f"没有人才卡项目为“{category.name}”设置卡等级",
            f"no card programme has a tier for {category.name}",
        ) from None
    if not new:
        raise UserError(
            "categoryId",
            ErrorCode.CONFLICT,
            f"该人才已持有同等级或更高等级的人才卡 {card.number}",
            f"the talent already holds card {card.number} of this tier or higher",
        )
    await audit(ctx.actor, "issueCard", "card", card.id, after=snapshot(card, AUDITED),
                jurisdiction_code=card.jurisdiction_id)  # fmt: skip
    ctx.jobs_after_commit += await tell_holder(
        card, "人才卡已发放", f"您的人才卡 {card.number} 已发放，有效期至 {card.expires_on}。"
    )
    return card


async def _category(talent: m.Talent, category_id: str | None) -> m.TalentCategory:
    if category_id:
        key = decode_int_id(category_id, "TalentCategory", "categoryId")
        category = await m.TalentCategory.filter(id=key).first()
        if category is None:
            raise not_found("categoryId", "人才类别", "talent category")
        return category
    if talent.category_id is None:
        raise validation("categoryId", "该人才尚无人才类别，请指定", "the talent has no category; name one")
    return await m.TalentCategory.get(id=talent.category_id)


# -- renew, suspend, reinstate ----------------------------------------------------------


async def _editable(ctx: RequestContext, card_id: str) -> m.Card:
    card = await visible_card(ctx, card_id)
    require_action(
        ctx, "card", "update", card, "cardId", "您无权变更该人才卡", "you may not change this card"
    )
    return card


async def renew_card(ctx: RequestContext, card_id: str) -> m.Card:
    """renewCard (续期): an ACTIVE card within 90 days of expiry, or an EXPIRED one, runs
    another validity period from its old expiry (or from today, if that has passed)."""
    card = await _editable(ctx, card_id)
    today = china_today()
    if card.status == CardStatus.ACTIVE:
        if (card.expires_on - today).days > RENEWAL_WINDOW_DAYS:
            raise invalid_state(
                "cardId",
                f"到期前 {RENEWAL_WINDOW_DAYS} 天内才能续期（有效期至 {card.expires_on}）",
                f"renewable from {RENEWAL_WINDOW_DAYS} days before expiry ({card.expires_on})",
            )
    elif card.status == CardStatus.EXPIRED:
        # An expired card comes back only if nothing has replaced it meanwhile.
        other = await m.Card.filter(holder_id=card.holder_id, programme_id=card.programme_id,
                                    status=CardStatus.ACTIVE).exclude(id=card.id).first()  # fmt: skip
        if other is not None:
            raise UserError(
                "cardId",
                ErrorCode.CONFLICT,
                f"持卡人现持有人才卡 {other.number}",
                f"the holder holds card {other.number} now",
            )
    else:
        raise invalid_state(
            "cardId", f"“{zh(card.status)}”的人才卡不能续期", f"a {card.status.value} card cannot be renewed"
        )
    programme = await m.CardProgramme.get(id=card.programme_id)
    before = snapshot(card, AUDITED)
    old_expiry = card.expires_on
    expires_on = add_years(max(today, old_expiry), programme.validity_years)
    await _move(card, CardStatus.ACTIVE, expires_on=expires_on)
    await card_event(card, CardEventKind.RENEWED, ctx.actor.username,
                     previous_expiry=old_expiry.isoformat(), expires_on=expires_on.isoformat())  # fmt: skip
    await audit(ctx.actor, "renewCard", "card", card.id, before=before, after=snapshot(card, AUDITED),
                jurisdiction_code=card.jurisdiction_id)  # fmt: skip
    ctx.jobs_after_commit += await tell_holder(
        card, "人才卡已续期", f"您的人才卡 {card.number} 已续期，有效期至 {expires_on}。"
    )
    return card


async def suspend_card(ctx: RequestContext, card_id: str, reason: str) -> m.Card:
    """suspendCard (暂停): an ACTIVE card opens no service until reinstated."""
    card = await _editable(ctx, card_id)
    reason = reason_of(reason)
    if card.status != CardStatus.ACTIVE:
        raise invalid_state(
            "cardId",
            f"只有有效的人才卡才能暂停，该卡当前为“{zh(card.status)}”",
            f"only an ACTIVE card can be suspended, not {card.status.value}",
        )
    before = snapshot(card, AUDITED)
    await _move(card, CardStatus.SUSPENDED)
    await card_event(card, CardEventKind.SUSPENDED, ctx.actor.username, reason)
    await audit(ctx.actor, "suspendCard", "card", card.id, before=before,
                after={**snapshot(card, AUDITED), "reason": reason},
                jurisdiction_code=card.jurisdiction_id)  # fmt: skip
    ctx.jobs_after_commit += await tell_holder(
        card, "人才卡已暂停", f"您的人才卡 {card.number} 已暂停使用：{reason}"
    )
    return card


async def reinstate_card(ctx: RequestContext, card_id: str, reason: str) -> m.Card:
    """reinstateCard (恢复): a SUSPENDED card is ACTIVE again, or EXPIRED if its validity
    ran out meanwhile (the expiry job leaves suspended cards alone)."""
    card = await _editable(ctx, card_id)
    reason = reason_of(reason)
    if card.status != CardStatus.SUSPENDED:
        raise invalid_state(
            "cardId",
            f"只有已暂停的人才卡才能恢复，该卡当前为“{zh(card.status)}”",
            f"only a SUSPENDED card can be reinstated, not {card.status.value}",
        )
    if await m.CardRevocation.filter(card_id=card.id, status__in=OPEN_REVOCATION).exists():
        raise invalid_state(
            "cardId", "该人才卡的收回申请正在审核中", "a revocation of this card is under review"
        )
    before = snapshot(card, AUDITED)
    lapsed = card.expires_on < china_today()
    await _move(card, CardStatus.EXPIRED if lapsed else CardStatus.ACTIVE)
    await card_event(card, CardEventKind.REINSTATED, ctx.actor.username, reason)
    if lapsed:
        await card_event(card, CardEventKind.EXPIRED, SYSTEM_USERNAME, expires_on=card.expires_on.isoformat())
    await audit(ctx.actor, "reinstateCard", "card", card.id, before=before,
                after={**snapshot(card, AUDITED), "reason": reason},
                jurisdiction_code=card.jurisdiction_id)  # fmt: skip
    ctx.jobs_after_commit += await tell_holder(
        card, "人才卡已恢复", f"您的人才卡 {card.number} 已恢复，状态：{card.status.value}。"
    )
    return card
