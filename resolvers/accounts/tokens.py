"""JWTs for signed-in users (HS256, key id in the header so keys can rotate) and
opaque API tokens for tools (only a SHA-256 of them is stored)."""

from __future__ import annotations

import hashlib
import secrets
import time
from collections import OrderedDict

import jwt

from resolvers.core.settings import Settings
from schema import clock

API_TOKEN_PREFIX = "tgt_"
VERIFIED_SIZE = 4096
# (token, the keys it was checked against) → its claims: a signature checked once need not
# be checked again while the same keys are in force; the expiry is checked at every use.
_verified: OrderedDict[tuple[str, frozenset[tuple[str, str]]], dict] = OrderedDict()


class InvalidToken(Exception):
    """A refused credential: `message` says why for the console (中文), str() in English."""

    def __init__(self, message: str, en: str) -> None:
        super().__init__(en)
        self.message = message
        self.en = en


MALFORMED = ("登录凭证格式不正确", "malformed token")
INVALID = ("登录凭证无效，请重新登录", "invalid token")
EXPIRED = ("登录凭证已过期，请重新登录", "token expired")


def issue_jwt(settings: Settings, username: str, user_id: int) -> str:
    now = int(clock.unix_time())
    claims = {"sub": username, "uid": user_id, "iat": now, "exp": now + settings.jwt_ttl_seconds}
    kid = settings.signing_kid
    return jwt.encode(claims, settings.jwt_keys[kid], algorithm="HS256", headers={"kid": kid})


def decode_jwt(settings: Settings, token: str) -> dict:
    key = (token, frozenset(settings.jwt_keys.items()))
    claims = _verified.get(key)
    if claims is None:
        claims = _verified[key] = _decode_jwt(settings, token)
        if len(_verified) > VERIFIED_SIZE:
            _verified.popitem(last=False)
    # PyJWT's own rule, on the same clock (wall time, no leeway): expired from `exp` on.
    if claims["exp"] <= time.time():
        _verified.pop(key, None)
        raise InvalidToken(*EXPIRED)
    return claims


def _decode_jwt(settings: Settings, token: str) -> dict:
    try:
        kid = jwt.get_unverified_header(token).get("kid")
    except jwt.PyJWTError:
        raise InvalidToken(*MALFORMED) from None
    secret = settings.jwt_keys.get(kid or "")
    if secret is None:
        raise InvalidToken("登录凭证的签名密钥未知，请重新登录", "unknown signing key")
    try:
        return jwt.decode(
            token, secret, algorithms=["HS256"], options={"require": ["exp", "sub", "uid"]}
        )
    except jwt.ExpiredSignatureError:
        raise InvalidToken(*EXPIRED) from None
    except jwt.PyJWTError:
        raise InvalidToken(*INVALID) from None


def new_api_token() -> tuple[str, str]:
    """A fresh token and the hash to store; the token itself is shown once."""
    token = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    return token, hash_api_token(token)


def hash_api_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_api_token(token: str) -> bool:
    return token.startswith(API_TOKEN_PREFIX)
