"""The anonymous card check (验卡) behind GET /cards/verify and `verifyCard`.

Scenic spots, airports and hospitals scan a card's QR code and learn only: valid or not,
tier, programme, expiry and the masked holder name. A revoked, suspended, superseded or
expired card, a holder who has left, an unknown number and a bad token all give the same
bare `valid: false`, so the answer says nothing about whether a number exists.

This is the hot path of the card benchmark (bench/card_verification.py): the signature is
checked with keys loaded once, then one statement on the unique card number, shared by
the checks that arrive together (a process-wide DataLoader without cache: each check
still reads the card as it is now); no ORM model is built.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import weakref
from dataclasses import dataclass
from typing import Any

from strawberry.dataloader import DataLoader

from permissions.masking import mask_name
from resolvers.cards.tokens import keyring, verified_number
from resolvers.core.settings import Settings
from schema.clock import china_today
from schema.models.enums import CardStatus, TalentStatus
from schema.sql import fetch, marks

CARDS_BY_NUMBER = """
SELECT c.number, c.status, c.expires_on, t.name AS tier, p.name AS programme, h.name AS holder,
       h.status AS holder_status
FROM card c
JOIN card_tier t ON t.id = c.tier_id
JOIN card_programme p ON p.id = c.programme_id
JOIN talent h ON h.id = c.holder_id
WHERE c.number IN ({numbers})"""
MAX_BATCH = 50


@dataclass(frozen=True)
class CardCheck:
    valid: bool
    tier: str | None = None
    programme: str | None = None
    expires_on: dt.date | None = None
    holder: str | None = None  # masked: 张*

    def as_json(self) -> dict[str, Any]:
        if not self.valid:
            return {"valid": False}
        expires_on = self.expires_on.isoformat() if self.expires_on else None
        return {"valid": True, "tier": self.tier, "programme": self.programme,
                "expiresOn": expires_on, "holder": self.holder}  # fmt: skip


INVALID = CardCheck(valid=False)


@dataclass(frozen=True)
class CardElsewhere:
    """A card shown at a window that another deployment of the province issued (cards
    honoured province-wide: resolvers/federation/honoured.py): whether it is good, its
    tier's code (tiers of the provincial programme share codes) and its holder's idHash."""

    valid: bool
    tier_code: str | None
    holder_key: str | None


async def check_card(settings: Settings, token: Any) -> CardCheck:
    number = verified_number(keyring(settings), token)
    if number is None:
        return INVALID
    row = await _card_loader().load(number)
    if row is None:
        return INVALID
    expires_on = _as_date(row["expires_on"])
    good = (
        row["status"] == CardStatus.ACTIVE.value
        and expires_on >= china_today()  # the daily expiry job may not have run yet
        and row["holder_status"] == TalentStatus.ACTIVE.value
    )
    if not good:
        return INVALID
    return CardCheck(True, row["tier"], row["programme"], expires_on, mask_name(row["holder"]))


async def _cards_by_number(numbers: list[str]) -> list[dict[str, Any] | None]:
    rows = await fetch(CARDS_BY_NUMBER.format(numbers=marks(len(numbers))), numbers)
    found = {row["number"]: row for row in rows}
    return [found.get(number) for number in numbers]


_loaders: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, DataLoader] = weakref.WeakKeyDictionary()


def _card_loader() -> DataLoader[str, dict[str, Any] | None]:
    """One loader per event loop (a DataLoader belongs to the loop it was first used on)."""
    loop = asyncio.get_running_loop()
    loader = _loaders.get(loop)
    if loader is None:
        loader = DataLoader(_cards_by_number, cache=False, max_batch_size=MAX_BATCH, loop=loop)
        _loaders[loop] = loader
    return loader


def _as_date(value: Any) -> dt.date:
    # asyncpg returns dates, SQLite the stored ISO text
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
