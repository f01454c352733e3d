"""Authentication: the principal behind a bearer credential (a JWT or an API token)."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Q

from permissions.compiled import CompiledPermissions
from permissions.delegation import Refusal, grant_targets, refuse_token
from permissions.grants import grants_of, token_subject, user_subject
from permissions.policy_cache import Policy, PolicyCache
from resolvers.accounts.tokens import EXPIRED, INVALID, InvalidToken, decode_jwt, hash_api_token, is_api_token
from resolvers.core.principal import Principal
from resolvers.core.settings import Settings
from schema import clock
from schema.clock import china_today
from schema.models import ApiToken, User


async def principal_for_user(user: User, policies: PolicyCache, token_id: int | None = None,
                             subject: str | None = None, generation: int | None = None) -> Principal:
    subject = subject or user_subject(user.username)
    # A token never manages access, whatever its role (permissions.roles.PERSON_ONLY).
    policy = await policies.get(generation)
    perms = CompiledPermissions(await grants_of(subject), policy, person=token_id is None)
    return Principal(
        subject=subject,
        username=user.username,
        user_id=user.id,
        talent_id=user.talent_id,
        token_id=token_id,
        perms=perms,
    )


# token id → (policy version, answer). Every grant change bumps the version, so a revoked
# grant is seen at the next policy check (at once in this process, within the policy
# cache's ttl in others); meanwhile a token costs no extra query.
_creator_checks: dict[int, tuple[int, bool]] = {}


async def creator_still_holds(token: ApiToken, creator: User, policy: Policy) -> bool:
    """A token never carries more than its creator could hand out now, nor any action its
    creator no longer holds (permissions.delegation.refuse_token)."""
    cached = _creator_checks.get(token.id)
    if cached is not None and cached[0] == policy.version:
        return cached[1]
    perms = CompiledPermissions(await grants_of(user_subject(creator.username)), policy)
    try:
        refuse_token(perms, token.role, token.scope, await grant_targets(token.scope))
        answer = True
    except Refusal:
        answer = False
    if len(_creator_checks) > 10_000:
        _creator_checks.clear()
    _creator_checks[token.id] = (policy.version, answer)
    return answer


# A token's last use is kept to the minute: a tool calling many times a second costs one
# write a minute (per process), not one a call, and that write runs after the response.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
# token hash → when this process last wrote its use (monotonic seconds)
_last_marked: dict[str, float] = {}


def last_use_due(token_hash: str) -> bool:
    """Whether this use should be written (at most once a minute per token and process);
    answering True books the write, so concurrent requests do not each make one."""
    now = time.monotonic()
    marked = _last_marked.get(token_hash)
    if marked is not None and now - marked < LAST_USED_RESOLUTION.total_seconds():
        return False
    if len(_last_marked) > 10_000:
        _last_marked.clear()
    _last_marked[token_hash] = now
    return True


async def mark_used(token_id: int) -> None:
    """Record a token's use; another process having written it this minute costs no change."""
    now = clock.now()
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
    await ApiToken.filter(stale, id=token_id).update(last_used_at=now)


@dataclass(frozen=True)
class Authenticated:
    """What a credential resolved to, as cached between requests (PolicyCache.remember):
    the principal, and for an API token the day it expires (checked at every use)."""

    principal: Principal
    expires_on: dt.date | None = None


async def authenticate(
    settings: Settings, policies: PolicyCache, credential: str, redis: Any = None
) -> Principal:
    """Resolve a bearer credential; raise InvalidToken with a reason the client may see.

    With Redis (`redis`, the gateway's pool) a credential seen before in this process costs
    one Redis GET and no SQL (permissions/policy_cache.py says how changes are seen at
    once); without it, or when it is unreachable, the account and grants are read from the
    database at every request. A JWT's signature and expiry are checked every time."""
    if is_api_token(credential):
        digest = hash_api_token(credential)
        key: tuple[Any, ...] = ("token", digest)
    else:
        claims = decode_jwt(settings, credential)
        key = ("user", claims["uid"], claims["sub"])
    generation = await policies.sync(redis)
    entry = policies.cached(generation, key)
    if entry is None:
        if key[0] == "token":
            entry = await _load_token(policies, digest, generation)
        else:
            entry = Authenticated(await _load_user(policies, claims, generation))
        policies.remember(generation, key, entry)
    if entry.expires_on is not None and entry.expires_on < china_today():
        raise InvalidToken(*EXPIRED)
    principal: Principal = entry.principal
    return principal


async def _load_user(policies: PolicyCache, claims: dict, generation: int | None) -> Principal:
    user = await User.filter(id=claims["uid"], username=claims["sub"], is_active=True).first()
    if user is None:
        raise InvalidToken(*INVALID)
    return await principal_for_user(user, policies, generation=generation)


async def _load_token(policies: PolicyCache, digest: str, generation: int | None) -> Authenticated:
    token = await ApiToken.filter(token_hash=digest).first()
    if token is None or token.revoked_at is not None:
        raise InvalidToken(*INVALID)
    if token.expires_on < china_today():
        raise InvalidToken(*EXPIRED)
    user = await User.filter(id=token.created_by_id, is_active=True).first()
    if user is None:
        raise InvalidToken(*INVALID)
    if not await creator_still_holds(token, user, await policies.get(generation)):
        raise InvalidToken("令牌的创建人已不再拥有签发时的授权，该令牌已失效",
                           "the token's creator no longer holds the grant it was made from")  # fmt: skip
    principal = await principal_for_user(
        user, policies, token_id=token.id, subject=token_subject(token.id), generation=generation
    )
    # Its limits travel with it: schema.extensions.TokenLimits checks every operation.
    principal.read_only = token.read_only
    principal.operations = frozenset(token.operations) if token.operations is not None else None
    return Authenticated(principal, token.expires_on)
