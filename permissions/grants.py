"""Role grants (Casbin `g` lines: subject, role, scope) and the policy version."""

from __future__ import annotations

from tortoise.expressions import F

from permissions.roles import ROLE_SCOPE_KIND, ROLES
from permissions.scopes import EVERYWHERE, InvalidScope, parse_scope
from schema.models import CasbinRule, PolicyVersion


class InvalidGrant(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def user_subject(username: str) -> str:
    return f"user:{username}"


def token_subject(token_id: int) -> str:
    return f"token:{token_id}"


def validate_grant(role: str, scope: str) -> None:
    if role not in ROLES:
        raise InvalidGrant("role", f"unknown role {role!r}; known roles: {', '.join(sorted(ROLES))}")
    try:
        parse_scope(scope)
    except InvalidScope as exc:
        raise InvalidGrant("scope", str(exc)) from None
    if (scope == EVERYWHERE) != (ROLE_SCOPE_KIND[role] == EVERYWHERE):
        wanted = ROLE_SCOPE_KIND[role]
        raise InvalidGrant("scope", f"{role} is granted on {'*' if wanted == EVERYWHERE else wanted + ':'}")


async def bump_policy_version() -> None:
    updated = await PolicyVersion.filter(id=1).update(version=F("version") + 1)
    if not updated:
        await PolicyVersion.create(id=1, version=1)


async def add_grant(subject: str, role: str, scope: str) -> bool:
    """Add a `g` line; False when it already existed. Call inside the caller's transaction."""
    validate_grant(role, scope)
    _, created = await CasbinRule.get_or_create(ptype="g", v0=subject, v1=role, v2=scope)
    if created:
        await bump_policy_version()
    return created


async def remove_grant(subject: str, role: str, scope: str) -> bool:
    deleted = await CasbinRule.filter(ptype="g", v0=subject, v1=role, v2=scope).delete()
    if deleted:
        await bump_policy_version()
    return bool(deleted)


async def grants_of(subject: str) -> list[tuple[str, str]]:
    rows = await CasbinRule.filter(ptype="g", v0=subject).values_list("v1", "v2")
    return [(role, scope) for role, scope in rows]
