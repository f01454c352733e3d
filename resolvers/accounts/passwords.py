"""Password hashing with argon2id."""

from __future__ import annotations

from argon2 import Parameters, PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

# RFC 9106's second recommendation (argon2-cffi's default): 64 MiB, 3 passes, 4 lanes.
PRODUCTION = profiles.RFC_9106_LOW_MEMORY

_hasher = PasswordHasher.from_parameters(PRODUCTION)
# Verified against when the username is unknown, so a miss costs the same time as a hit.
# Made by `prepare()` as a server starts, not at import: CLI commands never need it.
_dummy_hash: str | None = None


def use_profile(parameters: Parameters) -> None:
    """Hash new passwords with other parameters (the test suite uses argon2's cheapest).

    A stored hash carries its own parameters, so verifying is unaffected either way.
    """
    global _hasher, _dummy_hash
    _hasher = PasswordHasher.from_parameters(parameters)
    _dummy_hash = None


def _secret(password: str) -> bytes:
    # JSON can carry a lone surrogate, which strict UTF-8 cannot encode: such a password
    # is compared like any other (and matches nothing) instead of failing the sign-in.
    return password.encode("utf-8", "surrogatepass")


def hash_password(password: str) -> str:
    return _hasher.hash(_secret(password))


def prepare() -> None:
    """Make the unknown-user hash now (servers call it as they start, off the event loop)."""
    _dummy()


def _dummy() -> str:
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("talentgate-timing-equaliser")
    return _dummy_hash


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _dummy(), _secret(password)) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
