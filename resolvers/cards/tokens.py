"""Electronic card tokens (电子人才卡): the signed payload behind a card's QR code.

A token is `base64url(payload).base64url(signature)` without padding. The payload is the
text `1.<kid>.<issued at, Unix seconds>.<card number>`; the signature is Ed25519 over the
payload bytes. Nothing personal beyond the card number is in it: whether the card is still
good is read from the database at every check, so a revoked card's token fails at once.

Keys carry an id so they can rotate: the first key of CARD_SIGNING_KEYS signs, every key
verifies. Without that setting the demo keeps one key in its data directory; `serve` and
`worker` refuse to start without it, and hosts of one deployment share it.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from tortoise.expressions import Q

from permissions.resources import row_scopes
from permissions.visibility import scope_filter
from resolvers.core.local_keys import kept_secret, new_card_key
from resolvers.core.principal import Principal
from resolvers.core.settings import Settings, parse_signing_keys
from schema import clock
from schema.models import Card

log = logging.getLogger("talentgate.cards")

VERSION = "1"
KEY_FILE = "card-signing.key"
MAX_TOKEN_LENGTH = 512  # a real token is ~130 characters; longer input is not decoded at all
SIGNATURE_BYTES = 64
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Keyring:
    """The key that signs and every key that verifies, loaded once per process."""

    signing_kid: str
    signing_key: Ed25519PrivateKey
    verifying: dict[str, Ed25519PublicKey]


def keyring(settings: Settings) -> Keyring:
    if settings.card_signing_keys:
        return _keyring(tuple(settings.card_signing_keys.items()))
    return _keyring(tuple(_data_dir_keys(settings.data_dir.resolve()).items()))


@lru_cache(maxsize=16)
def _keyring(keys: tuple[tuple[str, bytes], ...]) -> Keyring:
    private = {kid: Ed25519PrivateKey.from_private_bytes(raw) for kid, raw in keys}
    kid = keys[0][0]
    return Keyring(kid, private[kid], {k: p.public_key() for k, p in private.items()})


@lru_cache(maxsize=16)
def _data_dir_keys(data_dir: Path) -> dict[str, bytes]:
    """The key kept in `data_dir` (the demo's; `serve` refuses to start without the variable)."""
    if not (data_dir / KEY_FILE).exists():
        log.warning("CARD_SIGNING_KEYS is not set: using an e-card signing key kept in %s", data_dir)
    return parse_signing_keys(kept_secret(data_dir, KEY_FILE, new_card_key(f"local{secrets.token_hex(3)}")))


def new_signing_key() -> str:
    """A fresh raw Ed25519 private key, base64: the value part of a CARD_SIGNING_KEYS entry."""
    return _b64(os.urandom(32))


def sign(ring: Keyring, number: str, issued_at: int | None = None) -> str:
    """The token of card `number`, signed with the current key."""
    stamp = int(clock.unix_time()) if issued_at is None else issued_at
    payload = f"{VERSION}.{ring.signing_kid}.{stamp}.{number}".encode()
    return f"{_b64(payload)}.{_b64(ring.signing_key.sign(payload))}"


def verified_number(ring: Keyring, token: Any) -> str | None:
    """The card number a genuine token names; None for anything else (tampered, truncated,
    unknown key, other version, not a token at all) — never an exception."""
    return verified_with(ring.verifying, token)


def token_kid(token: Any) -> str | None:
    """The key id a well-formed token names (unverified: to choose whose key checks it)."""
    parts = _parts(token)
    return parts[2] if parts else None


def verified_with(keys: Mapping[str, Ed25519PublicKey], token: Any) -> str | None:
    """`verified_number` against any deployment's keys (kid → public key)."""
    parts = _parts(token)
    if parts is None:
        return None
    payload, signature, kid, number = parts
    key = keys.get(kid)
    if key is None:
        return None
    try:
        key.verify(signature, payload)
    except InvalidSignature:
        return None
    return number


def _parts(token: Any) -> tuple[bytes, bytes, str, str] | None:
    """(payload, signature, kid, number) of a well-formed token of this version."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH:
        return None
    encoded_payload, dot, encoded_signature = token.partition(".")
    payload, signature = _unb64(encoded_payload), _unb64(encoded_signature)
    if not dot or payload is None or signature is None or len(signature) != SIGNATURE_BYTES:
        return None
    try:
        version, kid, stamp, number = payload.decode().split(".", 3)
    except (UnicodeDecodeError, ValueError):
        return None
    if version != VERSION or not stamp.isdigit() or not number:
        return None
    return payload, signature, kid, number


def may_see_token(principal: Principal | None, card: Card) -> bool:
    """The holder, and staff who may issue cards where this card lies (card:create)."""
    if principal is None:
        return False
    if principal.talent_id is not None and principal.talent_id == card.holder_id:
        return True
    return principal.perms.allows("card", "create", row_scopes("card", card))


def token_for_viewer(settings: Settings, principal: Principal | None, card: Card) -> str | None:
    return sign(keyring(settings), card.number) if may_see_token(principal, card) else None


async def card_for_token_viewer(principal: Principal, card_id: int) -> Card | None:
    """The card, if `principal` may see its token (None exactly as for a missing card).
    Staff go through the one scope helper with the card:create scopes."""
    staff = scope_filter("card", principal.perms.scopes_for("card", "create"), Card)
    if staff is None:
        return await Card.filter(id=card_id).first()
    holder = Q(holder_id=principal.talent_id) if principal.talent_id is not None else Q(pk__in=[])
    return await Card.filter(Q(staff, holder, join_type=Q.OR), id=card_id).first()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes | None:
    """Strict base64url: only the canonical spelling of some bytes decodes (otherwise the
    unused low bits of the last character would let a changed token verify)."""
    if not _BASE64URL.fullmatch(text):
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
    return raw if _b64(raw) == text else None
