"""The keyed hash of an ID number a province matches talents by across its deployments
(HMAC-SHA256 with the province key they share, PROVINCE_KEY), so no ID number travels to
be matched. Federation stores and looks it up (resolvers/federation/keys.py); a window
matches a card from another deployment to the talent before it with it."""

from __future__ import annotations

import hashlib
import hmac

from resolvers.core.settings import Settings


def province_key(settings: Settings) -> bytes:
    """PROVINCE_KEY; unset, a key of this deployment alone (its first JWT secret's hash):
    hashes then match only within the deployment."""
    if settings.province_key:
        return settings.province_key.encode()
    return hashlib.sha256(b"talentgate-province:" + next(iter(settings.jwt_keys.values())).encode()).digest()


def id_hash(settings: Settings, id_number: str) -> str:
    """The keyed hash of an ID number (upper-cased: an X check digit may come either way)."""
    return hmac.new(province_key(settings), id_number.strip().upper().encode(), hashlib.sha256).hexdigest()
