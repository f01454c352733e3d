"""Who is told: the users behind a department, a window's county, a talent, an employer."""

from __future__ import annotations

import time

from permissions.grants import user_subject
from permissions.scopes import city_of, jur
from schema.models import CasbinRule, User

USER_PREFIX = user_subject("")


_CACHE_SECONDS = 30.0
_cache: dict[tuple[tuple[str, ...], str], tuple[float, list[int]]] = {}


async def users_with_roles(roles: tuple[str, ...], scope: str) -> list[int]:
    """Active users holding one of `roles` exactly on `scope`; cached for half a minute
    per process, as every delivery of a department asks the same question."""
    key = (roles, scope)
    hit = _cache.get(key)
    if hit is not None and time.monotonic() - hit[0] < _CACHE_SECONDS:
        return hit[1]
    users = await _users_with_roles(roles, scope)
    _cache[key] = (time.monotonic(), users)
    return users


def forget_recipients() -> None:
    _cache.clear()


async def _users_with_roles(roles: tuple[str, ...], scope: str) -> list[int]:
    grants = CasbinRule.filter(ptype="g", v1__in=list(roles), v2=scope)
    subjects: list[str] = await grants.values_list("v0", flat=True)  # type: ignore[assignment]  # Tortoise: flat=True typed as tuples
    names = [s.removeprefix(USER_PREFIX) for s in subjects if s.startswith(USER_PREFIX)]
    if not names:
        return []
    ids: list[int] = await User.filter(username__in=names, is_active=True).values_list("id", flat=True)  # type: ignore[assignment]  # Tortoise: flat=True typed as tuples
    return ids


async def department_handlers(department_id: int) -> list[int]:
    return await users_with_roles(("handler", "department_admin"), f"dept:{department_id}")


async def department_admins(department_id: int) -> list[int]:
    return await users_with_roles(("department_admin",), f"dept:{department_id}")


async def window_staff(jurisdiction_code: str) -> list[int]:
    return await users_with_roles(("window_specialist",), f"jur:{jurisdiction_code}")


async def talent_users(talent_id: int) -> list[int]:
    ids: list[int] = await User.filter(talent_id=talent_id, is_active=True).values_list("id", flat=True)  # type: ignore[assignment]  # Tortoise: flat=True typed as tuples
    return ids


async def unit_specialists(employer_id: int | None) -> list[int]:
    if employer_id is None:
        return []
    return await users_with_roles(("unit_specialist",), f"org:{employer_id}")


async def city_office(jurisdiction_code: str) -> list[int]:
    """The city talent office above a county (督办 escalations go there)."""
    return await users_with_roles(("city_admin",), jur(city_of(jurisdiction_code)))
