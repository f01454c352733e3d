"""Install the default policy into an empty rule table (first start, tests)."""

from __future__ import annotations

from permissions.grants import bump_policy_version
from permissions.roles import default_policy_lines
from schema.models import CasbinRule


async def ensure_default_policy() -> int:
    """Insert the default `p` lines when no policy exists yet; returns lines added."""
    if await CasbinRule.filter(ptype="p").exists():
        return 0
    lines = default_policy_lines()
    await CasbinRule.bulk_create(
        [CasbinRule(ptype="p", v0=role, v1=resource, v2=action) for role, resource, action in lines]
    )
    await bump_policy_version()
    return len(lines)
