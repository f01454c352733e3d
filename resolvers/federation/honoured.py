"""Cards honoured province-wide (全省通用): an e-card is checked wherever it is shown.

A token is answered, in this order, by
1. this deployment, when one of its own keys signed it (resolvers/cards/check.py);
2. this deployment's store, when a registered source's key signed it: the card as that
   source's feed last gave it, and its holder's record from the same source;
3. the province (PROVINCE_URL), for a city that gathers no sources: its `honouredCard`.

`honoured_card` gives what a window needs to open green-channel items for the holder —
the tier's code and the holder's idHash, to match the talent in front of it — and so is
for signed-in staff; the anonymous check (`verify_anywhere`) gives the public answer only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from permissions.masking import mask_name
from resolvers.cards.check import INVALID, CardCheck, CardElsewhere, check_card
from resolvers.cards.tokens import keyring, token_kid, verified_with
from resolvers.core.idhash import id_hash
from resolvers.core.settings import Settings
from resolvers.federation.sources import decode_public_key
from schema.clock import china_today
from schema.models import Card, Source, SourceRecord
from schema.models.enums import CardStatus, TalentStatus

PROVINCE_TIMEOUT_SECONDS = 3.0
HONOURED = """query($token: String!) { honouredCard(token: $token) {
  valid number tierCode tier programme expiresOn holder holderIdHash issuedBy } }"""


@dataclass(frozen=True)
class HonouredCard:
    check: CardCheck  # the public answer
    number: str
    tier_code: str | None
    holder_key: str | None  # the holder's idHash
    issued_by: str  # "local", a source's name, or "province"


async def verify_anywhere(settings: Settings, token: Any) -> CardCheck:
    """The anonymous check of a card issued here, by a source, or known to the province."""
    if verified_with(keyring(settings).verifying, token) is not None:
        return await check_card(settings, token)
    card = await _elsewhere(settings, token)
    return card.check if card else INVALID


async def honoured_card(settings: Settings, token: Any) -> HonouredCard | None:
    """The card a token names wherever it was issued; None for a token no key here, no
    source's and (asked) not the province's verifies."""
    number = verified_with(keyring(settings).verifying, token)
    if number is not None:
        return await _local(settings, number)
    return await _elsewhere(settings, token)


async def _elsewhere(settings: Settings, token: Any) -> HonouredCard | None:
    kid = token_kid(token)
    if kid is None:
        return None
    sources = await Source.all().values("id", "name", "card_keys")
    for source in sources:
        raw = decode_public_key(source["card_keys"].get(kid, ""))
        if raw is None:
            continue
        number = verified_with({kid: Ed25519PublicKey.from_public_bytes(raw)}, token)
        if number is not None:
            return await _stored(source["id"], source["name"], number)
    if settings.province_url and settings.province_token:
        return await _from_province(settings, token)
    return None


async def _local(settings: Settings, number: str) -> HonouredCard | None:
    card = await Card.filter(number=number).select_related("tier", "programme", "holder").first()
    if card is None:
        return None
    good = (card.status == CardStatus.ACTIVE and card.expires_on >= china_today()
            and card.holder.status == TalentStatus.ACTIVE)  # fmt: skip
    check = CardCheck(True, card.tier.name, card.programme.name, card.expires_on, mask_name(card.holder.name))
    return HonouredCard(check if good else INVALID, number, card.tier.code,
                        id_hash(settings, card.holder.id_number), "local")  # fmt: skip


async def _stored(source_id: int, source_name: str, number: str) -> HonouredCard | None:
    card = await SourceRecord.filter(source_id=source_id, kind="CARD", key=number, deleted=False).first()
    if card is None:
        return None
    holder = await SourceRecord.filter(source_id=source_id, kind="TALENT", key=card.holder_key,
                                       deleted=False).first()  # fmt: skip
    good = (card.status == CardStatus.ACTIVE.value and card.ended_on is not None
            and card.ended_on >= china_today() and holder is not None
            and holder.status == TalentStatus.ACTIVE.value)  # fmt: skip
    data = card.data
    check = CardCheck(True, _name(data, "tier"), _name(data, "programme"), card.ended_on,
                      mask_name(str(holder.data.get("name", ""))) if holder else None)  # fmt: skip
    return HonouredCard(check if good else INVALID, number, card.class_code, card.holder_key, source_name)


async def _from_province(settings: Settings, token: Any) -> HonouredCard | None:
    """The province's answer; None when it does not know the card or cannot be asked (a
    card that cannot be checked is not honoured)."""
    try:
        async with httpx.AsyncClient(timeout=PROVINCE_TIMEOUT_SECONDS) as http:
            response = await http.post(
                f"{settings.province_url}/graphql", json={"query": HONOURED, "variables": {"token": token}},
                headers={"Authorization": f"Bearer {settings.province_token}"},
            )  # fmt: skip
        found = orjson.loads(response.content)["data"]["honouredCard"]
    except (httpx.HTTPError, orjson.JSONDecodeError, KeyError, TypeError):
        return None
    if not isinstance(found, dict):
        return None
    expires = dt.date.fromisoformat(found["expiresOn"]) if found.get("expiresOn") else None
    check = CardCheck(True, found.get("tier"), found.get("programme"), expires, found.get("holder"))
    return HonouredCard(check if found.get("valid") else INVALID, str(found.get("number")),
                        found.get("tierCode"), found.get("holderIdHash"), "province")  # fmt: skip


def _name(data: dict[str, Any], link: str) -> str | None:
    linked = data.get(link)
    return linked.get("name") if isinstance(linked, dict) else None


async def card_shown(settings: Settings, token: str | None) -> CardElsewhere | None:
    """What a window's intake needs of an e-card shown (None when none was)."""
    if token is None:
        return None
    card = await honoured_card(settings, token)
    if card is None:
        return CardElsewhere(valid=False, tier_code=None, holder_key=None)
    return CardElsewhere(valid=card.check.valid, tier_code=card.tier_code, holder_key=card.holder_key)
