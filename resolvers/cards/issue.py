"""Issuing a card on a recognition, and upgrading it (人才卡 发放 · 升级).

The tier comes from the category (CardTier.categories) in the programme of the category's
jurisdiction. A holder recognised higher gets a new card with a fresh validity and the old
one is SUPERSEDED; recognised at the same tier or lower, the card in hand stays. Every
change writes a CardEvent. Call inside the caller's transaction."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from resolvers.cards.flow import CARD_FLOW
from resolvers.core.transitions import change_status
from resolvers.messaging.notifications import notify
from resolvers.messaging.recipients import talent_users
from resolvers.specialists.dedicated import on_card_issued
from schema import clock
from schema.clock import add_years, china_today
from schema.models import Card, CardEvent, CardProgramme, CardTier, Talent, TalentCategory
from schema.models.enums import CardEventKind, CardStatus

NUMBER_TRIES = 5


class NoProgramme(Exception):
    """The category maps to no tier of any card programme."""


async def tier_for(category: TalentCategory) -> CardTier:
    tiers = CardTier.filter(categories__id=category.id).select_related("programme")
    tier = await tiers.order_by("rank").first()
    if tier is None:
        raise NoProgramme(f"category {category.code} maps to no card tier")
    return tier


async def card_event(card: Card, kind: CardEventKind, actor: str, reason: str | None = None,
                     **data: object) -> None:  # fmt: skip
    """`data`: the event's details, stored as JSON."""
    await CardEvent.create(card_id=card.id, kind=kind.value, actor=actor, reason=reason, data=data)


async def tell_holder(card: Card, subject: str, body: str) -> list[str]:
    """A message to the card's holder (in the caller's transaction); outbox keys to enqueue."""
    return await notify(await talent_users(card.holder_id), subject, body, related_type="card",
                        related_id=card.id)  # fmt: skip


async def issue_for_category(
    actor: str, talent: Talent, category: TalentCategory, recognition_id: int | None = None
) -> tuple[Card, bool]:
    """The holder's card after a recognition in `category`: (card, newly issued)."""
    tier = await tier_for(category)
    current = await (
        Card.filter(holder_id=talent.id, programme_id=tier.programme_id, status=CardStatus.ACTIVE)
        .select_related("tier")
        .order_by("tier__rank", "-issued_on")
        .first()
    )
    if current is not None and current.tier.rank <= tier.rank and current.expires_on >= china_today():
        return current, False
    card = await _new_card(talent, tier, recognition_id)
    await on_card_issued(actor, talent, tier, card.id)  # 一对一服务专员 for top tiers
    if current is None:
        await card_event(card, CardEventKind.ISSUED, actor, recognition=recognition_id, tier=tier.code)
        return card, True
    stamp = clock.now()
    await change_status(current, CARD_FLOW, CardStatus.SUPERSEDED, from_=[CardStatus.ACTIVE],
                        superseded_by_id=card.id, status_changed_at=stamp)  # fmt: skip
    await card_event(current, CardEventKind.SUPERSEDED, actor, superseded_by=card.number)
    await card_event(card, CardEventKind.UPGRADED, actor, recognition=recognition_id, tier=tier.code,
                     replaces=current.number)  # fmt: skip
    return card, True


async def _new_card(talent: Talent, tier: CardTier, recognition_id: int | None) -> Card:
    programme: CardProgramme = tier.programme
    issued_on = china_today()
    for _ in range(NUMBER_TRIES):  # two issues at once may pick the same serial: try the next
        number = await _next_number(programme, tier, issued_on.year)
        try:
            async with in_transaction():  # a savepoint inside the caller's transaction
                return await Card.create(
                    number=number, programme_id=programme.id, tier_id=tier.id, holder_id=talent.id,
                    jurisdiction_id=talent.jurisdiction_id, issued_on=issued_on,
                    expires_on=add_years(issued_on, programme.validity_years), recognition_id=recognition_id,
                )  # fmt: skip
        except IntegrityError:
            continue
    raise IntegrityError("could not allocate a card number")


def number_prefix(programme: CardProgramme) -> str:
    """SJZ for sjz.greencard: card numbers look like SJZ-A-2026-000123."""
    return programme.number_prefix or programme.code.split(".")[0].upper()


async def _next_number(programme: CardProgramme, tier: CardTier, year: int) -> str:
    stem = f"{number_prefix(programme)}-{tier.code}-{year}-"
    latest = Card.filter(number__startswith=stem).order_by("-number")
    last = await latest.first().values_list("number", flat=True)
    serial = int(str(last).rsplit("-", 1)[1]) + 1 if last else 1
    return f"{stem}{serial:06d}"
