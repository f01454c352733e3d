"""Card expiry (人才卡到期), a daily cron: the holder is told 30 days before a card
expires, and an ACTIVE card past its expiry date becomes EXPIRED (holder told).

Idempotent: a notice is sent once per card and expiry date (a renewed card gets a notice
for its new date), written under a lock on the card; expiry is a conditional update from
ACTIVE. Running twice, or on two workers, changes nothing the second time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise.transactions import in_transaction

from jobs.outbox.staging import enqueue
from permissions.audit import SYSTEM_USERNAME
from resolvers.cards.flow import CARD_FLOW
from resolvers.cards.issue import card_event, tell_holder
from resolvers.core.transitions import change_status
from schema import clock
from schema.clock import china_today
from schema.models import Card, CardEvent
from schema.models.enums import CardEventKind, CardStatus

NOTICE_DAYS = 30
BATCH = 500


def _today(value: str | None) -> dt.date:
    return dt.date.fromisoformat(value) if value else china_today()


async def expire_cards(ctx: dict[str, Any], today: str | None = None) -> dict[str, int]:
    """The cron: notices first, then expiry. Returns how many of each were done."""
    day = _today(today)
    keys: list[str] = []
    noticed = await _send_notices(day, keys)
    expired = await _expire(day, keys)
    await enqueue(ctx.get("redis"), keys)
    return {"noticed": noticed, "expired": expired}


async def _send_notices(day: dt.date, keys: list[str]) -> int:
    horizon = day + dt.timedelta(days=NOTICE_DAYS)
    sent, after = 0, 0
    while True:  # keyset over the cards expiring within the horizon, a batch at a time
        batch = await Card.filter(
            status=CardStatus.ACTIVE, expires_on__gte=day, expires_on__lte=horizon, id__gt=after
        ).order_by("id").limit(BATCH)
        if not batch:
            return sent
        after = batch[-1].id
        told = await _noticed({c.id for c in batch})
        for card in batch:
            if (card.id, card.expires_on.isoformat()) not in told:
                sent += await _notice(card, keys)


async def _noticed(card_ids: set[int]) -> set[tuple[int, str]]:
    events = await CardEvent.filter(card_id__in=list(card_ids), kind=CardEventKind.EXPIRY_NOTICE.value)
    return {(e.card_id, str(e.data.get("expires_on"))) for e in events}


async def _notice(card: Card, keys: list[str]) -> int:
    async with in_transaction():
        # The lock makes a second worker wait here and then see the first one's event.
        locked = await Card.filter(id=card.id, status=CardStatus.ACTIVE).select_for_update().first()
        if locked is None or (locked.id, locked.expires_on.isoformat()) in await _noticed({card.id}):
            return 0
        expires_on = locked.expires_on.isoformat()
        await card_event(locked, CardEventKind.EXPIRY_NOTICE, SYSTEM_USERNAME, expires_on=expires_on)
        keys += await tell_holder(
            locked, "人才卡即将到期", f"您的人才卡 {locked.number} 将于 {expires_on} 到期，请及时办理续期。"
        )
    return 1


async def _expire(day: dt.date, keys: list[str]) -> int:
    done, after = 0, 0
    while True:
        batch = await Card.filter(status=CardStatus.ACTIVE, expires_on__lt=day, id__gt=after).order_by(
            "id"
        ).limit(BATCH)  # fmt: skip
        if not batch:
            return done
        after = batch[-1].id
        for card in batch:
            done += await _expire_one(card, keys)


async def _expire_one(card: Card, keys: list[str]) -> int:
    async with in_transaction():
        moved = await change_status(card, CARD_FLOW, CardStatus.EXPIRED, from_=[CardStatus.ACTIVE],
                                    where={"expires_on": card.expires_on}, status_changed_at=clock.now())
        if not moved:
            return 0
        await card_event(card, CardEventKind.EXPIRED, SYSTEM_USERNAME, expires_on=card.expires_on.isoformat())
        keys += await tell_holder(
            card, "人才卡已过期", f"您的人才卡 {card.number} 已于 {card.expires_on} 到期失效，可申请续期。"
        )
    return 1
