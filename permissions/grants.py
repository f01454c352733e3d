"""Role grants (Casbin `g` lines: subject, role, scope) and the policy version."""

from __future__ import annotations

from tortoise.expressions import F

from permissions.roles import ROLE_SCOPE_KIND, ROLES
from permissions.scopes import EVERYWHERE, InvalidScope, parse_scope
from schema.models import CasbinRule, PolicyVersion


class InvalidGrant(ValueError):
    """A grant that cannot exist: `message` says why (中文), `en` in English."""

    def __init__(self, field: str, message: str, en: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.en = en


def user_subject(username: str) -> str:
    return f"user:{username}"


def token_subject(token_id: int) -> str:
    return f"token:{token_id}"


def validate_grant(role: str, scope: str) -> None:
    if role not in ROLES:
        known = ", ".join(sorted(ROLES))
        raise InvalidGrant(
            "role",
            f"未知的角色 {role!r}；可用的角色：{known}",
            f"unknown role {role!r}; known roles: {known}",
        )
    try:
        parse_scope(scope)
    except InvalidScope as exc:
        raise InvalidGrant("scope", exc.message, exc.en) from None
    if (scope == EVERYWHERE) != (ROLE_SCOPE_KIND[role] == EVERYWHERE):
        wanted = ROLE_SCOPE_KIND[role]
        on = "*" if wanted == EVERYWHERE else wanted + ":"
        raise InvalidGrant("scope", f"角色 {role} 只能授予在 {on} 范围上", f"{role} is granted on {on}")


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
