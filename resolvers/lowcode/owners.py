"""Who is told about a tool: the office that owns it (its admins on the owner's place)."""

from __future__ import annotations

from resolvers.messaging.recipients import users_with_roles

OFFICE_ROLES = ("province_admin", "city_admin", "county_admin")


async def owner_office(owner_code: str) -> list[int]:
    return await users_with_roles(OFFICE_ROLES, f"jur:{owner_code}")
