"""Password hashing with argon2id."""

from __future__ import annotations

from argon2 import Parameters, PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from resolvers.core.errors import validation

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


# The rules a new password meets, wherever it is set (the console, `talentgate createuser`).
MIN_PASSWORD = 8
MAX_PASSWORD = 128  # argon2 takes any length; a bound keeps a request's work bounded too


def password_problem(password: str, username: str | None = None) -> tuple[str, str] | None:
    """Why `password` may not be set (中文, English), or None when it may."""
    if len(password) < MIN_PASSWORD:
        return f"密码至少 {MIN_PASSWORD} 个字符", f"at least {MIN_PASSWORD} characters"
    if len(password) > MAX_PASSWORD:
        return f"密码最多 {MAX_PASSWORD} 个字符", f"at most {MAX_PASSWORD} characters"
    if password.strip() != password or not password.isprintable():
        return "密码不能以空白开头或结尾，也不能包含控制字符", "no surrounding spaces, no control characters"
    if username is not None and password.casefold() == username.casefold():
        return "密码不能与用户名相同", "must differ from the username"
    return None


def check_password(password: str, username: str | None = None, field: str = "password") -> str:
    """A new password that meets the rules, else a VALIDATION error on `field`."""
    problem = password_problem(password, username)
    if problem is not None:
        raise validation(field, *problem)
    return password


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
