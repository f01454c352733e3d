"""Who is calling: resolved once per request from the bearer credential."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.auth.tokens import InvalidToken, decode_jwt, hash_api_token, is_api_token
from gateway.clock import china_today
from gateway.settings import Settings
from permissions.compiled import CompiledPermissions
from permissions.grants import grants_of, token_subject, user_subject
from permissions.policy_cache import PolicyCache
from schema.models import ApiToken, User


@dataclass
class Principal:
    subject: str  # user:<name> or token:<id>, the Casbin subject
    username: str
    user_id: int
    talent_id: int | None
    token_id: int | None
    perms: CompiledPermissions


async def principal_for_user(user: User, policies: PolicyCache, token_id: int | None = None,
                             subject: str | None = None) -> Principal:
    subject = subject or user_subject(user.username)
    perms = CompiledPermissions(await grants_of(subject), await policies.get())
    return Principal(
        subject=subject,
        username=user.username,
        user_id=user.id,
        talent_id=user.talent_id,
        token_id=token_id,
        perms=perms,
    )


async def authenticate(settings: Settings, policies: PolicyCache, credential: str) -> Principal:
    """Resolve a bearer credential; raise InvalidToken with a reason the client may see."""
    if is_api_token(credential):
        token = await ApiToken.filter(token_hash=hash_api_token(credential)).first()
        if token is None or token.revoked_at is not None:
            raise InvalidToken("invalid token")
        if token.expires_on < china_today():
            raise InvalidToken("token expired")
        user = await User.filter(id=token.created_by_id, is_active=True).first()
        if user is None:
            raise InvalidToken("invalid token")
        return await principal_for_user(
            user, policies, token_id=token.id, subject=token_subject(token.id)
        )
    claims = decode_jwt(settings, credential)
    user = await User.filter(id=claims["uid"], username=claims["sub"], is_active=True).first()
    if user is None:
        raise InvalidToken("invalid token")
    return await principal_for_user(user, policies)
