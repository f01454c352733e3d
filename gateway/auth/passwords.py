"""Password hashing with argon2id."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

# Verified against when the username is unknown, so a miss costs the same time as a hit.
_DUMMY_HASH = _hasher.hash("talentgate-timing-equaliser")


def _secret(password: str) -> bytes:
    # JSON can carry a lone surrogate, which strict UTF-8 cannot encode: such a password
    # is compared like any other (and matches nothing) instead of failing the sign-in.
    return password.encode("utf-8", "surrogatepass")


def hash_password(password: str) -> str:
    return _hasher.hash(_secret(password))


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, _secret(password)) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
